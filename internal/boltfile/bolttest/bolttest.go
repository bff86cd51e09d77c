// Package bolttest damages bbolt files for tests of what a damaged state
// file does to the code that opens it.
package bolttest

import (
	"bytes"
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
