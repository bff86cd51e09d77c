package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/chronicle-bot/chronicle/internal/answer"
	"github.com/chronicle-bot/chronicle/internal/eval"
)

func newTuneCmd(a *app) *cobra.Command {
	var folds, epochs int
	var l2 float64
	cmd := &cobra.Command{
		Use:   "tune [flags] QUESTIONS.jsonl",
		Short: "Learn the answer model's feature weights on a question file and cross-validate them",
		Long: "Ranks the candidate sentences of every question, labels those holding a gold answer, learns the\n" +
			"weights of the sentence features (listwise softmax), and prints the k-fold cross-validated top-1\n" +
			"sentence accuracy and the learned model as Go source for internal/answer/default_model.go.",
		Args: oneQuestionFile("tune"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkTuneFlags(folds, epochs, l2); err != nil {
				return err
			}
			return a.withQuestions(cmd.Context(), args[0], func(ans *answer.Answerer, qs []eval.Question) error {
				if folds > len(qs) {
					// Each fold holds out at least one question: an empty
					// fold was averaged in as 0 (8 questions in 100 folds
					// printed 0.040, 2 in 5 printed 0.200).
					return fmt.Errorf("--folds %d is more than the %d questions of %s: each fold holds out at least one (give --folds %d or fewer)",
						folds, len(qs), args[0], len(qs))
				}
				examples, err := eval.Examples(cmd.Context(), ans, qs)
				if err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "current model: top-1 sentence accuracy %.3f\n", answer.Top1(ans.Model, examples))
				held, train, err := answer.CrossValidate(cmd.Context(), examples, answer.Model{}, folds, epochs, l2)
				if err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "%d-fold cross-validation: held-out top-1 %.3f, training top-1 %.3f\n", folds, held, train)
				m, err := answer.Learn(cmd.Context(), examples, ans.Model, epochs, l2)
				if err != nil {
					return fmt.Errorf("learn on all questions: %w", err)
				}
				current, learned := answer.Top1(ans.Model, examples), answer.Top1(m, examples)
				fmt.Fprintf(a.stdout, "learned on all: top-1 %.3f%s\n%s\n", learned, tuneVerdict(current, learned), m)
				return nil
			})
		},
	}
	addIndexFlags(cmd)
	cmd.Flags().IntVar(&folds, "folds", 5, "cross-validation folds")
	cmd.Flags().IntVar(&epochs, "epochs", 300, "training epochs")
	cmd.Flags().Float64Var(&l2, "l2", 0.001, "L2 regularisation")
	return cmd
}

// checkTuneFlags refuses values the training cannot use.
func checkTuneFlags(folds, epochs int, l2 float64) error {
	switch {
	case folds < 2:
		return fmt.Errorf("--folds must be at least 2 (one to train on, one held out), not %d", folds)
	case epochs < 1:
		return fmt.Errorf("--epochs must be at least 1, not %d", epochs)
	case epochs > answer.MaxEpochs:
		return fmt.Errorf("--epochs must be at most %d (the shipped model is learned in 600), not %d", answer.MaxEpochs, epochs)
	}
	return checkL2("l2", l2)
}

// maxL2 is the largest L2 regularisation --l2 and --confidence-l2 take:
// far above any useful one (the defaults are 0.001 and 30), and low enough
// that l2 times a weight stays finite. --l2 Inf wrote an all-NaN model as
// Go source that did not compile, and 1e308 reported top-1 0.000.
const maxL2 = 1e4

// checkL2 refuses an L2 regularisation that is negative, NaN, infinite or
// above maxL2.
func checkL2(name string, v float64) error {
	if !(v >= 0 && v <= maxL2) { // also refuses NaN
		return fmt.Errorf("--%s must be a number from 0 to %g, not %g", name, float64(maxL2), v)
	}
	return nil
}

// tuneVerdict says, after the learned model's top-1, how it compares with
// the current model's on the same questions: a model printed as Go source
// reads as one to paste in, and one that did worse was printed without a
// word (new-user trial nu39). The shipped model is made by bot eval --cv
// --write, which learns it as docs/ANSWER.md says.
func tuneVerdict(current, learned float64) string {
	switch {
	case learned < current:
		return fmt.Sprintf(" (below the current model's %.3f on these questions: keep the current one)", current)
	case learned == current:
		return " (the same as the current model's)"
	}
	return fmt.Sprintf(" (above the current model's %.3f on these questions, in-sample; judge it out-of-fold with bot eval --cv 5 before shipping it)", current)
}
