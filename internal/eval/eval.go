// Package eval scores answers against gold answers with the project's rule:
// normalise (lower case, every run of characters other than a-z and 0-9
// replaced by one space) and look for a gold answer as whole words inside the
// normalised text. accuracy@1 looks at the answer's text; accuracy@3 also at
// the first three sources.
//
// It reads question files (ReadQuestionFile: JSON Lines, each bad line
// named in plain words), asks and scores them (Run: accuracy, answered,
// median and p99 latency), and measures the answering method out-of-fold
// (CV: folds of whole weeks, AssignFolds; the sentence model, calibration
// and threshold of each fold learned on the others), with the calibration
// figures (Reliability, ECE, ChooseThreshold) and the training examples
// (Examples) that `bot eval --cv` and `bot tune` use.
package eval

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"math"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/jsonmsg"
	"github.com/chronicle-bot/chronicle/internal/terms"
)

// Question is one evaluation question.
type Question struct {
	ID       string   `json:"id"`
	Question string   `json:"question"`
	AsOf     string   `json:"as_of"`
	Answers  []string `json:"answers"`
	// WrongAnswers, for a question without Answers (a "wrong" vote on an
	// answer, exported by bot feedback export), are answers that must not
	// be given: an answer is right when it states none of them.
	WrongAnswers []string `json:"wrong_answers,omitempty"`
}

// Right reports whether text answers q: it holds a gold answer, or, for a
// question with wrong answers only, none of those.
func (q Question) Right(text string) bool {
	if len(q.Answers) > 0 {
		return Match(q.Answers, text)
	}
	return len(q.WrongAnswers) > 0 && !Match(q.WrongAnswers, text)
}

// Normalize lower-cases s and replaces every run of characters other than
// a-z and 0-9 with one space, trimmed.
func Normalize(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
			continue
		}
		space = true
	}
	return b.String()
}

// Match reports whether any gold answer occurs in text as whole words.
func Match(golds []string, text string) bool {
	t := " " + Normalize(text) + " "
	for _, g := range golds {
		if n := Normalize(g); n != "" && strings.Contains(t, " "+n+" ") {
			return true
		}
	}
	return false
}

// ReadQuestionFile reads a JSON Lines question file (ReadQuestions); a file
// without any question is an error. A cancelled ctx ends the wait for a file
// that blocks (a FIFO without a writer, a slow pipe); the read left waiting
// ends when the file does.
func ReadQuestionFile(ctx context.Context, path string) ([]Question, error) {
	type result struct {
		qs  []Question
		err error
	}
	done := make(chan result, 1)
	go func() {
		qs, err := readQuestionFile(path)
		done <- result{qs, err}
	}()
	select {
	case <-ctx.Done():
		return nil, fmt.Errorf("read questions %s: %w", path, ctx.Err())
	case r := <-done:
		return r.qs, r.err
	}
}

func readQuestionFile(path string) ([]Question, error) {
	if path == "" {
		return nil, errors.New("no question file given")
	}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		// It said "open questions: open X: no such file or directory"
		// (helper 148).
		return nil, fmt.Errorf("the question file %s does not exist", path)
	}
	if err != nil {
		return nil, fmt.Errorf("open questions: %w", err)
	}
	defer f.Close()
	qs, err := ReadQuestions(f)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) && pe.Path == path {
			// The error names the file already ("read X: is a directory").
			return nil, err
		}
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if len(qs) == 0 {
		return nil, fmt.Errorf("%s holds no questions", path)
	}
	return qs, nil
}

