package digest

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// fakeSource is an in-memory Source that filters like the index: whole
// days From..To (inclusive), Text matched as any query word in title or
// body, newest first.
type fakeSource struct {
	arts  []chronicle.Article
	calls []chronicle.SearchQuery
	err   error
}

func (f *fakeSource) Window(ctx context.Context, q chronicle.SearchQuery) ([]chronicle.Article, error) {
	f.calls = append(f.calls, q)
	if f.err != nil {
		return nil, f.err
	}
	var out []chronicle.Article
	day := func(t time.Time) string { return t.UTC().Format(time.DateOnly) }
	for _, a := range f.arts {
		if !q.From.IsZero() && day(a.Published) < day(q.From) || !q.To.IsZero() && day(a.Published) > day(q.To) {
			continue
		}
		if q.Text != "" && !matches(a, q.Text) {
			continue
		}
		out = append(out, a)
	}
	slices.SortStableFunc(out, func(a, b chronicle.Article) int { return b.Published.Compare(a.Published) })
	if q.Limit > 0 && len(out) > q.Limit {
		out = out[:q.Limit]
	}
	return out, nil
}

func matches(a chronicle.Article, text string) bool {
	body := strings.ToLower(a.Title)
	for _, p := range a.Paragraphs {
		body += " " + strings.ToLower(p.Text)
	}
	for _, w := range strings.Fields(strings.ToLower(text)) {
		if strings.Contains(body, w) {
			return true
		}
	}
	return false
}

// article builds a fixture article.
func article(id, source, published, title string, paras ...string) chronicle.Article {
	t, err := time.Parse(time.RFC3339, published)
	if err != nil {
		panic(err)
	}
	a := chronicle.Article{ID: id, Source: source, Published: t, Title: title, URL: "https://example.com/" + id}
	for _, p := range paras {
		a.Paragraphs = append(a.Paragraphs, chronicle.Paragraph{Text: p})
	}
	return a
}

// dataDir returns ../shared/data (relative to the project root) or skips.
func dataDir(tb testing.TB, sub string) string {
	tb.Helper()
	dir := filepath.Join("..", "..", "..", "shared", "data", sub)
	if _, err := os.Stat(dir); err != nil {
		tb.Skipf("real data absent (%v): tests on it need ../shared/data from the project root", err)
	}
	return dir
}

// readJSONL decodes every line of a JSON Lines file into a T.
func readJSONL[T any](tb testing.TB, path string) []T {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatalf("open %s: %v", path, err)
	}
	defer f.Close()
	var out []T
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var v T
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			tb.Fatalf("%s: %v", path, err)
		}
		out = append(out, v)
	}
	if err := sc.Err(); err != nil {
		tb.Fatalf("read %s: %v", path, err)
	}
	return out
}

// reutersRecord is one Reuters-21578 record.
type reutersRecord struct {
	ID       int      `json:"id"`
	Date     string   `json:"date"`
	Title    string   `json:"title"`
	Dateline string   `json:"dateline"`
	Text     string   `json:"text"`
	Topics   []string `json:"topics"`
	Places   []string `json:"places"`
}

// article converts the record; paragraphs are the indented blocks.
func (r reutersRecord) article() chronicle.Article {
	t, _ := time.Parse("2006-01-02T15:04:05", r.Date)
	a := chronicle.Article{ID: strconv.Itoa(r.ID), Title: r.Title, Source: "Reuters", Published: t}
	for _, p := range strings.Split(r.Text, "\n    ") {
		if p = strings.Join(strings.Fields(p), " "); p != "" {
			a.Paragraphs = append(a.Paragraphs, chronicle.Paragraph{Text: p})
		}
	}
	return a
}
