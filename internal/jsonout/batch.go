package jsonout

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/jsonmsg"
)

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

// Answerer answers a question from the corpus; a zero asOf means no limit.
type Answerer interface {
	Ask(ctx context.Context, question string, asOf time.Time) (chronicle.Answer, error)
}

// Batch answers the JSON Lines questions of in ({"id", "question",
// "as_of"}, as_of optional, defaultAsOf otherwise) in order and writes one
// answer object per line to out, with the id copied. A bad line gets an
// object with "error" (and its id when it has one) and the run goes on;
// only a failure to read or write, or a cancelled ctx, stops it; when every
// line is read and some got an "error", Batch returns a *FailedLines, so
// that a script sees a non-zero exit status. A cancelled
// ctx stops it while it waits for input too (stdin held open by a writer
// that sends nothing, a terminal): the read left waiting on in ends when in
// does. now is the time the run starts: an as_of after tomorrow's UTC day
// is refused, as bot ask --as-of refuses it. Input that starts with a
// UTF-16 or UTF-32 byte order mark is refused as a whole, before any answer
// (jsonmsg.WideStart).
func Batch(ctx context.Context, ans Answerer, in io.Reader, out io.Writer, defaultAsOf, now time.Time) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // stops the reader when an answer fails
	lines := readLines(ctx, in)
	enc := json.NewEncoder(out)
	var failed FailedLines
	for line := 1; ; line++ {
		var l inputLine
		select {
		case <-ctx.Done():
			return ctx.Err()
		case l = <-lines:
		}
		if l.err != nil && l.err != io.EOF {
			return fmt.Errorf("read questions: %w", l.err)
		}
		if line == 1 {
			if why := jsonmsg.WideStart(l.text); why != "" {
				// Refused once, as bot eval refuses the file (WideStart).
				return fmt.Errorf("read questions: %s", why)
			}
		}
		// A byte order mark, as some editors on Windows save UTF-8, on the
		// first line or where two such files were put end to end (helper
		// 82: "invalid character 'ï'").
		l.text = bytes.TrimPrefix(l.text, []byte("\uFEFF"))
		if text := bytes.TrimSpace(l.text); !jsonmsg.Blank(text) || l.long {
			res, err := batchAnswer(ctx, ans, line, text, l.long, defaultAsOf, now)
			if err != nil {
				return err
			}
			if err := enc.Encode(res); err != nil {
				return fmt.Errorf("write answer: %w", err)
			}
			failed.Lines++
			if res.Error != "" {
				failed.Failed = append(failed.Failed, line)
			}
		}
		if l.err == io.EOF {
			if len(failed.Failed) > 0 {
				return &failed
			}
			return nil
		}
	}
}

// FailedLines is Batch's error when some lines got an "error" in their
// answer: each was answered with its error, and the others were answered.
type FailedLines struct {
	Failed []int // the line numbers, in order
	Lines  int   // the lines that were not blank
}

func (f *FailedLines) Error() string {
	const shown = 5
	var lines []string
	for _, n := range f.Failed[:min(shown, len(f.Failed))] {
		lines = append(lines, fmt.Sprint(n))
	}
	if len(f.Failed) > shown {
		lines = append(lines, "...")
	}
	return fmt.Sprintf("%d of %d lines failed (line %s): their answers carry \"error\"",
		len(f.Failed), f.Lines, strings.Join(lines, ", "))
}

// inputLine is one line of ask --batch input as readLine returns it.
type inputLine struct {
	text []byte
	long bool
	err  error
}

