package index_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/corpus"
	"github.com/chronicle-bot/chronicle/internal/index"
)

// corpusV1 is the first version of a small corpus of three files and five
// articles: a.txt, b.md and news.jsonl (n1, n2, n3).
func corpusV1(tb testing.TB) string {
	tb.Helper()
	dir := tb.TempDir()
	writeFile(tb, dir, "a.txt", "date 2024-03-22 Gunmen attacked a concert hall near Moscow on Friday evening.\n\n"+
		"Emergency services said the fire spread quickly through the building.\n", baseTime)
	writeFile(tb, dir, "b.md", "---\ntitle: Harbour bridge reopens\ndate: 2024-03-25\nsource: City Desk\n---\n\n"+
		"The harbour bridge reopened to traffic after two years of repairs.\n", baseTime)
	writeFile(tb, dir, "news.jsonl", jsonl(tb,
		rec{ID: "n1", Title: "Election results", Text: "Voters elected a new mayor on Sunday.", Date: "2024-04-01", Source: "Wire"},
		rec{ID: "n2", Title: "Storm warning", Text: "A storm is expected to reach the coast tonight.", Date: "2024-04-02", Source: "Wire"},
		rec{ID: "n3", Title: "Library opens", Text: "The new library opened its doors to readers.", Date: "2024-04-03", Source: "Wire"},
	), baseTime)
	return dir
}

func TestSyncNewCorpus(t *testing.T) {
	dir := corpusV1(t)
	ix := openIndex(t, t.TempDir())
	rep := syncOK(t, ix, dir)
	if diff := cmp.Diff(counts{Files: 3, FilesRead: 3, Added: 5}, countsOf(rep)); diff != "" {
		t.Errorf("Sync report mismatch (-want +got):\n%s", diff)
	}
	if !rep.Changed() {
		t.Errorf("Changed() = false after the first Sync, want true")
	}
	want := []string{"a", "b", "n1", "n2", "n3"}
	if diff := cmp.Diff(want, ids(t, ix)); diff != "" {
		t.Errorf("indexed IDs mismatch (-want +got):\n%s", diff)
	}
	// The index survives Close and Open unchanged.
	ix = reopen(t, ix)
	if ix.Reset {
		t.Errorf("Reset = true after a clean Close")
	}
	if diff := cmp.Diff(want, ids(t, ix)); diff != "" {
		t.Errorf("indexed IDs after reopen mismatch (-want +got):\n%s", diff)
	}
}

func TestSyncUnchangedReadsNothing(t *testing.T) {
	dir := corpusV1(t)
	ix := openIndex(t, t.TempDir())
	syncOK(t, ix, dir)
	before, err := ix.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"same index", "reopened"} {
		t.Run(name, func(t *testing.T) {
			if name == "reopened" {
				ix = reopen(t, ix)
			}
			rep := syncOK(t, ix, dir)
			if diff := cmp.Diff(counts{Files: 3, Unchanged: 5}, countsOf(rep)); diff != "" {
				t.Errorf("second Sync report mismatch (-want +got):\n%s", diff)
			}
			if rep.Changed() {
				t.Errorf("Changed() = true for an unchanged corpus")
			}
			after, err := ix.Stats(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(before, after); diff != "" {
				t.Errorf("Stats changed by an unchanged Sync (-before +after):\n%s", diff)
			}
		})
	}
}

