package corpus

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/chronicle-bot/chronicle"
)

// fuzzLimits are small so that fuzzed inputs reach every limit.
var fuzzLimits = Limits{MaxFileBytes: 256 << 10, MaxArticleBytes: 4 << 10, MaxTitleBytes: 128, MaxIDBytes: 96}

// seed adds the testdata file name (and every extra input) to f's corpus.
func seed(f *testing.F, name string, extra ...string) {
	f.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	for _, e := range extra {
		f.Add([]byte(e))
	}
}

// fuzzLoad writes data to a file called name, loads it with fuzzLimits and
// checks what every load must hold, whatever the input.
func fuzzLoad(t *testing.T, name string, data []byte) {
	dir := t.TempDir()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	lim := fuzzLimits
	arts, probs, err := Loader{Limits: lim}.LoadFile(context.Background(), File{Path: path, Root: dir, Size: int64(len(data))})
	if err != nil {
		t.Fatalf("LoadFile: %v", err)
	}
	seen := map[string]bool{}
	for _, a := range arts {
		switch {
		case a.ID == "" || len(a.ID) > lim.MaxIDBytes || !utf8.ValidString(a.ID):
			t.Errorf("ID %q: want non-empty valid UTF-8 of at most %d bytes", a.ID, lim.MaxIDBytes)
		case seen[a.ID]:
			t.Errorf("ID %q returned twice", a.ID)
		case a.Title == "" || len(a.Title) > lim.MaxTitleBytes || !utf8.ValidString(a.Title):
			t.Errorf("article %q title %q: want non-empty valid UTF-8 of at most %d bytes", a.ID, a.Title, lim.MaxTitleBytes)
		case len(a.Paragraphs) == 0 || textBytes(a.Paragraphs) > lim.MaxArticleBytes:
			t.Errorf("article %q has %d paragraphs of %d bytes, want 1 or more of at most %d", a.ID, len(a.Paragraphs), textBytes(a.Paragraphs), lim.MaxArticleBytes)
		case a.Path != path || a.Hash != Hash(a):
			t.Errorf("article %q: Path %q, Hash %q; want %q and Hash(a)", a.ID, a.Path, a.Hash, path)
		}
		seen[a.ID] = true
		for _, p := range a.Paragraphs {
			if !hasWord(p.Text) {
				t.Errorf("article %q has paragraph %q without a word", a.ID, p.Text)
			}
		}
		for _, s := range append([]string{a.Title, a.Source}, paragraphStrings(a)...) {
			if !utf8.ValidString(s) || strings.ContainsFunc(s, isBidiControl) || strings.ContainsAny(s, "\x00\r") {
				t.Errorf("article %q holds %q: want valid UTF-8 without NUL, CR or bidi controls", a.ID, s)
			}
		}
	}
	for _, p := range probs {
		if p.Path != path || p.Reason == "" || p.Line < 0 {
			t.Errorf("problem %+v: want Path %q, a reason and a line >= 0", p, path)
		}
	}
}

// paragraphStrings lists the headings and texts of a's paragraphs.
func paragraphStrings(a chronicle.Article) []string {
	var ss []string
	for _, p := range a.Paragraphs {
		ss = append(ss, p.Heading, p.Text)
	}
	return ss
}

func FuzzLoadTXT(f *testing.F) {
	seed(f, "seed.txt", "date 2024-01-01 Title\n\nBody \u202etext\u202c.", "date 2024-13-45\r\n\r\n\xe9t\xe9", "\ufeffHeading\n\nText.\n\nHeading\n\nMore.")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzLoad(t, "a.txt", data) })
}

func FuzzLoadMD(f *testing.F) {
	seed(f, "article.md", "---\ntitle: [unclosed\n---\n# T\n\nx", "# Only\n", "---\ndate: 2024-01-01\nid: 7\n---\n\n## H\n\ntext",
		// Front matter past MaxArticleBytes, read line by line (helper 133).
		"---\ntitle: "+strings.Repeat("T", 5000)+"\ndate: 2024-01-01\n---\n\nThe mill closed.",
		"---\r\ntitle: \""+strings.Repeat(`\x41\"`, 1000)+"\"\r\nsummary: '"+strings.Repeat("é''", 900)+"'\r\n---\r\n\r\nThe mill closed.",
		"---\n"+strings.Repeat("k: |\n  "+strings.Repeat("w ", 700)+"\n", 4)+"...\nThe mill closed.",
		"---\n\n"+strings.Repeat("A rule, then text. ", 400))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzLoad(t, "a.md", data) })
}

func FuzzLoadJSON(f *testing.F) {
	seed(f, "articles.json", `{"id": 1, "text": "one"}`, `[{"text": "a"}, 5, "s", {"id": "x", "text": "b"}]`,
		`{"text": "a"} {"text": "b"}`, `[{"text": "a\"}]"}, {"text": "}`, "[\n{\"text\": \"\xe9\"},\n]")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzLoad(t, "a.json", data) })
}

func FuzzLoadJSONL(f *testing.F) {
	seed(f, "articles.jsonl", `{"id": "x", "title": "`+strings.Repeat("é", 100)+`", "text": "t"}`, "{\"text\": \"a\"}\n\n[1]\n{\"guid\": 5, \"body\": \"\xe9\"}\r\n")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzLoad(t, "a.jsonl", data) })
}

// FuzzLoadGzip fuzzes the compressed bytes: corrupt, truncated and
// concatenated gzip streams, read as JSON Lines or as JSON.
func FuzzLoadGzip(f *testing.F) {
	data, err := os.ReadFile(filepath.Join("testdata", "articles.jsonl.gz"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data, false)
	f.Add(data, true)
	f.Add(data[:len(data)/2], false)
	f.Add(append(append([]byte{}, data...), data...), false)
	f.Add(gzipped(f, []byte(`[{"text": "a"}]`)), true)
	f.Fuzz(func(t *testing.T, data []byte, asJSON bool) {
		name := "a.jsonl.gz"
		if asJSON {
			name = "a.json.gz"
		}
		fuzzLoad(t, name, data)
	})
}