// readLines reads the lines of in on a goroutine, so that the caller can
// stop waiting for one when ctx is cancelled; the goroutine ends after the
// line that ends in with an error (io.EOF included), or when ctx is
// cancelled and its read returns.
func readLines(ctx context.Context, in io.Reader) <-chan inputLine {
	lines := make(chan inputLine)
	go func() {
		r := bufio.NewReaderSize(in, 64<<10)
		for {
			text, long, err := readLine(r, maxBatchLine)
			select {
			case lines <- inputLine{text: text, long: long, err: err}:
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()
	return lines
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

// leadingID is the "id" of the JSON object a bad line starts with
// ({"id":"d","question":"..."} and then text that is no JSON), or nil: the
// error answer carries it, so that it can be matched to its question
// (helper 102).
func leadingID(text []byte) json.RawMessage {
	var first struct {
		ID json.RawMessage `json:"id"`
	}
	if err := json.NewDecoder(bytes.NewReader(text)).Decode(&first); err != nil {
		return nil
	}
	return first.ID
}

// batchAnswer answers one line of ask --batch; only a cancelled context is
// an error, every problem with the line is reported in the answer.
func batchAnswer(ctx context.Context, ans Answerer, line int, text []byte, long bool, defaultAsOf, now time.Time) (Answer, error) {
	bad := func(id json.RawMessage, q, format string, args ...any) Answer {
		return Answer{ID: id, Question: q, Error: fmt.Sprintf("line %d: ", line) + fmt.Sprintf(format, args...),
			Sources: []Citation{}, Alternatives: []Alternative{}}
	}
	if long {
		return bad(nil, "", "longer than %d MB", maxBatchLine>>20), nil
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(text, &fields); err != nil || fields == nil {
		if why := jsonmsg.NotUTF8(text); why != "" {
			return bad(nil, "", "%s", why), nil
		}
		var te *json.UnmarshalTypeError
		switch {
		case err == nil:
			return bad(nil, "", "not a JSON object: it is %s", text), nil
		case errors.As(err, &te):
			// json names its Go types ("... into Go value of type
			// map[string]json.RawMessage"): say what the line is.
			return bad(nil, "", "not a JSON object: it is a JSON %s", te.Value), nil
		}
		// Not well formed: in words, with where and the text there, not
		// the parser's "invalid character 'o' in literal null (expecting
		// 'u')" (helper 137).
		return bad(leadingID(text), "", "%s", jsonmsg.Describe(text, err)), nil
	}
	// Keys match case-insensitively, as encoding/json matches struct
	// fields, an exact match first. Two keys that differ in case only and
	// match none exactly are ambiguous: the one taken was the first of a
	// map's random order (helper 77).
	field := func(name string) (json.RawMessage, bool, error) {
		if v, ok := fields[name]; ok {
			return v, true, nil
		}
		var keys []string
		for k := range fields {
			if strings.EqualFold(k, name) {
				keys = append(keys, k)
			}
		}
		switch len(keys) {
		case 0:
			return nil, false, nil
		case 1:
			return fields[keys[0]], true, nil
		}
		slices.Sort(keys)
		return nil, false, fmt.Errorf("keys %q all name %q; give it once", keys, name)
	}
	id, _, err := field("id")
	if err != nil {
		return bad(nil, "", "%v", err), nil
	}
	bl := batchLine{ID: id}
	for _, f := range []struct {
		name string
		dst  *string
	}{{"question", &bl.Question}, {"as_of", &bl.AsOf}} {
		v, ok, err := field(f.name)
		if err != nil {
			return bad(bl.ID, bl.Question, "%v", err), nil
		}
		if ok && string(v) != "null" {
			if err := json.Unmarshal(v, f.dst); err != nil {
				res := bad(bl.ID, bl.Question, "%q must be a string", f.name)
				if f.name == "as_of" {
					// The as_of as given, as its JSON text (20240101),
					// so that the error line says which it was.
					var c bytes.Buffer
					if json.Compact(&c, v) == nil {
						v = c.Bytes()
					}
					res.AsOf = string(v)
				}
				return res, nil
			}
		}
	}
	// As bot ask --json does: control and direction characters are no
	// part of a question, and are not echoed to a terminal.
	bl.Question = chronicle.Printable(bl.Question)
	day, err := ParseDay("as_of", bl.AsOf)
	if err != nil {
		// The as_of as given, as the refusal of a future one keeps it.
		res := bad(bl.ID, bl.Question, "%v", err)
		res.AsOf = bl.AsOf
		return res, nil
	}
	if today := utcDay(now); day.After(chronicle.LastUndoubted(now)) {
		// As bot ask --as-of refuses it (helper 92: tomorrow is taken, a
		// day that has begun east of UTC). Answered, an as_of of 2099 gave
		// an answer "as of 2099" without a word that the day is to come.
		res := bad(bl.ID, bl.Question, "as_of (%s) is in the future; today is %s (UTC)", bl.AsOf, today.Format(time.DateOnly))
		res.AsOf = bl.AsOf
		return res, nil
	}
	if day.IsZero() {
		day = defaultAsOf
	}
	a, err := ans.Ask(ctx, bl.Question, day)
	res := FromAnswer(a)
	if err != nil {
		if ctx.Err() != nil {
			return res, ctx.Err()
		}
		res.Error = fmt.Sprintf("line %d: %s", line, chronicle.ErrorMessage(err))
	}
	res.ID = bl.ID
	// The day the question was answered as of: its own as_of, or the
	// default (bot ask --batch --as-of D) for a line without one.
	res.AsOf = bl.AsOf
	if res.AsOf == "" {
		res.AsOf = date(defaultAsOf)
	}
	return res, nil
}

// utcDay is the start of t's UTC day.
func utcDay(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
