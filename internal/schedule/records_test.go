package schedule

import (
	"bytes"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// putRecords writes recs into bucket name of tx (made when absent), as a
// store from before a change, or a damaged one, holds them; seq >= 0 sets
// the bucket's sequence.
func putRecords(tx *bolt.Tx, name []byte, recs map[string][]byte, seq int64) error {
	b, err := tx.CreateBucketIfNotExists(name)
	if err != nil {
		return err
	}
	for k, v := range recs {
		if err := b.Put([]byte(k), v); err != nil {
			return err
		}
	}
	if seq < 0 {
		return nil
	}
	return b.SetSequence(uint64(seq))
}

// bucketCopy returns a copy of bucket name's records in tx (nested buckets
// as nil), or nil when there is no such bucket.
func bucketCopy(tx *bolt.Tx, name []byte) map[string][]byte {
	b := tx.Bucket(name)
	if b == nil {
		return nil
	}
	out := map[string][]byte{}
	_ = b.ForEach(func(k, v []byte) error {
		out[string(k)] = bytes.Clone(v)
		return nil
	})
	return out
}

// inFile runs fn in one bbolt transaction on the closed store file at path,
// straight through bbolt (read-only unless write).
func inFile(tb testing.TB, path string, write bool, fn func(*bolt.Tx) error) {
	tb.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 5 * time.Second, ReadOnly: !write})
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	run := db.View
	if write {
		run = db.Update
	}
	if err := run(fn); err != nil {
		tb.Fatal(err)
	}
}
