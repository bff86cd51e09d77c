package index

import "testing"

// TestKeepLeaving: when the articles that left a file still there are kept
// (a sync without Prune), and why.
func TestKeepLeaving(t *testing.T) {
	for _, tt := range []struct {
		name                        string
		left, old, got, fresh, size int
		want                        string
	}{
		{"nothing left", 0, 10, 10, 0, 1000, ""},
		{"an ordinary edit", 1, 3, 2, 0, 1000, ""},
		{"the file gives nothing", 3, 3, 0, 0, 1000, "it gives no article now"},
		{"a small file emptied of all but one", 3, 4, 1, 0, 1000, ""},
		{"past 5% of the index", 60, 100, 40, 0, 1000, "more than 5% of the index"},
		{"half the file in a large index", 2215, 2225, 10, 0, 100000, "more than half of the file's"},
		{"under half the file in a large index", 1000, 2225, 1225, 0, 100000, ""},
		{"under the floor", 20, 25, 5, 0, 30, ""},
		// An export written anew with the day's articles is an edit
		// (review rev40: the old batches piled up).
		{"a rolling export", 30, 30, 30, 30, 100, ""},
		{"a rolling export written empty", 30, 30, 0, 0, 100, "it gives no article now"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := keepLeaving(tt.left, tt.old, tt.got, tt.fresh, tt.size); got != tt.want {
				t.Errorf("keepLeaving(%d, %d, %d, %d, %d) = %q, want %q", tt.left, tt.old, tt.got, tt.fresh, tt.size, got, tt.want)
			}
		})
	}
}
