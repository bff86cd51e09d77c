package index_test

import (
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/chronicle-bot/chronicle"
)

// TestRepairWithInconsistentStore: an index found dirty whose store's
// catalog and articles disagree, or holds an article record that does not
// decode, must not be wiped: the repair keeps every readable article and
// ends in a usable index whose search and catalog agree.
func TestRepairWithInconsistentStore(t *testing.T) {
	tests := []struct {
		name   string
		damage func(tx *bolt.Tx) error
		want   int // articles after the repair
	}{
		{"catalog entry without an article", func(tx *bolt.Tx) error {
			return tx.Bucket([]byte("articles")).Delete([]byte("n2"))
		}, 5},
		{"article without a catalog entry", func(tx *bolt.Tx) error {
			return tx.Bucket([]byte("catalog")).Delete([]byte("n2"))
		}, 6},
		{"article record that does not decode", func(tx *bolt.Tx) error {
			return tx.Bucket([]byte("articles")).Put([]byte("n2"), []byte("\xffnot an article"))
		}, 5},
	}
	corpus := corpusV1(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := closedIndexWithFeed(t, corpus)
			editStore(t, dir, tt.damage)
			setMeta(t, dir, "dirty", "1")

			ix := openIndex(t, dir)
			t.Logf("Reset = %v (%q), Repaired = %q, Len() = %d", ix.Reset, ix.ResetReason, ix.Repaired, ix.Len())
			if ix.Reset || ix.Repaired == "" || ix.Len() != tt.want {
				t.Errorf("Open: Reset = %v (%q), Repaired = %q, Len() = %d; want a repair keeping %d articles", ix.Reset, ix.ResetReason, ix.Repaired, ix.Len(), tt.want)
			}
			for q, want := range map[string][]string{"harbour": {"b"}, "lighthouse keeper": {"feed-1"}} {
				if got := searchIDs(t, ix, chronicle.SearchQuery{Text: q}); len(got) != 1 || got[0] != want[0] {
					t.Errorf("Search(%s) after the repair = %v, want %v", q, got, want)
				}
			}
			ix = reopen(t, ix)
			if ix.Reset || ix.Repaired != "" || ix.Len() != tt.want {
				t.Errorf("reopen: Reset = %v, Repaired = %q, Len() = %d; want a clean index of %d", ix.Reset, ix.Repaired, ix.Len(), tt.want)
			}
			syncOK(t, ix, corpus)
			if got := searchIDs(t, ix, chronicle.SearchQuery{Text: "storm"}); len(got) != 1 || got[0] != "n2" {
				t.Errorf("Search(storm) after the next Sync = %v, want [n2]", got)
			}
			if n := ix.Len(); n != 6 {
				t.Errorf("Len() after the next Sync = %d, want 6", n)
			}
		})
	}
}
