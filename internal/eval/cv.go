package eval

import (
	"context"
	"fmt"
	"io"
	"slices"
	"sync"
	"time"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/answer"
)

// CV runs an out-of-fold evaluation of the whole answering method: for each
// fold of weeks it learns the sentence model on the other folds (from a
// zero start, never from the shipped model, which saw every question),
// answers the fold's questions through the full Ask path, and records each
// raw confidence score with whether the answer is right. The calibration
// and the threshold applied to a fold are then fitted on the other folds'
// out-of-fold answers only.
type CV struct {
	// Base is copied for every fold (retriever, candidates, sources); its
	// Model, Calibration and Threshold are replaced.
	Base *answer.Answerer
	// K is the number of folds.
	K int
	// Epochs and L2 are the learning settings (answer.Learn).
	Epochs int
	L2     float64
	// Passes is how many times the training examples are computed: 1 with
	// the zero model, 2 also with the model learned in the first pass (the
	// agreement features depend on the model's probabilities).
	Passes int
	// MinPrecision is the precision when answered that a threshold must
	// reach (0.70).
	MinPrecision float64
	// Calibrate fits a calibration to raw scores (default: isotonic with at
	// least a tenth of the answers per point).
	Calibrate func(scores []float64, right []bool) answer.Calibration
	// LearnConfidence learns the raw confidence score from the answers'
	// signals (answer.FitConfidence, with L2 ConfidenceL2) instead of
	// keeping the hand-made score; it is fitted out-of-fold like the
	// calibration (see Fit).
	LearnConfidence bool
	ConfidenceL2    float64
	// Trained, when set, is called with each fold and the IDs of the
	// questions its model trained on and of those it answered.
	Trained func(fold int, trained, answered []string)
	// Log, when set, receives progress lines.
	Log io.Writer
}

// Record is the out-of-fold outcome of one question.
type Record struct {
	Question  Question
	Week      string
	Fold      int
	Raw       float64 // raw confidence score (Hand, or the learned score)
	Hand      float64 // hand-made raw score from the fold's model (0 when declined)
	Signals   answer.Signals
	Conf      float64 // calibrated by the calibration fitted on the other folds
	Threshold float64 // chosen on the other folds
	At1, At3  bool    // scored as Run scores, with every question answered
	Err       error
}

// Answered reports whether the answer is given at the fold's threshold.
func (r Record) Answered() bool { return r.Conf >= r.Threshold }

// Fold describes one fold of a CV run.
type Fold struct {
	Weeks, Questions, Trained int
	Threshold                 float64
}

// CVReport is the outcome of a CV run.
type CVReport struct {
	Records []Record
	Folds   []Fold
	// Second marks the records in the second half of the weeks; HalfWeeks
	// are the first and last week of each half.
	Second    []bool
	HalfWeeks [2][2]string
	// ConfidenceModel (with LearnConfidence), Calibration and Threshold are
	// fitted on every out-of-fold answer: what ships.
	ConfidenceModel answer.ConfidenceModel
	Calibration     answer.Calibration
	Threshold       float64
}

// DefaultCalibrate is the calibration CV fits by default: isotonic, with at
// least a tenth of the answers (and at least 20) behind each point.
func DefaultCalibrate(scores []float64, right []bool) answer.Calibration {
	return answer.FitIsotonic(scores, right, max(20, len(scores)/10))
}

func (cv *CV) logf(format string, args ...any) {
	if cv.Log != nil {
		fmt.Fprintf(cv.Log, format+"\n", args...)
	}
}

