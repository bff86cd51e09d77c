package eval

import (
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/chronicle-bot/chronicle/internal/answer"
)

func weekQuestions(days map[string]int) []Question {
	var qs []Question
	for _, d := range slices.Sorted(maps.Keys(days)) {
		for i := 0; i < days[d]; i++ {
			qs = append(qs, Question{ID: fmt.Sprintf("%s-%d", d, i), AsOf: d})
		}
	}
	return qs
}

func TestAssignFoldsKeepsWeeksWhole(t *testing.T) {
	// 2024-01-01 (Mon) and 2024-01-07 (Sun) are one ISO week; 2024-01-08 the
	// next; 2023-01-01 is ISO week 52 of 2022.
	qs := weekQuestions(map[string]int{
		"2024-01-01": 3, "2024-01-07": 2, "2024-01-08": 4, "2024-01-15": 1, "2024-01-22": 2,
		"2023-01-01": 3, "2023-06-14": 1,
	})
	fold, weeks, err := AssignFolds(qs, 3)
	if err != nil {
		t.Fatal(err)
	}
	foldOfWeek := map[string]int{}
	size := make([]int, 3)
	for i, w := range weeks {
		if f, ok := foldOfWeek[w]; ok && f != fold[i] {
			t.Errorf("week %s split across folds %d and %d", w, f, fold[i])
		}
		foldOfWeek[w] = fold[i]
		size[fold[i]]++
	}
	if len(foldOfWeek) != 6 {
		t.Errorf("weeks %v, want 6 distinct ISO weeks (2024-01-01 and 2024-01-07 share one)", foldOfWeek)
	}
	if _, ok := foldOfWeek["2022-W52"]; !ok {
		t.Errorf("2023-01-01 should be in ISO week 2022-W52; weeks %v", foldOfWeek)
	}
	// 16 questions in weeks of 5, 4, 3, 2, 1, 1 (largest first; ties by
	// week): 5 -> fold 0, 4 -> 1, 3 -> 2, 2 -> 2, 1 (2024-W03) -> 1, then
	// all are 5 and 1 (2023-W24) -> 0.
	want := []int{6, 5, 5}
	for f := range want {
		if size[f] != want[f] {
			t.Errorf("fold sizes %v, want %v", size, want)
			break
		}
	}
	// Deterministic: the same input gives the same folds.
	again, _, _ := AssignFolds(qs, 3)
	for i := range fold {
		if again[i] != fold[i] {
			t.Fatalf("AssignFolds is not deterministic: %v then %v", fold, again)
		}
	}
}

func TestAssignFoldsNeedsEnoughWeeks(t *testing.T) {
	qs := weekQuestions(map[string]int{"2024-01-01": 5, "2024-01-02": 5})
	if _, _, err := AssignFolds(qs, 2); err == nil {
		t.Error("AssignFolds(one week, 2) = nil error, want an error")
	}
	if _, _, err := AssignFolds(qs, 1); err == nil {
		t.Error("AssignFolds(k=1) = nil error, want an error")
	}
}

func TestHalvesSplitByTime(t *testing.T) {
	weeks := []string{"2024-W03", "2024-W01", "2024-W01", "2024-W02", "2024-W04", "2024-W04"}
	second, bounds := Halves(weeks)
	want := []bool{true, false, false, false, true, true}
	for i := range want {
		if second[i] != want[i] {
			t.Fatalf("Halves(%v) = %v, want %v", weeks, second, want)
		}
	}
	if bounds != [2][2]string{{"2024-W01", "2024-W02"}, {"2024-W03", "2024-W04"}} {
		t.Errorf("bounds = %v", bounds)
	}
}

func TestChooseThreshold(t *testing.T) {
	s := []Scored{
		{0.9, true}, {0.8, true}, {0.7, false}, {0.6, true}, {0.5, false}, {0.4, false}, {0.3, true}, {0.2, false},
	}
	tests := []struct {
		minPrec, want float64
	}{
		{0.5, 0},     // 4/8 answered right at 0
		{0.6, 0.41},  // at 0.41: 3/5 right (at 0.31 3/6)
		{0.75, 0.51}, // at 0.51: 3/4
		{0.8, 0.71},  // 2/2 above 0.7
		{1.01, 1},    // never reached
	}
	for _, tt := range tests {
		if got := ChooseThreshold(s, tt.minPrec); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("ChooseThreshold(min %.2f) = %.2f, want %.2f", tt.minPrec, got, tt.want)
		}
	}
}

func TestECEAndReliability(t *testing.T) {
	s := []Scored{
		{0.95, true}, {0.95, true}, {0.95, false}, {0.95, true}, // bucket 0.9-1.0: conf 0.95, acc 0.75
		{0.15, false}, {0.15, false}, {0.15, false}, {0.15, true}, // bucket 0.1-0.2: conf 0.15, acc 0.25
		{1, true}, {0, false}, // the ends fall in the last and first bucket
	}
	b := Reliability(s, 10)
	if b[9].Count != 5 || math.Abs(b[9].MeanConf-0.96) > 1e-9 || math.Abs(b[9].Accuracy-0.8) > 1e-9 {
		t.Errorf("last bucket = %+v, want 5 answers, confidence 0.96, accuracy 0.8", b[9])
	}
	if b[0].Count != 1 || b[1].Count != 4 || math.Abs(b[1].Accuracy-0.25) > 1e-9 {
		t.Errorf("buckets 0, 1 = %+v %+v", b[0], b[1])
	}
	// |0.96-0.8|*5 + |0.15-0.25|*4 + |0-0|*1, over 10.
	want := (0.16*5 + 0.1*4) / 10
	if got := ECE(s); math.Abs(got-want) > 1e-9 {
		t.Errorf("ECE = %.4f, want %.4f", got, want)
	}
	perfect := []Scored{{0.5, true}, {0.5, false}, {1, true}}
	if got := ECE(perfect); got > 1e-12 {
		t.Errorf("ECE(calibrated) = %v, want 0", got)
	}
}

