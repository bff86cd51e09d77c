package index_test

import (
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/index"
)

// storeMeta is what the freelist tests read of a closed store's meta pages:
// the page size and the freelist page of the meta bbolt uses (the one with
// the higher transaction ID; both are valid in an undamaged file).
func storeMeta(tb testing.TB, path string) (pageSize int64, freelist uint64) {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	order := binary.NativeEndian
	// Page header 16 bytes; meta: magic, version, page size, flags (4 each),
	// root bucket (16), freelist, pgid, txid (8 each).
	pageSize = int64(order.Uint32(data[16+8:]))
	var best uint64
	for _, off := range []int64{0, pageSize} {
		m := data[off+16:]
		if txid := order.Uint64(m[48:]); txid >= best {
			best, freelist = txid, order.Uint64(m[32:])
		}
	}
	if freelist == ^uint64(0) {
		tb.Fatalf("%s keeps no freelist", path)
	}
	return pageSize, freelist
}

// patchPage rewrites page id of the closed file at path with fn.
func patchPage(tb testing.TB, path string, pageSize int64, id uint64, fn func(p []byte)) {
	tb.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	p := make([]byte, pageSize)
	if _, err := f.ReadAt(p, int64(id)*pageSize); err != nil {
		tb.Fatal(err)
	}
	fn(p)
	if _, err := f.WriteAt(p, int64(id)*pageSize); err != nil {
		tb.Fatal(err)
	}
}

// setFree makes the freelist page p list ids (its count, then the ids).
func setFree(p []byte, ids ...uint64) {
	order := binary.NativeEndian
	order.PutUint16(p[10:], uint16(len(ids)))
	for i, id := range ids {
		order.PutUint64(p[16+8*i:], id)
	}
}

// TestOpenDamagedFreelist: store.db keeps its freelist on disk (5823584).
// A freelist page that is garbage, of another type, longer than its page,
// naming a page out of the file, a meta page or itself is damage to the
// freelist alone: Open has bbolt make it again from the tree, which is
// whole, keeps a copy of the file as it was, and loses nothing (helper 96:
// the store was reset, and a feed's articles lost). A sound freelist that
// names a page the tree reaches may as well be a tree pointing at a freed
// page's older copy (helper 97), and a file cut short lost data: Open resets
// the index with a reason naming it, and a sync builds it again. A freelist
// that forgets free pages only leaks them: nothing is done.
func TestOpenDamagedFreelist(t *testing.T) {
	corpus := damageCorpus(t)
	cases := []struct {
		name   string
		damage func(t *testing.T, store string, ps int64, fl uint64)
		reset  bool
	}{
		{"garbage", func(t *testing.T, store string, ps int64, fl uint64) {
			patchPage(t, store, ps, fl, func(p []byte) {
				for i := range p {
					p[i] = byte(0xde + i%4)
				}
			})
		}, false},
		{"type leaf", func(t *testing.T, store string, ps int64, fl uint64) {
			patchPage(t, store, ps, fl, func(p []byte) { binary.NativeEndian.PutUint16(p[8:], 0x02) })
		}, false},
		{"count past the page", func(t *testing.T, store string, ps int64, fl uint64) {
			patchPage(t, store, ps, fl, func(p []byte) { binary.NativeEndian.PutUint16(p[10:], 0xFFFE) })
		}, false},
		{"free page past the data", func(t *testing.T, store string, ps int64, fl uint64) {
			patchPage(t, store, ps, fl, func(p []byte) { setFree(p, 1<<40) })
		}, false},
		{"page in use listed free", func(t *testing.T, store string, ps int64, fl uint64) {
			live := uint64(treePage(t, store))
			patchPage(t, store, ps, fl, func(p []byte) { setFree(p, live) })
		}, true},
		{"freelist page lists itself", func(t *testing.T, store string, ps int64, fl uint64) {
			patchPage(t, store, ps, fl, func(p []byte) { setFree(p, fl) })
		}, false},
		{"meta page listed free", func(t *testing.T, store string, ps int64, fl uint64) {
			patchPage(t, store, ps, fl, func(p []byte) { setFree(p, 1) })
		}, false},
		{"file cut before the freelist", func(t *testing.T, store string, ps int64, fl uint64) {
			if err := os.Truncate(store, int64(fl)*ps); err != nil {
				t.Fatal(err)
			}
		}, true},
		{"free pages forgotten", func(t *testing.T, store string, ps int64, fl uint64) {
			patchPage(t, store, ps, fl, func(p []byte) { setFree(p) })
		}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			dir, n := buildIndex(t, corpus)
			store := filepath.Join(dir, "store.db")
			ps, fl := storeMeta(t, store)
			tc.damage(t, store, ps, fl)

			ix, err := index.Open(ctx, dir, index.Options{})
			if err != nil {
				t.Fatalf("Open after the damage: %v", err)
			}
			defer ix.Close()
			if !tc.reset {
				if ix.Reset || ix.Len() != n {
					t.Fatalf("Open: Reset=%v (%s) Len=%d, want no reset and %d articles", ix.Reset, ix.ResetReason, ix.Len(), n)
				}
				if mended := strings.Contains(ix.Repaired, "its list of free pages is made again"); mended != (tc.name != "free pages forgotten") {
					t.Errorf("Open: Repaired = %q; want the freelist made again: %v", ix.Repaired, tc.name != "free pages forgotten")
				}
				// The store still takes writes, and keeps every article.
				rep, err := ix.Sync(ctx, []string{corpus}, index.SyncOptions{})
				if err != nil || rep.Unchanged != n {
					t.Fatalf("Sync: %+v, %v; want %d unchanged", rep, err, n)
				}
				if _, err := ix.Put(ctx, "https://feed.example/rss", []chronicle.Article{{ID: "feed-1", Title: "Harbour storm",
					Paragraphs: []chronicle.Paragraph{{Text: "A storm closed the harbour."}}}}); err != nil {
					t.Fatalf("Put after the mend: %v", err)
				}
				if err := ix.Close(); err != nil {
					t.Fatal(err)
				}
				again, err := index.Open(ctx, dir, index.Options{})
				if err != nil {
					t.Fatal(err)
				}
				defer again.Close()
				if again.Repaired != "" || again.Reset || again.Len() != n+1 {
					t.Errorf("reopened: Repaired = %q, Reset = %v, Len = %d; want nothing mended and %d articles", again.Repaired, again.Reset, again.Len(), n+1)
				}
				return
			}
			if !ix.Reset || ix.Len() != 0 {
				t.Fatalf("Open: Reset=%v Len=%d, want a reset, empty index", ix.Reset, ix.Len())
			}
			if want := "the state file " + store + " is damaged"; !strings.Contains(ix.ResetReason, want) {
				t.Errorf("ResetReason = %q, want it to contain %q", ix.ResetReason, want)
			}
			rep, err := ix.Sync(ctx, []string{corpus}, index.SyncOptions{})
			if err != nil || rep.Added != n || ix.Len() != n {
				t.Errorf("Sync after the reset: added %d, holds %d, err %v; want %d", rep.Added, ix.Len(), err, n)
			}
		})
	}
}