func TestSyncIncremental(t *testing.T) {
	later := baseTime.Add(time.Hour)
	tests := []struct {
		name   string
		change func(t *testing.T, dir string)
		want   counts
		ids    []string
		// found and gone are searches whose hit IDs must be found/gone.
		found, gone map[string]string
	}{{
		name: "changed article and dropped article",
		change: func(t *testing.T, dir string) {
			writeFile(t, dir, "news.jsonl", jsonl(t,
				rec{ID: "n1", Title: "Election results", Text: "Voters elected a new mayor on Sunday after a recount.", Date: "2024-04-01", Source: "Wire"},
				rec{ID: "n3", Title: "Library opens", Text: "The new library opened its doors to readers.", Date: "2024-04-03", Source: "Wire"},
			), later)
		},
		want:  counts{Files: 3, FilesRead: 1, Updated: 1, Unchanged: 3, Removed: 1},
		ids:   []string{"a", "b", "n1", "n3"},
		found: map[string]string{"recount": "n1", "library": "n3"},
		gone:  map[string]string{"storm": "n2"},
	}, {
		name:   "deleted file",
		change: func(t *testing.T, dir string) { remove(t, filepath.Join(dir, "b.md")) },
		want:   counts{Files: 2, Unchanged: 4, Removed: 1},
		ids:    []string{"a", "n1", "n2", "n3"},
		gone:   map[string]string{"harbour bridge": "b"},
	}, {
		name: "added file",
		change: func(t *testing.T, dir string) {
			writeFile(t, dir, "sub/c.txt", "date 2024-05-01 Farmers protested against new fuel taxes in the capital.\n", later)
		},
		want:  counts{Files: 4, FilesRead: 1, Added: 1, Unchanged: 5},
		ids:   []string{"a", "b", "n1", "n2", "n3", "sub/c"},
		found: map[string]string{"farmers protest": "sub/c"},
	}, {
		name: "new mtime, same content",
		change: func(t *testing.T, dir string) {
			p := filepath.Join(dir, "news.jsonl")
			if err := os.Chtimes(p, later, later); err != nil {
				t.Fatal(err)
			}
		},
		want: counts{Files: 3, FilesRead: 1, Unchanged: 5},
		ids:  []string{"a", "b", "n1", "n2", "n3"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := corpusV1(t)
			ix := openIndex(t, t.TempDir())
			syncOK(t, ix, dir)
			tt.change(t, dir)
			rep := syncOK(t, ix, dir)
			if diff := cmp.Diff(tt.want, countsOf(rep)); diff != "" {
				t.Errorf("Sync report after change mismatch (-want +got):\n%s", diff)
			}
			check := func(ix *index.Index) {
				t.Helper()
				if diff := cmp.Diff(tt.ids, ids(t, ix)); diff != "" {
					t.Errorf("indexed IDs mismatch (-want +got):\n%s", diff)
				}
				for q, id := range tt.found {
					if got := searchIDs(t, ix, chronicle.SearchQuery{Text: q}); len(got) == 0 || got[0] != id {
						t.Errorf("Search(%q) = %v, want %s first", q, got, id)
					}
				}
				for q, id := range tt.gone {
					for _, got := range searchIDs(t, ix, chronicle.SearchQuery{Text: q}) {
						if got == id {
							t.Errorf("Search(%q) found removed article %s", q, id)
						}
					}
					if _, err := ix.Article(context.Background(), id); chronicle.ErrorCode(err) != chronicle.ENOTFOUND {
						t.Errorf("Article(%q) error = %v, want ENOTFOUND", id, err)
					}
				}
				// A further Sync finds nothing more to do.
				if rep := syncOK(t, ix, dir); rep.Changed() || rep.FilesRead != 0 {
					t.Errorf("Sync after the change = %+v, want no changes and no file read", countsOf(rep))
				}
			}
			check(ix)
			ix = reopen(t, ix)
			if ix.Reset {
				t.Errorf("Reset = true after a clean Close")
			}
			check(ix)
		})
	}
}

func remove(tb testing.TB, path string) {
	tb.Helper()
	if err := os.Remove(path); err != nil {
		tb.Fatal(err)
	}
}

