package jsonout

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/jsonmsg"
)

func TestFromAnswer(t *testing.T) {
	src := chronicle.Citation{Text: "The council met on Tuesday.", ArticleID: "council", Title: "Council meets",
		Published: time.Date(2024, 3, 20, 0, 0, 0, 0, time.UTC)}
	ans := chronicle.Answer{Question: "q", Best: &src, Confidence: 0.8, Value: "Tuesday", Agreement: 2,
		Alternatives: []chronicle.Alternative{{Value: "Monday", Citation: src}}}
	b, err := json.Marshal(FromAnswer(ans))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"confidence":0.8`, `"value":"Tuesday"`, `"agreement":2`,
		`"alternatives":[{"value":"Monday","text":"The council met on Tuesday.","article_id":"council","title":"Council meets","source":"","date":"2024-03-20"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("FromAnswer = %s, want %s in it", b, want)
		}
	}
	if strings.Contains(string(b), "current_as_of") {
		t.Errorf("FromAnswer of a question not about the present = %s, want no current_as_of", b)
	}
	// A question about the present without an as-of day: the day the
	// answer stands for, as the text output's "Current as of" (nu44).
	day := time.Date(2026, 7, 17, 0, 0, 0, 0, time.UTC)
	for _, a := range []chronicle.Answer{{Best: &src, Day: day, Present: true}, {Best: &src, Day: day, Standing: true}} {
		if b, _ := json.Marshal(FromAnswer(a)); !strings.Contains(string(b), `"current_as_of":"2026-07-17"`) {
			t.Errorf("FromAnswer of a question about the present = %s, want current_as_of 2026-07-17", b)
		}
	}
	a := chronicle.Answer{Best: &src, Day: day, AsOf: day, Present: true}
	if b, _ := json.Marshal(FromAnswer(a)); strings.Contains(string(b), "current_as_of") {
		t.Errorf("FromAnswer with an as-of day = %s, want no current_as_of (as_of says it)", b)
	}
	if b, _ := json.Marshal(FromAnswer(chronicle.Answer{})); !strings.Contains(string(b), `"answer":null,"sources":[]`) ||
		!strings.Contains(string(b), `"agreement":0,"alternatives":[]`) {
		t.Errorf("FromAnswer of no answer = %s, want a null answer, no sources, agreement 0 and no alternatives", b)
	}
}

// echoAnswerer answers every question with its own text and as-of day.
type echoAnswerer struct{}

func (echoAnswerer) Ask(_ context.Context, q string, asOf time.Time) (chronicle.Answer, error) {
	if q == "" {
		return chronicle.Answer{}, chronicle.Errorf(chronicle.EINVALID, "Ask me a question.")
	}
	c := chronicle.Citation{Text: q, Published: asOf}
	return chronicle.Answer{Question: q, AsOf: asOf, Best: &c, Confidence: 0.9}, nil
}

