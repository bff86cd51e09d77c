package index

import (
	"context"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/chronicle-bot/chronicle"
)

// TestFormat5IndexIsKept: the articles of a format 5 index (records without
// a checksum, codec version 1: every index written before the checksum) are
// read as they are, not wiped as outdated (which would lose a feed's
// articles), and a writable open marks the index format 6, which an
// earlier release refuses rather than failing on its checksummed records.
// A read-only open leaves it as it is.
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
			v, err := ix.store.meta(keyVersion)
			want := formatVersion
			if readOnly {
				want = formatReadable
			}
			if err != nil || v != want {
				t.Errorf("format after open = %q, %v; want %q", v, err, want)
			}
		})
	}
}
