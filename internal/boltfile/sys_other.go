//go:build !(linux || darwin || freebsd || openbsd || netbsd || dragonfly)

package boltfile

import (
	"errors"
	"os"
	"time"
)

// lockShared does nothing here: the walk runs without a lock.
func lockShared(*os.File, time.Duration) error { return nil }

// lockExclusive does nothing here, as lockShared.
func lockExclusive(*os.File, time.Duration) error { return nil }

func unlock(*os.File) {}

// nonblock is no flag here: openRegular's check of the opened file is all.
const nonblock = 0

// setBlocking has nothing to undo here.
func setBlocking(*os.File) error { return nil }

// mapFile is not done here: the walk reads the file.
func mapFile(*os.File, int64) ([]byte, func(), error) {
	return nil, nil, errors.New("no memory maps")
}
