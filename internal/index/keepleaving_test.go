package index

import "testing"

// TestKeepLeaving: when the articles that left a file still there are kept
// (a sync without Prune), and why.
func TestKeepLeaving(t *testing.T) {
	for _, tt := range []struct {
		name                 string
		left, old, got, size int
		want                 string
	}{
		{"nothing left", 0, 10, 10, 1000, ""},
		{"an ordinary edit", 1, 3, 2, 1000, ""},
		{"the file gives nothing", 3, 3, 0, 1000, "it gives no article now"},
		{"a small file emptied of all but one", 3, 4, 1, 1000, ""},
		{"past 5% of the index", 60, 100, 40, 1000, "more than 5% of the index"},
		{"half the file in a large index", 2215, 2225, 10, 100000, "more than half of the file's"},
		{"under half the file in a large index", 1000, 2225, 1225, 100000, ""},
		{"under the floor", 20, 25, 5, 30, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := keepLeaving(tt.left, tt.old, tt.got, tt.size); got != tt.want {
				t.Errorf("keepLeaving(%d, %d, %d, %d) = %q, want %q", tt.left, tt.old, tt.got, tt.size, got, tt.want)
			}
		})
	}
}
