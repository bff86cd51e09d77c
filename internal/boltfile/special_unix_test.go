//go:build unix

package boltfile

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// TestOpenNotARegularFile: a state path that is a directory, a FIFO or a
// device (a slip in the configuration, a symlink to /dev/null) is refused
// with an error that names the path and says what it is, and is left as
// it was. A read-only open of a FIFO (`bot feedback export` over such a
// feedback.path) used to block for ever in open(2), waiting for a writer;
// a read-write open said "illegal seek" or "invalid argument".
func TestOpenNotARegularFile(t *testing.T) {
	kinds := []struct {
		name string
		make func(tb testing.TB, path string)
	}{
		{"directory", func(tb testing.TB, path string) {
			if err := os.Mkdir(path, 0o755); err != nil {
				tb.Fatal(err)
			}
		}},
		{"FIFO", func(tb testing.TB, path string) {
			if err := syscall.Mkfifo(path, 0o600); err != nil {
				tb.Fatal(err)
			}
		}},
		{"device", func(tb testing.TB, path string) {
			if err := os.Symlink(os.DevNull, path); err != nil {
				tb.Fatal(err)
			}
		}},
	}
	for _, k := range kinds {
		for _, readOnly := range []bool{false, true} {
			name := k.name + "/read-write"
			if readOnly {
				name = k.name + "/read-only"
			}
			t.Run(name, func(t *testing.T) {
				path := filepath.Join(t.TempDir(), "state.db")
				k.make(t, path)
				before, err := os.Lstat(path)
				if err != nil {
					t.Fatal(err)
				}
				done := make(chan error, 1)
				go func() {
					db, err := Open(path, 0o600, Options{Bolt: &bolt.Options{Timeout: time.Second, ReadOnly: readOnly}})
					if err == nil {
						db.Close()
					}
					done <- err
				}()
				var err2 error
				select {
				case err2 = <-done:
				case <-time.After(10 * time.Second):
					// Unblock the open(2)s that wait for a writer, then fail.
					if f, err := os.OpenFile(path, os.O_WRONLY, 0); err == nil {
						<-done
						f.Close()
					}
					t.Fatalf("Open(%s) of a %s did not return within 10s", path, k.name)
				}
				if err2 == nil {
					t.Fatalf("Open(%s) of a %s succeeded", path, k.name)
				}
				if msg := err2.Error(); !strings.Contains(msg, path) || !strings.Contains(msg, "not a regular file") {
					t.Errorf("Open of a %s: %q, want an error naming %s and saying it is not a regular file", k.name, msg, path)
				}
				after, err := os.Lstat(path)
				if err != nil || after.Mode() != before.Mode() {
					t.Errorf("the path was %v, is now %v (%v); want it left as it was", before.Mode(), after, err)
				}
				entries, err := os.ReadDir(filepath.Dir(path))
				if err != nil || len(entries) != 1 {
					t.Errorf("the folder holds %v (%v), want only the path", entries, err)
				}
			})
		}
	}
}

// TestOpenFIFOSwappedIn: a FIFO swapped in for the state file between the
// check that it is a regular file and the open (another process renaming
// files, a hostile folder) is refused as not a regular file, and never
// blocks a read-only open waiting for a writer. The path is flipped
// between a sound state file and a FIFO as fast as rename(2) goes while
// Open runs again and again; the check used to stat the path and then
// open it, and an open that lands on the FIFO blocked for ever.
func TestOpenFIFOSwappedIn(t *testing.T) {
	switch runtime.GOOS {
	case "linux", "darwin", "freebsd", "openbsd", "netbsd", "dragonfly": // sys_unix.go's
	default:
		t.Skipf("skipping: Open does not open the file non-blocking on %s (sys_other.go)", runtime.GOOS)
	}
	dir := t.TempDir()
	path, tmp := filepath.Join(dir, "state.db"), filepath.Join(dir, "swap")
	reg, fifo := filepath.Join(dir, "regular"), filepath.Join(dir, "fifo")
	fill(t, reg, 10, false)
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(reg, path); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	swapped := make(chan struct{})
	go func() {
		defer close(swapped)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			// Never the file the path is: rename(2) of a hard link onto
			// itself does nothing, and the next link would find tmp there.
			from := fifo
			if i%2 == 1 {
				from = reg
			}
			if err := os.Link(from, tmp); err != nil {
				t.Error(err)
				return
			}
			if err := os.Rename(tmp, path); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	defer func() {
		close(stop)
		<-swapped
	}()
	var opened, refused int
	for i := 0; i < 500 && !t.Failed(); i++ {
		done := make(chan error, 1)
		go func() {
			db, err := Open(path, 0o600, Options{Bolt: &bolt.Options{Timeout: time.Second, ReadOnly: true}})
			if err == nil {
				db.Close()
			}
			done <- err
		}()
		var err error
		select {
		case err = <-done:
		case <-time.After(10 * time.Second):
			// Unblock the open(2) that waits for a writer, then fail.
			if f, err := os.OpenFile(fifo, os.O_WRONLY, 0); err == nil {
				f.Close()
			}
			<-done
			t.Fatalf("Open %d: a read-only open blocked on the FIFO swapped in", i)
		}
		switch {
		case err == nil:
			opened++
		case strings.Contains(err.Error(), "not a regular file but a named pipe (FIFO)"):
			refused++
		default:
			t.Errorf("Open %d: %v; want it opened or refused as not a regular file", i, err)
		}
	}
	t.Logf("%d opened, %d refused as a FIFO", opened, refused)
}
