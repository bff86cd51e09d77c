package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/chronicle-bot/chronicle/internal/answer"
	"github.com/chronicle-bot/chronicle/internal/eval"
)

// cvFlags are the flags of bot eval --cv.
type cvFlags struct {
	k, epochs, passes int
	l2                float64
	calibration       string
	confidence        string
	confidenceL2      float64
	write             string
}

func (f *cvFlags) add(cmd *cobra.Command) {
	cmd.Flags().IntVar(&f.k, "cv", 0, "evaluate out-of-fold with this many folds by week (5 is usual; 0: score the shipped answerer)")
	cmd.Flags().IntVar(&f.epochs, "epochs", 600, "with --cv: training epochs of each model")
	cmd.Flags().Float64Var(&f.l2, "l2", 0.001, "with --cv: L2 regularisation")
	cmd.Flags().IntVar(&f.passes, "passes", 2, "with --cv: 1 learns on examples computed with a zero model, 2 recomputes them with that model and learns again")
	cmd.Flags().StringVar(&f.calibration, "calibration", "isotonic", "with --cv: isotonic or platt")
	cmd.Flags().StringVar(&f.confidence, "confidence", "learned", "with --cv: the raw confidence score: learned (a logistic model over the answer's signals, fitted out-of-fold) or hand (the hand-made score)")
	cmd.Flags().Float64Var(&f.confidenceL2, "confidence-l2", 30, "with --cv and --confidence learned: L2 regularisation of the confidence model (on standardised signals)")
	cmd.Flags().StringVar(&f.write, "write", "", "with --cv: write default_model.go and default_calibration.go (learned on every question) into this folder")
}

// check refuses flag values and combinations --cv cannot use.
func (f *cvFlags) check(cmd *cobra.Command) error {
	if f.k == 0 {
		for _, name := range []string{"epochs", "l2", "passes", "calibration", "confidence", "confidence-l2", "write"} {
			if cmd.Flags().Changed(name) {
				return fmt.Errorf("--%s goes with --cv", name)
			}
		}
		return nil
	}
	switch {
	case f.k < 2:
		return fmt.Errorf("--cv needs at least 2 folds (one to train on, one held out), not %d", f.k)
	case cmd.Flags().Changed("threshold"):
		return fmt.Errorf("--cv chooses each fold's threshold on the other folds; it does not combine with --threshold")
	case cmd.Flags().Changed("as-of"):
		return fmt.Errorf("--cv folds questions by their own as_of; it does not combine with --as-of")
	case f.passes != 1 && f.passes != 2:
		return fmt.Errorf("--passes must be 1 or 2, not %d", f.passes)
	case f.calibration != "isotonic" && f.calibration != "platt":
		return fmt.Errorf("--calibration must be isotonic or platt, not %q", f.calibration)
	case f.confidence != "learned" && f.confidence != "hand":
		return fmt.Errorf("--confidence must be learned or hand, not %q", f.confidence)
	}
	if err := checkL2("confidence-l2", f.confidenceL2); err != nil {
		return err
	}
	return checkTuneFlags(f.k, f.epochs, f.l2)
}

// cvTrainedKey is the context key of a func(fold int, trained, answered
// []string) that a test puts in the command's context to be told which
// questions each fold's model trained on and which it answered.
type cvTrainedKey struct{}

// cvTrained returns the hook in ctx, or nil.
func cvTrained(ctx context.Context) func(fold int, trained, answered []string) {
	fn, _ := ctx.Value(cvTrainedKey{}).(func(fold int, trained, answered []string))
	return fn
}

// runCV runs bot eval --cv and, with --write, writes the shipped model and
// calibration.
func runCV(cmd *cobra.Command, a *app, ans *answer.Answerer, qs []eval.Question, f cvFlags, files evalFiles, path string) error {
	cv := &eval.CV{Base: ans, K: f.k, Epochs: f.epochs, L2: f.l2, Passes: f.passes, MinPrecision: 0.70,
		LearnConfidence: f.confidence == "learned", ConfidenceL2: f.confidenceL2,
		Trained: cvTrained(cmd.Context()), Log: cmd.ErrOrStderr()}
	if f.calibration == "platt" {
		cv.Calibrate = func(s []float64, r []bool) answer.Calibration { return answer.FitPlatt(s, r, 11) }
	}
	rep, err := cv.Run(cmd.Context(), qs)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "%s: %d-fold cross-validation by week, %d passes, %s confidence, %s calibration\n%s", path,
		f.k, f.passes, f.confidence, f.calibration, rep.Summary())
	if cv.LearnConfidence {
		// The same answers with the hand-made score, for comparison.
		hand := *cv
		hand.LearnConfidence = false
		other := rep.Clone()
		hand.Fit(&other)
		fmt.Fprintf(a.stdout, "the same answers with the hand-made confidence:\n%s", other.FiguresSummary())
	}
	if err := files.each(func(path string, failedOnly bool) error { return writeCVRecords(path, rep, failedOnly) }); err != nil {
		return err
	}
	if f.write == "" {
		return nil
	}
	m, err := cv.Learn(cmd.Context(), qs)
	if err != nil {
		return fmt.Errorf("learn the shipped model: %w", err)
	}
	command := fmt.Sprintf("bot eval --cv %d --passes %d --epochs %d --l2 %g --confidence %s --confidence-l2 %g --calibration %s --write DIR %s",
		f.k, f.passes, f.epochs, f.l2, f.confidence, f.confidenceL2, f.calibration, filepath.Base(path))
	model, err := answer.ModelSource(m, command)
	if err != nil {
		return err
	}
	cal, err := answer.CalibrationSource(rep.ConfidenceModel, rep.Calibration, rep.Threshold, command)
	if err != nil {
		return err
	}
	for name, src := range map[string][]byte{"default_model.go": model, "default_calibration.go": cal} {
		if err := os.WriteFile(filepath.Join(f.write, name), src, 0o644); err != nil {
			return fmt.Errorf("write shipped model: %w", err)
		}
	}
	fmt.Fprintf(a.stdout, "wrote %s and %s (threshold %.2f)\n", filepath.Join(f.write, "default_model.go"),
		filepath.Join(f.write, "default_calibration.go"), rep.Threshold)
	return nil
}

// writeCVRecords writes rep's records to path (eval.CVReport.WriteRecords)
// through a new file renamed over it (writeResults).
func writeCVRecords(path string, rep eval.CVReport, failedOnly bool) error {
	if err := writeReplacing(path, func(w io.Writer) error { return rep.WriteRecords(w, failedOnly) }); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// checkWrite refuses a --write that is not a folder before the run starts:
// it was found only when the model was written, after the whole run.
func (f *cvFlags) checkWrite() error {
	if f.write == "" {
		return nil
	}
	fi, err := os.Stat(f.write)
	if err != nil {
		return fmt.Errorf("--write: %w", err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("--write %s is not a folder (it takes the folder of default_model.go, e.g. internal/answer)", f.write)
	}
	return nil
}
