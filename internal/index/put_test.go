package index_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/corpus"
	"github.com/chronicle-bot/chronicle/internal/index"
)

const feedURL = "https://feeds.example.com/world.rss"

// feedArticle is an article as a feed would Put it.
func feedArticle(id, title, text string, published time.Time) chronicle.Article {
	return chronicle.Article{ID: id, Title: title, Source: "Example Feed", URL: "https://example.com/" + id,
		Published: published, Paragraphs: []chronicle.Paragraph{{Text: text}}}
}

func put(tb testing.TB, ix *index.Index, origin string, arts ...chronicle.Article) index.SyncReport {
	tb.Helper()
	rep, err := ix.Put(context.Background(), origin, arts)
	if err != nil {
		tb.Fatalf("Put(%q) error: %v", origin, err)
	}
	return rep
}

func TestPut(t *testing.T) {
	d := time.Date(2024, 6, 1, 8, 0, 0, 0, time.UTC)
	f1 := feedArticle("feed-1", "Volcano erupts", "A volcano erupted on the island overnight.", d)
	f2 := feedArticle("feed-2", "Rail strike ends", "Rail workers ended their strike after a pay deal.", d)
	f2b := f2
	f2b.Paragraphs = []chronicle.Paragraph{{Text: "Rail workers ended their strike after a pay deal with the operator."}}
	ix := openIndex(t, t.TempDir())
	steps := []struct {
		name string
		arts []chronicle.Article
		want counts
	}{
		{"add", []chronicle.Article{f1, f2}, counts{Added: 2}},
		{"idempotent re-Put", []chronicle.Article{f1, f2}, counts{Unchanged: 2}},
		{"changed hash", []chronicle.Article{f1, f2b}, counts{Updated: 1, Unchanged: 1}},
		{"subset", []chronicle.Article{f1}, counts{Unchanged: 1}},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			rep := put(t, ix, feedURL, s.arts...)
			if diff := cmp.Diff(s.want, countsOf(rep)); diff != "" {
				t.Errorf("Put report mismatch (-want +got):\n%s", diff)
			}
		})
	}
	got, err := ix.Article(context.Background(), "feed-2")
	if err != nil {
		t.Fatalf("Article(feed-2) error: %v", err)
	}
	if diff := cmp.Diff(f2b.Paragraphs, got.Paragraphs); diff != "" {
		t.Errorf("Article(feed-2) paragraphs mismatch (-want +got):\n%s", diff)
	}
	if got.Hash == "" {
		t.Errorf("Article(feed-2).Hash is empty, want the computed hash")
	}
	if ids := searchIDs(t, ix, chronicle.SearchQuery{Text: "operator"}); !cmp.Equal(ids, []string{"feed-2"}) {
		t.Errorf("Search(%q) = %v, want [feed-2]", "operator", ids)
	}
}

func TestSyncKeepsPutArticles(t *testing.T) {
	dir := corpusV1(t)
	ix := openIndex(t, t.TempDir())
	d := time.Date(2024, 6, 1, 8, 0, 0, 0, time.UTC)
	put(t, ix, feedURL, feedArticle("feed-1", "Volcano erupts", "A volcano erupted on the island overnight.", d))
	syncOK(t, ix, dir)
	want := []string{"a", "b", "feed-1", "n1", "n2", "n3"}
	if diff := cmp.Diff(want, ids(t, ix)); diff != "" {
		t.Errorf("IDs after Put and Sync mismatch (-want +got):\n%s", diff)
	}
	// Removing corpus files, or syncing another (empty) folder, never removes
	// what a feed put.
	remove(t, dir+"/b.md")
	rep := syncOK(t, ix, dir)
	if rep.Removed != 1 {
		t.Errorf("Sync after deleting b.md: Removed = %d, want 1", rep.Removed)
	}
	empty := t.TempDir()
	rep = syncOK(t, ix, empty)
	if rep.Removed != 0 || rep.Kept != 4 {
		t.Errorf("Sync of another (empty) folder: Removed %d, Kept %d; want 0, 4 (the corpus articles kept)", rep.Removed, rep.Kept)
	}
	rep, err := ix.Sync(context.Background(), []string{empty}, index.SyncOptions{Prune: true})
	if err != nil || rep.Removed != 4 {
		t.Errorf("Sync of an empty folder with Prune: Removed = %d, %v; want 4 (the corpus articles)", rep.Removed, err)
	}
	ix = reopen(t, ix)
	if diff := cmp.Diff([]string{"feed-1"}, ids(t, ix)); diff != "" {
		t.Errorf("IDs after the corpus went away mismatch (-want +got):\n%s", diff)
	}
	if rep := put(t, ix, feedURL, feedArticle("feed-1", "Volcano erupts", "A volcano erupted on the island overnight.", d)); rep.Unchanged != 1 {
		t.Errorf("re-Put after reopen = %+v, want Unchanged 1", countsOf(rep))
	}
}

