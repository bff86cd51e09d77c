package eval

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Figures are the out-of-fold figures of a set of records.
type Figures struct {
	Questions                     int
	At1, At3, Answered, Precision float64
	ECE                           float64
	Reliability                   []Bucket
}

// Figures computes the figures of the records for which in is true:
// accuracy@1 and @3 with every question answered, answered and precision at
// each fold's threshold, and the calibration of the out-of-fold confidence
// against correctness at @1.
func (r CVReport) Figures(in func(i int) bool) Figures {
	var f Figures
	var s []Scored
	at1, at3, answered, right := 0, 0, 0, 0
	for i, rec := range r.Records {
		if !in(i) {
			continue
		}
		f.Questions++
		s = append(s, Scored{rec.Conf, rec.At1})
		if rec.At1 {
			at1++
		}
		if rec.At3 {
			at3++
		}
		if rec.Answered() {
			answered++
			if rec.At1 {
				right++
			}
		}
	}
	f.At1, f.At3 = ratio(at1, f.Questions), ratio(at3, f.Questions)
	f.Answered, f.Precision = ratio(answered, f.Questions), ratio(right, answered)
	f.ECE = ECE(s)
	f.Reliability = Reliability(s, 10)
	return f
}

// String is the one-line summary of the figures.
func (f Figures) String() string {
	return fmt.Sprintf("questions %d  accuracy@1 %.3f  accuracy@3 %.3f  answered %.3f  precision-when-answered %.3f  ECE %.3f",
		f.Questions, f.At1, f.At3, f.Answered, f.Precision, f.ECE)
}

// Summary prints the report: the folds, the figures of all questions and of
// each half of the weeks, the reliability table of all questions, and the
// shipped threshold.
func (r CVReport) Summary() string {
	var b strings.Builder
	for f, x := range r.Folds {
		fmt.Fprintf(&b, "fold %d: %d weeks, %d questions, model trained on %d, threshold %.2f\n",
			f+1, x.Weeks, x.Questions, x.Trained, x.Threshold)
	}
	all := r.Figures(func(int) bool { return true })
	b.WriteString(r.FiguresSummary())
	b.WriteString("reliability (out-of-fold confidence against accuracy@1, every question answered):\n")
	b.WriteString(ReliabilityTable(all.Reliability))
	fmt.Fprintf(&b, "fitted on all out-of-fold answers: threshold %.2f, calibration %d points\n",
		r.Threshold, len(r.Calibration.X))
	return b.String()
}

// FiguresSummary prints the figures of all questions and of each half of
// the weeks, one line each.
func (r CVReport) FiguresSummary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "out-of-fold, all:         %s\n", r.Figures(func(int) bool { return true }))
	fmt.Fprintf(&b, "out-of-fold, first half:  %s  (weeks %s to %s)\n", r.Figures(func(i int) bool { return !r.Second[i] }),
		r.HalfWeeks[0][0], r.HalfWeeks[0][1])
	fmt.Fprintf(&b, "out-of-fold, second half: %s  (weeks %s to %s)\n", r.Figures(func(i int) bool { return r.Second[i] }),
		r.HalfWeeks[1][0], r.HalfWeeks[1][1])
	return b.String()
}

// Clone returns a copy of the report whose records and folds can be
// refitted (CV.Fit) without changing r's.
func (r CVReport) Clone() CVReport {
	c := r
	c.Records = slices.Clone(r.Records)
	c.Folds = slices.Clone(r.Folds)
	return c
}

// WriteRecords writes each question's out-of-fold outcome as JSON Lines
// (id, question, week, fold counted from 1, raw score, hand-made raw score,
// confidence, the fold's threshold, at1, at3, whether declined, and the
// answer's signals in the order of answer.SignalNames); only those not right
// at accuracy@1 when failedOnly.
func (rep CVReport) WriteRecords(w io.Writer, failedOnly bool) error {
	enc := json.NewEncoder(w)
	for _, r := range rep.Records {
		if failedOnly && r.At1 {
			continue
		}
		row := struct {
			ID         string    `json:"id"`
			Question   string    `json:"question"`
			Week       string    `json:"week"`
			Fold       int       `json:"fold"`
			Raw        float64   `json:"raw"`
			Hand       float64   `json:"hand"`
			Confidence float64   `json:"confidence"`
			Threshold  float64   `json:"threshold"`
			At1        bool      `json:"at1"`
			At3        bool      `json:"at3"`
			Declined   bool      `json:"declined,omitempty"`
			Signals    []float64 `json:"signals"`
		}{r.Question.ID, r.Question.Question, r.Week, r.Fold + 1, r.Raw, r.Hand, r.Conf, r.Threshold, r.At1, r.At3,
			r.Signals.Declined, r.Signals.X[:]}
		if err := enc.Encode(row); err != nil {
			return err
		}
	}
	return nil
}