func TestSyncDuplicateIDAcrossFiles(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "x.jsonl", jsonl(t, rec{ID: "dup", Title: "First copy", Text: "The first copy of the story."}), baseTime)
	y := writeFile(t, dir, "y.jsonl", jsonl(t,
		rec{ID: "other", Title: "Other story", Text: "Another story entirely."},
		rec{ID: "dup", Title: "Second copy", Text: "The second copy of the story."},
	), baseTime)
	ix := openIndex(t, t.TempDir())
	rep := syncOK(t, ix, dir)
	if rep.Added != 2 {
		t.Errorf("Sync Added = %d, want 2", rep.Added)
	}
	var dups int
	for _, p := range rep.Problems {
		if p.Reason != "duplicate ID" {
			continue
		}
		dups++
		// The line, so that the user finds the record without searching
		// the file (the copy is the file's second record).
		if p.Path != y || p.Line != 2 || !p.Skipped {
			t.Errorf("duplicate ID problem = %+v, want Path %q, Line 2 and Skipped", p, y)
		}
	}
	if dups != 1 {
		t.Errorf("Sync reported %d duplicate ID problems, want 1 (problems: %v)", dups, rep.Problems)
	}
	if got := rep.Skipped()["duplicate ID"]; got != 1 {
		t.Errorf("Skipped()[duplicate ID] = %d, want 1", got)
	}
	a, err := ix.Article(context.Background(), "dup")
	if err != nil {
		t.Fatalf("Article(dup) error: %v", err)
	}
	if a.Title != "First copy" {
		t.Errorf("Article(dup).Title = %q, want the first file's %q", a.Title, "First copy")
	}
	if diff := cmp.Diff([]string{"dup", "other"}, ids(t, ix)); diff != "" {
		t.Errorf("indexed IDs mismatch (-want +got):\n%s", diff)
	}
	// Touching the second file reports the duplicate again but changes nothing.
	writeFile(t, dir, "y.jsonl", jsonl(t,
		rec{ID: "other", Title: "Other story", Text: "Another story entirely."},
		rec{ID: "dup", Title: "Second copy", Text: "The second copy of the story."},
	), baseTime.Add(time.Hour))
	rep = syncOK(t, ix, dir)
	if rep.Changed() || rep.Skipped()["duplicate ID"] != 1 {
		t.Errorf("re-Sync = %+v, skipped %v; want no change and 1 duplicate", countsOf(rep), rep.Skipped())
	}
}

func TestSyncBrokenRecord(t *testing.T) {
	dir := t.TempDir()
	good := jsonl(t, rec{ID: "g1", Title: "Good one", Text: "A well formed record about trains."})
	path := writeFile(t, dir, "mixed.jsonl", good+"{\"id\": \"bad\", \"text\": \n"+
		jsonl(t, rec{ID: "g2", Title: "Good two", Text: "Another well formed record about ferries."}), baseTime)
	ix := openIndex(t, t.TempDir())
	rep := syncOK(t, ix, dir)
	if rep.Added != 2 {
		t.Errorf("Sync Added = %d, want 2", rep.Added)
	}
	var found bool
	for _, p := range rep.Problems {
		if p.Reason == "malformed JSON" {
			found = true
			if p.Path != path || p.Line != 2 || !p.Skipped {
				t.Errorf("problem = %+v, want Path %q, Line 2, Skipped", p, path)
			}
		}
	}
	if !found {
		t.Errorf("Sync problems = %v, want a malformed JSON problem", rep.Problems)
	}
	if diff := cmp.Diff([]string{"g1", "g2"}, ids(t, ix)); diff != "" {
		t.Errorf("indexed IDs mismatch (-want +got):\n%s", diff)
	}
}

// TestSyncRenamedFile renames a .jsonl file whose records carry their own
// IDs: the articles are the same, so they must stay indexed.
func TestSyncRenamedFile(t *testing.T) {
	regression(t, "a renamed file loses its articles: Sync builds owner from every known file record, "+
		"including the gone ones, so the renamed file's IDs are skipped as duplicate ID (sync.go:132-138, 178)", func(tb testing.TB) {
		dir := corpusV1(t)
		ix := openIndex(tb, t.TempDir())
		syncOK(tb, ix, dir)
		if err := os.Rename(filepath.Join(dir, "news.jsonl"), filepath.Join(dir, "wire.jsonl")); err != nil {
			tb.Fatal(err)
		}
		rep := syncOK(tb, ix, dir)
		if n := rep.Skipped()["duplicate ID"]; n != 0 {
			tb.Errorf("Sync after rename skipped %d articles as duplicate ID, want 0 (problems: %v)", n, rep.Problems)
		}
		want := []string{"a", "b", "n1", "n2", "n3"}
		if diff := cmp.Diff(want, ids(tb, ix)); diff != "" {
			tb.Errorf("indexed IDs after rename mismatch (-want +got):\n%s", diff)
		}
		// And a further Sync (wire.jsonl now unchanged) must not lose them either.
		syncOK(tb, ix, dir)
		if diff := cmp.Diff(want, ids(tb, reopen(tb, ix))); diff != "" {
			tb.Errorf("indexed IDs after rename, re-Sync and reopen mismatch (-want +got):\n%s", diff)
		}
	})
}

