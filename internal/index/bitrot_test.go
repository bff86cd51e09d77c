package index_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/index"
)

// TestStoredArticleBitRot: a byte of a stored article that changed on disk
// (bbolt checks no page) was read back as it was: the changed text was
// quoted as the article's. Now the record's checksum finds it: a search
// leaves the article out and reports it (once), the article's own lookup
// says it is damaged, and the next sync reads its file again and stores it
// whole, losing nothing.
func TestStoredArticleBitRot(t *testing.T) {
	ctx := context.Background()
	corpus := t.TempDir()
	recs := []rec{
		{ID: "good-1", Title: "Concert hall attack", Text: "Islamic State claimed the attack on the concert hall near Moscow.", Date: "2024-03-23"},
		{ID: "rotten", Title: "Alert level raised", Text: "France raised its terror alert to the highest level, zanzibarmarker said.", Date: "2024-03-24"},
		{ID: "good-2", Title: "Mourning", Text: "Russia observed a national day of mourning after the concert hall attack.", Date: "2024-03-24"},
	}
	writeFile(t, corpus, "news.jsonl", jsonl(t, recs...), baseTime)
	dir := filepath.Join(t.TempDir(), "idx")
	ix, err := index.Open(ctx, dir, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Sync(ctx, []string{corpus}, index.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}

	damageStore(t, dir, "zanzibarmarker")

	var mu sync.Mutex
	var reported []string
	ix, err = index.Open(ctx, dir, index.Options{Damaged: func(id string, err error) {
		mu.Lock()
		defer mu.Unlock()
		reported = append(reported, id+": "+err.Error())
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()

	for range 2 {
		res, err := ix.Search(ctx, chronicle.SearchQuery{Text: "alert level concert hall"})
		if err != nil {
			t.Fatalf("a damaged record failed the search: %v", err)
		}
		for _, h := range res.Hits {
			if h.Article.ID == "rotten" {
				t.Errorf("the damaged article was found: %q", h.Article.Paragraphs)
			}
		}
		if len(res.Hits) != 2 {
			t.Errorf("search found %d articles, want the 2 whole ones", len(res.Hits))
		}
		cands, err := ix.Retrieve(ctx, chronicle.RetrieveQuery{Terms: []chronicle.WeightedTerm{{Text: "alert", Boost: 1}, {Text: "mourning", Boost: 1}}, Limit: 10})
		if err != nil {
			t.Fatalf("a damaged record failed the retrieval: %v", err)
		}
		for _, c := range cands {
			if c.Article.ID == "rotten" {
				t.Errorf("the damaged article was retrieved")
			}
		}
	}
	mu.Lock()
	if len(reported) != 1 || !strings.HasPrefix(reported[0], "rotten: ") || !strings.Contains(reported[0], "checksum") ||
		!strings.Contains(reported[0], "news.jsonl") {
		t.Errorf("reported %q, want the damaged article once, with its checksum and its file", reported)
	}
	mu.Unlock()
	if _, err := ix.Article(ctx, "rotten"); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Errorf("Article(rotten) = %v, want an error that says it is damaged", err)
	}

	rep, err := ix.Sync(ctx, []string{corpus}, index.SyncOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Updated != 1 || rep.Added != 0 || rep.Removed != 0 {
		t.Errorf("sync: %d added, %d updated, %d removed; want the damaged article stored again (1 updated)", rep.Added, rep.Updated, rep.Removed)
	}
	a, err := ix.Article(ctx, "rotten")
	if err != nil {
		t.Fatalf("after the sync: %v", err)
	}
	if got := a.Paragraphs[0].Text; !strings.Contains(got, "zanzibarmarker") {
		t.Errorf("after the sync the text is %q", got)
	}
	res, err := ix.Search(ctx, chronicle.SearchQuery{Text: "zanzibarmarker"})
	if err != nil || len(res.Hits) != 1 {
		t.Errorf("after the sync, search found %d, %v; want the article", len(res.Hits), err)
	}
}

// TestSyncVerifyFindsBitRot: a sync with Verify (bot index, bot serve's
// start-up sync) checks every stored article, so damage no search has read
// yet is found and mended: the file's article is read again from it, and a
// feed's article, which no file gives, is counted and left out.
func TestSyncVerifyFindsBitRot(t *testing.T) {
	ctx := context.Background()
	corpus := t.TempDir()
	writeFile(t, corpus, "news.jsonl", jsonl(t,
		rec{ID: "filed", Title: "Alert level raised", Text: "France raised its terror alert, zanzibarmarker said.", Date: "2024-03-24"},
		rec{ID: "whole", Title: "Mourning", Text: "Russia observed a national day of mourning.", Date: "2024-03-24"}), baseTime)
	dir := filepath.Join(t.TempDir(), "idx")
	ix, err := index.Open(ctx, dir, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Sync(ctx, []string{corpus}, index.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	fed := chronicle.Article{ID: "fed", Title: "Harbour", Published: baseTime,
		Paragraphs: []chronicle.Paragraph{{Text: "A storm closed the harbour, quagmiremarker said."}}}
	if _, err := ix.Put(ctx, "https://feed.example/rss", []chronicle.Article{fed}); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	damageStore(t, dir, "zanzibarmarker", "quagmiremarker")

	ix, err = index.Open(ctx, dir, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	rep, err := ix.Sync(ctx, []string{corpus}, index.SyncOptions{Verify: true})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Damaged != 2 || rep.DamagedMended != 1 || rep.Updated != 1 || rep.Removed != 0 {
		t.Errorf("sync: %d damaged (%d mended), %d updated, %d removed; want 2 (1), 1, 0", rep.Damaged, rep.DamagedMended, rep.Updated, rep.Removed)
	}
	sum := rep.Summary()
	for _, want := range []string{"1 damaged on disk, stored again from its file", "1 damaged on disk that no file read gives again"} {
		if !strings.Contains(sum, want) {
			t.Errorf("summary %q does not say %q", sum, want)
		}
	}
	if a, err := ix.Article(ctx, "filed"); err != nil || !strings.Contains(a.Paragraphs[0].Text, "zanzibarmarker") {
		t.Errorf("the filed article after the sync: %v, %v", a.Paragraphs, err)
	}
	if ix.Len() != 3 {
		t.Errorf("%d articles after the sync, want 3 (the feed's kept, left out of answers)", ix.Len())
	}
	// A sync without damage says nothing of it.
	rep, err = ix.Sync(ctx, []string{corpus}, index.SyncOptions{Verify: true})
	if err != nil || rep.Damaged != 1 || rep.Updated != 0 {
		t.Errorf("second sync: %d damaged, %d updated, %v; want only the feed's 1 again", rep.Damaged, rep.Updated, err)
	}
}

// damageStore changes the first letter of each of words in the closed
// index's store.db, wherever bbolt holds a copy of it: bit rot in the
// stored text, which no bbolt check sees.
func damageStore(t *testing.T, dir string, words ...string) {
	t.Helper()
	path := filepath.Join(dir, "store.db")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range words {
		if !bytes.Contains(b, []byte(w)) {
			t.Fatalf("%s is not in store.db as written", w)
		}
		b = bytes.ReplaceAll(b, []byte(w), []byte("X"+w[1:]))
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestRebuildLetsGoOfADamagedKeptRecord: one damaged record among the
// articles a rebuild keeps from outside its paths stopped the rebuild, and
// the way past it offered (--prune) let go of all of them (helper 89). The
// damaged one is let go and named; the others are kept.
func TestRebuildLetsGoOfADamagedKeptRecord(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	in, out := filepath.Join(root, "in"), filepath.Join(root, "out")
	writeFile(t, in, "a.jsonl", jsonl(t, rec{ID: "in-1", Title: "Mourning", Text: "Russia observed a day of mourning.", Date: "2024-03-24"}), baseTime)
	var kept []rec
	for i := range 20 {
		kept = append(kept, rec{ID: fmt.Sprintf("out-%02d", i), Title: "Harbour", Text: fmt.Sprintf("The harbour closed, report %d.", i), Date: "2024-03-24"})
	}
	kept[7].Text = "The harbour closed, zanzibarmarker said."
	writeFile(t, out, "b.jsonl", jsonl(t, kept...), baseTime)
	dir := filepath.Join(root, "idx")
	ix, err := index.Open(ctx, dir, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Sync(ctx, []string{in, out}, index.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	if rep, err := ix.Sync(ctx, []string{in}, index.SyncOptions{}); err != nil || rep.Kept != 20 {
		t.Fatalf("sync of one path: %d kept, %v; want the other path's 20", rep.Kept, err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	damageStore(t, dir, "zanzibarmarker")
	l, err := index.OpenLive(ctx, dir, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	rep, err := l.RebuildWith(ctx, []string{in}, index.SyncOptions{})
	if err != nil {
		t.Fatalf("rebuild: %v", err)
	}
	if sum := rep.Summary(); !strings.Contains(sum, "1 article the rebuild keeps from the old index was let go: its stored record was damaged") || !strings.Contains(sum, "out-07") {
		t.Errorf("the rebuild does not name the damaged record it let go: %s", sum)
	}
	if l.Len() != 20 {
		t.Errorf("%d articles after the rebuild, want 1 + the 19 whole kept ones", l.Len())
	}
}

// TestDamageReportedAgainAfterAMend: an article stored whole again by a
// sync and then damaged again is reported again by the same open index
// (review rev42: the IDs once reported were never forgotten, so a bot that
// runs for months said nothing of a second damage).
func TestDamageReportedAgainAfterAMend(t *testing.T) {
	ctx := context.Background()
	corpus := t.TempDir()
	writeFile(t, corpus, "news.jsonl", jsonl(t,
		rec{ID: "rotten", Title: "Alert level raised", Text: "France raised its terror alert, zanzibarmarker said.", Date: "2024-03-24"}), baseTime)
	dir := filepath.Join(t.TempDir(), "idx")
	var reported []string
	ix, err := index.Open(ctx, dir, index.Options{Damaged: func(id string, err error) { reported = append(reported, id) }})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Sync(ctx, []string{corpus}, index.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	for round := range 2 {
		damageInPlace(t, filepath.Join(dir, "store.db"), "zanzibarmarker")
		for range 2 { // the second search says nothing more
			if _, err := ix.Search(ctx, chronicle.SearchQuery{Text: "alert"}); err != nil {
				t.Fatal(err)
			}
		}
		if len(reported) != round+1 {
			t.Fatalf("round %d: reported %q, want the damage once in each round", round, reported)
		}
		if rep, err := ix.Sync(ctx, []string{corpus}, index.SyncOptions{}); err != nil || rep.Updated != 1 {
			t.Fatalf("round %d: sync %d updated, %v; want the damaged article stored again", round, rep.Updated, err)
		}
	}
}

// damageInPlace changes the first letter of word wherever the file holds
// it, writing in place (an open bbolt file maps it: it is not truncated).
func damageInPlace(t *testing.T, path, word string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := 0
	for off := 0; ; {
		i := bytes.Index(b[off:], []byte(word))
		if i < 0 {
			break
		}
		if _, err := f.WriteAt([]byte("X"), int64(off+i)); err != nil {
			t.Fatal(err)
		}
		off += i + 1
		n++
	}
	if n == 0 {
		t.Fatalf("%s is not in %s", word, path)
	}
}
