package index

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/chronicle-bot/chronicle"
)

// TestRepairHoldsTheStore: Open let go of the article store between
// finding that the search index had to be made again and making it, so
// another process (a second bot index or bot serve started at the same
// moment) could take the store there, and the repair failed with "in use"
// after waiting 2 seconds. Open now holds the store from the first look to
// the repaired index: a second holder cannot get in, and the repair ends.
func TestRepairHoldsTheStore(t *testing.T) {
	for _, tt := range repairDamages() {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			dir := feedIndex(t)
			tt.damage(t, dir)

			var other *bolt.DB // the second holder, when it got in
			defer func() {
				if other != nil {
					other.Close()
				}
			}()
			opts := Options{repairing: func() {
				db, err := bolt.Open(filepath.Join(dir, entryStore), 0o644, &bolt.Options{Timeout: 100 * time.Millisecond})
				if err == nil {
					other = db
				}
			}}
			ix, err := Open(ctx, dir, opts)
			if other != nil {
				t.Error("another holder took the store between the check and the repair")
			}
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			defer ix.Close()
			if ix.Repaired == "" || ix.Reset || ix.Len() != 3 {
				t.Errorf("Open: Repaired = %q, Reset = %v, Len() = %d; want a repair keeping the 3 articles", ix.Repaired, ix.Reset, ix.Len())
			}
		})
	}
}

// repairDamage is damage to a closed index that Open repairs from the
// stored articles.
type repairDamage struct {
	name   string
	damage func(tb testing.TB, dir string)
}

// repairDamages are the kinds of repairDamage the repair tests apply.
func repairDamages() []repairDamage {
	return []repairDamage{
		{"a build that did not finish", func(tb testing.TB, dir string) {
			edit(tb, dir, func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keyDirty, []byte("1")) })
		}},
		{"search files missing", func(tb testing.TB, dir string) {
			if err := os.RemoveAll(filepath.Join(dir, entryBleve)); err != nil {
				tb.Fatal(err)
			}
		}},
		{"search and store disagree", func(tb testing.TB, dir string) {
			edit(tb, dir, func(tx *bolt.Tx) error { return tx.Bucket(bucketCatalog).Delete([]byte("a2")) })
		}},
	}
}

// feedIndex returns the directory of a closed index holding three feed
// articles (which no corpus file gives back).
func feedIndex(tb testing.TB) string {
	tb.Helper()
	ctx := context.Background()
	dir := tb.TempDir()
	ix, err := Open(ctx, dir, Options{})
	if err != nil {
		tb.Fatal(err)
	}
	var arts []chronicle.Article
	for _, id := range []string{"a1", "a2", "a3"} {
		arts = append(arts, chronicle.Article{ID: id, Title: "Harbour storm " + id, Source: "Test",
			Published:  time.Date(2024, 3, 22, 0, 0, 0, 0, time.UTC),
			Paragraphs: []chronicle.Paragraph{{Text: "A storm closed the harbour for a day."}}})
	}
	if _, err := ix.Put(ctx, "https://feed.example/rss", arts); err != nil {
		tb.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// TestRepairStopsWhenCancelled: a repair ran to its end whatever the
// context said, so Ctrl-C during a long repair (bot index, bot serve
// starting) was ignored until every stored article was indexed again. A
// stopped repair now returns at once with the context's error, keeps every
// stored article, and is done again at the next open.
func TestRepairStopsWhenCancelled(t *testing.T) {
	for _, tt := range repairDamages() {
		t.Run(tt.name, func(t *testing.T) {
			dir := feedIndex(t)
			tt.damage(t, dir)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			ix, err := Open(ctx, dir, Options{repairing: cancel, BatchSize: 1})
			if err == nil {
				ix.Close()
				t.Fatal("Open with the repair stopped: no error, want the context's")
			}
			if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "the stored articles are kept") {
				t.Errorf("Open with the repair stopped: %v; want context.Canceled, saying the articles are kept", err)
			}
			ix, err = Open(context.Background(), dir, Options{})
			if err != nil {
				t.Fatalf("the next Open: %v", err)
			}
			defer ix.Close()
			if ix.Repaired == "" || ix.Reset || ix.Len() != 3 {
				t.Errorf("the next Open: Repaired = %q, Reset = %v, Len() = %d; want a repair keeping the 3 articles", ix.Repaired, ix.Reset, ix.Len())
			}
		})
	}
}

// edit runs fn in one write transaction on the closed index's store,
// straight through bbolt.
func edit(tb testing.TB, dir string, fn func(tx *bolt.Tx) error) {
	tb.Helper()
	db, err := bolt.Open(filepath.Join(dir, entryStore), 0o644, &bolt.Options{Timeout: time.Second})
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	if err := db.Update(fn); err != nil {
		tb.Fatal(err)
	}
}

// TestNewerFormatIsKept: an index whose format version is later than this
// release's was wiped as "outdated", so rolling back a release lost every
// stored article (a feed's too). It is now refused and kept as it is; an
// earlier format is still rebuilt.
func TestNewerFormatIsKept(t *testing.T) {
	tests := []struct {
		version string
		refused bool // else reset, as before
	}{
		{"chronicle-index-99", true},
		{"chronicle-index-7", true},
		{"chronicle-index-4", false},
		{"chronicle-index-x", false},
	}
	for _, tt := range tests {
		t.Run(tt.version, func(t *testing.T) {
			dir := feedIndex(t)
			setVersion := func(v string) {
				edit(t, dir, func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keyVersion, []byte(v)) })
			}
			setVersion(tt.version)
			ix, err := Open(context.Background(), dir, Options{})
			if !tt.refused {
				if err != nil {
					t.Fatalf("Open: %v; want the index rebuilt", err)
				}
				defer ix.Close()
				if !ix.Reset {
					t.Errorf("Open of format %s: Reset = false, want a rebuild", tt.version)
				}
				return
			}
			if err == nil {
				reset, n := ix.Reset, ix.Len()
				ix.Close()
				t.Fatalf("Open of format %s: no error (Reset = %v, Len() = %d); want ErrNewerFormat and the index kept", tt.version, reset, n)
			}
			if !errors.Is(err, ErrNewerFormat) || !strings.Contains(err.Error(), "bot index --rebuild") {
				t.Errorf("Open of format %s: %v; want ErrNewerFormat, saying how to go on", tt.version, err)
			}
			// Kept: with its version back, every article is there.
			setVersion(formatVersion)
			ix, err = Open(context.Background(), dir, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			if ix.Reset || ix.Len() != 3 {
				t.Errorf("after the refusal: Reset = %v, Len() = %d; want the 3 articles kept", ix.Reset, ix.Len())
			}
		})
	}
}