// Run cross-validates on qs.
func (cv *CV) Run(ctx context.Context, qs []Question) (CVReport, error) {
	var rep CVReport
	fold, weeks, err := AssignFolds(qs, cv.K)
	if err != nil {
		return rep, err
	}
	all := make([]int, len(qs))
	for i := range all {
		all[i] = i
	}
	ex0, err := cv.examples(ctx, qs, all, answer.Model{})
	if err != nil {
		return rep, err
	}
	rep.Records = make([]Record, len(qs))
	rep.Folds = make([]Fold, cv.K)
	for f := 0; f < cv.K; f++ {
		if err := ctx.Err(); err != nil {
			return rep, fmt.Errorf("cross-validation interrupted before fold %d of %d: %w", f+1, cv.K, err)
		}
		var train, test []int
		fw := map[string]bool{}
		for i := range qs {
			if fold[i] == f {
				test = append(test, i)
				fw[weeks[i]] = true
			} else {
				train = append(train, i)
			}
		}
		m, err := cv.learn(ctx, qs, train, ex0)
		if err != nil {
			return rep, fmt.Errorf("cross-validation fold %d of %d: %w", f+1, cv.K, err)
		}
		if cv.Trained != nil {
			cv.Trained(f, ids(qs, train), ids(qs, test))
		}
		a := *cv.Base
		a.Model, a.ConfidenceModel, a.Calibration, a.Threshold = m, answer.ConfidenceModel{}, answer.Calibration{}, 0
		foldQs := make([]Question, len(test))
		for j, i := range test {
			foldQs[j] = qs[i]
		}
		sa := &signalAsker{a: &a}
		res, err := Run(ctx, sa, foldQs, time.Time{})
		if err != nil {
			return rep, fmt.Errorf("cross-validation fold %d of %d: %w", f+1, cv.K, err)
		}
		for j, i := range test {
			r := res.Results[j]
			rep.Records[i] = Record{Question: qs[i], Week: weeks[i], Fold: f, Raw: r.Answer.Confidence,
				Hand: r.Answer.Confidence, Signals: sa.signals[j], At1: r.At1, At3: r.At3, Err: r.Err}
		}
		rep.Folds[f] = Fold{Weeks: len(fw), Questions: len(test), Trained: len(train)}
		cv.logf("fold %d: trained on %d questions, answered %d: accuracy@1 %.3f", f+1, len(train), len(test),
			ratio(res.At1, len(test)))
	}
	cv.Fit(&rep)
	return rep, nil
}

// Fit fits, for each fold, the raw score (with LearnConfidence), the
// calibration and the threshold on the other folds' records and applies
// them to the fold's (Raw, Conf, Threshold); then what ships on every
// record, and the halves. It needs only each record's Fold, Week, Hand,
// Signals and At1.
//
// With LearnConfidence, the confidence model applied to a fold is learned
// on the other folds' signals; the calibration applied to it is fitted on
// raw scores that are themselves out-of-fold within those folds (for each
// other fold, the model learned on the folds other than both), so that no
// answer is scored or calibrated by a map fitted on it. The shipped model
// is learned on every answer and the shipped calibration is fitted on the
// out-of-fold raw scores.
func (cv *CV) Fit(rep *CVReport) {
	if cv.Calibrate == nil {
		cv.Calibrate = DefaultCalibrate
	}
	recs := rep.Records
	for i := range recs {
		recs[i].Raw = recs[i].Hand
	}
	if cv.LearnConfidence {
		for f := range rep.Folds {
			m := cv.fitConfidence(recs, func(r Record) bool { return r.Fold != f })
			for i := range recs {
				if recs[i].Fold == f {
					recs[i].Raw = rawOf(m, recs[i])
				}
			}
		}
	}
	for f := range rep.Folds {
		others := make([]Record, 0, len(recs))
		for _, r := range recs {
			if r.Fold != f {
				others = append(others, r)
			}
		}
		if cv.LearnConfidence {
			for g := range rep.Folds {
				if g == f {
					continue
				}
				m := cv.fitConfidence(others, func(r Record) bool { return r.Fold != g })
				for i := range others {
					if others[i].Fold == g {
						others[i].Raw = rawOf(m, others[i])
					}
				}
			}
		}
		cal, thr := cv.fit(others, func(Record) bool { return true })
		rep.Folds[f].Threshold = thr
		for i := range recs {
			if r := &recs[i]; r.Fold == f {
				r.Conf, r.Threshold = cal.Apply(r.Raw), thr
			}
		}
	}
	rep.ConfidenceModel = answer.ConfidenceModel{}
	if cv.LearnConfidence {
		rep.ConfidenceModel = cv.fitConfidence(recs, func(Record) bool { return true })
	}
	rep.Calibration, rep.Threshold = cv.fit(recs, func(Record) bool { return true })
	weeks := make([]string, len(recs))
	for i, r := range recs {
		weeks[i] = r.Week
	}
	rep.Second, rep.HalfWeeks = Halves(weeks)
}

