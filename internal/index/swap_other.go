//go:build !unix

package index

import (
	"context"
	"os"
	"time"
)

// folderID is unknown here: the recovery of a stopped swap then only puts
// an index back in place and deletes nothing.
func folderID(string) string { return "" }

// lockIntent does nothing here: a swap running in another process is not
// told from a stopped one.
func lockIntent(context.Context, *os.File, time.Duration) error { return nil }

// dirWritable is not known here: the recovery tries, and says what failed.
func dirWritable(string) bool { return true }

// syncDir does nothing here: a folder cannot be opened to be synced.
func syncDir(string) error { return nil }
