//go:build unix

package boltfile

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// The child process of TestMendWithoutRoomForTheCopy reads what to open
// from these variables.
const (
	fsizeChildPath  = "BOLTFILE_TEST_FSIZE_PATH"
	fsizeChildKeep  = "BOLTFILE_TEST_FSIZE_KEEP"
	fsizeChildLimit = "BOLTFILE_TEST_FSIZE_LIMIT"
	fsizeResult     = "fsize-child-result:"
)

// TestMendWithoutRoomForTheCopy: the copy kept before mending cannot be
// written (a full disk; here the file size limit, which fails a write the
// way ENOSPC does). Nothing is damaged beyond the one bit and nothing must
// be lost: Open says why, leaves the file as it is and removes the partial
// copy. Before, the failed mend was taken for damage: the file was moved
// aside and an empty one made in its place (with KeepDamaged, an error
// matching ErrDamaged, on which the index wipes itself).
//
// The limit is set in a child process (this test binary run again), not
// here: a file size limit holds for every file the process writes, and
// the testing package's own log of a cached `go test` run is one of them.
func TestMendWithoutRoomForTheCopy(t *testing.T) {
	if path := os.Getenv(fsizeChildPath); path != "" {
		openUnderFileSizeLimit(path)
		return
	}
	for _, keep := range []bool{false, true} {
		t.Run(map[bool]string{false: "move damaged aside", true: "keep damaged"}[keep], func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "state.db")
			_, damaged := lostLarge(t, path)
			cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestMendWithoutRoomForTheCopy$", "-test.count=1")
			cmd.Env = append(os.Environ(),
				fsizeChildPath+"="+path,
				fsizeChildKeep+"="+strconv.FormatBool(keep),
				fsizeChildLimit+"="+strconv.Itoa(len(damaged)/2))
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("child process: %v\n%s", err, out)
			}
			result := ""
			for line := range strings.Lines(string(out)) {
				if rest, ok := strings.CutPrefix(line, fsizeResult); ok {
					result = strings.TrimSpace(rest)
				}
			}
			switch {
			case strings.HasPrefix(result, "skip "):
				t.Skip(strings.TrimPrefix(result, "skip "))
			case result == "":
				t.Fatalf("child process printed no result:\n%s", out)
			case strings.HasPrefix(result, "opened "):
				t.Fatalf("Open without room for the copy succeeded (%s); want an error", strings.TrimPrefix(result, "opened "))
			case !strings.HasPrefix(result, "efbig=true damaged=false "):
				t.Errorf("Open error: %s; want the write error (EFBIG), not ErrDamaged", result)
			}
			checkUntouched(t, path, damaged)
		})
	}
}

// openUnderFileSizeLimit is the child's part: it lowers the file size
// limit, opens path and prints what Open returned on one line.
func openUnderFileSizeLimit(path string) {
	keep, _ := strconv.ParseBool(os.Getenv(fsizeChildKeep))
	limit, err := strconv.ParseUint(os.Getenv(fsizeChildLimit), 10, 64)
	if err != nil {
		fmt.Printf("%s skip bad limit %q: %v\n", fsizeResult, os.Getenv(fsizeChildLimit), err)
		return
	}
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		fmt.Printf("%s skip no file size limit here: %v\n", fsizeResult, err)
		return
	}
	lim.Cur = limit
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		fmt.Printf("%s skip cannot set a file size limit: %v\n", fsizeResult, err)
		return
	}
	db, err := Open(path, 0o600, Options{KeepDamaged: keep})
	if err == nil {
		fmt.Printf("%s opened Damaged %v, Mended %v\n", fsizeResult, db.Damaged(), db.Mended())
		db.Close()
		return
	}
	fmt.Printf("%s efbig=%v damaged=%v %v\n", fsizeResult, errors.Is(err, syscall.EFBIG), errors.Is(err, ErrDamaged), err)
}