// ReadQuestions reads JSON Lines questions (both the seed and RealTimeQA
// formats). Questions without an ID get "line-N". A line that cannot be
// scored is an error naming its line (the first few such lines, with how
// many there are): one that is no question object, a gold (or wrong) answer
// with no letter or digit (it matches nothing, so the question was scored
// wrong whatever the answer), an ID given twice (the results then had two
// lines with one ID), a key misspelt from one of a question's ("qustion",
// "answer": it was ignored). A UTF-8 byte order mark, as some editors save,
// is accepted; a file that starts with a UTF-16 or UTF-32 one is refused as
// a whole (jsonmsg.WideStart).
func ReadQuestions(r io.Reader) ([]Question, error) {
	var out []Question
	var problems []string // the first shownProblems of the bad lines
	bad := 0
	seen := map[string]int{} // ID -> line
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), maxQuestionLine)
	line := 0
	for sc.Scan() {
		line++
		if line == 1 {
			if why := jsonmsg.WideStart(sc.Bytes()); why != "" {
				// Refused once, as bot ask --batch refuses it (WideStart).
				return nil, errors.New(why)
			}
		}
		// At the start of the file, or where two files were put end to end.
		text := bytes.TrimPrefix(sc.Bytes(), []byte("\uFEFF"))
		if jsonmsg.Blank(text) {
			continue
		}
		q, err := readQuestion(text)
		if err == nil && q.ID == "" {
			q.ID = fmt.Sprintf("line-%d", line)
		}
		if first, ok := seen[q.ID]; err == nil && ok {
			err = fmt.Errorf("id %q again (first on line %d); each question needs its own", q.ID, first)
		}
		if err != nil {
			if bad++; len(problems) < shownProblems {
				problems = append(problems, fmt.Sprintf("line %d: %v", line, err))
			}
			continue
		}
		seen[q.ID] = line
		out = append(out, q)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("line %d: longer than %d MB", line+1, maxQuestionLine>>20)
		}
		return nil, err
	}
	if bad > 0 {
		msg := strings.Join(problems, "; ")
		if bad > len(problems) {
			msg += fmt.Sprintf("; and %d more", bad-len(problems))
		}
		if bad == 1 {
			return nil, errors.New(msg)
		}
		return nil, fmt.Errorf("%d lines cannot be scored: %s", bad, msg)
	}
	return out, nil
}

