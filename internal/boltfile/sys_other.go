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

// mapFile is not done here: the walk reads the file.
func mapFile(*os.File, int64) ([]byte, func(), error) {
	return nil, nil, errors.New("no memory maps")
}
