package boltfile

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/chronicle-bot/chronicle/internal/boltfile/bolttest"
)

// twoBuckets writes a file with a small (inline) bucket "small" holding 3
// records and a large one "large" holding 500 records, a nested bucket
// among them, the way a state file holds its buckets; it returns every
// record as bucket/key -> value.
func twoBuckets(tb testing.TB, path string) map[string]string {
	tb.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		tb.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		small, err := tx.CreateBucket([]byte("small"))
		if err != nil {
			return err
		}
		for i := range 3 {
			if err := small.Put(fmt.Appendf(nil, "s%d", i), fmt.Appendf(nil, "small value %d", i)); err != nil {
				return err
			}
		}
		large, err := tx.CreateBucket([]byte("large"))
		if err != nil {
			return err
		}
		for i := range 500 {
			if err := large.Put(fmt.Appendf(nil, "k%04d", i), bytes.Repeat([]byte{byte('a' + i%26)}, 40+i%90)); err != nil {
				return err
			}
		}
		inner, err := large.CreateBucket([]byte("inner"))
		if err != nil {
			return err
		}
		return inner.Put([]byte("x"), []byte("nested value"))
	})
	if err != nil {
		tb.Fatal(err)
	}
	if err := db.Close(); err != nil {
		tb.Fatal(err)
	}
	return records(tb, path)
}

// records reads every record of the file, nested buckets as "outer/inner".
func records(tb testing.TB, path string) map[string]string {
	tb.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	out := map[string]string{}
	var walk func(prefix string, b *bolt.Bucket) error
	walk = func(prefix string, b *bolt.Bucket) error {
		return b.ForEach(func(k, v []byte) error {
			if v == nil {
				return walk(prefix+string(k)+"/", b.Bucket(k))
			}
			out[prefix+string(k)] = string(v)
			return nil
		})
	}
	err = db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error { return walk(string(name)+"/", b) })
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// TestLostBucketFlagMended: one flipped bit, the bucket flag of a
// top-level bucket's element, made bbolt read the bucket as a plain value:
// it and everything in it vanished, and Init's CreateBucketIfNotExists
// failed with "incompatible value", so the bot could not start on the
// file (the walk saw nothing wrong). Open now sets the bit again, keeps a
// copy of the file as it was, and says so.
func TestLostBucketFlagMended(t *testing.T) {
	for _, tc := range []struct {
		lost []string
		keep bool
	}{{[]string{"small"}, false}, {[]string{"large"}, false}, {[]string{"large", "small"}, false}, {[]string{"large"}, true}} {
		lost := tc.lost
		t.Run(fmt.Sprint(lost, " keep damaged ", tc.keep), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "state.db")
			want := twoBuckets(t, path)
			for _, name := range lost {
				bolttest.ClearBucketFlag(t, path, name)
			}
			damaged, _ := os.ReadFile(path)
			db, err := Open(path, 0o600, Options{KeepDamaged: tc.keep, Init: func(tx *bolt.Tx) error {
				for _, name := range []string{"small", "large"} {
					if _, err := tx.CreateBucketIfNotExists([]byte(name)); err != nil {
						return err
					}
				}
				return nil
			}})
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			m, d := db.Mended(), db.Damaged()
			db.Close()
			if d != nil {
				t.Errorf("Damaged() = %v, want nil (mended in place)", d)
			}
			if m == nil || !slices.Equal(m.Buckets, lost) || m.Path != path {
				t.Fatalf("Mended() = %+v, want buckets %q of %s", m, lost, path)
			}
			if got := records(t, path); !mapsEqual(got, want) {
				t.Errorf("after the mend the file holds %d records, want the %d written", len(got), len(want))
			}
			if kept, err := os.ReadFile(m.CopyAt); err != nil || !bytes.Equal(kept, damaged) {
				t.Errorf("the copy at %s does not hold the file as it was (err %v)", m.CopyAt, err)
			}
			db, err = Open(path, 0o600, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if m := db.Mended(); m != nil {
				t.Errorf("second Open: Mended() = %v, want nil", m)
			}
			db.Close()
		})
	}
}

// TestLostBucketFlagReadOnly: a read-only open reports the lost flag as
// damage and changes nothing.
func TestLostBucketFlagReadOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	twoBuckets(t, path)
	bolttest.ClearBucketFlag(t, path, "large")
	before, _ := os.ReadFile(path)
	db, err := Open(path, 0o600, Options{Bolt: &bolt.Options{ReadOnly: true}})
	if err == nil {
		db.Close()
		t.Fatal("Open succeeded")
	}
	var lost *LostFlags
	if !errors.Is(err, ErrDamaged) || !errors.As(err, &lost) || !slices.Equal(lost.Buckets, []string{"large"}) || lost.Path != path {
		t.Errorf("Open error = %v, want LostFlags for [large] of %s", err, path)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, before) {
		t.Error("the file was changed")
	}
	if m, _ := filepath.Glob(path + ".damaged-*"); len(m) > 0 {
		t.Errorf("copies made: %v", m)
	}
}

// TestTopLevelValueNotABucket: a top-level value whose bytes do not walk
// as a bucket cannot be mended: it is damage, and the file is set aside.
func TestTopLevelValueNotABucket(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	twoBuckets(t, path)
	bolttest.ClearBucketFlag(t, path, "large")
	// Point the large bucket's root at the meta page: no bucket's tree.
	data, _ := os.ReadFile(path)
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	hdr := bytes.Index(data, []byte("large"))
	var zero [8]byte
	order.PutUint64(zero[:], 1)
	if _, err := f.WriteAt(zero[:], int64(hdr+len("large"))); err != nil {
		t.Fatal(err)
	}
	f.Close()
	db, err := Open(path, 0o600, Options{})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer db.Close()
	if db.Mended() != nil || db.Damaged() == nil {
		t.Fatalf("Mended() = %v, Damaged() = %v; want the file set aside as damaged", db.Mended(), db.Damaged())
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}