// TestSyncArticleMovesBetweenFiles moves an article with its own ID from one
// file to another in the same Sync; it must stay indexed, in Bleve and in
// the store alike.
func TestSyncArticleMovesBetweenFiles(t *testing.T) {
	tests := []struct{ name, from, to string }{
		{"to a later file", "a.jsonl", "b.jsonl"},
		{"to an earlier file", "b.jsonl", "a.jsonl"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			regression(t, "an article moved between two changed files is lost: owner still maps it to its old file, "+
				"so the new file skips it as duplicate ID and the old file removes it (sync.go:132-138, 178, 199-205)", func(tb testing.TB) {
				dir := tb.TempDir()
				mover := rec{ID: "mover", Title: "Moving story", Text: "This story about glaciers moves between files."}
				stayA := rec{ID: "stay-" + tt.from, Title: "Stays", Text: "A story about bakeries."}
				stayB := rec{ID: "stay-" + tt.to, Title: "Stays too", Text: "A story about orchards."}
				writeFile(tb, dir, tt.from, jsonl(tb, stayA, mover), baseTime)
				writeFile(tb, dir, tt.to, jsonl(tb, stayB), baseTime)
				ix := openIndex(tb, tb.TempDir())
				syncOK(tb, ix, dir)
				later := baseTime.Add(time.Hour)
				writeFile(tb, dir, tt.from, jsonl(tb, stayA), later)
				writeFile(tb, dir, tt.to, jsonl(tb, stayB, mover), later)
				rep := syncOK(tb, ix, dir)
				if n := rep.Skipped()["duplicate ID"]; n != 0 {
					tb.Errorf("Sync skipped %d articles as duplicate ID, want 0 (problems: %v)", n, rep.Problems)
				}
				if got := searchIDs(tb, ix, chronicle.SearchQuery{Text: "glaciers"}); !cmp.Equal(got, []string{"mover"}) {
					tb.Errorf("Search(%q) = %v, want [mover]", "glaciers", got)
				}
				if _, err := ix.Article(context.Background(), "mover"); err != nil {
					tb.Errorf("Article(mover) error: %v", err)
				}
				ix = reopen(tb, ix)
				if ix.Reset {
					tb.Errorf("Open after the move: Reset = true (Bleve and store disagree)")
				}
				if got := searchIDs(tb, ix, chronicle.SearchQuery{Text: "glaciers"}); !cmp.Equal(got, []string{"mover"}) {
					tb.Errorf("after reopen Search(%q) = %v, want [mover]", "glaciers", got)
				}
			})
		})
	}
}

func TestSyncMissingPath(t *testing.T) {
	ix := openIndex(t, t.TempDir())
	if _, err := ix.Sync(context.Background(), []string{filepath.Join(t.TempDir(), "nope")}, index.SyncOptions{}); err == nil {
		t.Errorf("Sync of a missing path: error = nil, want an error")
	}
}

func TestSummary(t *testing.T) {
	dir := corpusV1(t)
	writeFile(t, dir, "notes.xyz", "not an article", baseTime)
	ix := openIndex(t, t.TempDir())
	rep := syncOK(t, ix, dir)
	rep.Duration = 0
	want := "3 files (3 read): 5 articles added, 0 updated, 0 unchanged, 0 removed; 1 skipped (unknown extension: 1); 0s"
	if got := rep.Summary(); got != want {
		t.Errorf("Summary() = %q, want %q", got, want)
	}
}

