package index

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// TestDamagedCatalogEntry: a catalog entry (an article's date, title and
// counts, kept for date windows, listings and statistics) changed on disk
// so that it still decodes (a date, which moves the article out of the
// windows asked for; an ID) was taken as it was. Entries now carry a
// checksum; one that does not match it, or does not decode, is made again
// from its stored article, written back and said in Repaired, and nothing
// is lost. An entry of an earlier release, without a checksum, is taken as
// it is.
func TestDamagedCatalogEntry(t *testing.T) {
	replace := func(old, new string) func(v []byte) []byte {
		return func(v []byte) []byte { return bytes.Replace(v, []byte(old), []byte(new), 1) }
	}
	tests := []struct {
		name   string
		change func(v []byte) []byte
		mended bool
	}{
		{"a date changed", replace("2024-03-22", "2029-03-22"), true},
		{"an ID changed", replace(`"a2"`, `"a9"`), true},
		{"the checksum's key changed", replace(`"sum"`, `"sun"`), true},
		{"not JSON", func([]byte) []byte { return []byte(`{"id":"a2","p":`) }, true},
		{"an entry of an earlier release", func(v []byte) []byte {
			var e entry
			if err := json.Unmarshal(v, &e); err != nil {
				t.Fatal(err)
			}
			old, err := json.Marshal(e)
			if err != nil {
				t.Fatal(err)
			}
			return old
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			dir := feedIndex(t)
			edit(t, dir, func(tx *bolt.Tx) error {
				b := tx.Bucket(bucketCatalog)
				v := b.Get([]byte("a2"))
				w := tt.change(bytes.Clone(v))
				if bytes.Equal(v, w) {
					t.Fatalf("the change left %s as it was", v)
				}
				return b.Put([]byte("a2"), w)
			})
			ix, err := Open(ctx, dir, Options{})
			if err != nil {
				t.Fatal(err)
			}
			e, ok := ix.cat.get("a2")
			want := `catalog: 1 damaged entry ("a2") made again from the stored articles; nothing was lost`
			if got := strings.Contains(ix.Repaired, want); got != tt.mended {
				t.Errorf("Repaired = %q; want %q in it: %v", ix.Repaired, want, tt.mended)
			}
			if !ok || e.ID != "a2" || !e.Published.Equal(time.Date(2024, 3, 22, 0, 0, 0, 0, time.UTC)) || e.Title != "Harbour storm a2" || ix.Len() != 3 {
				t.Errorf("entry a2 = %+v (found %v), Len() = %d; want it as stored, of the 3 articles", e, ok, ix.Len())
			}
			if err := ix.Close(); err != nil {
				t.Fatal(err)
			}
			// Written back: the next open finds nothing to mend.
			ix, err = Open(ctx, dir, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			if ix.Repaired != "" {
				t.Errorf("the second open mended again: %q", ix.Repaired)
			}
			// Every entry carries its checksum, the earlier release's too.
			if err := ix.store.db.View(func(tx *bolt.Tx) error {
				return tx.Bucket(bucketCatalog).ForEach(func(k, v []byte) error {
					if !hasEntrySum(v) {
						t.Errorf("entry %s is stored without a checksum: %s", k, v)
					}
					return nil
				})
			}); err != nil {
				t.Fatal(err)
			}
		})
	}
}
