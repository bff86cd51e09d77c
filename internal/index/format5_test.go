package index

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/chronicle-bot/chronicle"
)

// TestFormat5IndexIsKept: the articles of a format 5 index (records without
// a checksum, codec version 1: every index written before the checksum) are
// read as they are, not wiped as outdated (which would lose a feed's
// articles). Opening it leaves it format 5, which the earlier release still
// reads (review rev42: a bot ask marked it 6, and the earlier release then
// refused it); the write of its first checksummed record marks it 6, which
// an earlier release refuses rather than failing on that record. The
// records of both versions are read side by side.
func TestFormat5IndexIsKept(t *testing.T) {
	for _, readOnly := range []bool{false, true} {
		name := map[bool]string{false: "writable", true: "read-only"}[readOnly]
		t.Run(name, func(t *testing.T) {
			dir := feedIndex(t)
			edit(t, dir, func(tx *bolt.Tx) error {
				if err := tx.Bucket(bucketMeta).Put(keyVersion, []byte(formatReadable)); err != nil {
					return err
				}
				ab := tx.Bucket(bucketArticles)
				olds := map[string][]byte{}
				err := ab.ForEach(func(k, v []byte) error {
					if v[0] != codecVersion {
						t.Fatalf("record %s of version %d", k, v[0])
					}
					old := append([]byte{codecUnchecked}, v[1:len(v)-4]...)
					olds[string(k)] = old
					return nil
				})
				for k, v := range olds {
					if err := ab.Put([]byte(k), v); err != nil {
						return err
					}
				}
				return err
			})
			ctx := context.Background()
			ix, err := Open(ctx, dir, Options{ReadOnly: readOnly})
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			if ix.Reset || ix.Len() != 3 {
				t.Fatalf("Reset = %v (%s), Len() = %d; want the 3 articles kept", ix.Reset, ix.ResetReason, ix.Len())
			}
			res, err := ix.Search(ctx, chronicle.SearchQuery{Text: "harbour storm"})
			if err != nil || len(res.Hits) != 3 {
				t.Errorf("search: %d hits, %v; want the 3 articles", len(res.Hits), err)
			}
			if v, err := ix.store.meta(keyVersion); err != nil || v != formatReadable {
				t.Errorf("format after open = %q, %v; want %q", v, err, formatReadable)
			}
			if readOnly {
				return
			}
			put := chronicle.Article{ID: "a4", Title: "Harbour storm a4", Published: time.Date(2024, 3, 22, 0, 0, 0, 0, time.UTC),
				Paragraphs: []chronicle.Paragraph{{Text: "A storm closed the harbour for a day."}}}
			if _, err := ix.Put(ctx, "https://feed.example/rss", []chronicle.Article{put}); err != nil {
				t.Fatal(err)
			}
			if v, err := ix.store.meta(keyVersion); err != nil || v != formatVersion {
				t.Errorf("format after a write = %q, %v; want %q", v, err, formatVersion)
			}
			res, err = ix.Search(ctx, chronicle.SearchQuery{Text: "harbour storm"})
			if err != nil || len(res.Hits) != 4 {
				t.Errorf("search over records of both versions: %d hits, %v; want 4", len(res.Hits), err)
			}
			if ids, _, err := ix.store.damagedIDs(ctx, nil); err != nil || len(ids) != 0 {
				t.Errorf("damagedIDs over records of both versions = %q, %v; want none", ids, err)
			}
		})
	}
}

