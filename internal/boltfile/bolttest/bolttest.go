// Package bolttest damages bbolt files for tests of what a damaged state
// file does to the code that opens it.
package bolttest

import (
	"bytes"
	"encoding/binary"
	"os"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// LeafPage returns the first leaf page of the closed bbolt file at path.
func LeafPage(tb testing.TB, path string) int {
	tb.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	id := 0
	err = db.View(func(tx *bolt.Tx) error {
		for i := 2; ; i++ {
			p, err := tx.Page(i)
			if err != nil || p == nil {
				return err
			}
			if p.Type == "leaf" {
				id = i
				return nil
			}
		}
	})
	if err != nil || id == 0 {
		tb.Fatalf("no leaf page in %s (err %v)", path, err)
	}
	return id
}

// SmashPage overwrites the first half of page n of the closed bbolt file at
// path, its header first, with garbage.
func SmashPage(tb testing.TB, path string, n int) {
	tb.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	junk := bytes.Repeat([]byte{0xde, 0xad, 0xbe, 0xef}, os.Getpagesize()/8)
	if _, err := f.WriteAt(junk, int64(n*os.Getpagesize())); err != nil {
		tb.Fatal(err)
	}
}

// SmashLeaf overwrites the first leaf page of the closed bbolt file at path.
func SmashLeaf(tb testing.TB, path string) {
	tb.Helper()
	SmashPage(tb, path, LeafPage(tb, path))
}

// ClearBucketFlag clears the bucket flag of the top-level bucket name in
// the closed bbolt file at path: the one bit of its element in the root's
// leaf page whose loss makes bbolt read the bucket as a plain value.
func ClearBucketFlag(tb testing.TB, path, name string) {
	tb.Helper()
	var root, pageSize int
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		tb.Fatal(err)
	}
	pageSize = db.Info().PageSize
	err = db.View(func(tx *bolt.Tx) error {
		root = int(tx.Cursor().Bucket().Root())
		return nil
	})
	db.Close()
	if err != nil {
		tb.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	page := make([]byte, pageSize)
	if _, err := f.ReadAt(page, int64(root*pageSize)); err != nil {
		tb.Fatal(err)
	}
	// The page header is id u64, flags u16, count u16, overflow u32; a
	// leaf element is flags u32, pos u32, ksize u32, vsize u32, with pos
	// counted from the element.
	order := binary.NativeEndian
	if flags := order.Uint16(page[8:]); flags != 0x02 {
		tb.Fatalf("root page %d has flags %#x, not a leaf's", root, flags)
	}
	for i := range int(order.Uint16(page[10:])) {
		at := 16 + 16*i
		pos, ksize := at+int(order.Uint32(page[at+4:])), int(order.Uint32(page[at+8:]))
		if string(page[pos:pos+ksize]) != name {
			continue
		}
		order.PutUint32(page[at:], order.Uint32(page[at:])&^1)
		if _, err := f.WriteAt(page[at:at+4], int64(root*pageSize+at)); err != nil {
			tb.Fatal(err)
		}
		return
	}
	tb.Fatalf("no top-level bucket %q in %s", name, path)
}
