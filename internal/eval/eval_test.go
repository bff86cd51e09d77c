package eval

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/jsonmsg"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Hong Kong", "hong kong"},
		{"  $5.00!! ", "5 00"},
		{"U.S.-led", "u s led"},
		{"Café", "caf"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestMatch(t *testing.T) {
	tests := []struct {
		name string
		gold []string
		text string
		want bool
	}{
		{"whole words", []string{"ISIS"}, "ISIS claimed it.", true},
		{"inside a word", []string{"ISIS"}, "a crisis", false},
		{"any gold", []string{"x", "Islamic State"}, "the Islamic State's fighters", true},
		{"money", []string{"$5"}, "about $5 a gallon", true},
		{"empty gold", []string{""}, "anything", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Match(tt.gold, tt.text); got != tt.want {
				t.Errorf("Match(%q, %q) = %v, want %v", tt.gold, tt.text, got, tt.want)
			}
		})
	}
}

type fakeAsker map[string]chronicle.Answer

func (f fakeAsker) Ask(_ context.Context, q string, _ time.Time) (chronicle.Answer, error) {
	return f[q], nil
}

func TestRunScores(t *testing.T) {
	qs, err := ReadQuestions(strings.NewReader(`{"question":"a?","answers":["yes"]}
{"id":"2","question":"b?","answers":["no"],"as_of":"2024-01-02"}
{"question":"c?","answers":["maybe"]}
`))
	if err != nil {
		t.Fatal(err)
	}
	a := fakeAsker{
		"a?": {Best: &chronicle.Citation{Text: "yes indeed"}},
		"b?": {Best: &chronicle.Citation{Text: "wrong"}, Sources: []chronicle.Citation{{Text: "x"}, {Text: "no way"}}},
		"c?": {Sources: []chronicle.Citation{{Text: "maybe"}}},
	}
	rep, err := Run(context.Background(), a, qs, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.At1 != 1 || rep.At3 != 3 || rep.Answered != 2 || rep.CorrectAnswered != 1 {
		t.Errorf("Run = at1 %d at3 %d answered %d correct %d, want 1 3 2 1", rep.At1, rep.At3, rep.Answered, rep.CorrectAnswered)
	}
	if rep.Results[0].Question.ID != "line-1" {
		t.Errorf("ID = %q, want line-1", rep.Results[0].Question.ID)
	}
}

// TestWrongAnswers: a question exported from a "wrong" vote carries only
// wrong_answers; it is read, and an answer is right when it states none of
// them.
func TestWrongAnswers(t *testing.T) {
	qs, err := ReadQuestions(strings.NewReader(
		`{"id":"w","question":"Who claimed the attack?","as_of":"2024-03-26","wrong_answers":["Ukraine"]}` + "\n"))
	if err != nil || len(qs) != 1 {
		t.Fatalf("ReadQuestions = %v, %v; want the one question", qs, err)
	}
	tests := []struct {
		text string
		want bool
	}{
		{"Islamic State claimed the attack.", true},
		{"Russia blamed Ukraine for the attack.", false},
	}
	for _, tt := range tests {
		if got := qs[0].Right(tt.text); got != tt.want {
			t.Errorf("Right(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
	if _, err := ReadQuestions(strings.NewReader(`{"question":"Who?"}` + "\n")); err == nil {
		t.Error("a question with neither answers nor wrong_answers was accepted")
	}
}

// TestReadQuestionFileErrors: each way a question file can be wrong is named
// once, with the line where it applies.
func TestReadQuestionFileErrors(t *testing.T) {
	dir := t.TempDir()
	long := filepath.Join(dir, "long.jsonl")
	ok := `{"question":"Who won?","answers":["Bob"]}` + "\n"
	if err := os.WriteFile(long, []byte(ok+strings.Repeat("x", 5<<20)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path, want string
		notTwice         string
	}{
		{"a line over the limit", long, "line 2: longer than 4 MB", ""},
		{"a folder", dir, "is a directory", dir + ": read " + dir},
		{"no path", "", "no question file given", ""},
		// Helper 148: "open questions: open X: no such file or directory".
		{"no such file", filepath.Join(dir, "nosuch.jsonl"), "the question file " + filepath.Join(dir, "nosuch.jsonl") + " does not exist", "open questions"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadQuestionFile(context.Background(), tt.path)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("ReadQuestionFile(%q) = %v, want an error with %q", tt.path, err, tt.want)
			}
			if tt.notTwice != "" && strings.Contains(err.Error(), tt.notTwice) {
				t.Errorf("ReadQuestionFile(%q) = %v: the path twice", tt.path, err)
			}
		})
	}
}

// TestReadQuestionsUnscorable: a question file whose lines cannot be scored
// is refused with the file and each such line named (the first five), and
// a UTF-8 byte order mark is accepted. An empty or "!!!" gold answer was
// scored wrong whatever the answer, two lines with one id gave two results
// with that id, a misspelt key was ignored, and a byte order mark gave
// "invalid character 'ï' looking for beginning of value".
func TestReadQuestionsUnscorable(t *testing.T) {
	const ok = `{"id":"a","question":"Who won?","answers":["Bob"]}`
	tests := []struct {
		name, text string
		want       string // in the error; "" : read, with n questions
		n          int
	}{
		{"byte order mark", "\uFEFF" + ok + "\n", "", 1},
		{"byte order mark where two files meet", ok + "\n\uFEFF" + `{"question":"Who lost?","answers":["Al"]}` + "\n", "", 2},
		{"RealTimeQA keys", `{"id":"1","as_of":"2022-06-10","question":"Who?","answers":["Bob"],"answer_article_ids":["x"]}` + "\n", "", 1},
		{"feedback export keys", `{"id":"f","question":"Who?","as_of":"","wrong_answers":["Al"],"article_id":"x","quote":"q","votes":2}` + "\n", "", 1},
		{"keys in another case", `{"Question":"Who?","Answers":["Bob"]}` + "\n", "", 1},
		{"empty gold", `{"question":"Who?","answers":[""]}` + "\n", `line 1: answers holds "", which has no letter or digit`, 0},
		{"punctuation gold", ok + "\n" + `{"question":"Who?","answers":["Bob","!!!"]}` + "\n", `line 2: answers holds "!!!", which has no letter or digit`, 0},
		{"punctuation wrong answer", `{"question":"Who?","wrong_answers":["?"]}` + "\n", `line 1: wrong_answers holds "?"`, 0},
		{"duplicate id", ok + "\n\n" + ok + "\n", `line 3: id "a" again (first on line 1)`, 0},
		{"duplicate of a line's own id", `{"question":"Who?","answers":["Bob"]}` + "\n" + `{"id":"line-1","question":"Who?","answers":["Bob"]}` + "\n",
			`line 2: id "line-1" again (first on line 1)`, 0},
		{"misspelt key", `{"question":"Who?","answers":["Bob"],"qustion":"typo"}` + "\n", `line 1: key "qustion" is not one a question has (did you mean "question"?)`, 0},
		{"answer for answers", `{"question":"Who?","answers":["Bob"],"answer":"Bob"}` + "\n", `did you mean "answers"?`, 0},
		{"two misspelt keys", `{"question":"Who?","answers":["Bob"],"qustion":"typo","answer":"Bob"}` + "\n",
			`line 1: key "answer" is not one a question has (did you mean "answers"?), key "qustion" is not one a question has (did you mean "question"?)`, 0},
		{"asof for as_of", `{"question":"Who?","answers":["Bob"],"asof":"2024-03-26"}` + "\n", `did you mean "as_of"?`, 0},
		{"every bad line", `{"question":"Who?","answers":[""]}` + "\n" + ok + "\n" + ok + "\nnot json\n",
			`3 lines cannot be scored: line 1: answers holds ""`, 0},
		{"more than five", strings.Repeat(`{"question":"Who?","answers":["."]}`+"\n", 7), "7 lines cannot be scored: line 1: answers holds \".\"", 0},
		{"more than five, counted", strings.Repeat(`{"question":"Who?","answers":["."]}`+"\n", 7), "line 5: answers holds \".\", which has no letter or digit: no answer can match it; and 2 more", 0},
		// Helper 133: the parser's words ("invalid character 'o' in
		// literal null (expecting 'u')", "json: cannot unmarshal number into
		// Go struct field Question.question of type string") said in a
		// user's, with where and the text there, escaped.
		{"a word", ok + "\n\nnope\n", "line 3: not valid JSON: a word without double quotes (text goes in \"double quotes\"), at column 1 near `nope`", 0},
		{"a missing comma", `{"question":"Who?" "answers":["Bob"]}` + "\n", "line 1: not valid JSON: \",\" missing between two members of an object (or \"}\" missing at its end), at column 20 near `", 0},
		{"cut short", `{"question":"Who?","answers":["Bob"]` + "\n", "line 1: not valid JSON: it ends before its JSON does", 0},
		{"a control character", "{\"question\":\"Who\x1b[2J?\",\"answers\":[\"Bob\"]}\n", "line 1: not valid JSON: a control character (\\x1b) inside a string", 0},
		{"a number for the question", `{"question":5,"answers":["Bob"]}` + "\n", `line 1: "question" holds a number where a string belongs`, 0},
		{"a string for the answers", `{"question":"Who?","answers":"Bob"}` + "\n", `line 1: "answers" holds a string where a list of strings belongs`, 0},
		// Helper 139: an as_of that is no day was found only when its
		// question was asked, the run stopped there, naming the line's
		// made-up ID ("question line-2") in the parser's words.
		{"an as_of that is no day", ok + "\n" + `{"question":"Who?","answers":["Bob"],"as_of":"bad"}` + "\n",
			`line 2: as_of must be a date like 2024-03-26 (year-month-day), not "bad"`, 0},
		{"an as_of with a time", `{"question":"Who?","answers":["Bob"],"as_of":"2024-03-26T10:00:00Z"}` + "\n",
			`line 1: as_of must be a date like 2024-03-26 (year-month-day), not "2024-03-26T10:00:00Z"`, 0},
		{"an as_of out of range", `{"question":"Who?","answers":["Bob"],"as_of":"9999-12-31"}` + "\n", `line 1: as_of 9999-12-31 is outside the years 1678 to 2261`, 0},
		// ask --batch named UTF-16 input; eval showed `\xff\xfe{\x00"\x00...`
		// as "no JSON value where one belongs": both say it in one wording,
		// once, of the whole file (it was said of each line, and of the lone
		// NUL after the last newline: "3 lines" of 2 questions).
		{"UTF-16", utf16LE(ok + "\n" + ok + "\n"), "q.jsonl: " + jsonmsg.NotUTF8Text, 0},
		// A block a crash left zeroed held questions: refused, not read as
		// a blank line (as the lone NUL after UTF-16 LE's last newline is).
		{"a zeroed block", ok + "\n" + strings.Repeat("\x00", 64) + "\n", "line 2: " + jsonmsg.NotUTF8Text, 0},
		{"a zeroed tail", ok + "\n" + strings.Repeat("\x00", 64), "line 2: " + jsonmsg.NotUTF8Text, 0},
		{"bad as_of among other bad lines", `{"question":"Who?","answers":["Bob"],"as_of":"bad"}` + "\nnope\n", `2 lines cannot be scored: line 1: as_of must be a date`, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "q.jsonl")
			if err := os.WriteFile(path, []byte(tt.text), 0o600); err != nil {
				t.Fatal(err)
			}
			qs, err := ReadQuestionFile(context.Background(), path)
			if tt.want == "" {
				if err != nil || len(qs) != tt.n {
					t.Errorf("ReadQuestionFile(%q) = %d questions, %v; want %d", tt.text, len(qs), err, tt.n)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), path) {
				t.Errorf("ReadQuestionFile(%q) = %d questions, %v; want an error naming the file and saying %q", tt.text, len(qs), err, tt.want)
			}
		})
	}
}

// utf16LE is s in UTF-16, little-endian, with its byte order mark (s is
// ASCII).
func utf16LE(s string) string {
	b := []byte{0xff, 0xfe}
	for _, c := range []byte(s) {
		b = append(b, c, 0)
	}
	return string(b)
}
