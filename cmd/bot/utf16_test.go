package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chronicle-bot/chronicle/internal/jsonmsg"
)

// TestUTF16QuestionsOneWording: a question file saved as UTF-16 (or
// UTF-32), with its byte order mark, is refused once, as a whole, by bot
// eval and by bot ask --batch alike, in one wording (jsonmsg.NotUTF8Text),
// where eval showed `\xff\xfe{\x00"\x00...` as "no JSON value where one
// belongs" and ask --batch said "not a JSON object: the input is UTF-16".
// Each line was refused on its own, and the lone NUL after the last
// newline of UTF-16 LE text was one more: N+1 errors for N questions.
func TestUTF16QuestionsOneWording(t *testing.T) {
	clearEnv(t)
	corpus, idx := copyCorpus(t), filepath.Join(t.TempDir(), "index")
	const questions = `{"id":"q1","question":"Who claimed the Moscow attack?","answers":["ISIS"]}` + "\n" +
		`{"id":"q2","question":"Where was the concert hall?","answers":["Krasnogorsk"]}` + "\n"
	// wide is questions in a unit of n bytes, its mark first; the ASCII
	// byte is the unit's first (little-endian) or last.
	wide := func(mark []byte, n int, little bool) []byte {
		out := append([]byte(nil), mark...)
		for _, c := range []byte(questions) {
			unit := make([]byte, n)
			if little {
				unit[0] = c
			} else {
				unit[n-1] = c
			}
			out = append(out, unit...)
		}
		return out
	}
	for _, enc := range []struct {
		name string
		text []byte
	}{
		{"UTF-16 LE", wide([]byte{0xff, 0xfe}, 2, true)},
		{"UTF-16 BE", wide([]byte{0xfe, 0xff}, 2, false)},
		{"UTF-32 LE", wide([]byte{0xff, 0xfe, 0, 0}, 4, true)},
		{"UTF-32 BE", wide([]byte{0, 0, 0xfe, 0xff}, 4, false)},
	} {
		path := filepath.Join(t.TempDir(), "questions.jsonl")
		if err := os.WriteFile(path, enc.text, 0o600); err != nil {
			t.Fatal(err)
		}
		for _, cmd := range []struct {
			name  string
			stdin string
			args  []string
		}{
			{"eval", "", []string{"eval", path}},
			{"ask --batch", string(enc.text), []string{"ask", "--batch"}},
		} {
			t.Run(enc.name+" "+cmd.name, func(t *testing.T) {
				out, _, err := runCLI(t, cmd.stdin, cliArgs(corpus, idx, cmd.args...)...)
				if err == nil {
					t.Fatalf("bot %s of %s questions succeeded, want an error", cmd.name, enc.name)
				}
				if !strings.Contains(err.Error(), jsonmsg.NotUTF8Text) || strings.Count(err.Error()+out, jsonmsg.NotUTF8Text) != 1 || out != "" {
					t.Errorf("bot %s of %s questions: error %q, output %q; want the file refused once, as a whole: %q",
						cmd.name, enc.name, err, out, jsonmsg.NotUTF8Text)
				}
				if enc := enc.name[:6]; !strings.Contains(err.Error(), enc) {
					t.Errorf("bot %s: error %q does not name %s, as the corpus loader does", cmd.name, err, enc)
				}
			})
		}
	}
}

// TestUTF16WithoutMarkNoExtraLine: UTF-16 LE questions saved without a byte
// order mark cannot be told from a whole file's start, and each line is
// refused on its own; the NUL after the last newline is no line of its own
// (it was one more refusal: 3 for 2 questions), as a blank line is none.
func TestUTF16WithoutMarkNoExtraLine(t *testing.T) {
	clearEnv(t)
	corpus, idx := copyCorpus(t), filepath.Join(t.TempDir(), "index")
	const questions = `{"id":"q1","question":"Who claimed the Moscow attack?","answers":["ISIS"]}` + "\n" +
		`{"id":"q2","question":"Where was the concert hall?","answers":["Krasnogorsk"]}` + "\n"
	var text []byte
	for _, c := range []byte(questions) {
		text = append(text, c, 0)
	}
	path := filepath.Join(t.TempDir(), "questions.jsonl")
	if err := os.WriteFile(path, text, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []struct {
		name  string
		stdin string
		args  []string
	}{
		{"eval", "", []string{"eval", path}},
		{"ask --batch", string(text), []string{"ask", "--batch"}},
	} {
		t.Run(cmd.name, func(t *testing.T) {
			out, _, err := runCLI(t, cmd.stdin, cliArgs(corpus, idx, cmd.args...)...)
			msg := out
			if err != nil {
				msg += err.Error()
			}
			if n := strings.Count(msg, jsonmsg.NotUTF8Text); n != 2 {
				t.Errorf("bot %s of 2 UTF-16 questions without a mark: %d refusals in %q, want 2, one a line", cmd.name, n, msg)
			}
		})
	}
}