// readQuestion decodes one line of a question file and checks that it can
// be scored.
func readQuestion(text []byte) (Question, error) {
	var q Question
	if err := json.Unmarshal(text, &q); err != nil {
		if why := jsonmsg.NotUTF8(text); why != "" {
			// As bot ask --batch says it, not "no JSON value where one
			// belongs, at column 1 near `\xff\xfe{\x00...`".
			return q, errors.New(why)
		}
		// In words, with where and the text there, not the parser's
		// "invalid character 'o' in literal null (expecting 'u')" or
		// "Go struct field Question.question of type string" (helper 137).
		return q, jsonmsg.Wrap(text, err)
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(text, &fields) == nil {
		var bad []string
		for _, k := range slices.Sorted(maps.Keys(fields)) {
			if want := misspelt(k); want != "" {
				bad = append(bad, fmt.Sprintf("key %q is not one a question has (did you mean %q?)", k, want))
			}
		}
		if len(bad) > 0 {
			return q, errors.New(strings.Join(bad, ", "))
		}
	}
	if q.Question == "" || len(q.Answers)+len(q.WrongAnswers) == 0 {
		return q, errors.New(`a question needs "question" and "answers" (or "wrong_answers")`)
	}
	if q.AsOf != "" {
		// Found when the file is read, with the other bad lines, not
		// when the question is asked, which stopped the run there.
		if _, err := parseAsOf(q.AsOf); err != nil {
			return q, err
		}
	}
	for _, list := range []struct {
		key   string
		golds []string
	}{{"answers", q.Answers}, {"wrong_answers", q.WrongAnswers}} {
		for _, g := range list.golds {
			if Normalize(g) == "" {
				return q, fmt.Errorf("%s holds %q, which has no letter or digit: no answer can match it", list.key, g)
			}
		}
	}
	return q, nil
}

// misspelt returns the key of a question that k is a misspelling of (one
// or two letters added, dropped or changed), or "" when k is one of them
// (encoding/json matches keys regardless of case) or far from all of them
// (a RealTimeQA line's "answer_article_ids").
func misspelt(k string) string {
	questionKeys := [...]string{"id", "question", "as_of", "answers", "wrong_answers"}
	lk := strings.ToLower(k)
	for _, want := range questionKeys {
		if lk == want {
			return ""
		}
	}
	for _, want := range questionKeys {
		if len(want) > 3 && terms.EditDistance(lk, want) <= 2 {
			return want
		}
	}
	return ""
}

// shownProblems is how many of a question file's bad lines ReadQuestions
// names; the others are counted (a file of a million bad lines kept a
// million messages to show five).
const shownProblems = 5

// maxQuestionLine is the longest line of a question file.
const maxQuestionLine = 4 << 20

// Asker answers one question.
type Asker interface {
	Ask(ctx context.Context, question string, asOf time.Time) (chronicle.Answer, error)
}

// Result is the outcome of one question.
type Result struct {
	Question Question
	Answer   chronicle.Answer
	Err      error
	At1, At3 bool
	Latency  time.Duration
}

// Report summarises a run.
type Report struct {
	Results                   []Result
	Questions, Answered       int
	At1, At3, CorrectAnswered int
	// Errors counts questions whose Ask failed; FirstError is the first.
	Errors      int
	FirstError  error
	Median, P99 time.Duration
}

// Run asks every question (with its as-of day, or defaultAsOf) and scores
// the answers.
func Run(ctx context.Context, a Asker, qs []Question, defaultAsOf time.Time) (Report, error) {
	var rep Report
	lat := make([]time.Duration, 0, len(qs))
	for _, q := range qs {
		asOf := defaultAsOf
		if q.AsOf != "" {
			t, err := q.asOf()
			if err != nil {
				return rep, err
			}
			asOf = t
		}
		start := time.Now()
		ans, err := a.Ask(ctx, q.Question, asOf)
		d := time.Since(start)
		if err := ctx.Err(); err != nil {
			return rep, fmt.Errorf("interrupted at question %d of %d: %w", len(rep.Results)+1, len(qs), err)
		}
		r := Result{Question: q, Answer: ans, Err: err, Latency: d}
		if err != nil {
			if rep.Errors == 0 {
				rep.FirstError = fmt.Errorf("question %s: %w", q.ID, err)
			}
			rep.Errors++
		}
		lat = append(lat, d)
		if ans.Best != nil {
			rep.Answered++
			r.At1 = q.Right(ans.Best.Text)
			r.At3 = r.At1
		}
		for i, s := range ans.Sources {
			if i < 3 && !r.At3 {
				r.At3 = q.Right(s.Text)
			}
		}
		if r.At1 {
			rep.At1++
			rep.CorrectAnswered++
		}
		if r.At3 {
			rep.At3++
		}
		rep.Results = append(rep.Results, r)
	}
	rep.Questions = len(qs)
	rep.Median, rep.P99 = percentile(lat, 0.5), percentile(lat, 0.99)
	return rep, nil
}

func percentile(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	i := int(math.Ceil(p*float64(len(s)))) - 1
	return s[max(0, min(i, len(s)-1))]
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Summary prints the figures of a run.
func (r Report) Summary() string {
	errs := ""
	if r.Errors > 0 {
		errs = fmt.Sprintf("  errors %d (first: %v)", r.Errors, r.FirstError)
	}
	return fmt.Sprintf("questions %d  accuracy@1 %.3f  accuracy@3 %.3f  answered %.3f  precision-when-answered %.3f  latency median %s p99 %s",
		r.Questions, ratio(r.At1, r.Questions), ratio(r.At3, r.Questions), ratio(r.Answered, r.Questions),
		ratio(r.CorrectAnswered, r.Answered), r.Median.Round(10*time.Microsecond), r.P99.Round(10*time.Microsecond)) + errs
}