// fitConfidence learns a confidence model on the signals of the records in.
func (cv *CV) fitConfidence(recs []Record, in func(Record) bool) answer.ConfidenceModel {
	var xs []answer.Signals
	var right []bool
	for _, r := range recs {
		if in(r) {
			xs = append(xs, r.Signals)
			right = append(right, r.At1)
		}
	}
	return answer.FitConfidence(xs, right, cv.ConfidenceL2)
}

// rawOf is a record's raw score under m: 0 for a declined answer, as Ask
// gives it.
func rawOf(m answer.ConfidenceModel, r Record) float64 {
	if r.Signals.Declined {
		return 0
	}
	return m.Raw(r.Signals)
}

// signalAsker asks through an Answerer and keeps each answer's signals, in
// the order asked.
type signalAsker struct {
	a       *answer.Answerer
	signals []answer.Signals
}

func (s *signalAsker) Ask(ctx context.Context, question string, asOf time.Time) (chronicle.Answer, error) {
	ans, sig, err := s.a.AskSignals(ctx, question, asOf)
	s.signals = append(s.signals, sig)
	return ans, err
}

// fit fits the calibration on the raw scores of the records in, and chooses
// the threshold on them once calibrated.
func (cv *CV) fit(recs []Record, in func(Record) bool) (answer.Calibration, float64) {
	var raw []float64
	var right []bool
	for _, r := range recs {
		if in(r) {
			raw = append(raw, r.Raw)
			right = append(right, r.At1)
		}
	}
	cal := cv.Calibrate(raw, right)
	s := make([]Scored, len(raw))
	for i := range raw {
		s[i] = Scored{cal.Apply(raw[i]), right[i]}
	}
	return cal, ChooseThreshold(s, cv.MinPrecision)
}

// Learn learns a model on the questions idx as each fold does: from a zero
// start, in cv.Passes passes. ex0 are the examples of every question under
// the zero model (nil: computed here).
func (cv *CV) Learn(ctx context.Context, qs []Question) (answer.Model, error) {
	idx := make([]int, len(qs))
	for i := range idx {
		idx[i] = i
	}
	ex0, err := cv.examples(ctx, qs, idx, answer.Model{})
	if err != nil {
		return answer.Model{}, err
	}
	return cv.learn(ctx, qs, idx, ex0)
}

func (cv *CV) learn(ctx context.Context, qs []Question, train []int, ex0 []answer.Example) (answer.Model, error) {
	exs := make([]answer.Example, len(train))
	for j, i := range train {
		exs[j] = ex0[i]
	}
	m, err := answer.Learn(ctx, exs, answer.Model{}, cv.Epochs, cv.L2)
	if err != nil {
		return m, err
	}
	for p := 2; p <= cv.Passes; p++ {
		ex, err := cv.examples(ctx, qs, train, m)
		if err != nil {
			return m, err
		}
		exs = exs[:0]
		for _, i := range train {
			exs = append(exs, ex[i])
		}
		if m, err = answer.Learn(ctx, exs, m, cv.Epochs, cv.L2); err != nil {
			return m, fmt.Errorf("pass %d: %w", p, err)
		}
	}
	return m, nil
}

// examples computes the training examples of the questions idx under model
// m, on both cores; the result is indexed like qs (nil where not computed).
func (cv *CV) examples(ctx context.Context, qs []Question, idx []int, m answer.Model) ([]answer.Example, error) {
	a := *cv.Base
	a.Model = m
	out := make([]answer.Example, len(qs))
	errs := make([]error, len(qs))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				asOf, _ := time.Parse(time.DateOnly, qs[i].AsOf)
				golds := qs[i].Answers
				out[i], errs[i] = a.Example(ctx, qs[i].Question, asOf, func(s string) bool { return Match(golds, s) })
			}
		}()
	}
	for _, i := range idx {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("ranking the training questions interrupted: %w", err)
	}
	for _, i := range idx {
		if errs[i] != nil {
			// A question the answerer refuses (no search words) has no
			// candidates: an empty example, which learning skips.
			out[i] = answer.Example{}
		}
	}
	return out, nil
}

func ids(qs []Question, idx []int) []string {
	out := make([]string, len(idx))
	for j, i := range idx {
		out[j] = qs[i].ID
	}
	return slices.Clip(out)
}
