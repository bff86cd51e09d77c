package index_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/corpus"
	"github.com/chronicle-bot/chronicle/internal/index"
)

// damageFileRecords changes, in the closed index's store.db, the file
// records (the JSON the index keeps of each corpus file and feed) whose ID
// list starts with one of firstIDs, so that they do not decode: one byte
// changed on disk, which no bbolt check sees. Before, one such byte
// stopped every sync, Put and rebuild with "decode file record".
func damageFileRecords(t *testing.T, dir string, firstIDs ...string) {
	t.Helper()
	path := filepath.Join(dir, "store.db")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range firstIDs {
		was := []byte(`"ids":["` + id + `"`)
		if !bytes.Contains(b, was) {
			t.Fatalf("no file record starting with %s in store.db", id)
		}
		b = bytes.ReplaceAll(b, was, []byte(`"ids":[X`+id+`"`))
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestDamagedFileRecord: a file record that does not decode is reported
// with the file's path (or the feed's URL), the file is read again, the
// record written whole, and nothing is lost. One damaged record gets back
// its IDs (the stored ones no whole record holds): a feed keeps its
// articles and an article its file no longer gives still goes. With
// several damaged, which article was whose is not known: they are all
// kept, and the problems say so.
func TestDamagedFileRecord(t *testing.T) {
	const feed = "https://feed.example/rss"
	for _, tc := range []struct {
		name     string
		damage   []string // first IDs of the records damaged
		said     []string // "file" or the feed URL
		removed  int
		feedHas  []string // EachPut's IDs after the sync
		detailed string
	}{
		{"file", []string{"stays"}, []string{"file"}, 1, []string{"fed"}, "no other record holds ("},
		{"feed", []string{"fed"}, []string{feed}, 1, []string{"fed"}, "no other record holds ("},
		// "goes", which the file no longer gives, is kept with the
		// feed's article: which record held it is not known.
		{"both", []string{"stays", "fed"}, []string{"file", feed}, 0, []string{"fed", "goes"}, "2 records are damaged, so"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			corpus, file, dir := recoveryCase(t)
			damageFileRecords(t, dir, tc.damage...)
			// The file no longer gives "goes".
			writeFile(t, corpus, "news.jsonl", jsonl(t,
				rec{ID: "stays", Title: "Concert hall attack", Text: "Islamic State claimed the attack on the concert hall.", Date: "2024-03-23"}), baseTime)

			ix, err := index.Open(ctx, dir, index.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			if err := ix.EachPut(ctx, func(string, chronicle.Article) error { return nil }); err != nil {
				t.Fatalf("a damaged file record failed EachPut: %v", err)
			}
			rep, err := ix.Sync(ctx, []string{corpus}, index.SyncOptions{Verify: true})
			if err != nil {
				t.Fatalf("a damaged file record failed the sync: %v", err)
			}
			var said []string
			for _, p := range rep.Problems {
				if p.Reason != index.ReasonDamagedRecord {
					continue
				}
				if !strings.Contains(p.Detail, tc.detailed) {
					t.Errorf("the problem says %q, want it to say %q", p.Detail, tc.detailed)
				}
				if p.Path == file {
					p.Path = "file"
				}
				said = append(said, p.Path)
			}
			if !slices.Equal(said, tc.said) {
				t.Errorf("the sync reported damaged records of %q, want %q (problems %+v)", said, tc.said, rep.Problems)
			}
			if rep.Removed != tc.removed || ix.Len() != 3-tc.removed {
				t.Errorf("sync removed %d, %d articles left; want %d removed", rep.Removed, ix.Len(), tc.removed)
			}
			for _, id := range []string{"stays", "fed"} {
				if _, err := ix.Article(ctx, id); err != nil {
					t.Errorf("%s was lost: %v", id, err)
				}
			}

			// The records were written whole: the next sync has nothing to
			// say, and the feed's articles are the feed's.
			rep, err = ix.Sync(ctx, []string{corpus}, index.SyncOptions{Verify: true})
			if err != nil || rep.Unchanged != 1 || rep.Updated+rep.Added+rep.Removed != 0 || len(rep.Problems) != 0 {
				t.Errorf("second sync: %d unchanged, %d updated, %d added, %d removed, problems %+v, %v; want 1 unchanged and nothing else",
					rep.Unchanged, rep.Updated, rep.Added, rep.Removed, rep.Problems, err)
			}
			var has []string
			if err := ix.EachPut(ctx, func(_ string, a chronicle.Article) error {
				has = append(has, a.ID)
				return nil
			}); err != nil || !slices.Equal(has, tc.feedHas) {
				t.Errorf("the feed's articles after the sync: %q, %v; want %q", has, err, tc.feedHas)
			}
		})
	}
}

// TestDamagedFileRecordRebuild: a rebuild of an index whose file records
// are damaged goes on and keeps the feed's articles.
func TestDamagedFileRecordRebuild(t *testing.T) {
	ctx := context.Background()
	corpus, _, dir := recoveryCase(t)
	damageFileRecords(t, dir, "fed")
	l, err := index.OpenLive(ctx, dir, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	rep, err := l.RebuildWith(ctx, []string{corpus}, index.SyncOptions{})
	if err != nil {
		t.Fatalf("rebuild: %v", err)
	}
	if l.Len() != 3 {
		t.Errorf("%d articles after the rebuild, want the file's 2 and the feed's (%s)", l.Len(), rep.Summary())
	}
	if sum := rep.Summary(); !strings.Contains(sum, "damaged") {
		t.Errorf("the rebuild does not say the records were damaged: %s", sum)
	}
}

// TestMissingRecordIsStoredAgain: an article record gone from the store
// while the catalog and the search index still hold the article (a key
// lost on a damaged page: the structure check passes) was dropped from
// every search without a word, and no sync stored it again (its file was
// unchanged). The check of every record (Verify) finds it missing, and the
// sync reads its file again.
func TestMissingRecordIsStoredAgain(t *testing.T) {
	ctx := context.Background()
	corpus := t.TempDir()
	writeFile(t, corpus, "news.jsonl", jsonl(t,
		rec{ID: "stays", Title: "Concert hall attack", Text: "Islamic State claimed the attack on the concert hall.", Date: "2024-03-23"},
		rec{ID: "lost", Title: "Alert level raised", Text: "France raised its terror alert to the highest level.", Date: "2024-03-24"}), baseTime)
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
	editStore(t, dir, func(tx *bolt.Tx) error { return tx.Bucket([]byte("articles")).Delete([]byte("lost")) })

	ix, err = index.Open(ctx, dir, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	rep, err := ix.Sync(ctx, []string{corpus}, index.SyncOptions{Verify: true})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Damaged != 1 || rep.DamagedMended != 1 {
		t.Errorf("sync: %d damaged, %d mended; want the missing record found and stored again (%s)", rep.Damaged, rep.DamagedMended, rep.Summary())
	}
	if got := searchIDs(t, ix, chronicle.SearchQuery{Text: "terror alert"}); len(got) != 1 || got[0] != "lost" {
		t.Errorf("search after the sync: %v, want [lost]", got)
	}
	if ix.Len() != 2 {
		t.Errorf("%d articles, want 2", ix.Len())
	}
}

// recoveryCase builds an index of a corpus file ("stays", "goes") and a
// feed's article ("fed"), closed, and returns the corpus, the file and the
// index folder.
func recoveryCase(t *testing.T) (src, file, dir string) {
	t.Helper()
	ctx := context.Background()
	src = t.TempDir()
	file = writeFile(t, src, "news.jsonl", jsonl(t,
		rec{ID: "stays", Title: "Concert hall attack", Text: "Islamic State claimed the attack on the concert hall.", Date: "2024-03-23"},
		rec{ID: "goes", Title: "Alert level raised", Text: "France raised its terror alert to the highest level.", Date: "2024-03-24"}), baseTime)
	dir = filepath.Join(t.TempDir(), "idx")
	ix, err := index.Open(ctx, dir, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Sync(ctx, []string{src}, index.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	fed := chronicle.Article{ID: "fed", Title: "Harbour", Published: baseTime,
		Paragraphs: []chronicle.Paragraph{{Text: "A storm closed the harbour."}}}
	if _, err := ix.Put(ctx, "https://feed.example/rss", []chronicle.Article{fed}); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	return src, file, dir
}

// TestRecoveredArticlesOutliveARebuild: damage to the index's file records
// loses no article, whatever runs after it (helper 92: with two damaged,
// the sync wrote them back empty, and a rebuild, the problem's advice, then
// dropped the feed's article without a word; a record that still decoded
// without its IDs was never found, and a rebuild dropped its articles).
func TestRecoveredArticlesOutliveARebuild(t *testing.T) {
	for _, tc := range []struct {
		name   string
		damage func(t *testing.T, dir, file string)
		sync   bool // a sync with Verify runs before the rebuild
		named  bool // the sync names the file whose record is damaged
	}{
		{"two damaged, a sync, a rebuild", func(t *testing.T, dir, _ string) { damageFileRecords(t, dir, "stays", "fed") }, true, false},
		{"two damaged, a rebuild", func(t *testing.T, dir, _ string) { damageFileRecords(t, dir, "stays", "fed") }, false, false},
		{"a feed's record that decodes without its IDs, a sync, a rebuild", func(t *testing.T, dir, _ string) {
			editStore(t, dir, func(tx *bolt.Tx) error {
				return tx.Bucket([]byte("files")).Put([]byte("origin:https://feed.example/rss"), []byte(`{"size":0,"mtime":"2024-03-25T00:00:00Z","idz":["fed"]}`))
			})
		}, true, false},
		{"a file's record with an ID changed that still decodes, a sync, a rebuild", func(t *testing.T, dir, _ string) {
			path := filepath.Join(dir, "store.db")
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(b, []byte(`,"goes"]`)) {
				t.Fatal("no file record ending in goes")
			}
			if err := os.WriteFile(path, bytes.ReplaceAll(b, []byte(`,"goes"]`), []byte(`,"Xoes"]`)), 0o644); err != nil {
				t.Fatal(err)
			}
		}, true, true},
		{"a file's record lost, a sync, a rebuild", func(t *testing.T, dir, file string) {
			editStore(t, dir, func(tx *bolt.Tx) error { return tx.Bucket([]byte("files")).Delete([]byte(file)) })
		}, true, false},
		{"a file's record a bucket (one flag bit), a sync, a rebuild", func(t *testing.T, dir, file string) {
			editStore(t, dir, func(tx *bolt.Tx) error {
				fb := tx.Bucket([]byte("files"))
				if err := fb.Delete([]byte(file)); err != nil {
					return err
				}
				_, err := fb.CreateBucket([]byte(file))
				return err
			})
		}, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			src, file, dir := recoveryCase(t)
			tc.damage(t, dir, file)
			if tc.sync {
				ix, err := index.Open(ctx, dir, index.Options{})
				if err != nil {
					t.Fatal(err)
				}
				rep, err := ix.Sync(ctx, []string{src}, index.SyncOptions{Verify: true})
				if err != nil {
					t.Fatalf("sync: %v", err)
				}
				said := slices.ContainsFunc(rep.Problems, func(p corpus.Problem) bool {
					return p.Reason == index.ReasonDamagedRecord && (!tc.named || p.Path == file)
				})
				if !said || ix.Len() != 3 {
					t.Errorf("sync: %d articles, problems %+v; want the 3 kept and the damage said", ix.Len(), rep.Problems)
				}
				if err := ix.Close(); err != nil {
					t.Fatal(err)
				}
			}
			l, err := index.OpenLive(ctx, dir, index.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			rep, err := l.RebuildWith(ctx, []string{src}, index.SyncOptions{})
			if err != nil {
				t.Fatalf("rebuild: %v", err)
			}
			if l.Len() != 3 || rep.Feed != 1 {
				// The file's articles are the file's in the new index, not
				// carried over with the recovered ones as a feed's.
				t.Errorf("%d articles after the rebuild, %d from feeds; want the file's 2 and the feed's 1 (%s)", l.Len(), rep.Feed, rep.Summary())
			}
		})
	}
}

// TestFileTakesBackRecoveredArticles: the articles a recovered record was
// given are a file's to take: with a file's record lost and a feed's
// damaged, the feed's record was given the file's articles, and the file's
// edits were then skipped as duplicates of the feed's (helper 92).
func TestFileTakesBackRecoveredArticles(t *testing.T) {
	ctx := context.Background()
	src, file, dir := recoveryCase(t)
	editStore(t, dir, func(tx *bolt.Tx) error { return tx.Bucket([]byte("files")).Delete([]byte(file)) })
	damageFileRecords(t, dir, "fed")
	writeFile(t, src, "news.jsonl", jsonl(t,
		rec{ID: "stays", Title: "Concert hall attack, updated", Text: "Islamic State claimed the attack on the concert hall.", Date: "2024-03-23"}), baseTime.Add(time.Hour))
	ix, err := index.Open(ctx, dir, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	rep, err := ix.Sync(ctx, []string{src}, index.SyncOptions{Verify: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rep.Problems {
		if p.Reason == corpus.ReasonDuplicateID {
			t.Errorf("the file's article was skipped: %+v", p)
		}
	}
	if a, err := ix.Article(ctx, "stays"); err != nil || a.Title != "Concert hall attack, updated" {
		t.Errorf("the file's edit: %q, %v; want the new title", a.Title, err)
	}
	// A second sync: the file holds its article, and nothing more is said.
	rep, err = ix.Sync(ctx, []string{src}, index.SyncOptions{Verify: true})
	if err != nil || len(rep.Problems) != 0 || rep.Unchanged != 1 {
		t.Errorf("second sync: %s, problems %+v, %v", rep.Summary(), rep.Problems, err)
	}
}

// TestPruneLetsGoOfRecoveredArticles: --prune lets go of the recovered
// articles no file took back, in a sync and in a rebuild; they were kept
// through both (helper 94).
func TestPruneLetsGoOfRecoveredArticles(t *testing.T) {
	for _, rebuild := range []bool{false, true} {
		t.Run(fmt.Sprintf("rebuild %v", rebuild), func(t *testing.T) {
			ctx := context.Background()
			src, _, dir := recoveryCase(t)
			damageFileRecords(t, dir, "stays", "fed")
			// The file no longer gives "goes": only the recovered record
			// holds it after the sync, with the feed's "fed".
			writeFile(t, src, "news.jsonl", jsonl(t,
				rec{ID: "stays", Title: "Concert hall attack", Text: "Islamic State claimed the attack on the concert hall.", Date: "2024-03-23"}), baseTime.Add(time.Hour))
			ix, err := index.Open(ctx, dir, index.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := ix.Sync(ctx, []string{src}, index.SyncOptions{Verify: true}); err != nil {
				t.Fatal(err)
			}
			if ix.Len() != 3 {
				t.Fatalf("%d articles after the sync, want 3 (the recovered kept)", ix.Len())
			}
			if !rebuild {
				rep, err := ix.Sync(ctx, []string{src}, index.SyncOptions{Prune: true})
				if err != nil || ix.Len() != 1 || rep.Removed != 2 {
					t.Errorf("--prune: %d articles, %d removed, %v; want the recovered 2 let go", ix.Len(), rep.Removed, err)
				}
				ix.Close()
				return
			}
			if err := ix.Close(); err != nil {
				t.Fatal(err)
			}
			l, err := index.OpenLive(ctx, dir, index.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			if _, err := l.RebuildWith(ctx, []string{src}, index.SyncOptions{Prune: true}); err != nil || l.Len() != 1 {
				t.Errorf("--rebuild --prune: %d articles, %v; want the file's 1", l.Len(), err)
			}
		})
	}
}
