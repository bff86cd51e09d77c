package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/answer"
	"github.com/chronicle-bot/chronicle/internal/commands"
)

// answerJSON is the answer object of the CLI contract.
type answerJSON struct {
	ID         json.RawMessage `json:"id,omitempty"`
	Question   string          `json:"question"`
	AsOf       string          `json:"as_of,omitempty"`
	Answer     *citationJSON   `json:"answer"`
	Sources    []citationJSON  `json:"sources"`
	Confidence float64         `json:"confidence"`
	// Missing lists the question's names and years that no source holds
	// (the answer is then declined).
	Missing []string `json:"missing,omitempty"`
	// Searched is the question as searched when misspelt words were
	// corrected.
	Searched string `json:"searched,omitempty"`
	// Value is the figure or name the answer gives, as written.
	Value string `json:"value,omitempty"`
	// Agreement is how many outlets give the answer's value.
	Agreement int `json:"agreement"`
	// Alternatives are the other figures or names the sources give, newest
	// first, each with its citation and date.
	Alternatives []alternativeJSON `json:"alternatives"`
	Error        string            `json:"error,omitempty"`
}

// alternativeJSON is another answer a source gives: the value and the
// citation of the sentence that gives it.
type alternativeJSON struct {
	Value string `json:"value"`
	citationJSON
}

type citationJSON struct {
	Text      string `json:"text"`
	ArticleID string `json:"article_id"`
	Title     string `json:"title"`
	Source    string `json:"source"`
	Date      string `json:"date"`
	URL       string `json:"url"`
	Paragraph int    `json:"paragraph"`
}

func toCitationJSON(c chronicle.Citation) citationJSON {
	return citationJSON{Text: c.Text, ArticleID: c.ArticleID, Title: c.Title, Source: c.Source,
		Date: formatDate(c.Published), URL: c.URL, Paragraph: c.Paragraph}
}

func toAnswerJSON(ans chronicle.Answer) answerJSON {
	out := answerJSON{Question: ans.Question, AsOf: formatDate(ans.AsOf), Confidence: round2(ans.Confidence),
		Sources: []citationJSON{}, Missing: ans.Missing, Searched: ans.Searched, Value: ans.Value, Agreement: ans.Agreement,
		Alternatives: []alternativeJSON{}}
	for _, a := range ans.Alternatives {
		out.Alternatives = append(out.Alternatives, alternativeJSON{Value: a.Value, citationJSON: toCitationJSON(a.Citation)})
	}
	if ans.Best != nil {
		c := toCitationJSON(*ans.Best)
		out.Answer = &c
	}
	for _, s := range ans.Sources {
		out.Sources = append(out.Sources, toCitationJSON(s))
	}
	return out
}

func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func round2(f float64) float64 { return float64(int(f*100+0.5)) / 100 }

// parseDay parses YYYY-MM-DD ("" is the zero time).
func parseDay(flag, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return t, fmt.Errorf("%s: %q is not a date like 2024-03-26", flag, s)
	}
	return t, nil
}

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
			day, err := parseDay("--as-of", asOf)
			if err != nil {
				return err
			}
			if !batch && strings.TrimSpace(strings.Join(args, " ")) == "" {
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
			ix, err := a.readyIndex(cmd.Context())
			if err != nil {
				return err
			}
			defer ix.Close()
			ans := answer.New(ix)
			ans.Threshold = threshold
			if batch {
				return askBatch(cmd.Context(), ans, cmd.InOrStdin(), a.stdout, day)
			}
			if explain > 0 {
				return explainAnswer(cmd.Context(), a.stdout, ans, strings.Join(args, " "), day, explain)
			}
			question := strings.Join(args, " ")
			if asJSON {
				res, err := ans.Ask(cmd.Context(), question, day)
				if err != nil {
					return userError(err)
				}
				return json.NewEncoder(a.stdout).Encode(toAnswerJSON(res))
			}
			// The same handler and reply as /ask, rendered as text.
			if utf8.RuneCountInString(question) > commands.MaxQuestion {
				fmt.Fprintf(a.stderr, "(question shortened to its first %d characters, as /ask takes)\n", commands.MaxQuestion)
			}
			text, err := commands.RunText(cmd.Context(), &commands.Ask{Answerer: ans, AsOf: day},
				commands.Request{Options: map[string]string{"question": question}})
			if err != nil {
				return userError(err)
			}
			fmt.Fprint(a.stdout, text)
			return nil
		},
	}
	addIndexFlags(cmd)
	cmd.Flags().StringVar(&asOf, "as-of", "", "use only articles published on or before this day (YYYY-MM-DD)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object")
	cmd.Flags().IntVar(&explain, "explain", 0, "show the N best candidate sentences with the evidence behind their scores")
	cmd.Flags().Float64Var(&threshold, "threshold", answer.DefaultThreshold, "confidence below which no answer is given (0 answers every question)")
	cmd.Flags().BoolVar(&batch, "batch", false, `read JSON Lines {"id","question","as_of"} on stdin, write one JSON answer per line (--json is implied)`)
	return cmd
}

