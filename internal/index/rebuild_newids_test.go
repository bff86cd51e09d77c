package index

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
)

// TestRebuildNewIDs: a rebuild indexes every corpus article again, but
// tells apart those new to the index (NewIDs) and those it held changed
// (UpdatedIDs) from those it held as they are (neither), as a sync does
// (AddedIDs, UpdatedIDs): the watches take only the new as new coverage.
func TestRebuildNewIDs(t *testing.T) {
	ctx := context.Background()
	corpus, state := t.TempDir(), t.TempDir()
	paths := []string{corpus}
	writeStory(t, corpus, "a.txt", "Alpha")
	writeStory(t, corpus, "b.txt", "Bravo")
	l, err := OpenLive(ctx, filepath.Join(state, "index"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	first, err := l.Sync(ctx, paths, SyncOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(first.AddedIDs) != 2 || len(first.UpdatedIDs()) != 0 {
		t.Fatalf("first sync: added %q, updated %q; want both added", first.AddedIDs, first.UpdatedIDs())
	}
	is := func(ids []string, want ...string) bool { return slices.Equal(ids, want) } // a text file's ID is its name

	writeStory(t, corpus, "b.txt", "Bravissimo") // changed, not synced
	writeStory(t, corpus, "c.txt", "Charlie")    // new, not synced
	rep, err := l.Rebuild(ctx, paths)
	if err != nil {
		t.Fatal(err)
	}
	if !is(rep.NewIDs, "c") {
		t.Errorf("NewIDs = %q, want c.txt's only", rep.NewIDs)
	}
	if !is(rep.UpdatedIDs, "b") {
		t.Errorf("UpdatedIDs = %q, want b.txt's only", rep.UpdatedIDs)
	}
	if len(rep.Warnings) != 0 {
		t.Errorf("warnings = %q", rep.Warnings)
	}

	writeStory(t, corpus, "c.txt", "Charlotte")
	writeStory(t, corpus, "d.txt", "Delta")
	sync, err := l.Sync(ctx, paths, SyncOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !is(sync.AddedIDs, "d") || !is(sync.UpdatedIDs(), "c") {
		t.Errorf("sync: added %q, updated %q; want d.txt's added, c.txt's updated", sync.AddedIDs, sync.UpdatedIDs())
	}
}
