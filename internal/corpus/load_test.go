package corpus

import (
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// writeFile writes content to dir/name, creating folders, and returns the
// path.
func writeFile(tb testing.TB, dir, name string, content []byte) string {
	tb.Helper()
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(path, content, 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

// gzipped compresses b.
func gzipped(tb testing.TB, b []byte) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		tb.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func day(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t, _ = time.Parse("2006-01-02", s)
	}
	return t
}

func paras(texts ...string) []chronicle.Paragraph {
	var ps []chronicle.Paragraph
	for _, t := range texts {
		ps = append(ps, chronicle.Paragraph{Text: t})
	}
	return ps
}

// ignoreHashPath leaves Path and Hash out of article comparisons; the tests
// check them separately.
var ignoreHashPath = cmpopts.IgnoreFields(chronicle.Article{}, "Path", "Hash")

func TestLoadFileFormats(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		content string
		want    []chronicle.Article
		warn    string // the reason of the expected warnings, if any
	}{{
		name: "seed-style txt",
		file: "news/seed.txt",
		content: " date 2024-03-25 On a day of violence, Macron spoke. It was bad.\n\n" +
			"The Moscow Tragedy\n\nThe assault was\nattributed to ISIS.\n\nMore text here.\n",
		want: []chronicle.Article{{
			ID: "news/seed", Title: "On a day of violence, Macron spoke.", Published: day("2024-03-25"),
			Paragraphs: []chronicle.Paragraph{
				{Text: "On a day of violence, Macron spoke. It was bad."},
				{Heading: "The Moscow Tragedy", Text: "The assault was attributed to ISIS."},
				{Heading: "The Moscow Tragedy", Text: "More text here."},
			},
		}},
	}, {
		name:    "txt with title line and CRLF",
		file:    "t.txt",
		content: "date: 2024-01-02\r\nFlood Hits Town\r\n\r\nWater rose overnight.\r\n\r\nLast paragraph\r\n",
		want: []chronicle.Article{{
			ID: "t", Title: "Flood Hits Town", Published: day("2024-01-02"),
			Paragraphs: paras("Water rose overnight.", "Last paragraph"),
		}},
	}, {
		name: "markdown with front matter",
		file: "m.md",
		content: "---\nheadline: Rates Rise\ndate: 2024-05-01T10:00:00Z\npublisher: Example News\n" +
			"link: https://example.com/a\nid: md-1\n---\n# Ignored Title\n\nFirst &amp; foremost.\n\n## Details\nLine one\nline two.\n",
		want: []chronicle.Article{{
			ID: "md-1", Title: "Rates Rise", Source: "Example News", URL: "https://example.com/a",
			Published: day("2024-05-01T10:00:00Z"),
			Paragraphs: []chronicle.Paragraph{
				{Text: "First & foremost."},
				{Heading: "Details", Text: "Line one line two."},
			},
		}},
	}, {
		name:    "markdown without front matter takes the # title",
		file:    "dir/n.markdown",
		content: "# Big News\n\nBody text.\n",
		want:    []chronicle.Article{{ID: "dir/n", Title: "Big News", Paragraphs: paras("Body text.")}},
		warn:    ReasonUndated,
	}, {
		name:    "json object",
		file:    "one.json",
		content: `{"headline": "H", "body": "Para one.\n\nPara two.", "pubDate": "Mon, 25 Mar 2024 10:00:00 +0000", "url": "https://www.usatoday.com/x"}`,
		want: []chronicle.Article{{
			ID: "one", Title: "H", Source: "usatoday.com", URL: "https://www.usatoday.com/x",
			Published: day("2024-03-25T10:00:00Z"), Paragraphs: paras("Para one.", "Para two."),
		}},
	}, {
		name: "json array",
		file: "arr.json",
		content: "[\n {\"id\": 7, \"title\": \"A\", \"content\": \"x y\", \"published\": \"2024-03-25\"},\n" +
			" {\"guid\": \"g2\", \"title\": \"B\", \"description\": \"z\", \"date_published\": \"2024-03-26T01:02:03\", \"source\": {\"name\": \"CNN\"}},\n" +
			" {\"title\": \"C\", \"text\": \"w\", \"date\": \"2024-03-27\", \"outlet\": \"AP\"}\n]",
		want: []chronicle.Article{
			{ID: "arr-7", Title: "A", Published: day("2024-03-25"), Paragraphs: paras("x y")},
			{ID: "g2", Title: "B", Source: "CNN", Published: day("2024-03-26T01:02:03Z"), Paragraphs: paras("z")},
			{ID: "arr#4", Title: "C", Source: "AP", Published: day("2024-03-27"), Paragraphs: paras("w")},
		},
	}, {
		name: "jsonl reuters style",
		file: "wire/reuters.jsonl",
		content: `{"id": 1, "date": "1987-02-26T15:01:01", "title": "COCOA &lt;CCO&gt;", "text": "Showers continued in\nthe zone.\n    The dry period means\nlate crops.&#3;"}` + "\n" +
			`{"date": "26-FEB-1987 15:01:01.79", "text": "No title here. Second sentence."}` + "\n",
		want: []chronicle.Article{
			{ID: "wire/reuters-1", Title: "COCOA <CCO>", Published: day("1987-02-26T15:01:01Z"),
				Paragraphs: paras("Showers continued in the zone.", "The dry period means late crops.")},
			{ID: "wire/reuters#2", Title: "No title here.", Published: day("1987-02-26T15:01:01.79Z"),
				Paragraphs: paras("No title here. Second sentence.")},
		},
	}, {
		name:    "rss style jsonl",
		file:    "rss.jsonl",
		content: `{"id": "rss-1", "source": "BBC", "title": "T", "link": "https://bbc.co.uk/1", "date_published": "2024-03-22T08:42:57+00:00", "description": "Summary."}` + "\n",
		want: []chronicle.Article{{
			ID: "rss-1", Title: "T", Source: "BBC", URL: "https://bbc.co.uk/1",
			Published: day("2024-03-22T08:42:57Z"), Paragraphs: paras("Summary."),
		}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := writeFile(t, dir, tt.file, []byte(tt.content))
			got, probs, err := LoadFile(context.Background(), File{Path: path, Root: dir})
			if err != nil {
				t.Fatalf("LoadFile: %v", err)
			}
			for _, p := range probs {
				if p.Reason != tt.warn || p.Skipped {
					t.Errorf("LoadFile problem: %v", p)
				}
			}
			if diff := cmp.Diff(tt.want, got, ignoreHashPath, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("LoadFile(%s) mismatch (-want +got):\n%s", tt.file, diff)
			}
			for _, a := range got {
				if a.Path != path || a.Hash != Hash(a) || len(a.Hash) != 32 {
					t.Errorf("article %q: Path %q Hash %q, want %q and Hash(a) %q", a.ID, a.Path, a.Hash, path, Hash(a))
				}
			}
		})
	}
}

func TestLoadFileGzip(t *testing.T) {
	dir := t.TempDir()
	lines := []byte(`{"id": "a", "text": "one", "date": "2024-01-01"}` + "\n" + `{"id": "b", "text": "two", "date": "2024-01-02"}` + "\n")
	for _, name := range []string{"x.jsonl.gz", "y.json.gz"} {
		path := writeFile(t, dir, name, gzipped(t, lines))
		got, probs, err := LoadFile(context.Background(), File{Path: path, Root: dir})
		if err != nil || len(probs) > 0 || len(got) != 2 {
			t.Errorf("LoadFile(%s) = %d articles, %v, %v; want 2 articles, no problems", name, len(got), probs, err)
		}
	}
}

func TestHash(t *testing.T) {
	a := chronicle.Article{ID: "a", Title: "T", Paragraphs: paras("x")}
	b := a
	b.Path = "elsewhere.txt"
	if Hash(a) != Hash(b) {
		t.Errorf("Hash depends on Path")
	}
	for name, change := range map[string]func(*chronicle.Article){
		"title":     func(a *chronicle.Article) { a.Title = "U" },
		"published": func(a *chronicle.Article) { a.Published = day("2024-01-01") },
		"heading":   func(a *chronicle.Article) { a.Paragraphs = []chronicle.Paragraph{{Heading: "H", Text: "x"}} },
		"split":     func(a *chronicle.Article) { a.Title = ""; a.Source = "T" },
	} {
		c := a
		change(&c)
		if Hash(c) == Hash(a) {
			t.Errorf("Hash unchanged after changing %s", name)
		}
	}
}

func TestLoadFileCancelled(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "a.jsonl", []byte(`{"text": "x"}`))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := LoadFile(ctx, File{Path: path, Root: dir}); err != context.Canceled {
		t.Errorf("LoadFile(cancelled) error = %v, want context.Canceled", err)
	}
	if _, _, err := Load(ctx, []string{dir}); err != context.Canceled {
		t.Errorf("Load(cancelled) error = %v, want context.Canceled", err)
	}
}
