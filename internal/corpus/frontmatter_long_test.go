package corpus

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

// TestLongFrontMatterLineKeepsBody: a .md file whose front matter holds a
// 2 MB title line was cut at 1 MiB before its front matter closed: the
// article's text became "---\ntitle: TTT…", its date and body were lost,
// and a phrase of its body found nothing (helper 133). The README says a
// title over 1 KiB is cut and the article kept.
func TestLongFrontMatterLineKeepsBody(t *testing.T) {
	const body = "The Pelham mill closed on Tuesday after ninety years of weaving cotton in the valley.\n\nWorkers gathered outside the gates.\n"
	long := strings.Repeat("T", 2_000_000)
	for _, tt := range []struct {
		name, meta string
		title      string // the title's first bytes
		warns      string // in a front matter warning, when not ""
	}{
		{"plain", "title: " + long + "\ndate: 2024-03-05\n", "TTTT", ""},
		{"double-quoted", `title: "` + strings.Repeat(`T\"`, 1_000_000) + "\"\ndate: 2024-03-05\n", `T"T"`, ""},
		{"single-quoted", "title: '" + strings.Repeat("T''", 700_000) + "'\ndate: 2024-03-05\n", "T'T'", ""},
		{"a long key after the title", "title: Mill news\nnotes: " + long + "\ndate: 2024-03-05\n", "Mill news", ""},
		{"many long lines", "title: Mill news\ndate: 2024-03-05\n" + notes(12, 200_000), "Mill news", ""},
		// A flow list or mapping cut short is not YAML: the whole front
		// matter was refused, the title and date with it (helper 139).
		{"a long flow list", "title: Mill news\ndate: 2024-03-05\ntags: [" + strings.Repeat("cotton, ", 300_000) + "mill]\n", "Mill news", `"tags" line of 2400013 bytes, more than the 256 KiB read of a front matter line: its value, a list or mapping that cannot be cut, is left out`},
		{"a long flow mapping", "title: Mill news\nextra: {" + strings.Repeat("k: v, ", 400_000) + "z: w}\ndate: 2024-03-05\n", "Mill news", `"extra" line of`},
		{"CRLF", strings.ReplaceAll("title: "+long+"\ndate: 2024-03-05\n", "\n", "\r\n"), "TTTT", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := writeFile(t, dir, "big.md", []byte("---\n"+tt.meta+"---\n\n"+body))
			arts, probs, err := LoadFile(context.Background(), File{Path: path, Root: dir})
			if err != nil {
				t.Fatal(err)
			}
			if len(arts) != 1 {
				t.Fatalf("loaded %d articles, want 1 (problems %v)", len(arts), probs)
			}
			a := arts[0]
			if len(a.Paragraphs) != 2 || !strings.Contains(a.Paragraphs[0].Text, "Pelham mill") || strings.Contains(a.Paragraphs[0].Text, "TTTT") {
				t.Errorf("paragraphs %.200q, want the body", a.Paragraphs)
			}
			if want := time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC); !a.Published.Equal(want) {
				t.Errorf("date %v, want %v (problems %v)", a.Published, want, probs)
			}
			if !strings.HasPrefix(a.Title, tt.title) || len(a.Title) > DefaultMaxTitleBytes {
				t.Errorf("title %.40q (%d bytes), want %q… of at most %d bytes", a.Title, len(a.Title), tt.title, DefaultMaxTitleBytes)
			}
			if tt.warns != "" && !slices.ContainsFunc(probs, func(p Problem) bool { return strings.Contains(p.Detail, tt.warns) }) {
				t.Errorf("problems %v, want a warning with %q", probs, tt.warns)
			}
			for _, p := range probs {
				if p.Skipped {
					t.Errorf("problem %v skips, want warnings only", p)
				}
				if p.Reason == ReasonBadFrontMatter && !strings.Contains(p.Detail, "body kept") {
					t.Errorf("front matter warning %q does not say the body is kept", p.Detail)
				}
				if len(p.Detail) > 400 {
					t.Errorf("problem detail of %d bytes", len(p.Detail))
				}
			}
		})
	}
}

// notes returns n front matter lines "noteI: nnn…" of size bytes each.
func notes(n, size int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "note%02d: %s\n", i, strings.Repeat("n", size))
	}
	return b.String()
}

// TestFrontMatterNeverClosed: a .md file that starts with "---" and holds
// no closing line is read as text, as before: its first MaxArticleBytes.
func TestFrontMatterNeverClosed(t *testing.T) {
	dir := t.TempDir()
	para := "The Pelham mill closed on Tuesday after ninety years.\n\n"
	path := writeFile(t, dir, "rule.md", []byte("---\n\n"+strings.Repeat(para, 30_000)))
	arts, probs, err := LoadFile(context.Background(), File{Path: path, Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) != 1 || len(arts[0].Paragraphs) < 1000 || !hasProblem(probs, path, ReasonLongText, false) {
		t.Fatalf("loaded %d articles, problems %v; want the text cut with a warning", len(arts), probs)
	}
	if n := arts[0].TextBytes(); n > DefaultMaxArticleBytes || n < DefaultMaxArticleBytes*9/10 {
		t.Errorf("text of %d bytes, want about %d", n, DefaultMaxArticleBytes)
	}
}

// TestFitFrontMatterLine: a front matter line cut anywhere is still a YAML
// key and a value, the value a prefix of the whole one.
func TestFitFrontMatterLine(t *testing.T) {
	for _, tt := range []struct{ line, value string }{
		{"title: Plain words, a colon:x, a:", "Plain words, a colon:x, a:"},
		{`title: "A \"quote\", \x41, \u00e9, \U0001F600 and \\ too"`, "A \"quote\", A, é, \U0001F600 and \\ too"},
		{`title: 'It''s, it''s'`, "It's, it's"},
		{"  - title: élan vital", "élan vital"},
	} {
		for n := len(tt.line) - 1; n > strings.Index(tt.line, ": ")+3; n-- {
			fitted, _ := fitFrontMatterLine([]byte(tt.line), n)
			var m any
			if err := yaml.Unmarshal(fitted, &m); err != nil {
				t.Errorf("cut at %d: %q: %v", n, fitted, err)
				continue
			}
			if len(fitted) > n+2 {
				t.Errorf("cut at %d: %q is longer", n, fitted)
			}
			if l, ok := m.([]any); ok {
				m = l[0]
			}
			got, _ := m.(map[string]any)["title"].(string)
			if !strings.HasPrefix(tt.value, strings.TrimRight(got, " ")) {
				t.Errorf("cut at %d: %q gives %q, not a prefix of %q", n, fitted, got, tt.value)
			}
		}
	}
}
