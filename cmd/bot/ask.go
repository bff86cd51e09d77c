package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/answer"
	"github.com/chronicle-bot/chronicle/internal/commands"
	"github.com/chronicle-bot/chronicle/internal/index"
	"github.com/chronicle-bot/chronicle/internal/jsonout"
)

func newAskCmd(a *app) *cobra.Command {
	var asOf string
	var asJSON, batch bool
	var explain int
	var threshold float64
	cmd := &cobra.Command{
		Use:   "ask [flags] QUESTION",
		Short: "Answer a question with a quoted sentence and its citation",
		Example: `  bot ask "Who claimed the Moscow attack?"
  bot ask --as-of 2024-03-26 --json "What is France's current alert level?"
  echo '{"id":"q1","question":"Who claimed the Moscow attack?"}' | bot ask --batch`,
		RunE: func(cmd *cobra.Command, args []string) error {
			day, err := asOfFlag(cmd, asOf)
			if err != nil {
				return err
			}
			if !batch && strings.TrimSpace(chronicle.Printable(strings.Join(args, " "))) == "" {
				return fmt.Errorf("ask needs a question, for example: bot ask \"Who claimed the Moscow attack?\"")
			}
			if batch && len(args) > 0 {
				return fmt.Errorf("ask --batch reads its questions from stdin, one JSON object per line; give no question argument")
			}
			if batch && explain != 0 { // --json is what --batch writes anyway
				return fmt.Errorf("ask --batch always writes JSON Lines; it does not combine with --explain")
			}
			if !(threshold >= 0 && threshold <= 1) { // also refuses NaN
				return fmt.Errorf("--threshold must be between 0 and 1, not %g", threshold)
			}
			if explain < 0 {
				return fmt.Errorf("--explain needs a positive number of sentences, not %d", explain)
			}
			if explain > 0 && asJSON {
				return fmt.Errorf("--explain prints text for people; it does not combine with --json")
			}
			question := chronicle.Printable(strings.Join(args, " ")) // echoed in the JSON
			return a.withIndex(cmd.Context(), func(ix *index.Index) error {
				ans := answer.New(ix)
				ans.Threshold = threshold
				switch {
				case batch:
					return jsonout.Batch(cmd.Context(), ans, cmd.InOrStdin(), a.stdout, day, time.Now())
				case explain > 0:
					return explainAnswer(cmd.Context(), a.stdout, ans, question, day, explain)
				case asJSON:
					return printJSON(a, jsonout.FromAnswer)(ans.Ask(cmd.Context(), question, day))
				}
				// The same handler and reply as /ask, rendered as text.
				if utf8.RuneCountInString(question) > commands.MaxQuestion {
					fmt.Fprintf(a.stderr, "(question shortened to its first %d characters, as /ask takes)\n", commands.MaxQuestion)
				}
				return a.printText(cmd, &commands.Ask{Answerer: ans, AsOf: day},
					commands.Request{Options: map[string]string{"question": question}})
			})
		},
	}
	addIndexFlags(cmd)
	cmd.Flags().StringVar(&asOf, "as-of", "", "use only articles published on or before this day (YYYY-MM-DD)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object")
	cmd.Flags().IntVar(&explain, "explain", 0, "show the N best candidate sentences with the evidence behind their scores")
	cmd.Flags().Float64Var(&threshold, "threshold", answer.DefaultThreshold, "confidence below which no answer is given (0 answers every question whose names a source holds)")
	cmd.Flags().BoolVar(&batch, "batch", false, `read JSON Lines {"id","question","as_of"} on stdin, write one JSON answer per line (--json is implied)`)
	return cmd
}

// asOfFlag is the day of --as-of (value): the zero time when the flag is
// not given, an error when it is given empty.
func asOfFlag(cmd *cobra.Command, value string) (time.Time, error) {
	day, err := givenDay(cmd, value, "as-of")
	if err != nil {
		return day, err
	}
	return day, notToCome("as-of", value, day)
}

// notToCome refuses a day to come given to --name (commands.AfterTomorrow;
// nu42: ask took it without a word; helper 92: a day more for a user east
// of UTC).
func notToCome(name, value string, day time.Time) error {
	if today, after := commands.AfterTomorrow(day, time.Now()); after {
		return fmt.Errorf("--%s (%s) is in the future; today is %s (UTC)", name, value, today.Format(time.DateOnly))
	}
	return nil
}

// givenDay is the day of a date flag known by names (the first is its
// name, the others old ones): the zero time when none was given, and an
// error for a value that was given but is empty (--since ""), as for any
// other value that is not a date.
func givenDay(cmd *cobra.Command, value string, names ...string) (time.Time, error) {
	// The names are one flag (a value and its old name): given twice, the
	// later silently wins, so neither is taken.
	if len(names) > 1 && cmd.Flags().Changed(names[0]) && slices.ContainsFunc(names[1:], cmd.Flags().Changed) {
		return time.Time{}, fmt.Errorf("--%s and --%s are one flag (--%s is its old name): give one", names[0], names[1], names[1])
	}
	for _, n := range names {
		if cmd.Flags().Changed(n) {
			return jsonout.ParseGivenDay("--"+n, value)
		}
	}
	return jsonout.ParseDay("--"+names[0], value)
}

// explainAnswer prints the question analysis and the n best candidate
// sentences with their features.
func explainAnswer(ctx context.Context, w io.Writer, ans *answer.Answerer, question string, asOf time.Time, n int) error {
	q, ex, err := ans.Explain(ctx, question, asOf, n)
	if err != nil {
		return userError(err)
	}
	fmt.Fprintf(w, "question: %s\n", q)
	for i, e := range ex {
		fmt.Fprintf(w, "%2d. %s\n", i+1, e)
	}
	if len(ex) == 0 {
		fmt.Fprintln(w, "(no sentence of the index holds enough of the question's words to be scored)")
		return nil
	}
	// The answer is not always the first candidate: the quotes around the
	// best five compete by the probability mass they hold (docs/ANSWER.md,
	// step 4), and the answer was not said (review nu39).
	res, err := ans.Ask(ctx, question, asOf)
	switch {
	case err != nil:
		return userError(err)
	case res.Best == nil:
		fmt.Fprintf(w, "answer: none (confidence %.2f, under the threshold %.2f)\n", res.Confidence, ans.Threshold)
	default:
		fmt.Fprintf(w, "answer: the quote, of those around the 5 best, that holds the most probability mass (for a name or figure, with the support of its answer), confidence %.2f:\n    %s\n", res.Confidence, res.Best.Text)
	}
	return nil
}

// userError turns a user-facing *chronicle.Error into its message.
func userError(err error) error {
	if chronicle.ErrorCode(err) != chronicle.EINTERNAL {
		return fmt.Errorf("%s", chronicle.ErrorMessage(err))
	}
	return err
}
