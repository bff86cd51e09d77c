package corpus

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/chronicle-bot/chronicle"
)

// TestProblemStringEscapesBytes: a path or detail holding bytes that are
// not UTF-8 (an 8-bit CSI, 0x9b, drives some terminals) is printed escaped,
// as a control character is.
func TestProblemStringEscapesBytes(t *testing.T) {
	for _, p := range []Problem{
		{Path: "a\x9b31mb.jsonl", Reason: ReasonMalformedJSON},
		{Path: "a.jsonl", Line: 2, Reason: ReasonMalformedJSON, Detail: "near \xff\xfe"},
		{Path: "a.jsonl", Line: 2, Reason: ReasonMalformedJSON, Detail: "near \x1b[2J and \xc3"},
	} {
		s := p.String()
		if !utf8.ValidString(s) || strings.ContainsFunc(s, chronicle.Unprintable) || strings.ContainsRune(s, utf8.RuneError) {
			t.Errorf("%q printed as %q", p.Detail+p.Path, s)
		}
		if !strings.Contains(s, `\x`) {
			t.Errorf("%q: the odd bytes are not shown escaped", s)
		}
	}
}

// TestMalformedJSONSaysWhere: a bad JSON line says what is wrong in words,
// where, and shows the text there escaped, not the parser's message alone
// ("invalid character 'x' looking for beginning of value").
func TestMalformedJSONSaysWhere(t *testing.T) {
	lines := []struct{ line, want string }{
		{`{"id":"b", "title": x}`, "a word without double quotes (text goes in \"double quotes\"), at column 21 near `{\"id\":\"b\", \"title\": x}`"},
		{`{"id":"c", "text": "one" "two"}`, "\",\" missing between two members of an object (or \"}\" missing at its end), at column 26"},
		{"nope \x9b", "not a JSON object: the line starts `nope \\x9b`"},
		{"{\"id\":\"d\", \"text\": \"a\x1b[2J\"}", "a control character (\\x1b) inside a string"},
	}
	var data strings.Builder
	for _, l := range lines {
		data.WriteString(l.line + "\n")
	}
	dir := t.TempDir()
	path := writeFile(t, dir, "a.jsonl", []byte(data.String()))
	_, probs, err := LoadFile(context.Background(), File{Path: path, Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) != len(lines) {
		t.Fatalf("problems %v, want %d", probs, len(lines))
	}
	for i, l := range lines {
		t.Run(l.line, func(t *testing.T) {
			p := probs[i]
			if p.Line != i+1 || p.Reason != ReasonMalformedJSON || !strings.Contains(p.Detail, l.want) || strings.Contains(p.Detail, "invalid character") {
				t.Errorf("problem %v, want line %d, malformed JSON, %q", p, i+1, l.want)
			}
			if s := p.String(); !utf8.ValidString(s) || strings.ContainsFunc(s, chronicle.Unprintable) {
				t.Errorf("problem prints raw bytes: %q", s)
			}
		})
	}
}
