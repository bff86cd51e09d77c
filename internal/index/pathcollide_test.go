package index_test

import (
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle/internal/corpus"
	"github.com/chronicle-bot/chronicle/internal/index"
)

// TestPathIDsOfTwoFiles: two files of one folder whose paths give the same
// ID, of two kinds ("export-1.txt" and the numeric id 1 of "export.jsonl",
// "export#2.txt" and line 2 of an export without ids, "a.txt" and "a.md",
// "a.txt" and "a.json" of one record without an id): the second file's
// article was refused as a duplicate, with a hint that an earlier release
// made the index, which a rebuild did not mend. Both are indexed now: the
// file that holds the ID keeps it (no ID of an index changes), and the
// other's record gets the ID of its path with its extension ("./
// export.jsonl-1"), which no path gives, with a warning naming both files;
// each keeps its ID at the next syncs, and when both change.
func TestPathIDsOfTwoFiles(t *testing.T) {
	const txt = "date 2024-03-01\nTxt story\n\nA story from the text file about Quillon harbour.\n"
	for _, tc := range []struct {
		name         string
		first, later string // file names: later is added after the first sync
		firstText    string
		laterText    string
		id           string // the ID both paths give
		alt          string // the ID the later file's record gets
	}{
		{"text file beside an export's numeric id", "export.jsonl", "export-1.txt", briefRows("Alpha", 1, 2, false), txt, "export-1", "./export-1.txt"},
		{"export's numeric id beside a text file", "export-1.txt", "export.jsonl", txt, briefRows("Alpha", 1, 2, false), "export-1", "./export.jsonl-1"},
		{"text file beside an export's line", "export.jsonl", "export#2.txt", briefRows("Alpha", 1, 2, true), txt, "export#2", "./export#2.txt"},
		{"export's line beside a text file", "export#2.txt", "export.jsonl", txt, briefRows("Alpha", 1, 2, true), "export#2", "./export.jsonl#2"},
		{"markdown beside text", "a.txt", "a.md", txt, "# Md story\n\nA story from the markdown file about Marvola.\n", "a", "./a.md"},
		{"one JSON record beside text", "a.txt", "a.json", txt, `{"title": "Json story", "text": "A story from the JSON file about Marvola."}`, "a", "./a.json"},
	} {
		for _, together := range []bool{false, true} {
			name := tc.name
			if together {
				name += ", indexed together"
			}
			t.Run(name, func(t *testing.T) {
				root := t.TempDir()
				corp := filepath.Join(root, "corpus")
				writeFile(t, corp, tc.first, tc.firstText, baseTime)
				l := adv23Live(t, filepath.Join(root, "index"), index.Options{})
				if !together {
					syncLive(t, l, corp)
				}
				writeFile(t, corp, tc.later, tc.laterText, baseTime)
				rep := syncLive(t, l, corp)
				want := 2 + 1 // the text file and the two rows, or the two text files
				if filepath.Ext(tc.first) != ".jsonl" && filepath.Ext(tc.later) != ".jsonl" {
					want = 2
				}
				if l.Len() != want {
					t.Errorf("%d articles, want %d (%s): %v", l.Len(), want, rep.Summary(), rep.Problems)
				}
				if n := countReason(rep.Problems, corpus.ReasonDuplicateID); n != 0 {
					t.Errorf("%d refused as duplicates, want none: %v", n, rep.Problems)
				}
				byPath := func(id string) string {
					a, err := l.Article(t.Context(), id)
					if err != nil {
						t.Errorf("article %q: %v", id, err)
					}
					return filepath.Base(a.Path)
				}
				holder, other := tc.first, tc.later
				if together && tc.later < tc.first {
					// A new index reads the files in order.
					holder, other = tc.later, tc.first
				}
				if got := byPath(tc.id); got != holder {
					t.Errorf("%q is %s's, want %s's", tc.id, got, holder)
				}
				alt := tc.alt
				if holder != tc.first {
					alt = "./" + other
					if tc.id != "a" {
						alt += tc.id[len("export"):]
					}
				}
				if got := byPath(alt); got != other {
					t.Errorf("%q is %s's, want %s's", alt, got, other)
				}
				warned := slices.ContainsFunc(rep.Problems, func(p corpus.Problem) bool {
					return p.Reason == corpus.ReasonSamePathID && filepath.Base(p.Path) == other
				})
				if !warned {
					t.Errorf("no %q warning naming %s: %v", corpus.ReasonSamePathID, other, rep.Problems)
				}
				// Both files changed: each keeps its ID.
				writeFile(t, corp, tc.first, tc.firstText+"\n", baseTime.Add(time.Hour))
				writeFile(t, corp, tc.later, tc.laterText+"\n", baseTime.Add(time.Hour))
				rep = syncLive(t, l, corp)
				if rep.Added+rep.Removed != 0 || l.Len() != want || byPath(tc.id) != holder || byPath(alt) != other {
					t.Errorf("after both changed: %s, %d articles; want each ID kept", rep.Summary(), l.Len())
				}
				if _, err := l.Rebuild(t.Context(), []string{corp}); err != nil {
					t.Fatal(err)
				}
				if l.Len() != want || byPath(tc.id) != holder || byPath(alt) != other {
					t.Errorf("after a rebuild %d articles; want each ID kept", l.Len())
				}
			})
		}
	}
}

// syncLive syncs l with paths and fails on an error.
func syncLive(t *testing.T, l *index.Live, paths ...string) index.SyncReport {
	t.Helper()
	rep, err := l.Sync(t.Context(), paths, index.SyncOptions{})
	if err != nil {
		t.Fatalf("Sync(%q): %v", paths, err)
	}
	return rep
}