// signalRecords makes n records in k folds (a week per 10 records) whose
// chance of being right is their support signal, with the hand-made score
// noise; every 25th record is declined.
func signalRecords(n, k int) []Record {
	rng := rand.New(rand.NewPCG(11, 2))
	sup := slices.Index(answer.SignalNames(), "support")
	recs := make([]Record, n)
	for i := range recs {
		r := &recs[i]
		r.Week = fmt.Sprintf("2024-W%02d", i/10+1)
		r.Fold = (i / 10) % k
		r.Signals.X[sup] = rng.Float64()
		r.Hand = rng.Float64()
		r.At1 = rng.Float64() < r.Signals.X[sup]
		if i%25 == 0 {
			r.Signals.Declined, r.Hand, r.At1 = true, 0, false
		}
	}
	return recs
}

func TestCVFitLearnedConfidenceIsOutOfFold(t *testing.T) {
	const k = 5
	fit := func(recs []Record, learn bool) CVReport {
		rep := CVReport{Records: slices.Clone(recs), Folds: make([]Fold, k)}
		cv := &CV{K: k, MinPrecision: 0.7, LearnConfidence: learn, ConfidenceL2: 1}
		cv.Fit(&rep)
		return rep
	}
	recs := signalRecords(600, k)
	learned, hand := fit(recs, true), fit(recs, false)
	t.Run("fold 0 is scored by a model learned on the other folds", func(t *testing.T) {
		var xs []answer.Signals
		var right []bool
		for _, r := range recs {
			if r.Fold != 0 {
				xs, right = append(xs, r.Signals), append(right, r.At1)
			}
		}
		m := answer.FitConfidence(xs, right, 1)
		for i, r := range learned.Records {
			if r.Fold != 0 {
				continue
			}
			want := m.Raw(r.Signals)
			if r.Signals.Declined {
				want = 0
			}
			if math.Abs(r.Raw-want) > 1e-12 {
				t.Fatalf("record %d: raw %v, want %v", i, r.Raw, want)
			}
		}
	})
	t.Run("fold 0's outcomes do not change its confidence", func(t *testing.T) {
		flipped := slices.Clone(recs)
		for i := range flipped {
			if flipped[i].Fold == 0 {
				flipped[i].At1 = !flipped[i].At1
			}
		}
		again := fit(flipped, true)
		if again.Folds[0].Threshold != learned.Folds[0].Threshold {
			t.Errorf("fold 0 threshold %v, %v once its answers are flipped", learned.Folds[0].Threshold, again.Folds[0].Threshold)
		}
		for i, r := range learned.Records {
			if r.Fold == 0 && (r.Raw != again.Records[i].Raw || r.Conf != again.Records[i].Conf) {
				t.Fatalf("record %d: raw %v conf %v, then %v %v once fold 0's answers are flipped", i, r.Raw, r.Conf,
					again.Records[i].Raw, again.Records[i].Conf)
			}
		}
	})
	t.Run("a signal that predicts answers more at the same precision", func(t *testing.T) {
		all := func(int) bool { return true }
		l, h := learned.Figures(all), hand.Figures(all)
		if l.Answered < h.Answered+0.2 || l.Precision < 0.65 {
			t.Errorf("learned: answered %.3f at precision %.3f; hand-made (noise): %.3f at %.3f; want far more answered",
				l.Answered, l.Precision, h.Answered, h.Precision)
		}
		if len(learned.ConfidenceModel.W) == 0 || hand.ConfidenceModel.W != nil {
			t.Errorf("shipped models %v (learned) and %v (hand), want a learned one and the zero one",
				learned.ConfidenceModel, hand.ConfidenceModel)
		}
	})
	t.Run("declined answers score 0", func(t *testing.T) {
		for i, r := range learned.Records {
			if r.Signals.Declined && r.Raw != 0 {
				t.Errorf("declined record %d: raw %v, want 0", i, r.Raw)
			}
		}
	})
}

// A question's as_of outside the years an index holds is an error, not "no
// day": year 1 is Go's zero time, which reads as none.
func TestWeekRefusesFarDays(t *testing.T) {
	for _, tt := range []struct {
		asOf, want, wantErr string
	}{
		{"", "", ""},
		{"2024-03-26", "2024-W13", ""},
		{"0001-01-01", "", "outside the years 1678 to 2261"},
		{"9999-12-31", "", "outside the years 1678 to 2261"},
		{"2024-02-30", "", `as_of must be a date like 2024-03-26 (year-month-day), not "2024-02-30"`},
	} {
		t.Run(tt.asOf, func(t *testing.T) {
			got, err := Week(Question{ID: "q", AsOf: tt.asOf})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("Week(as_of %q) = %q, %v; want an error with %q", tt.asOf, got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("Week(as_of %q) = %q, %v; want %q", tt.asOf, got, err, tt.want)
			}
		})
	}
}
