package index_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/index"
)

// TestRebuildKeepsTheOwnerOfADuplicateID: a file added later that repeats
// an article's ID is skipped by a sync ("duplicate ID"), and a rebuild must
// keep the same article. It gave the ID to whichever file was read first:
// "0.jsonl" before the seed's file, so a planted file took over the seed
// article at every rebuild (helper 73). Both orders of the file names.
func TestRebuildKeepsTheOwnerOfADuplicateID(t *testing.T) {
	for _, tt := range []struct{ name, owner, intruder string }{
		{"intruder read first", "real.jsonl", "0.jsonl"},
		{"intruder read last", "a.jsonl", "z.jsonl"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			dir := t.TempDir()
			writeFile(t, dir, tt.owner, jsonl(t, rec{ID: "seed", Title: "Real report", Date: "2024-03-26T10:00:00Z",
				Text: "The real story about the harbour."}), baseTime)
			l := adv23Live(t, filepath.Join(t.TempDir(), "index"), index.Options{}, dir)
			writeFile(t, dir, tt.intruder, jsonl(t, rec{ID: "seed", Title: "FAKE", Date: "2024-03-26T10:00:00Z",
				Text: "The Zorblax Collective claimed the harbour."}), baseTime.Add(1))
			if _, err := l.Sync(ctx, []string{dir}, index.SyncOptions{}); err != nil {
				t.Fatal(err)
			}
			if a, err := l.Article(ctx, "seed"); err != nil || a.Title != "Real report" {
				t.Fatalf("after the sync the article is %q (%v), want the real one", a.Title, err)
			}
			rep, err := l.Rebuild(ctx, []string{dir})
			if err != nil {
				t.Fatal(err)
			}
			if a, err := l.Article(ctx, "seed"); err != nil || a.Title != "Real report" {
				t.Errorf("after the rebuild the article is %q (%v), want the real one (%s)", a.Title, err, rep.Summary())
			}
		})
	}
}

// TestRebuildMovesAnIDItsOwnerDropped: a file that held an ID in the index
// being rebuilt but no longer holds it does not keep it from the file that
// now does: the rebuild's first pass refuses the new file (the ID is its
// owner's in the old index), and its catch-up gives it the ID (review
// rev35). Nothing is lost.
func TestRebuildMovesAnIDItsOwnerDropped(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	writeFile(t, dir, "z.jsonl", jsonl(t,
		rec{ID: "x", Title: "Old x", Date: "2024-03-26T10:00:00Z", Text: "The first story about the harbour."},
		rec{ID: "y", Title: "Y", Date: "2024-03-26T10:00:00Z", Text: "The second story about the harbour."}), baseTime)
	l := adv23Live(t, filepath.Join(t.TempDir(), "index"), index.Options{}, dir)
	writeFile(t, dir, "z.jsonl", jsonl(t,
		rec{ID: "y", Title: "Y", Date: "2024-03-26T10:00:00Z", Text: "The second story about the harbour."}), baseTime.Add(1))
	writeFile(t, dir, "a.jsonl", jsonl(t,
		rec{ID: "x", Title: "Moved x", Date: "2024-03-26T10:00:00Z", Text: "The first story, moved to another file."}), baseTime.Add(1))
	rep, err := l.Rebuild(ctx, []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if a, err := l.Article(ctx, "x"); err != nil || a.Title != "Moved x" {
		t.Errorf("after the rebuild x is %q (%v), want the moved article (%s)", a.Title, err, rep.Summary())
	}
	if l.Len() != 2 {
		t.Errorf("%d articles after the rebuild, want 2", l.Len())
	}
	// The first pass skipped a.jsonl's x for z.jsonl's claim, and the
	// catch-up indexed it: the summary says nothing was skipped.
	if sum := rep.Summary(); strings.Contains(sum, "duplicate ID") {
		t.Errorf("summary %q reports a duplicate the catch-up indexed", sum)
	}
}

// TestRebuildKeepsAFeedArticleItsID: a corpus row that repeats a feed
// article's ID is skipped by a sync ("already indexed from" the feed), and a
// rebuild must keep the feed's article too. It let the corpus row take the
// ID, and the feed's article, copied over after the corpus, was refused and
// lost without a word (session 47).
func TestRebuildKeepsAFeedArticleItsID(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	writeFile(t, dir, "a.jsonl", jsonl(t, rec{ID: "x", Title: "Other", Date: "2024-03-26T10:00:00Z",
		Text: "A story about gardening."}), baseTime)
	l := adv23Live(t, filepath.Join(t.TempDir(), "index"), index.Options{}, dir)
	if _, err := l.Put(ctx, "https://feed.example/rss", []chronicle.Article{
		{ID: "feed-1", Title: "Harbour reopens", Paragraphs: []chronicle.Paragraph{{Text: "The harbour reopened after the storm."}}},
	}); err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "a.jsonl", jsonl(t,
		rec{ID: "x", Title: "Other", Date: "2024-03-26T10:00:00Z", Text: "A story about gardening."},
		rec{ID: "feed-1", Title: "Intruder", Date: "2024-03-26T10:00:00Z", Text: "A row that takes the feed's ID."}), baseTime.Add(1))
	if _, err := l.Sync(ctx, []string{dir}, index.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	if a, err := l.Article(ctx, "feed-1"); err != nil || a.Title != "Harbour reopens" {
		t.Fatalf("after the sync feed-1 is %q (%v), want the feed's article", a.Title, err)
	}
	rep, err := l.Rebuild(ctx, []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if a, err := l.Article(ctx, "feed-1"); err != nil || a.Title != "Harbour reopens" {
		t.Errorf("after the rebuild feed-1 is %q (%v), want the feed's article (%s)", a.Title, err, rep.Summary())
	}
	for q, want := range map[string]int{"harbour": 1, "intruder": 0} {
		if res, err := l.Search(ctx, chronicle.SearchQuery{Text: q}); err != nil || res.Total != want {
			t.Errorf("after the rebuild a search for %q finds %d (%v), want %d", q, res.Total, err, want)
		}
	}
	if sum := rep.Summary(); !strings.Contains(sum, "1 kept from feeds") || !strings.Contains(sum, "duplicate ID: 1") {
		t.Errorf("summary %q: want the feed's article kept and the row skipped as a duplicate", sum)
	}
}
