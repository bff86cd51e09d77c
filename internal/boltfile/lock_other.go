//go:build !(linux || darwin || freebsd || openbsd || netbsd || dragonfly)

package boltfile

import (
	"os"
	"time"
)

// lockShared does nothing here: the walk runs without a lock.
func lockShared(*os.File, time.Duration) error { return nil }

func unlock(*os.File) {}
