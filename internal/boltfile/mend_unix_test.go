//go:build unix

package boltfile

import (
	"errors"
	"path/filepath"
	"syscall"
	"testing"
)

// TestMendWithoutRoomForTheCopy: the copy kept before mending cannot be
// written (a full disk; here the file size limit, which fails a write the
// way ENOSPC does). Nothing is damaged beyond the one bit and nothing must
// be lost: Open says why, leaves the file as it is and removes the partial
// copy. Before, the failed mend was taken for damage: the file was moved
// aside and an empty one made in its place (with KeepDamaged, an error
// matching ErrDamaged, on which the index wipes itself).
func TestMendWithoutRoomForTheCopy(t *testing.T) {
	for _, keep := range []bool{false, true} {
		t.Run(map[bool]string{false: "move damaged aside", true: "keep damaged"}[keep], func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "state.db")
			_, damaged := lostLarge(t, path)
			var old syscall.Rlimit
			if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
				t.Skipf("no file size limit here: %v", err)
			}
			lim := old
			lim.Cur = uint64(len(damaged) / 2)
			if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
				t.Skipf("cannot set a file size limit: %v", err)
			}
			db, err := Open(path, 0o600, Options{KeepDamaged: keep})
			if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
				t.Fatal(err)
			}
			if err == nil {
				db.Close()
				t.Fatalf("Open without room for the copy succeeded (Damaged %v, Mended %v); want an error", db.Damaged(), db.Mended())
			}
			if !errors.Is(err, syscall.EFBIG) || errors.Is(err, ErrDamaged) {
				t.Errorf("Open error = %v; want the write error (EFBIG), not ErrDamaged", err)
			}
			checkUntouched(t, path, damaged)
		})
	}
}
