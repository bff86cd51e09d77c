package boltfile

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/chronicle-bot/chronicle/internal/boltfile/bolttest"
)

// lostLarge writes twoBuckets at path and clears the flag of "large"; it
// returns the records written and the damaged file's bytes.
func lostLarge(tb testing.TB, path string) (map[string]string, []byte) {
	tb.Helper()
	want := twoBuckets(tb, path)
	bolttest.ClearBucketFlag(tb, path, "large")
	damaged, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return want, damaged
}

// checkUntouched fails unless the file at path still holds damaged and no
// copy or moved-aside file was left beside it.
func checkUntouched(tb testing.TB, path string, damaged []byte) {
	tb.Helper()
	if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, damaged) {
		tb.Errorf("the file at %s was changed or moved (err %v)", path, err)
	}
	if aside, _ := filepath.Glob(path + ".damaged-*"); len(aside) > 0 {
		tb.Errorf("files left beside it: %v, want none", aside)
	}
}

// TestMendWaitsForAReader: a process that reads the file (a read-only
// bbolt open holds a shared lock) keeps Open from taking the exclusive
// lock the mend needs. That is the file being in use, not damage: Open
// must say so (bolt.ErrTimeout) and leave the file as it is. Before, the
// failed mend was taken for damage: the file the reader still had open
// was renamed aside and an empty one made in its place (with KeepDamaged,
// an error matching ErrDamaged, on which the index wipes itself).
func TestMendWaitsForAReader(t *testing.T) {
	for _, keep := range []bool{false, true} {
		t.Run(map[bool]string{false: "move damaged aside", true: "keep damaged"}[keep], func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "state.db")
			_, damaged := lostLarge(t, path)
			reader, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			defer reader.Close()
			db, err := Open(path, 0o600, Options{KeepDamaged: keep, Bolt: &bolt.Options{Timeout: 100 * time.Millisecond}})
			if err == nil {
				db.Close()
				t.Fatalf("Open while another process reads the file succeeded (Damaged %v, Mended %v); want bolt.ErrTimeout", db.Damaged(), db.Mended())
			}
			if !errors.Is(err, bolt.ErrTimeout) || errors.Is(err, ErrDamaged) {
				t.Errorf("Open error = %v; want bolt.ErrTimeout, not ErrDamaged", err)
			}
			checkUntouched(t, path, damaged)
		})
	}
}

// TestMendedByAnotherProcessMeanwhile: two processes open the damaged file
// at once; both walk it and find the lost flag, one mends it first. The
// other, walking again under the exclusive lock, finds it sound: it must
// open it as it is. Before, that was "the file changed while it was
// checked", taken for damage: the mended file, every record in it, was
// moved aside and an empty one made in its place.
func TestMendedByAnotherProcessMeanwhile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	want, _ := lostLarge(t, path)
	other := 0
	// Open calls Now after its walk found the lost flag and before it
	// takes the exclusive lock: the other process mends the file there.
	now := func() time.Time {
		other++
		if other == 1 {
			db, err := Open(path, 0o600, Options{})
			if err != nil {
				t.Errorf("the other process's Open: %v", err)
				return time.Now()
			}
			if db.Mended() == nil {
				t.Error("the other process did not mend the file: the window is not tested")
			}
			db.Close()
		}
		return time.Now()
	}
	db, err := Open(path, 0o600, Options{Now: now, Init: func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists([]byte("large"))
		return err
	}})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	d := db.Damaged()
	db.Close()
	if other == 0 {
		t.Fatal("Now was not called: the window is not tested")
	}
	if d != nil {
		t.Errorf("Damaged() = %v; want the file, mended by the other process, opened as it is", d)
	}
	if got := records(t, path); !mapsEqual(got, want) {
		t.Errorf("the file holds %d records, want the %d written", len(got), len(want))
	}
	if aside, _ := filepath.Glob(path + ".damaged-*"); len(aside) != 1 {
		t.Errorf("files beside it: %v, want the other process's one copy", aside)
	}
}

// TestMendKilledWhileCopying: the process is killed (kill -9, a power
// cut) while it copies the file before mending it. The file must be left
// as it was, and no file may bear the copy's name unless it holds the file
// as it was: before, the copy was written under its final name, so a kill
// left a truncated file that claimed to be the file as it was. The next
// open mends the file and keeps a whole copy. The kill lands when the copy
// first shows; a copy already whole by then tests nothing but fails
// nothing.
func TestMendKilledWhileCopying(t *testing.T) {
	if path := os.Getenv("BOLTFILE_TEST_MEND_CHILD"); path != "" {
		if db, err := Open(path, 0o600, Options{}); err == nil {
			db.Close()
		}
		return
	}
	if testing.Short() {
		t.Skip("writes a 32 MB file")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "state.db")
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket([]byte("big"))
		if err != nil {
			return err
		}
		for i := range 8000 {
			if err := b.Put(fmt.Appendf(nil, "k%06d", i), bytes.Repeat([]byte{byte(i)}, 4000)); err != nil {
				return err
			}
		}
		return nil
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	want := records(t, path)
	bolttest.ClearBucketFlag(t, path, "big")
	damaged, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestMendKilledWhileCopying$")
	cmd.Env = append(os.Environ(), "BOLTFILE_TEST_MEND_CHILD="+path)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	killed := false
	for !killed {
		select {
		case <-done:
			t.Log("the child finished before a copy showed: nothing was tested")
			return
		default:
		}
		if entries, _ := filepath.Glob(path + ".damaged-*"); len(entries) > 0 {
			_ = cmd.Process.Kill()
			killed = true
		}
	}
	<-done
	copies, _ := filepath.Glob(path + ".damaged-*")
	for _, c := range copies {
		if strings.HasSuffix(c, ".partial") {
			continue
		}
		if got, err := os.ReadFile(c); err != nil || !bytes.Equal(got, damaged) {
			t.Errorf("%s holds %d bytes that are not the file as it was (%d bytes; err %v)", c, len(got), len(damaged), err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := differing(got, damaged); diff > 1 {
		t.Errorf("the file differs from what it was in %d bytes; the mend sets one bit", diff)
	}
	db2, err := Open(path, 0o600, Options{})
	if err != nil {
		t.Fatalf("Open after the kill: %v", err)
	}
	db2.Close()
	if got := records(t, path); !mapsEqual(got, want) {
		t.Errorf("after the kill and an open the file holds %d records, want %d", len(got), len(want))
	}
	if partial, _ := filepath.Glob(path + ".damaged-*.partial"); len(partial) > 0 {
		t.Errorf("partial copies left after the next open: %v", partial)
	}
}

// differing counts the bytes in which a and b differ, the extra bytes of
// the longer one included.
func differing(a, b []byte) int {
	n := max(len(a), len(b)) - min(len(a), len(b))
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			n++
		}
	}
	return n
}
