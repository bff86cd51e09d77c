package boltfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOpenEmptyFile: an empty (0-byte) file at the path was set up as a
// new store without a word, though it may be a store cut short (a crash, a
// full disk). Open still sets it up where it is, as bbolt does (it holds
// no bytes to keep, so nothing is moved aside, and it is no damage: bbolt
// leaves one when it stops between making a file and writing its first
// pages, and so does touch), but WasEmpty now says so, naming the path,
// for the caller to report; a later open of the same file does not. A
// missing file is made without a report, and a file of zeros is damage,
// as before.
func TestOpenEmptyFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state.db")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := Open(path, 0o600, Options{Init: initBucket})
	if err != nil {
		t.Fatalf("Open of an empty file: %v", err)
	}
	e := db.WasEmpty()
	if e == nil || e.Path != path || db.Damaged() != nil {
		t.Errorf("WasEmpty() = %v, Damaged() = %v; want the empty file reported, not as damage", e, db.Damaged())
	} else if s := e.String(); !strings.Contains(s, path+" was empty (0 bytes)") || !strings.Contains(s, "new store") {
		t.Errorf("WasEmpty().String() = %q; want the path, that it was empty and is started as a new store", s)
	}
	db.Close()
	if moved, _ := filepath.Glob(path + ".damaged-*"); len(moved) != 0 {
		t.Errorf("moved aside to %q; an empty file holds nothing to keep", moved)
	}
	if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
		t.Fatalf("the file after Open: %v; want a bbolt file", err)
	}
	db, err = Open(path, 0o600, Options{Init: initBucket})
	if err != nil {
		t.Fatal(err)
	}
	if e := db.WasEmpty(); e != nil {
		t.Errorf("the second open: WasEmpty() = %v; want nil", e)
	}
	db.Close()

	missing := filepath.Join(dir, "new.db")
	db, err = Open(missing, 0o600, Options{Init: initBucket})
	if err != nil {
		t.Fatal(err)
	}
	if e := db.WasEmpty(); e != nil {
		t.Errorf("a missing file: WasEmpty() = %v; want nil", e)
	}
	db.Close()

	zeros := filepath.Join(dir, "zeros.db")
	if err := os.WriteFile(zeros, make([]byte, 16<<10), 0o600); err != nil {
		t.Fatal(err)
	}
	db, err = Open(zeros, 0o600, Options{Init: initBucket})
	if err != nil {
		t.Fatal(err)
	}
	if db.Damaged() == nil || db.WasEmpty() != nil {
		t.Errorf("a file of zeros: Damaged() = %v, WasEmpty() = %v; want damage", db.Damaged(), db.WasEmpty())
	}
	db.Close()
}