// explainAnswer prints the question analysis and the n best candidate
// sentences with their features.
func explainAnswer(ctx context.Context, w io.Writer, ans *answer.Answerer, question string, asOf time.Time, n int) error {
	q, ex, err := ans.Explain(ctx, question, asOf, n)
	if err != nil {
		return userError(err)
	}
	var terms []string
	for _, t := range q.Terms {
		terms = append(terms, t.Lower)
	}
	fmt.Fprintf(w, "question: wh=%q kind=%s focus=%q recent=%v terms=%v phrases=%q\n", q.Wh, q.Kind, q.Focus, q.Recent, terms, q.Phrases)
	for i, e := range ex {
		fmt.Fprintf(w, "%2d. %s\n", i+1, e)
	}
	return nil
}

// batchLine is one question of ask --batch. The id is copied to the answer
// as the JSON value it is (a number keeps every digit; the encoder may
// compact and escape it).
type batchLine struct {
	ID       json.RawMessage `json:"id"`
	Question string          `json:"question"`
	AsOf     string          `json:"as_of"`
}

// maxBatchLine bounds one line of ask --batch input.
const maxBatchLine = 4 << 20

// askBatch answers JSON Lines questions in order; a bad line gets an object
// with "error" (and its id when it has one) and the run goes on.
func askBatch(ctx context.Context, ans *answer.Answerer, in io.Reader, out io.Writer, defaultAsOf time.Time) error {
	r := bufio.NewReaderSize(in, 64<<10)
	enc := json.NewEncoder(out)
	for line := 1; ; line++ {
		raw, long, readErr := readLine(r, maxBatchLine)
		if readErr != nil && readErr != io.EOF {
			return fmt.Errorf("read questions: %w", readErr)
		}
		if text := bytes.TrimSpace(raw); len(text) > 0 || long {
			res, err := batchAnswer(ctx, ans, line, text, long, defaultAsOf)
			if err != nil {
				return err
			}
			if err := enc.Encode(res); err != nil {
				return fmt.Errorf("write answer: %w", err)
			}
		}
		if readErr == io.EOF {
			return nil
		}
	}
}

// readLine reads one line (without its newline) of at most max bytes; the
// rest of a longer line is read and dropped, and long is true.
func readLine(r *bufio.Reader, max int) (line []byte, long bool, err error) {
	for {
		chunk, err := r.ReadSlice('\n')
		if !long {
			if len(line)+len(chunk) > max+1 { // +1: the newline
				line, long = nil, true
			} else {
				line = append(line, chunk...)
			}
		}
		if err != bufio.ErrBufferFull {
			return bytes.TrimRight(line, "\n"), long, err
		}
	}
}

// batchAnswer answers one line of ask --batch; only a cancelled context is
// an error, every problem with the line is reported in the answer.
func batchAnswer(ctx context.Context, ans *answer.Answerer, line int, text []byte, long bool, defaultAsOf time.Time) (answerJSON, error) {
	bad := func(id json.RawMessage, q, format string, args ...any) answerJSON {
		return answerJSON{ID: id, Question: q, Error: fmt.Sprintf("line %d: ", line) + fmt.Sprintf(format, args...),
			Sources: []citationJSON{}, Alternatives: []alternativeJSON{}}
	}
	if long {
		return bad(nil, "", "longer than %d MB", maxBatchLine>>20), nil
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(text, &fields); err != nil || fields == nil {
		if err == nil {
			err = fmt.Errorf("it is %s", text)
		}
		return bad(nil, "", "not a JSON object: %v", err), nil
	}
	// Keys match case-insensitively, as encoding/json matches struct fields.
	field := func(name string) (json.RawMessage, bool) {
		for k, v := range fields {
			if strings.EqualFold(k, name) {
				return v, true
			}
		}
		return nil, false
	}
	id, _ := field("id")
	bl := batchLine{ID: id}
	for _, f := range []struct {
		name string
		dst  *string
	}{{"question", &bl.Question}, {"as_of", &bl.AsOf}} {
		if v, ok := field(f.name); ok && string(v) != "null" {
			if err := json.Unmarshal(v, f.dst); err != nil {
				return bad(bl.ID, "", "%q must be a string", f.name), nil
			}
		}
	}
	day, err := parseDay("as_of", bl.AsOf)
	if err != nil {
		return bad(bl.ID, bl.Question, "%v", err), nil
	}
	if day.IsZero() {
		day = defaultAsOf
	}
	a, err := ans.Ask(ctx, bl.Question, day)
	res := toAnswerJSON(a)
	if err != nil {
		if ctx.Err() != nil {
			return res, ctx.Err()
		}
		res.Error = fmt.Sprintf("line %d: %s", line, chronicle.ErrorMessage(err))
	}
	res.ID = bl.ID
	res.AsOf = bl.AsOf
	return res, nil
}

// userError turns a user-facing *chronicle.Error into its message.
func userError(err error) error {
	if chronicle.ErrorCode(err) != chronicle.EINTERNAL {
		return fmt.Errorf("%s", chronicle.ErrorMessage(err))
	}
	return err
}
