package index

import (
	"errors"
	"fmt"
	"syscall"
	"testing"

	"github.com/chronicle-bot/chronicle/internal/boltfile"
)

// TestWipeAfterFailedRepair: a repair that fails wipes the index only when
// the store itself is damaged; a full disk or a Bleve that cannot write keeps
// the stored articles for the next attempt.
func TestWipeAfterFailedRepair(t *testing.T) {
	tests := []struct {
		name string
		err  error
		wipe bool
	}{
		{"damaged store", &boltfile.DamagedError{Path: "store.db", Reason: "page 7 out of range"}, true},
		{"damage found while reading", fmt.Errorf("index the stored articles: %w", boltfile.ErrDamaged), true},
		{"full disk", fmt.Errorf("index the stored articles: bleve batch: %w", syscall.ENOSPC), false},
		{"bleve cannot create", errors.New(`create bleve index "x/bleve": cannot create new index, path already exists`), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := wipeAfterFailedRepair(tt.err); got != tt.wipe {
				t.Errorf("wipeAfterFailedRepair(%v) = %v, want %v", tt.err, got, tt.wipe)
			}
		})
	}
}
