package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// digestCorpus is the bundled corpus plus three reports of the Moscow
// attack on 25 March 2024: one from Le Monde and two without an outlet.
func digestCorpus(tb testing.TB) string {
	tb.Helper()
	dir := copyCorpus(tb)
	files := map[string]string{
		"lemonde.md": "---\nid: lemonde-1\ntitle: Moscow concert hall attack\nsource: Le Monde\ndate: 2024-03-25T09:00:00Z\n" +
			"url: https://example.com/lemonde-1\n---\nGunmen attacked the Crocus City Hall concert venue near Moscow, " +
			"killing dozens of people, and ISIS claimed the attack.\n",
		"unknown1.txt": "date 2024-03-25 Gunmen attacked the Crocus City Hall concert venue near Moscow, killing dozens " +
			"of people, and ISIS claimed the attack on Friday.\n",
		"unknown2.txt": "date 2024-03-25 Gunmen attacked the Crocus City Hall concert venue near Moscow on Friday, " +
			"killing dozens of people; ISIS claimed the attack.\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

// TestDigestOutput: what `bot digest` prints, as text and as JSON.
func TestDigestOutput(t *testing.T) {
	clearEnv(t)
	corpus, idx := digestCorpus(t), filepath.Join(t.TempDir(), "index")
	day := []string{"--since", "2024-03-25", "--until", "2024-03-25"}
	empty := []string{"--since", "2020-01-01", "--until", "2020-01-02"}
	type point struct {
		Citation struct {
			ArticleID string `json:"article_id"`
			Date      string `json:"date"`
		} `json:"citation"`
		Date    string   `json:"date"`
		Outlets []string `json:"outlets"`
	}
	tests := []struct {
		name  string
		args  []string
		check func(t *testing.T, out string)
	}{
		{"text ends with one newline", append([]string{"digest"}, day...), func(t *testing.T, out string) {
			if !strings.HasSuffix(out, "\n") || strings.HasSuffix(out, "\n\n") {
				t.Errorf("digest printed %q, want it to end with exactly one newline", out)
			}
			if strings.Contains(out, "2 outlets") || strings.Contains(out, "3 outlets") {
				t.Errorf("digest printed %q, want articles without an outlet not counted as one", out)
			}
		}},
		{"empty text ends with one newline", append([]string{"digest"}, empty...), func(t *testing.T, out string) {
			if out != "No coverage between 1 Jan 2020 and 2 Jan 2020.\n" {
				t.Errorf("digest printed %q, want the no-coverage line and one newline", out)
			}
		}},
		{"empty JSON has a points list", append([]string{"digest", "--json"}, empty...), func(t *testing.T, out string) {
			if !strings.Contains(out, `"points":[]`) || !strings.Contains(out, `"capped":false`) {
				t.Errorf("digest --json printed %s, want \"points\":[] and \"capped\":false", out)
			}
		}},
		{"JSON citations are dated; outlets known only", append([]string{"digest", "--json"}, day...), func(t *testing.T, out string) {
			var d struct {
				Points []point `json:"points"`
			}
			if err := json.Unmarshal([]byte(out), &d); err != nil || len(d.Points) == 0 {
				t.Fatalf("digest --json printed %s (%v), want points", out, err)
			}
			for _, p := range d.Points {
				if p.Citation.Date != "2024-03-25" || p.Date != "2024-03-25" {
					t.Errorf("point %s: citation date %q, date %q; want 2024-03-25 for both", p.Citation.ArticleID, p.Citation.Date, p.Date)
				}
				for _, o := range p.Outlets {
					if o == "" {
						t.Errorf("point %s: outlets %q, want no unknown outlet \"\"", p.Citation.ArticleID, p.Outlets)
					}
				}
			}
		}},
		// A topic longer than /digest takes is shortened as it is there,
		// rather than filling the message so that no quote fits.
		{"a long topic is shortened", append([]string{"digest", "--topic", strings.Repeat("Moscow attack ", 200)}, day...),
			func(t *testing.T, out string) {
				if !strings.Contains(out, "Crocus City Hall") || strings.Contains(out, "more stor") {
					t.Errorf("digest with a long topic printed %q, want the Moscow story quoted and nothing left out", out)
				}
			}},
		// The most points a digest takes (a larger number is refused:
		// flags_test.go); MaxInt64 was taken before, and must not wrap.
		{"the most points", append([]string{"digest", "--points", "50"}, day...),
			func(t *testing.T, out string) {
				if !strings.Contains(out, "Crocus City Hall") {
					t.Errorf("digest --points 50 printed %q, want the day's stories", out)
				}
			}},
		{"the most points, as JSON", append([]string{"digest", "--json", "--points", "50"}, day...),
			func(t *testing.T, out string) {
				if !strings.Contains(out, `"points":[{`) {
					t.Errorf("digest --json --points 50 printed %s, want points", out)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _, err := runCLI(t, "", cliArgs(corpus, idx, tt.args...)...)
			if err != nil {
				t.Fatalf("%v: %v", tt.args, err)
			}
			tt.check(t, out)
		})
	}
}

// TestDigestJSONSaysWhatDidNotFit: `bot digest --json` lists the points the
// Discord message shows and counts in "dropped" those left out to fit it,
// the same count the text's "+N more stories" note gives.
func TestDigestJSONSaysWhatDidNotFit(t *testing.T) {
	clearEnv(t)
	corpus, idx := t.TempDir(), filepath.Join(t.TempDir(), "index")
	for i := range 20 {
		w := strings.Repeat(string(rune('a'+i)), 6)
		text := fmt.Sprintf("---\nid: s%02d\ntitle: Story %s\nsource: Outlet %02d\ndate: 2024-03-23T10:00:00Z\nurl: https://news.example.com/%s\n---\n"+
			"Officials in %sville said the %s bridge would close for repairs that will last at least until the end of the summer season, "+
			"while traffic in %sville is sent through the narrow streets of the old town and the %s ferry doubles its crossings at weekends.\n",
			i, w, i, w, w, w, w, w)
		if err := os.WriteFile(filepath.Join(corpus, fmt.Sprintf("s%02d.md", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	args := []string{"digest", "--since", "2024-03-23", "--until", "2024-03-23", "--points", "20"}
	out, _, err := runCLI(t, "", cliArgs(corpus, idx, append(args, "--json")...)...)
	if err != nil {
		t.Fatalf("digest --json: %v", err)
	}
	var d struct {
		Stories int               `json:"stories"`
		Dropped int               `json:"dropped"`
		Points  []json.RawMessage `json:"points"`
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("digest --json printed %s: %v", out, err)
	}
	if d.Stories != 20 || d.Dropped == 0 || len(d.Points)+d.Dropped != 20 {
		t.Fatalf("digest --json: %d stories, %d points, %d dropped; want 20 stories, some dropped, 20 in all", d.Stories, len(d.Points), d.Dropped)
	}
	text, _, err := runCLI(t, "", cliArgs(corpus, idx, args...)...)
	if err != nil {
		t.Fatalf("digest: %v", err)
	}
	if want := fmt.Sprintf("\n+%d more stories (left out to fit one message)\n", d.Dropped); !strings.HasSuffix(text, want) ||
		!strings.Contains(text, fmt.Sprintf("\n%d. \"", len(d.Points))) || strings.Contains(text, fmt.Sprintf("\n%d. \"", len(d.Points)+1)) {
		t.Errorf("digest printed %q, want its %d points and %q at the end", text, len(d.Points), want)
	}
}
