package index_test

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/chronicle-bot/chronicle/internal/index"
)

// TestOwnPaths: the index's folder, the rebuild's beside it and the file
// where a rebuild records its swap, before they exist.
func TestOwnPaths(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	got := index.OwnPaths(dir + "/")
	for _, want := range []string{dir, dir + ".rebuild", dir + ".old", dir + ".swap", dir + ".swap.tmp"} {
		if !slices.Contains(got, want) {
			t.Errorf("OwnPaths(%q) = %q, lacks %q", dir+"/", got, want)
		}
	}
}
