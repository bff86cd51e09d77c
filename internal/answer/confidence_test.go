package answer

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

// synthSignals makes n answers whose chance of being right rises with the
// support signal (p = support), with the hand-made score unrelated noise and
// the ask_date signal constant.
func synthSignals(n int, seed uint64) ([]Signals, []bool) {
	rng := rand.New(rand.NewPCG(seed, 1))
	xs := make([]Signals, n)
	right := make([]bool, n)
	for i := range xs {
		sup := rng.Float64()
		xs[i].X[sSupport] = sup
		xs[i].X[sHand] = rng.Float64()
		xs[i].X[sAskDate] = 1
		right[i] = rng.Float64() < sup
	}
	return xs, right
}

func TestConfidenceModelRaw(t *testing.T) {
	var s Signals
	s.X[sHand], s.X[sSupport] = 0.37, 0.5
	w := make([]float64, numSignals)
	w[sSupport] = 2
	tests := []struct {
		name string
		m    ConfidenceModel
		want float64
	}{
		{"zero model keeps the hand-made score", ConfidenceModel{}, 0.37},
		{"a model of the wrong length keeps it too", ConfidenceModel{W: []float64{1}}, 0.37},
		{"logistic in the signals", ConfidenceModel{W: w, B: -1}, 0.5},                            // 2*0.5 - 1 = 0
		{"intercept only", ConfidenceModel{W: make([]float64, numSignals), B: math.Log(3)}, 0.75}, // 1/(1+1/3)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.m.Raw(s); math.Abs(got-tt.want) > 1e-12 {
				t.Errorf("Raw = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestFitConfidence(t *testing.T) {
	xs, right := synthSignals(2000, 7)
	allRight := make([]bool, len(right))
	for i := range allRight {
		allRight[i] = true
	}
	tests := []struct {
		name  string
		xs    []Signals
		right []bool
		l2    float64
		check func(t *testing.T, m ConfidenceModel)
	}{
		{"learns the signal that predicts", xs, right, 1, func(t *testing.T, m ConfidenceModel) {
			if len(m.W) != numSignals {
				t.Fatalf("W has %d weights, want %d", len(m.W), numSignals)
			}
			// The truth is p = support, which a logistic in support
			// approximates with a slope near 5.5 (logit(0.9)-logit(0.1)
			// over 0.8); the noise gets little weight.
			if m.W[sSupport] < 4 || m.W[sSupport] > 7 {
				t.Errorf("support weight %.2f, want about 5.5", m.W[sSupport])
			}
			if math.Abs(m.W[sHand]) > 0.5 {
				t.Errorf("noise weight %.2f, want near 0", m.W[sHand])
			}
			if m.W[sAskDate] != 0 {
				t.Errorf("constant signal weight %v, want 0", m.W[sAskDate])
			}
			lo, hi := Signals{}, Signals{}
			lo.X[sSupport], hi.X[sSupport] = 0.1, 0.9
			lo.X[sAskDate], hi.X[sAskDate] = 1, 1
			if pl, ph := m.Raw(lo), m.Raw(hi); !(pl < 0.2 && ph > 0.8) {
				t.Errorf("Raw(support 0.1) = %.2f, Raw(support 0.9) = %.2f; want below 0.2 and above 0.8", pl, ph)
			}
		}},
		{"strong L2 shrinks the weights", xs, right, 1e5, func(t *testing.T, m ConfidenceModel) {
			if m.W[sSupport] > 0.5 {
				t.Errorf("support weight %.2f under L2 1e5, want near 0", m.W[sSupport])
			}
		}},
		{"all right: nothing to learn", xs, allRight, 1, func(t *testing.T, m ConfidenceModel) {
			if m.W != nil {
				t.Errorf("model %#v, want the zero model", m)
			}
		}},
		{"no answers", nil, nil, 1, func(t *testing.T, m ConfidenceModel) {
			if m.W != nil {
				t.Errorf("model %#v, want the zero model", m)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.check(t, FitConfidence(tt.xs, tt.right, tt.l2)) })
	}
}

func TestFitConfidenceLeavesDeclinedOut(t *testing.T) {
	xs, right := synthSignals(500, 3)
	m := FitConfidence(xs, right, 1)
	// Declined answers, all wrong and with high support, must not change
	// the model.
	for i := 0; i < 200; i++ {
		var s Signals
		s.X[sSupport], s.X[sAskDate], s.Declined = 1, 1, true
		xs = append(xs, s)
		right = append(right, false)
	}
	again := FitConfidence(xs, right, 1)
	for i := range m.W {
		if math.Abs(m.W[i]-again.W[i]) > 1e-9 {
			t.Fatalf("weight %s: %v without declined answers, %v with them", signalNames[i], m.W[i], again.W[i])
		}
	}
}

func TestAskSignals(t *testing.T) {
	a := New(newsCorpus())
	a.ConfidenceModel, a.Calibration, a.Threshold = ConfidenceModel{}, Calibration{}, 0
	tests := []struct {
		name, question string
		declined       bool
		value          bool // the quote gives a figure or name of the kind asked for
		kind           int  // the ask_* signal set, or -1
	}{
		{"a figure", "How many people have been detained over the attack?", false, true, sAskQuantity},
		{"a name", "Who claimed the Moscow attack?", false, true, sAskName},
		{"a name no source holds", "Who claimed the Zorblax attack?", true, false, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ans, sig, err := a.AskSignals(context.Background(), tt.question, day("2024-03-26"))
			if err != nil {
				t.Fatalf("AskSignals(%q): %v", tt.question, err)
			}
			if sig.Declined != tt.declined {
				t.Fatalf("AskSignals(%q): declined %v, want %v", tt.question, sig.Declined, tt.declined)
			}
			if tt.declined {
				return
			}
			// With the zero model and calibration the confidence is the
			// hand-made score, which is a signal.
			if math.Abs(ans.Confidence-sig.X[sHand]) > 1e-12 {
				t.Errorf("confidence %v, hand signal %v: want equal", ans.Confidence, sig.X[sHand])
			}
			if sig.X[sQuoteMass] <= 0 || sig.X[sQuoteMass] > 1+1e-9 || sig.X[sTopProb] <= 0 || sig.X[sSupport] < sig.X[sQuoteMass]-1e-9 {
				t.Errorf("quote mass %v, top probability %v, support %v: want masses in (0, 1], support at least the quote's mass",
					sig.X[sQuoteMass], sig.X[sTopProb], sig.X[sSupport])
			}
			if got := sig.X[sHasValue] == 1; got != tt.value {
				t.Errorf("has_value %v, want %v", got, tt.value)
			}
			if tt.kind >= 0 && sig.X[tt.kind] != 1 {
				t.Errorf("%s = %v, want 1", signalNames[tt.kind], sig.X[tt.kind])
			}
			for i, v := range sig.X {
				if math.IsNaN(v) || v < 0 || v > 1+1e-9 {
					t.Errorf("signal %s = %v, want in [0, 1]", signalNames[i], v)
				}
			}
		})
	}
}
