package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chronicle-bot/chronicle/internal/jsonmsg"
)

// TestUTF16QuestionsOneWording: a question file saved as UTF-16 is named
// in one wording by bot eval and by bot ask --batch (jsonmsg.NotUTF8Text),
// where eval showed `\xff\xfe{\x00"\x00...` as "no JSON value where one
// belongs" and ask --batch said "not a JSON object: the input is UTF-16".
func TestUTF16QuestionsOneWording(t *testing.T) {
	clearEnv(t)
	corpus, idx := copyCorpus(t), filepath.Join(t.TempDir(), "index")
	text := []byte{0xff, 0xfe}
	for _, c := range []byte(`{"id":"q1","question":"Who claimed the Moscow attack?","answers":["ISIS"]}` + "\n") {
		text = append(text, c, 0)
	}
	questions := filepath.Join(t.TempDir(), "questions.jsonl")
	if err := os.WriteFile(questions, text, 0o600); err != nil {
		t.Fatal(err)
	}
	want := "line 1: " + jsonmsg.NotUTF8Text
	tests := []struct {
		name  string
		stdin string
		args  []string
		out   bool // the wording is in stdout (an answer's "error"), not the error
	}{
		{"eval", "", []string{"eval", questions}, false},
		{"ask --batch", string(text), []string{"ask", "--batch"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _, err := runCLI(t, tt.stdin, cliArgs(corpus, idx, tt.args...)...)
			if err == nil {
				t.Fatalf("bot %s of UTF-16 questions succeeded, want an error", tt.name)
			}
			got := err.Error()
			if tt.out {
				got = out
			}
			if !strings.Contains(got, want) {
				t.Errorf("bot %s of UTF-16 questions said %q, want %q", tt.name, got, want)
			}
		})
	}
}