// TestFormat5DamagedRecordIsMended: a version 1 record (no checksum) whose
// bytes after its hash no longer decode was left out of answers and its
// file marked, but every sync found it "unchanged" (its hash, first in it,
// still read well) and the article never came back (helper 89). The
// sync's hash comparison now decodes such a record whole.
func TestFormat5DamagedRecordIsMended(t *testing.T) {
	ctx := context.Background()
	corpus := t.TempDir()
	var b []byte
	for _, id := range []string{"a1", "a2", "a3"} {
		b = append(b, `{"id":"`+id+`","title":"Harbour storm `+id+`","publish_date":"2024-03-22","text":"A storm closed the harbour for a day."}`+"\n"...)
	}
	if err := os.WriteFile(filepath.Join(corpus, "news.jsonl"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	ix, err := Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Sync(ctx, []string{corpus}, SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	edit(t, dir, func(tx *bolt.Tx) error {
		ab := tx.Bucket(bucketArticles)
		v := ab.Get([]byte("a2"))
		old := append([]byte{codecUnchecked}, v[1:len(v)-4]...)
		// The hash (a length and 32 bytes) stays; the ID's length says
		// more bytes than the record holds.
		old[1+1+32] = 0xff
		old[1+1+32+1] = 0x7f
		return ab.Put([]byte("a2"), old)
	})
	var reported []string
	ix, err = Open(ctx, dir, Options{Damaged: func(id string, err error) { reported = append(reported, id) }})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	res, err := ix.Search(ctx, chronicle.SearchQuery{Text: "harbour storm"})
	if err != nil || len(res.Hits) != 2 || len(reported) != 1 {
		t.Fatalf("search: %d hits, %v, reported %q; want the 2 whole articles and a2 reported", len(res.Hits), err, reported)
	}
	for _, verify := range []bool{false, true} {
		rep, err := ix.Sync(ctx, []string{corpus}, SyncOptions{Verify: verify})
		if err != nil {
			t.Fatal(err)
		}
		if verify {
			if rep.Damaged != 0 || rep.Updated != 0 {
				t.Errorf("second sync: %d damaged, %d updated; want nothing left to mend", rep.Damaged, rep.Updated)
			}
			continue
		}
		if rep.Updated != 1 {
			t.Errorf("sync: %d updated, %d unchanged; want the damaged article stored again", rep.Updated, rep.Unchanged)
		}
	}
	res, err = ix.Search(ctx, chronicle.SearchQuery{Text: "harbour storm"})
	if err != nil || len(res.Hits) != 3 {
		t.Errorf("after the sync: %d hits, %v; want 3", len(res.Hits), err)
	}
}

// TestRecordUnderAnotherKey: a whole record stored under another
// article's key (a page's keys damaged) was shown as that article (helper
// 89); it is damaged like a record that does not decode.
func TestRecordUnderAnotherKey(t *testing.T) {
	ctx := context.Background()
	dir := feedIndex(t)
	edit(t, dir, func(tx *bolt.Tx) error {
		ab := tx.Bucket(bucketArticles)
		return ab.Put([]byte("a2"), bytes.Clone(ab.Get([]byte("a1"))))
	})
	var reported []string
	ix, err := Open(ctx, dir, Options{Damaged: func(id string, err error) { reported = append(reported, id+": "+err.Error()) }})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	res, err := ix.Search(ctx, chronicle.SearchQuery{Text: "harbour storm"})
	if err != nil || len(res.Hits) != 2 {
		t.Errorf("search: %d hits, %v; want a1 and a3", len(res.Hits), err)
	}
	for _, h := range res.Hits {
		if h.Article.ID == "a1" && h.Article.Title != "Harbour storm a1" {
			t.Errorf("a1 shown as %q", h.Article.Title)
		}
	}
	if len(reported) != 1 || !strings.Contains(reported[0], `a2: `) || !strings.Contains(reported[0], `holds article "a1"`) {
		t.Errorf("reported %q, want a2 holding a1's record", reported)
	}
	if _, err := ix.Article(ctx, "a2"); err == nil {
		t.Error("Article(a2) gave a1's record")
	}
	// The check of every stored article finds it too.
	ids, _, err := ix.store.damagedIDs(ctx, nil)
	if err != nil || len(ids) != 1 || ids[0] != "a2" {
		t.Errorf("damagedIDs = %q, %v; want a2", ids, err)
	}
}