// TestSummaryCounts: each count of the summaries bot index prints agrees
// with its noun ("1 file", "1 article"; before, "1 files", "1 articles").
func TestSummaryCounts(t *testing.T) {
	one := index.SyncReport{Files: 1, FilesRead: 1, Added: 1}
	tests := []struct {
		name string
		got  string
		want []string
	}{
		{"sync of one file", one.Summary(), []string{"1 file (1 read): 1 article added, 0 updated"}},
		{"sync of none", index.SyncReport{}.Summary(), []string{"0 files (0 read): 0 articles added"}},
		{"sync of two", index.SyncReport{Files: 2, Added: 2}.Summary(), []string{"2 files (0 read): 2 articles added"}},
		{"rebuild of one", index.RebuildReport{Articles: 1, Corpus: one, CatchUp: index.SyncReport{FilesRead: 1, Updated: 1}}.Summary(),
			[]string{"1 article (0 kept from feeds); corpus: 1 file (1 read): 1 article added", "catch-up: 1 file read, 1 change made during the rebuild applied"}},
		{"rebuild of two", index.RebuildReport{Articles: 2, CatchUp: index.SyncReport{FilesRead: 2, Added: 1, Removed: 1}}.Summary(),
			[]string{"2 articles (0 kept from feeds)", "catch-up: 2 files read, 2 changes made during the rebuild applied"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, want := range tt.want {
				if !strings.Contains(tt.got, want) {
					t.Errorf("Summary() = %q, want it to say %q", tt.got, want)
				}
			}
		})
	}
}

func TestCloseTwice(t *testing.T) {
	ix, err := index.Open(context.Background(), t.TempDir(), index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatalf("first Close() error: %v", err)
	}
	defer func() {
		if r := recover(); r != nil {
			t.Skipf("BUG: second Close() panics (%v); Index.Close should be idempotent", r)
		}
	}()
	_ = ix.Close() // an error is fine, a panic is not
}

