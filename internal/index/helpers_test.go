package index_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/index"
)

// baseTime is the modification time of the first version of every fixture
// file; later versions get later times so that a rewrite is always noticed.
var baseTime = time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC)

// clock is a fixed Options.Now for tests that check Stats.Updated.
var clock = time.Date(2025, 6, 1, 9, 30, 0, 0, time.UTC)

// writeFile writes content to dir/name (creating folders) with modification
// time mtime, and returns the path.
func writeFile(tb testing.TB, dir, name, content string, mtime time.Time) string {
	tb.Helper()
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		tb.Fatal(err)
	}
	if err := os.Chtimes(path, mtime, mtime); err != nil {
		tb.Fatal(err)
	}
	return path
}

// rec is one .jsonl record of a fixture corpus.
type rec struct {
	ID     string `json:"id,omitempty"`
	Title  string `json:"title,omitempty"`
	Text   string `json:"text"`
	Date   string `json:"publish_date,omitempty"`
	URL    string `json:"url,omitempty"`
	Source string `json:"source,omitempty"`
}

// jsonl renders records as JSON Lines.
func jsonl(tb testing.TB, recs ...rec) string {
	tb.Helper()
	var b strings.Builder
	for _, r := range recs {
		line, err := json.Marshal(r)
		if err != nil {
			tb.Fatal(err)
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	return b.String()
}

// openIndex opens (or creates) the index in dir and closes it at the end of
// the test, unless the test closed it already (a second Close panics inside
// Bleve, see TestCloseTwice).
func openIndex(tb testing.TB, dir string) *index.Index {
	tb.Helper()
	ix, err := index.Open(context.Background(), dir, index.Options{Now: func() time.Time { return clock }})
	if err != nil {
		tb.Fatalf("Open(%q) error: %v", dir, err)
	}
	tb.Cleanup(func() {
		defer func() { _ = recover() }()
		ix.Close()
	})
	return ix
}

// reopen closes ix and opens its directory again, failing on any error.
func reopen(tb testing.TB, ix *index.Index) *index.Index {
	tb.Helper()
	if err := ix.Close(); err != nil {
		tb.Fatalf("Close() error: %v", err)
	}
	return openIndex(tb, ix.Dir())
}

// syncOK runs Sync over paths and fails on an error.
func syncOK(tb testing.TB, ix *index.Index, paths ...string) index.SyncReport {
	tb.Helper()
	rep, err := ix.Sync(context.Background(), paths, index.SyncOptions{})
	if err != nil {
		tb.Fatalf("Sync(%q) error: %v", paths, err)
	}
	return rep
}

// counts is the part of a SyncReport that tests compare.
type counts struct {
	Files, FilesRead                   int
	Added, Updated, Unchanged, Removed int
}

func countsOf(r index.SyncReport) counts {
	return counts{r.Files, r.FilesRead, r.Added, r.Updated, r.Unchanged, r.Removed}
}

// ids returns the sorted IDs of every indexed article (through Titles with
// an empty prefix, which lists them all).
func ids(tb testing.TB, ix *index.Index) []string {
	tb.Helper()
	ms, err := ix.Titles(context.Background(), "", 1<<20)
	if err != nil {
		tb.Fatalf("Titles error: %v", err)
	}
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.ArticleID
	}
	slices.Sort(out)
	if len(out) != ix.Len() {
		tb.Errorf("Titles lists %d articles, Len() = %d", len(out), ix.Len())
	}
	return out
}

// searchIDs returns the IDs of the hits for text, best first.
func searchIDs(tb testing.TB, ix *index.Index, q chronicle.SearchQuery) []string {
	tb.Helper()
	res, err := ix.Search(context.Background(), q)
	if err != nil {
		tb.Fatalf("Search(%q) error: %v", q.Text, err)
	}
	out := []string{}
	for _, h := range res.Hits {
		out = append(out, h.Article.ID)
	}
	return out
}

// sorted returns a sorted copy of ss.
func sorted(ss []string) []string {
	out := slices.Clone(ss)
	slices.Sort(out)
	return out
}

// day parses "2006-01-02" as midnight UTC.
func day(tb testing.TB, s string) time.Time {
	tb.Helper()
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

// regression runs check, a test for a bug that was found and fixed; bug
// says what used to break, so a failure explains itself.
func regression(t *testing.T, bug string, check func(tb testing.TB)) {
	t.Helper()
	t.Logf("regression test: %s", bug)
	check(t)
}
