//go:build unix

package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"syscall"
	"time"
)

// folderID names a folder by its device and inode, which a rename keeps
// and a copy does not: the swap's intent names the two indexes by it, so
// that the recovery moves or deletes only the folders the swap moved.
func folderID(path string) string {
	fi, err := os.Lstat(path)
	if err != nil || !fi.IsDir() {
		return ""
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return ""
	}
	return fmt.Sprintf("%d:%d", st.Dev, st.Ino)
}

// lockIntent takes the intent file's exclusive lock, waiting while another
// process holds it (a swap that is running, not stopped) until ctx ends or
// wait has passed. The lock goes with the process, so that a swap killed
// half-way is told from one still running.
func lockIntent(ctx context.Context, f *os.File, wait time.Duration) error {
	deadline := time.Now().Add(wait)
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil || !errors.Is(err, syscall.EWOULDBLOCK) {
			return err
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("another process has been swapping the index in for over %s (it holds %s); try again once it is done", wait, f.Name())
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// syncDir makes the renames and removals in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