func TestEachPut(t *testing.T) {
	ix := openIndex(t, t.TempDir())
	ctx := context.Background()
	feedA := []chronicle.Article{{ID: "a1", Title: "A one", Paragraphs: []chronicle.Paragraph{{Text: "Alpha."}}}}
	feedB := []chronicle.Article{
		{ID: "b1", Title: "B one", Paragraphs: []chronicle.Paragraph{{Text: "Beta."}}},
		{ID: "b2", Title: "B two", Paragraphs: []chronicle.Paragraph{{Text: "Gamma."}}},
	}
	for origin, arts := range map[string][]chronicle.Article{"https://a.example/feed": feedA, "https://b.example/feed": feedB} {
		if _, err := ix.Put(ctx, origin, arts); err != nil {
			t.Fatalf("Put(%s): %v", origin, err)
		}
	}
	got := map[string]string{}
	err := ix.EachPut(ctx, func(origin string, a chronicle.Article) error {
		got[a.ID] = origin
		return nil
	})
	if err != nil {
		t.Fatalf("EachPut: %v", err)
	}
	want := map[string]string{"a1": "https://a.example/feed", "b1": "https://b.example/feed", "b2": "https://b.example/feed"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("EachPut (-want +got):\n%s", d)
	}
}

// TestPutCutsWhatTheLoadersCut: a feed item is held to the corpus limits as
// a file's article is: a title over 1 KiB and a text over 1 MiB are cut,
// with a warning each, and the item is still indexed (a hostile feed's
// 4.5 MB title was stored and indexed whole).
func TestPutCutsWhatTheLoadersCut(t *testing.T) {
	d := time.Date(2024, 6, 1, 8, 0, 0, 0, time.UTC)
	long := feedArticle("feed-long", strings.Repeat("Volcano ", 300000), strings.Repeat("Lava flowed. ", 200000), d)
	ix := openIndex(t, t.TempDir())
	rep := put(t, ix, feedURL, long)
	if rep.Added != 1 {
		t.Fatalf("Put report %+v, want the item added", rep)
	}
	var reasons []string
	for _, p := range rep.Problems {
		reasons = append(reasons, p.Reason)
		if p.Skipped {
			t.Errorf("problem %+v skips the item", p)
		}
	}
	if !slices.Contains(reasons, corpus.ReasonLongTitle) || !slices.Contains(reasons, corpus.ReasonLongText) {
		t.Errorf("problems %v, want %q and %q", reasons, corpus.ReasonLongTitle, corpus.ReasonLongText)
	}
	got, err := ix.Article(context.Background(), "feed-long")
	if err != nil {
		t.Fatalf("Article: %v", err)
	}
	text := 0
	for _, p := range got.Paragraphs {
		text += len(p.Heading) + len(p.Text)
	}
	if len(got.Title) > corpus.DefaultMaxTitleBytes || text > corpus.DefaultMaxArticleBytes || text == 0 {
		t.Errorf("stored title %d bytes, text %d bytes; want at most %d and %d", len(got.Title), text,
			corpus.DefaultMaxTitleBytes, corpus.DefaultMaxArticleBytes)
	}
}
