package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

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
			// Before the questions are read and a --cv run of minutes
			// starts: the files were checked only when written, at its end.
			if err := files.check(args[0]); err != nil {
				return err
			}
			if err := cv.checkWrite(); err != nil {
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

// check refuses a --failures or --all that would destroy a file, as bot
// feedback export --out does (exportTargetOK): the question file being read
// (os.SameFile, so another spelling of its path or a link to it is caught
// too), a file named by both flags, anything but a regular file, and an
// existing file that is not an earlier output of bot eval (firstLineHas).
// Each was truncated: --failures S.jsonl S.jsonl turned 8 questions into 1
// result line, and --failures notes.txt replaced the notes.
func (f evalFiles) check(questions string) error {
	if f.failures != "" && f.all != "" && (filepath.Clean(f.failures) == filepath.Clean(f.all) || sameFile(f.failures, f.all)) {
		return fmt.Errorf("--failures and --all name the same file %s; give each its own", f.all)
	}
	return f.each(func(path string, failedOnly bool) error {
		flag := "--all"
		if failedOnly {
			flag = "--failures"
		}
		if err := checkOutput(flag, path, questions); err != nil {
			return err
		}
		return folderWritable(flag, path)
	})
}

// checkOutput is evalFiles.check for one output file, flag's path.
func checkOutput(flag, path, questions string) error {
	if path == "-" {
		// It wrote a file named "-" (helper 152), where feedback
		// export's --out - is standard output.
		return fmt.Errorf("%s -: bot eval prints its summary on standard output; give a file for the %s results", flag, flag)
	}
	refuse := func(what string) error {
		return fmt.Errorf("%s %s is %s; bot eval would replace it: choose another file", flag, path, what)
	}
	if sameFile(path, questions) {
		return refuse("the question file being read")
	}
	fi, err := os.Stat(path)
	switch {
	case err != nil:
		// Its folder must be there now, not after the run (helper
		// 111: a --cv run trained every fold, then failed naming
		// the temporary file); below a file, it said "stat
		// FILE/x.jsonl: not a directory" (helper 148).
		if ferr := outFolderOK(flag, path); ferr != nil {
			return ferr
		}
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return fmt.Errorf("%s: %w", flag, err)
	case !fi.Mode().IsRegular():
		return refuse("not a regular file")
	case fi.Size() == 0:
		return nil // --failures when every question was right
	}
	// Both write "question", "at1" and "at3" (jsonout.WriteResults,
	// eval.CVReport.WriteRecords), with or without --cv.
	ours, err := firstLineHas(path, "question", "at1", "at3")
	if err != nil {
		return fmt.Errorf("%s: %w", flag, err)
	}
	if !ours {
		return refuse("an existing file that is not an earlier output of bot eval --all or --failures")
	}
	return nil
}

// writeResults writes rep's questions (only the failures when failedOnly)
// to path as JSON Lines, through a new file renamed over path, so that a
// failed write leaves an earlier output as it was.
func writeResults(path string, rep eval.Report, failedOnly bool) error {
	if err := writeReplacing(path, func(w io.Writer) error { return jsonout.WriteResults(w, rep, failedOnly) }); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
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