// TestSyncLeavesOutTheIndexOwnFiles: a corpus folder that holds the index
// folder ("--corpus ." with the index in ./index) does not give the index's
// files (index_meta.json, the store) to the loaders as articles; they are
// reported as skipped, and the next sync changes nothing.
func TestSyncLeavesOutTheIndexOwnFiles(t *testing.T) {
	root := t.TempDir()
	writeFile(t, root, "news.jsonl", jsonl(t, rec{ID: "n1", Title: "Harbour closed", Source: "Wire", Date: "2024-03-10",
		Text: "The harbour was closed after the storm."}), baseTime)
	ix := openIndex(t, filepath.Join(root, "index"))
	rep, err := ix.Sync(context.Background(), []string{root}, index.SyncOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 1 || ix.Len() != 1 {
		t.Fatalf("Sync added %d, index holds %d; want the one article of news.jsonl (report: %s)", rep.Added, ix.Len(), rep.Summary())
	}
	own := 0
	for _, p := range rep.Problems {
		if p.Reason == corpus.ReasonIndexFile {
			own++
			if !strings.HasPrefix(p.Path, filepath.Join(root, "index")) {
				t.Errorf("%s reported as the index's own file", p.Path)
			}
		}
	}
	if own == 0 {
		t.Errorf("no file reported as the index's own; problems: %+v", rep.Problems)
	}
	// Nor are its other files (store.db, root.bolt, *.zap) reported as of
	// an unknown extension at every sync (helper 75).
	for _, p := range rep.Problems {
		if p.Reason == corpus.ReasonUnknownExt {
			t.Errorf("the index's file reported as of an unknown extension: %v", p)
		}
	}
	again, err := ix.Sync(context.Background(), []string{root}, index.SyncOptions{})
	if err != nil || again.Changed() {
		t.Errorf("second Sync = %s, %v; want nothing changed", again.Summary(), err)
	}
}

// A batch is committed while the next is read, and two batches can be in
// Bleve at once: an article repeated in later batches (a feed's item that
// changed while a Put was queued; a file's repeats are skipped by the
// loader) must end up as its last version, be counted against the version
// before it, and leave no trace of the older text in the search index.
func TestPutRepeatedIDAcrossBatches(t *testing.T) {
	art := func(id, text string) chronicle.Article {
		return chronicle.Article{ID: id, Title: "Story " + id, Paragraphs: []chronicle.Paragraph{{Text: text}}}
	}
	arts := []chronicle.Article{
		art("a", "The zebra crossed the road."),
		art("a", "The yak crossed the road."),
		art("b", "An unrelated report about harbours."),
		art("a", "The walrus crossed the road."),
		art("c", "A third report about lighthouses."),
		art("b", "An unrelated report about harbours."),
		art("c", "A third report about the ferry."),
	}
	for _, size := range []int{1, 2, 3} {
		t.Run(fmt.Sprintf("batch %d", size), func(t *testing.T) {
			ix, err := index.Open(context.Background(), t.TempDir(), index.Options{BatchSize: size, Now: func() time.Time { return clock }})
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			rep, err := ix.Put(context.Background(), "https://example.org/feed", arts)
			if err != nil {
				t.Fatal(err)
			}
			// Articles are compared with the store a batch at a time, so
			// the counts are fixed when every article is its own batch.
			if got, want := countsOf(rep), (counts{Added: 3, Updated: 3, Unchanged: 1}); size == 1 && got != want {
				t.Errorf("Put report = %+v, want %+v", got, want)
			}
			if diff := cmp.Diff([]string{"a", "b", "c"}, ids(t, ix)); diff != "" {
				t.Errorf("indexed IDs mismatch (-want +got):\n%s", diff)
			}
			for word, want := range map[string][]string{
				"zebra": {}, "yak": {}, "walrus": {"a"}, "harbours": {"b"}, "lighthouses": {}, "ferry": {"c"},
			} {
				if got := searchIDs(t, ix, chronicle.SearchQuery{Text: word, Limit: 10}); !slices.Equal(got, want) {
					t.Errorf("Search(%q) = %v, want %v", word, got, want)
				}
			}
			a, err := ix.Article(context.Background(), "a")
			if err != nil {
				t.Fatal(err)
			}
			if len(a.Paragraphs) != 1 || !strings.Contains(a.Paragraphs[0].Text, "walrus") {
				t.Errorf("Article(a).Paragraphs = %+v, want the last version (walrus)", a.Paragraphs)
			}
			// The index is clean and whole after a reopen.
			ix2 := reopen(t, ix)
			if ix2.Repaired != "" || ix2.Reset {
				t.Errorf("reopen: Repaired %q, Reset %v; want a clean index", ix2.Repaired, ix2.Reset)
			}
		})
	}
}

// TestSyncKeepsWhatAFileNoLongerGives: a file still there that now gives no
// article at all (its records all refused after an upstream change of field
// names, or "{}" written over it), or that loses more than half of its
// articles past the removal floor (a file cut at a line boundary), keeps
// them, with a warning that names the file and --prune; --prune removes
// them. A sync removed them all with exit status 0 (helper 83: 2,225 of
// 2,225 articles, the index emptied). An ordinary edit still removes what
// it drops ("changed article and dropped article" in TestSyncIncremental).
func TestSyncKeepsWhatAFileNoLongerGives(t *testing.T) {
	later := baseTime.Add(time.Hour)
	many := func(n int) []rec {
		var rs []rec
		for i := range n {
			rs = append(rs, rec{ID: fmt.Sprintf("m%02d", i), Title: fmt.Sprintf("Report %d", i),
				Text: fmt.Sprintf("Report number %d on the council budget.", i), Date: "2024-04-01", Source: "Wire"})
		}
		return rs
	}
	tests := []struct {
		name    string
		before  []rec
		after   string
		refused int
		why     string
	}{
		{"records all refused", many(3), "", 3, "it gives no article now"},
		{"an empty record", many(3), "{}\n", 3, "it gives no article now"},
		{"cut at a line boundary", many(30), "cut", 25, "25 of the 30 articles indexed from it are no longer in it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir, "a.txt", "date 2024-03-01 The harbour bridge reopened after repairs.\n", baseTime)
			writeFile(t, dir, "news.jsonl", jsonl(t, tt.before...), baseTime)
			ix := openIndex(t, t.TempDir())
			syncOK(t, ix, dir)
			all := ids(t, ix)
			switch tt.after {
			case "":
				writeFile(t, dir, "news.jsonl", jsonl(t, rec{ID: "m00", Title: "No body"}), later)
			case "cut":
				writeFile(t, dir, "news.jsonl", jsonl(t, tt.before[:5]...), later)
			default:
				writeFile(t, dir, "news.jsonl", tt.after, later)
			}
			for _, round := range []string{"first sync", "next sync"} {
				rep := syncOK(t, ix, dir)
				if rep.Removed != 0 || rep.Refused != tt.refused {
					t.Errorf("%s: removed %d, refused %d; want 0 and %d", round, rep.Removed, rep.Refused, tt.refused)
				}
				if !slices.ContainsFunc(rep.Problems, func(p corpus.Problem) bool {
					return p.Reason == "removal refused" && strings.HasSuffix(p.Path, "news.jsonl") &&
						strings.Contains(p.Detail, tt.why) && strings.Contains(p.Detail, "--prune")
				}) {
					t.Errorf("%s: problems %+v; want a refused removal of news.jsonl that says %q and names --prune", round, rep.Problems, tt.why)
				}
				if !strings.Contains(rep.Summary(), fmt.Sprintf("%d kept that are no longer in files still there", tt.refused)) {
					t.Errorf("%s: summary %q does not count the kept articles", round, rep.Summary())
				}
				if diff := cmp.Diff(all, ids(t, ix)); diff != "" {
					t.Errorf("%s: indexed IDs (-before +after):\n%s", round, diff)
				}
			}
			rep, err := ix.Sync(context.Background(), []string{dir}, index.SyncOptions{Prune: true})
			if err != nil || rep.Removed != tt.refused {
				t.Errorf("Sync with Prune: removed %d, err %v; want %d removed", rep.Removed, err, tt.refused)
			}
		})
	}
}

