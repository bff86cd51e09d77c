package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/chronicle-bot/chronicle/internal/answer"
	"github.com/chronicle-bot/chronicle/internal/eval"
	"github.com/chronicle-bot/chronicle/internal/jsonout"
)

func newEvalCmd(a *app) *cobra.Command {
	var asOf string
	var files evalFiles
	var threshold float64
	var cv cvFlags
	cmd := &cobra.Command{
		Use:   "eval [flags] QUESTIONS.jsonl",
		Short: "Score answers on a question file: accuracy@1, accuracy@3, answered rate, precision, latency",
		Long: "Scores the shipped answerer on a question file. With --cv K, evaluates the whole method out-of-fold\n" +
			"instead: folds by ISO week of as_of; each fold is answered by a model learned on the other folds, with\n" +
			"a calibration and threshold fitted on the other folds' out-of-fold answers. --write DIR then also\n" +
			"writes the shipped model (learned on every question), calibration and threshold as Go source.",
		Example: `  bot eval ../shared/eval/seed-dev.jsonl
  bot eval --index /tmp/rtqa --corpus '../shared/data/realtimeqa/articles-*.jsonl.gz' ../shared/data/realtimeqa/questions-dev.jsonl
  bot eval --cv 5 --index /tmp/rtqa --write internal/answer ../shared/data/realtimeqa/questions-dev.jsonl`,
		Args: oneQuestionFile("eval"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !(threshold >= 0 && threshold <= 1) { // also refuses NaN
				return fmt.Errorf("--threshold must be between 0 and 1, not %g", threshold)
			}
			if err := cv.check(cmd); err != nil {
				return err
			}
			day, err := asOfFlag(cmd, asOf)
			if err != nil {
				return err
			}
			return a.withQuestions(cmd.Context(), args[0], func(ans *answer.Answerer, qs []eval.Question) error {
				if cv.k > 0 {
					return runCV(cmd, a, ans, qs, cv, files, args[0])
				}
				if cmd.Flags().Changed("threshold") {
					ans.Threshold = threshold
				}
				rep, err := eval.Run(cmd.Context(), ans, qs, day)
				if err != nil {
					return err
				}
				if err := files.each(func(path string, failedOnly bool) error { return writeResults(path, rep, failedOnly) }); err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "%s: %s\n", args[0], rep.Summary())
				fmt.Fprint(a.stdout, declinedNote(ans.Threshold, rep.Questions-rep.Answered))
				return nil
			})
		},
	}
	addIndexFlags(cmd)
	cmd.Flags().StringVar(&asOf, "as-of", "", "as-of day for questions that carry none (YYYY-MM-DD)")
	cmd.Flags().Float64Var(&threshold, "threshold", answer.DefaultThreshold, "confidence below which no answer is given")
	cmd.Flags().StringVar(&files.failures, "failures", "", "write the questions not answered right at accuracy@1, with their answers and scores, to this JSON Lines file")
	cmd.Flags().StringVar(&files.all, "all", "", "write every question with its answer and score to this JSON Lines file")
	cv.add(cmd)
	return cmd
}

// evalFiles are the JSON Lines files bot eval writes: --failures (the
// questions not right at accuracy@1: answered wrongly, declined or failed)
// and --all (every question).
type evalFiles struct{ failures, all string }

// each calls write for each file that was asked for, telling it whether to
// write only the failures.
func (f evalFiles) each(write func(path string, failedOnly bool) error) error {
	if f.failures != "" {
		if err := write(f.failures, true); err != nil {
			return err
		}
	}
	if f.all != "" {
		return write(f.all, false)
	}
	return nil
}

// writeResults writes rep's questions (only the failures when failedOnly)
// to path as JSON Lines.
func writeResults(path string, rep eval.Report, failedOnly bool) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	defer f.Close()
	if err := jsonout.WriteResults(f, rep, failedOnly); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Close()
}

// declinedNote says, when a threshold declined questions, that they count
// as wrong at accuracy@1: a new user compared 0.396 with the README's
// 0.499, which answers every question (new-user trial nu40). It is ""
// when none was declined.
func declinedNote(threshold float64, declined int) string {
	if threshold <= 0 || declined <= 0 {
		return ""
	}
	which := fmt.Sprintf("the %d questions declined count", declined)
	if declined == 1 {
		which = "the question declined counts"
	}
	return fmt.Sprintf("(threshold %.2f: %s as wrong at accuracy@1; --threshold 0 answers every question a source can answer, as the figures of docs/ANSWER.md do)\n",
		threshold, which)
}

// oneQuestionFile is the Args check of a command that reads one question
// file: cobra's own said "accepts 1 arg(s), received 0" (nu42).
func oneQuestionFile(name string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) == 1 {
			return nil
		}
		return fmt.Errorf("%s takes one question file (JSON Lines of {\"id\",\"question\",\"answers\"}), not %d arguments; for example: bot %s ../shared/eval/seed-dev.jsonl", name, len(args), name)
	}
}