// TestOpenDamagedBleveRoot: Bleve keeps its own bbolt file (root.bolt),
// whose old snapshots its persister reads and frees in a goroutine of its
// own: a damaged page there faulted the process on every start (past any
// recover), and a freelist entry out of the file left a write lock held so
// that Close never returned (helper 96). Open checks the file's pages
// first and makes the search index again from the stored articles.
func TestOpenDamagedBleveRoot(t *testing.T) {
	corpus := damageCorpus(t)
	for _, tc := range []struct {
		name   string
		damage func(t *testing.T, root string)
	}{
		{"free page past the data", func(t *testing.T, root string) {
			ps, fl := storeMeta(t, root)
			patchPage(t, root, ps, fl, func(p []byte) { setFree(p, 1<<40) })
		}},
		{"a page of garbage", func(t *testing.T, root string) {
			ps, fl := storeMeta(t, root)
			patchPage(t, root, ps, fl, func(p []byte) {
				for i := range p {
					p[i] = byte(0xde + i%4)
				}
			})
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			dir, n := buildIndex(t, corpus)
			tc.damage(t, filepath.Join(dir, "bleve", "store", "root.bolt"))
			ix, err := index.Open(ctx, dir, index.Options{})
			if err != nil {
				t.Fatalf("Open after the damage: %v", err)
			}
			if !strings.Contains(ix.Repaired, "root.bolt is damaged") || !strings.Contains(ix.Repaired, "nothing was lost") || ix.Reset || ix.Len() != n {
				t.Errorf("Open: Repaired = %q, Reset = %v, Len = %d; want the search index made again, %d articles", ix.Repaired, ix.Reset, ix.Len(), n)
			}
			closed := make(chan error, 1)
			go func() { closed <- ix.Close() }()
			select {
			case err := <-closed:
				if err != nil {
					t.Errorf("Close: %v", err)
				}
			case <-time.After(time.Minute):
				t.Fatal("Close did not return within a minute")
			}
		})
	}
}