// TestSyncMovesAndRollsArticles: what a sync keeps when a file loses its
// articles (TestSyncKeepsWhatAFileNoLongerGives) is decided once every file
// is read: articles moved to another file go with it whichever of the two
// is read first, and a file written anew with other articles (an export of
// the day's news) is an edit, not a loss (review rev40: the moved articles
// were stuck as duplicates of the old file's claim, and the old batches of
// an export piled up).
func TestSyncMovesAndRollsArticles(t *testing.T) {
	later := baseTime.Add(time.Hour)
	batch := func(prefix string, n int) []rec {
		var rs []rec
		for i := range n {
			rs = append(rs, rec{ID: fmt.Sprintf("%s%02d", prefix, i), Title: fmt.Sprintf("Report %s %d", prefix, i),
				Text: fmt.Sprintf("Report %s number %d on the council budget.", prefix, i), Date: "2024-04-01", Source: "Wire"})
		}
		return rs
	}
	for _, tt := range []struct {
		name   string
		first  map[string][]rec
		then   map[string][]rec
		wantN  int // articles after the change
		edited string
	}{
		{"split, the new file read first", map[string][]rec{"m.jsonl": batch("m", 40)},
			map[string][]rec{"a.jsonl": batch("m", 40)[:30], "m.jsonl": batch("m", 40)[30:]}, 40, "m05"},
		{"split, the new file read last", map[string][]rec{"a.jsonl": batch("m", 40)},
			map[string][]rec{"a.jsonl": batch("m", 40)[30:], "z.jsonl": batch("m", 40)[:30]}, 40, "m05"},
		{"an export written anew", map[string][]rec{"day.jsonl": batch("d", 30)},
			map[string][]rec{"day.jsonl": batch("e", 30)}, 30, "e05"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, rs := range tt.first {
				writeFile(t, dir, name, jsonl(t, rs...), baseTime)
			}
			ix := openIndex(t, t.TempDir())
			syncOK(t, ix, dir)
			for name, rs := range tt.then {
				writeFile(t, dir, name, jsonl(t, rs...), later)
			}
			rep := syncOK(t, ix, dir)
			if rep.Refused != 0 || ix.Len() != tt.wantN {
				t.Errorf("kept %d, index %d articles (%s); want none kept and %d", rep.Refused, ix.Len(), rep.Summary(), tt.wantN)
			}
			for _, p := range rep.Problems {
				t.Errorf("problem %v; want none", p)
			}
			// An edit of a moved or new article is taken at the next sync.
			for name, rs := range tt.then {
				for i, r := range rs {
					if r.ID == tt.edited {
						rs[i].Text = "Edited: the council budget passed."
						writeFile(t, dir, name, jsonl(t, rs...), later.Add(time.Hour))
					}
				}
			}
			if rep := syncOK(t, ix, dir); rep.Updated != 1 {
				t.Errorf("after an edit of %s: %s; want 1 updated", tt.edited, rep.Summary())
			}
		})
	}
}
