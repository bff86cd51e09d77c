package jsonmsg

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/chronicle-bot/chronicle"
)

type question struct {
	Question string   `json:"question"`
	Answers  []string `json:"answers"`
	N        int      `json:"n"`
}

// TestDescribe: what a user reads for a line that is not valid JSON, or
// holds a value of the wrong kind, in words, with where it is and the text
// there; never the parser's "invalid character 'o' in literal null
// (expecting 'u')" (helper 133).
func TestDescribe(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []string
	}{
		{"nope", []string{"not valid JSON", "without double quotes", "column 1", "`nope`"}},
		{`{"id":"b", "title": x}`, []string{"without double quotes", "column 21", "`{\"id\":\"b\", \"title\": x}`"}},
		{`{"a":1,}`, []string{`"," before "}"`, "column 8"}},
		{`{"a" 1}`, []string{`":" missing`, "column 6"}},
		{`{"a":1 "b":2}`, []string{`"," missing`, "column 8"}},
		{`{"a":[1 2]}`, []string{`"," missing`, "column 9"}},
		{`{"a":"x\qy"}`, []string{`escape`, `\q`}},
		{`{"a":"\u12G4"}`, []string{`\u`}},
		{`{"a":1} t`, []string{"after the end of the JSON", "column 9"}},
		{`{"a":1.}`, []string{"number"}},
		{`{"question":"Who?", "answers": ["x"]`, []string{"ends before", "`…"}},
		{"{\"a\":\"b\x01c\x1b[2J\"}", []string{"control character", `\x01`, "column 8"}},
		{`{'a':1}`, []string{"single quotes"}},
		{`{"a":'x'}`, []string{"single quotes"}},
		{"\xff\xfe{}", []string{"column 1", `\xff`}},
		{`{"question": 5}`, []string{`"question" holds a number where a string belongs`}},
		{`{"answers": "b"}`, []string{`"answers" holds a string where a list of strings belongs`}},
		{`{"answers": ["b", true]}`, []string{`"answers" holds true or false where a string belongs`}},
		{`{"n": "b"}`, []string{`"n" holds a string where a whole number belongs`}},
		{`[1]`, []string{"a JSON array, not an object"}},
		{`{"n": 1.5}`, []string{`"n" holds the number 1.5 where a whole number belongs`}},
		{`"text"`, []string{"a JSON string, not an object"}},
	} {
		var q question
		err := json.Unmarshal([]byte(tt.in), &q)
		if err == nil {
			t.Fatalf("%q: no error", tt.in)
		}
		got := Describe([]byte(tt.in), err)
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%q: %q, want %q in it", tt.in, got, w)
			}
		}
		for _, bad := range []string{"invalid character", "Go struct", "Go value", "literal"} {
			if strings.Contains(got, bad) {
				t.Errorf("%q: %q holds the parser's %q", tt.in, got, bad)
			}
		}
		if !utf8.ValidString(got) || strings.ContainsFunc(got, chronicle.Unprintable) {
			t.Errorf("%q: %q holds raw bytes", tt.in, got)
		}
	}
}

// TestDescribeLines: a fault on a later line of a value that spans lines
// names that line, counted from the value's first.
func TestDescribeLines(t *testing.T) {
	data := []byte("{\n  \"id\": \"a\",\n  \"text\": oops\n}")
	var v any
	err := json.Unmarshal(data, &v)
	if got := DescribeAt(data, err, 10); !strings.Contains(got, "line 12, column 11") {
		t.Errorf("DescribeAt: %q, want line 12, column 11", got)
	}
}

// TestExcerpt: a short, one-line, escaped window of the text.
func TestExcerpt(t *testing.T) {
	for _, tt := range []struct {
		in   string
		at   int
		want string
	}{
		{"nope", 0, "`nope`"},
		{strings.Repeat("a", 40) + "X" + strings.Repeat("b", 40), 40, "`…" + strings.Repeat("a", 20) + "X" + strings.Repeat("b", 19) + "…`"},
		{"one\ntwo\nthree", 5, "`two`"},
		{"a\x00b\x9bc\u202ed", 0, "`a\\x00b\\x9bc\\u202ed`"},
		{"", 0, "``"},
	} {
		if got := Excerpt([]byte(tt.in), tt.at); got != tt.want {
			t.Errorf("Excerpt(%q, %d) = %q, want %q", tt.in, tt.at, got, tt.want)
		}
	}
}

