package index_test

import (
	"encoding/json"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/chronicle-bot/chronicle"
)

// TestCatalogDamageIsRepaired: the catalog is made from the stored
// articles, yet a catalog record that did not decode (or a store whose
// catalog predates sentence hashes holding an article that does not
// decode) made Open wipe the whole index: every stored article was lost,
// a feed's too, which no corpus file gives back. Open now repairs it as it
// does the search index, keeping every article that decodes.
func TestCatalogDamageIsRepaired(t *testing.T) {
	tests := []struct {
		name   string
		damage func(tx *bolt.Tx) error
		want   int // articles after the repair
	}{
		{"a catalog record that does not decode", func(tx *bolt.Tx) error {
			return tx.Bucket([]byte("catalog")).Put([]byte("n2"), []byte("garbage"))
		}, 6},
		{"a catalog from before sentence hashes, and an article that does not decode", func(tx *bolt.Tx) error {
			cb := tx.Bucket([]byte("catalog"))
			v := cb.Get([]byte("n2"))
			var e map[string]any
			if err := json.Unmarshal(v, &e); err != nil {
				return err
			}
			delete(e, "l")
			old, err := json.Marshal(e)
			if err != nil {
				return err
			}
			if err := cb.Put([]byte("n2"), old); err != nil {
				return err
			}
			return tx.Bucket([]byte("articles")).Put([]byte("n2"), []byte("\xffnot an article"))
		}, 5},
	}
	corpus := corpusV1(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := closedIndexWithFeed(t, corpus)
			editStore(t, dir, tt.damage)

			ix := openIndex(t, dir)
			if ix.Reset || ix.Repaired == "" || ix.Len() != tt.want {
				t.Errorf("Open: Reset = %v (%q), Repaired = %q, Len() = %d; want a repair keeping %d articles",
					ix.Reset, ix.ResetReason, ix.Repaired, ix.Len(), tt.want)
			}
			for q, want := range map[string]string{"harbour": "b", "lighthouse keeper": "feed-1"} {
				if got := searchIDs(t, ix, chronicle.SearchQuery{Text: q}); len(got) != 1 || got[0] != want {
					t.Errorf("Search(%s) after Open = %v, want [%s]", q, got, want)
				}
			}
			ix = reopen(t, ix)
			if ix.Reset || ix.Repaired != "" || ix.Len() != tt.want {
				t.Errorf("reopen: Reset = %v, Repaired = %q, Len() = %d; want a clean index of %d", ix.Reset, ix.Repaired, ix.Len(), tt.want)
			}
			syncOK(t, ix, corpus)
			if n := ix.Len(); n != 6 {
				t.Errorf("Len() after the next Sync = %d, want 6", n)
			}
		})
	}
}