// TestBatch: one answer line per question line, in order, ids copied as
// written; a bad line gets its error and the run goes on. A line without
// its own as_of is answered as of the default (bot ask --batch --as-of D)
// and its answer says so.
func TestBatch(t *testing.T) {
	in := strings.Join([]string{
		`{"id": 12345678901234567890, "question": "first", "as_of": "2024-03-26"}`,
		``,
		`not json`,
		`{"ID": "b", "Question": "second"}`,
		`{"id": "c", "question": "third", "as_of": "26/03/2024"}`,
		`{"id": "d", "question": 7}`,
		`{"id": "e", "question": ""}`,
		`{"id": "f", "QUESTION": "upper", "question": "exact"}`,
		`{"id": "g", "QUESTION": "upper", "Question": "title"}`,
	}, "\n")
	var out bytes.Buffer
	def := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	var failed *FailedLines
	if err := Batch(context.Background(), echoAnswerer{}, strings.NewReader(in), &out, def, batchNow()); !errors.As(err, &failed) {
		t.Fatalf("Batch with bad lines returned %v, want the lines that failed", err)
	}
	if !slices.Equal(failed.Failed, []int{3, 5, 6, 7, 9}) || failed.Lines != 8 {
		t.Errorf("failed lines %v of %d, want [3 5 6 7 9] of 8", failed.Failed, failed.Lines)
	}
	if msg := failed.Error(); !strings.HasPrefix(msg, "5 of 8 lines failed (line 3, 5, 6, 7, 9)") {
		t.Errorf("error %q, want it to count and name the lines", msg)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	want := [][]string{
		{`{"id":12345678901234567890,"question":"first","as_of":"2024-03-26","answer":{"text":"first"`},
		{`{"question":""`, `"error":"line 3: not valid JSON: a word without double quotes`},
		{`{"id":"b","question":"second","as_of":"2024-03-01","answer":{"text":"second","article_id":"","title":"","source":"","date":"2024-03-01"`},
		{`{"id":"c","question":"third","as_of":"26/03/2024","answer":null`, `"error":"line 5: as_of must be a date like 2024-03-26 (year-month-day), not \"26/03/2024\""`},
		{`{"id":"d","question":"","answer":null`, `"error":"line 6: \"question\" must be a string"`},
		{`{"id":"e","question":"","as_of":"2024-03-01","answer":null`, `"error":"line 7: Ask me a question."`},
		{`{"id":"f","question":"exact","as_of":"2024-03-01","answer":{"text":"exact"`},
		{`{"id":"g","question":"","answer":null`, `"error":"line 9: keys [\"QUESTION\" \"Question\"] all name \"question\"; give it once"`},
	}
	if len(lines) != len(want) {
		t.Fatalf("Batch wrote %d lines, want %d:\n%s", len(lines), len(want), out.String())
	}
	for i, ws := range want {
		if !strings.HasPrefix(lines[i], ws[0]) {
			t.Errorf("line %d = %s\nwant it to start %s", i+1, lines[i], ws[0])
		}
		for _, w := range ws[1:] {
			if !strings.Contains(lines[i], w) {
				t.Errorf("line %d = %s\nwant %s in it", i+1, lines[i], w)
			}
		}
	}
}

// ParseDay takes the days an index holds and refuses the rest plainly: year
// 1 would otherwise read as "no day given" (Go's zero time), and a day
// past 2261 cannot be searched by.
func TestParseDay(t *testing.T) {
	for _, tt := range []struct {
		in, want, wantErr string
	}{
		{"", "", ""},
		{"2024-03-26", "2024-03-26", ""},
		{"1678-01-01", "1678-01-01", ""},
		{"2261-12-31", "2261-12-31", ""},
		{"0001-01-01", "", "--as-of (0001-01-01) is outside the years 1678 to 2261 that an index holds"},
		{"1600-05-05", "", "outside the years 1678 to 2261"},
		{"2262-01-01", "", "outside the years 1678 to 2261"},
		{"9999-12-31", "", "outside the years 1678 to 2261"},
		{"2024-02-30", "", `--as-of must be a date like 2024-03-26 (year-month-day), not "2024-02-30"`},
		{"20240326", "", "must be a date like"},
	} {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseDay("--as-of", tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("ParseDay(%q) = %v, %v; want an error with %q", tt.in, got, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseDay(%q): %v", tt.in, err)
			}
			if s := got.Format(time.DateOnly); (tt.want == "" && !got.IsZero()) || (tt.want != "" && s != tt.want) {
				t.Errorf("ParseDay(%q) = %v, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestParseGivenDay: a day that was given must be a date; empty is not
// "no day" (--as-of "").
func TestParseGivenDay(t *testing.T) {
	for _, tt := range []struct {
		in, want, wantErr string
	}{
		{"", "", `--as-of must be a date like 2024-03-26 (year-month-day), not ""`},
		{"2024-03-26", "2024-03-26", ""},
		{"0001-01-01", "", "--as-of (0001-01-01) is outside the years 1678 to 2261 that an index holds"},
		{"March", "", `--as-of must be a date like 2024-03-26 (year-month-day), not "March"`},
	} {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseGivenDay("--as-of", tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("ParseGivenDay(%q) = %v, %v; want an error with %q", tt.in, got, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseGivenDay(%q): %v", tt.in, err)
			}
			if s := got.Format(time.DateOnly); s != tt.want {
				t.Errorf("ParseGivenDay(%q) = %v, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestBatchCancelWhileReading: a cancelled context stops Batch while it waits
// for the next line (stdin of `bot ask --batch` held open by a writer that
// sends nothing, or a terminal), so Ctrl-C ends the command; before, the
// read was not watched and Ctrl-C was ignored until the input ended.
func TestBatchCancelWhileReading(t *testing.T) {
	pr, pw := io.Pipe()
	defer pw.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var out bytes.Buffer
	go func() { done <- Batch(ctx, echoAnswerer{}, pr, &out, time.Time{}, batchNow()) }()
	if _, err := io.WriteString(pw, `{"id": 1, "question": "first"}`+"\n"); err != nil {
		t.Fatal(err)
	}
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Batch after cancel = %v, want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Batch did not return within 5s of its context's cancel while waiting for input")
	}
}

// TestBatchByteOrderMark: a UTF-8 byte order mark before the first line
// (as some editors save), or before a later one (two such files put end to
// end; helper 82), is not part of its JSON; UTF-16 input is refused, as a
// whole.
func TestBatchByteOrderMark(t *testing.T) {
	in := strings.NewReader("\uFEFF{\"id\":\"q1\",\"question\":\"Who won?\"}\n\uFEFF{\"id\":\"q2\",\"question\":\"Who lost?\"}\n")
	var out bytes.Buffer
	if err := Batch(context.Background(), echoAnswerer{}, in, &out, time.Time{}, batchNow()); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), `"error"`) || strings.Count(out.String(), "\n") != 2 {
		t.Errorf("Batch with byte order marks wrote %s, want two answers and no error", out.String())
	}
	out.Reset()
	wide := []byte{0xff, 0xfe}
	for _, c := range `{"id":"q1","question":"Who won?"}` + "\n" + `{"id":"q2","question":"Who lost?"}` + "\n" {
		wide = append(wide, byte(c), 0)
	}
	// Refused as a whole, before any answer, in the words bot eval gives
	// (jsonmsg.NotUTF8Text): each line was refused, and the lone NUL
	// after the last newline was one more.
	err := Batch(context.Background(), echoAnswerer{}, bytes.NewReader(wide), &out, time.Time{}, batchNow())
	if want := "read questions: " + jsonmsg.NotUTF8Text; err == nil || err.Error() != want || out.Len() != 0 {
		t.Errorf("Batch of UTF-16 input = %v, and wrote %q; want %q and no answer", err, out.String(), want)
	}
}

// TestBatchLineErrors: a bad line's error says what the line is, in words
// an operator reads (not Go's type names), and keeps the question it could
// read.
func TestBatchLineErrors(t *testing.T) {
	tests := []struct {
		name, line, want, question, id string
		asOf                           string // the as_of the error line keeps
	}{
		{"an array", `["Who won?"]`, "line 1: not a JSON object: it is a JSON array", "", "", ""},
		{"a number", `42`, "line 1: not a JSON object: it is a JSON number", "", "", ""},
		// Every as_of error keeps the as_of as given, as the refusal of a
		// future one does: the raw text when it is not a string.
		{"as_of of the wrong type", `{"id":"q2","question":"Who won?","as_of":20240101}`, `line 1: "as_of" must be a string`, "Who won?", `"q2"`, "20240101"},
		{"as_of an object", `{"id":"q3","question":"Who won?","as_of":{ "day" : 1 }}`, `line 1: "as_of" must be a string`, "Who won?", `"q3"`, `{"day":1}`},
		{"as_of not a date", `{"id":"q4","question":"Who won?","as_of":"garbage"}`, `line 1: as_of must be a date like 2024-03-26 (year-month-day), not "garbage"`, "Who won?", `"q4"`, "garbage"},
		{"as_of a timestamp", `{"id":"q5","question":"Who won?","as_of":"2024-03-26T10:00:00Z"}`, `line 1: as_of must be a date like 2024-03-26 (year-month-day), not "2024-03-26T10:00:00Z"`, "Who won?", `"q5"`, "2024-03-26T10:00:00Z"},
		{"as_of in the future", `{"id":"q6","question":"Who won?","as_of":"2099-01-01"}`, `line 1: as_of (2099-01-01) is in the future; today is ` + batchNow().UTC().Format(time.DateOnly) + ` (UTC)`, "Who won?", `"q6"`, "2099-01-01"},
		// The error carries the id of the object the line starts with, so
		// that it can be matched to its question (helper 102).
		{"an object and then text", `{"id":"d","question":"Who won?"} trailing`,
			"line 1: not valid JSON: more text after the end of the JSON value (one JSON object per line), at column 34 near `…estion\":\"Who won?\"} trailing`", "", `"d"`, ""},
		// Helper 133: the parser's words ("invalid character 'o' in
		// literal null (expecting 'u')") said in a user's, with where and
		// the text there, escaped.
		{"a word", `nope`, "line 1: not valid JSON: a word without double quotes (text goes in \"double quotes\"), at column 1 near `nope`", "", "", ""},
		{"a key without quotes", `{"id":2,"question":"a", x}`, "line 1: not valid JSON: a key without double quotes, at column 25 near `…\":2,\"question\":\"a\", x}`", "", "", ""},
		{"a control character", "{\"id\":5,\"question\":\"a\x01b\"}", "line 1: not valid JSON: a control character (\\x01) inside a string (write a tab as \\t, a line break as \\n, others as \\u00XX), at column 22 near `…\"id\":5,\"question\":\"a\\x01b\"}`", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			if err := Batch(context.Background(), echoAnswerer{}, strings.NewReader(tt.line+"\n"), &out, time.Time{}, batchNow()); err == nil {
				t.Error("Batch returned no error for a bad line")
			}
			var got struct {
				Error, Question string
				ID              json.RawMessage
				AsOf            string `json:"as_of"`
			}
			if err := json.Unmarshal(out.Bytes(), &got); err != nil {
				t.Fatalf("output %q: %v", out.String(), err)
			}
			if got.Error != tt.want || got.Question != tt.question || strings.Contains(got.Error, "Go value") {
				t.Errorf("error %q, question %q; want %q, %q", got.Error, got.Question, tt.want, tt.question)
			}
			if string(got.ID) != tt.id {
				t.Errorf("id %s, want %s", got.ID, tt.id)
			}
			if got.AsOf != tt.asOf {
				t.Errorf("as_of %q, want %q", got.AsOf, tt.asOf)
			}
		})
	}
}

// TestBatchQuestionPrintable: control and direction characters in a batch
// question are not echoed (they are replaced as bot ask --json replaces
// them), in an answer and in a line's error alike.
func TestBatchQuestionPrintable(t *testing.T) {
	for _, line := range []string{
		`{"question":"Who won\u001b[2J the \u202eraces?"}`,
		`{"question":"Who won\u001b[2J the \u202eraces?","as_of":"yesterday"}`,
	} {
		t.Run(line, func(t *testing.T) {
			var out bytes.Buffer
			_ = Batch(context.Background(), echoAnswerer{}, strings.NewReader(line+"\n"), &out, time.Time{}, batchNow()) // the second line's as_of fails
			var got struct{ Question string }
			if err := json.Unmarshal(out.Bytes(), &got); err != nil {
				t.Fatalf("output %q: %v", out.String(), err)
			}
			if got.Question == "" || strings.ContainsAny(got.Question, "\u001b\u202e") {
				t.Errorf("question echoed as %q, want it without control or direction characters", got.Question)
			}
		})
	}
}

// TestBatchZeroedLine: a line of NUL bytes alone (a block a crash left
// zeroed, where questions were) is answered with an error, as a line of
// binary is, not passed over as blank without a word.
func TestBatchZeroedLine(t *testing.T) {
	in := strings.NewReader(`{"id":"q1","question":"Who won?"}` + "\n" + strings.Repeat("\x00", 64) + "\n")
	var out bytes.Buffer
	err := Batch(context.Background(), echoAnswerer{}, in, &out, time.Time{}, batchNow())
	var failed *FailedLines
	if !errors.As(err, &failed) || !slices.Equal(failed.Failed, []int{2}) {
		t.Errorf("Batch of a zeroed line = %v, want line 2 failed", err)
	}
	if lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n"); len(lines) != 2 || !strings.Contains(lines[1], jsonmsg.NotUTF8Text) {
		t.Errorf("Batch of a zeroed line wrote %q, want an answer and a line refused: %q", out.String(), jsonmsg.NotUTF8Text)
	}
}
