//go:build linux || darwin || freebsd || openbsd || netbsd || dragonfly

package boltfile

import (
	"errors"
	"os"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"
)

// lockShared takes a shared flock on f, the kind bbolt takes for a
// read-only open, so that no other process writes the file while it is
// walked. It waits at most timeout (0: forever) and then returns
// bolt.ErrTimeout, as bolt.Open does.
func lockShared(f *os.File, timeout time.Duration) error {
	return flock(f, syscall.LOCK_SH, timeout)
}

// lockExclusive takes an exclusive flock on f, as bbolt does for a
// writable open, waiting as lockShared does.
func lockExclusive(f *os.File, timeout time.Duration) error {
	return flock(f, syscall.LOCK_EX, timeout)
}

func flock(f *os.File, how int, timeout time.Duration) error {
	start := time.Now()
	for {
		err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB)
		if err == nil {
			return nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			return err
		}
		if timeout > 0 && time.Since(start) > timeout {
			return bolt.ErrTimeout
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func unlock(f *os.File) { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }

// nonblock makes openRegular's open(2) return at once on a FIFO instead of
// waiting for a writer.
const nonblock = syscall.O_NONBLOCK

// setBlocking clears O_NONBLOCK on f, which openRegular opened with it.
func setBlocking(f *os.File) error {
	conn, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var serr error
	if err := conn.Control(func(fd uintptr) { serr = syscall.SetNonblock(int(fd), false) }); err != nil {
		return err
	}
	return serr
}

// mapFile maps the first size bytes of f read-only.
func mapFile(f *os.File, size int64) ([]byte, func(), error) {
	if size <= 0 || int64(int(size)) != size {
		return nil, nil, errors.New("cannot map the file")
	}
	data, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, nil, err
	}
	return data, func() { _ = syscall.Munmap(data) }, nil
}
