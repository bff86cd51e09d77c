package index_test

import (
	"fmt"
	"testing"
)

// TestDuplicateIDProblemsBounded: a file that repeats every article of
// another (a copy of a corpus file left in the corpus folder) lists at most
// about a thousand of its "duplicate ID" problems one by one and counts the
// rest, as the loader does for a file's bad records; before, a sync held
// one problem per record, 200,000 per file at most, each with its detail.
func TestDuplicateIDProblemsBounded(t *testing.T) {
	const n = 2500
	recs := make([]rec, n)
	for i := range recs {
		recs[i] = rec{ID: fmt.Sprintf("a%d", i), Title: "Story", Date: "2024-03-26T10:00:00Z", Text: fmt.Sprintf("Story number %d of the day.", i)}
	}
	dir := t.TempDir()
	writeFile(t, dir, "x.jsonl", jsonl(t, recs[:n]...), baseTime)
	y := writeFile(t, dir, "y.jsonl", jsonl(t, recs...), baseTime)
	ix := openIndex(t, t.TempDir())
	rep := syncOK(t, ix, dir)
	if rep.Added != n {
		t.Errorf("Added = %d, want %d", rep.Added, n)
	}
	listed, first := 0, 0
	for _, p := range rep.Problems {
		if p.Path == y && p.Reason == "duplicate ID" {
			if listed == 0 {
				first = p.Line
			}
			listed++
		}
	}
	if listed == 0 || listed > 1001 {
		t.Errorf("%d duplicate ID problems listed for %s, want between 1 and 1001", listed, y)
	}
	if got := rep.Skipped()["duplicate ID"]; got != n {
		t.Errorf("Skipped()[duplicate ID] = %d, want %d (every duplicate counted)", got, n)
	}
	if first != 1 {
		t.Errorf("first duplicate ID problem on line %d, want 1 (the first records are listed)", first)
	}
}