// TestWrap: the error says what Describe says and still wraps the
// parser's, for errors.As.
func TestWrap(t *testing.T) {
	data := []byte("nope")
	var v any
	parseErr := json.Unmarshal(data, &v)
	err := Wrap(data, parseErr)
	var se *json.SyntaxError
	if err == nil || err.Error() != Describe(data, parseErr) || !errors.As(err, &se) {
		t.Errorf("Wrap = %v, want Describe's words wrapping a *json.SyntaxError", err)
	}
	if Wrap(data, nil) != nil {
		t.Error("Wrap of a nil error is not nil")
	}
}

// TestNotUTF8: a line of UTF-16 (with its byte order mark, or a later line,
// which holds NUL bytes) or binary is named as such, in the one wording
// bot eval and bot ask --batch give; any other line is left to Describe.
func TestNotUTF8(t *testing.T) {
	tests := []struct {
		name string
		line string
		want string
	}{
		{"UTF-16 little-endian", "\xff\xfe{\x00\"\x00", NotUTF8Text},
		{"UTF-16 big-endian", "\xfe\xff\x00{\x00\"", NotUTF8Text},
		{"a later line of UTF-16", "\x00{\x00\"\x00i\x00", NotUTF8Text},
		{"binary", "PK\x03\x04\x00\x00", NotUTF8Text},
		{"not JSON", "nope", ""},
		{"a UTF-8 byte order mark", "\uFEFF{\"question\":", ""},
		{"Latin-1", "{\"question\":\"caf\xe9\"}", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NotUTF8([]byte(tt.line)); got != tt.want {
				t.Errorf("NotUTF8(%q) = %q, want %q", tt.line, got, tt.want)
			}
		})
	}
}

// TestWideStart: a question file that starts with a UTF-16 or UTF-32 byte
// order mark is refused as a whole; a UTF-8 one, or a later line of UTF-16
// (which NotUTF8 names), is not.
func TestWideStart(t *testing.T) {
	tests := []struct {
		name string
		head string
		want string
	}{
		{"UTF-16 little-endian", "\xff\xfe{\x00", NotUTF8Text},
		{"UTF-16 big-endian", "\xfe\xff\x00{", NotUTF8Text},
		{"UTF-32 little-endian", "\xff\xfe\x00\x00{\x00\x00\x00", NotUTF8Text},
		{"UTF-32 big-endian", "\x00\x00\xfe\xff\x00\x00\x00{", NotUTF8Text},
		{"a UTF-8 byte order mark", "\uFEFF{\"question\":", ""},
		{"JSON", "{\"question\":", ""},
		{"a later line of UTF-16", "\x00{\x00\"\x00", ""},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := WideStart([]byte(tt.head)); got != tt.want {
				t.Errorf("WideStart(%q) = %q, want %q", tt.head, got, tt.want)
			}
		})
	}
}

// TestBlank: a line of white space is blank, with the NUL bytes UTF-16
// text leaves between its characters (the NUL after the last newline of
// little-endian text without a byte order mark, or a blank line of it),
// never two together; a run of NUL bytes (a block a crash left zeroed)
// is not blank: it held questions, and is refused as a line of binary.
func TestBlank(t *testing.T) {
	tests := []struct {
		name string
		line string
		want bool
	}{
		{"empty", "", true},
		{"white space", " \t\r", true},
		{"the NUL after UTF-16 LE's last newline", "\x00", true},
		{"a blank UTF-16 LE line of CRLF text", "\x00\r\x00", true},
		{"a UTF-16 LE line of spaces", "\x00 \x00 \x00", true},
		{"two NUL bytes", "\x00\x00", false},
		{"a zeroed block", strings.Repeat("\x00", 64), false},
		{"zeros among spaces", " \x00\x00\x00 ", false},
		{"JSON", "{}", false},
		{"a later line of UTF-16", "\x00{\x00", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Blank([]byte(tt.line)); got != tt.want {
				t.Errorf("Blank(%q) = %v, want %v", tt.line, got, tt.want)
			}
		})
	}
}
