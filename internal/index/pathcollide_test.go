package index_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
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

// TestFullPathIDTakenByOwnID: a record's own string id can have the form
// of a full path ID ("./a.txt"). Beside a.txt and a.md, whose paths give
// one ID, a.txt's article was never indexed when such a record held
// "./a.txt" (refused as a duplicate, with a hint that --rebuild mends it,
// which it did not, and its file read again at every sync), and the
// record was refused when a.txt had it first. Now the one that comes
// second takes the full path ID with a number after it ("./a.txt#2", the
// first such ID no other article has), with a warning; nothing is refused,
// each keeps its ID when the files change and in a rebuild, and a sync of
// the corpus unchanged reads no file.
func TestFullPathIDTakenByOwnID(t *testing.T) {
	const (
		txt = "Txt story\n\nA story from the text file about Quillon harbour.\n"
		md  = "# Md story\n\nA story from the markdown file about Marvola.\n"
	)
	own := func(ids ...string) string {
		var b strings.Builder
		for _, id := range ids {
			fmt.Fprintf(&b, `{"id": %q, "title": "Own %s", "text": "A record whose own id is %s."}`+"\n", id, id, id)
		}
		return b.String()
	}
	for _, tc := range []struct {
		name   string
		first  map[string]string // files of the first sync
		later  map[string]string // files added for the second
		want   map[string]string // article ID -> file name
		warned string            // the file named by the "same path ID" warning
	}{
		{
			name:   "own id read first",
			first:  map[string]string{"0.jsonl": own("./a.txt"), "a.md": md, "a.txt": txt},
			want:   map[string]string{"./a.txt": "0.jsonl", "a": "a.md", "./a.txt#2": "a.txt"},
			warned: "a.txt",
		},
		{
			name:   "own id read last",
			first:  map[string]string{"z.jsonl": own("./a.txt"), "a.md": md, "a.txt": txt},
			want:   map[string]string{"a": "a.md", "./a.txt": "a.txt", "./a.txt#2": "z.jsonl"},
			warned: "z.jsonl",
		},
		{
			name:   "own id added to an index that gave it",
			first:  map[string]string{"a.md": md, "a.txt": txt},
			later:  map[string]string{"0.jsonl": own("./a.txt")},
			want:   map[string]string{"a": "a.md", "./a.txt": "a.txt", "./a.txt#2": "0.jsonl"},
			warned: "0.jsonl",
		},
		{
			name:   "text files added beside an own id",
			first:  map[string]string{"z.jsonl": own("./a.txt"), "a.md": md},
			later:  map[string]string{"a.txt": txt},
			want:   map[string]string{"./a.txt": "z.jsonl", "a": "a.md", "./a.txt#2": "a.txt"},
			warned: "a.txt",
		},
		{
			name:   "own ids of the first numbers too",
			first:  map[string]string{"0.jsonl": own("./a.txt", "./a.txt#2"), "a.md": md, "a.txt": txt},
			want:   map[string]string{"./a.txt": "0.jsonl", "./a.txt#2": "0.jsonl", "a": "a.md", "./a.txt#3": "a.txt"},
			warned: "a.txt",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			corp := filepath.Join(root, "corpus")
			for name, text := range tc.first {
				writeFile(t, corp, name, text, baseTime)
			}
			l := adv23Live(t, filepath.Join(root, "index"), index.Options{})
			rep := syncLive(t, l, corp)
			if len(tc.later) > 0 {
				for name, text := range tc.later {
					writeFile(t, corp, name, text, baseTime)
				}
				rep = syncLive(t, l, corp)
			}
			if n := countReason(rep.Problems, corpus.ReasonDuplicateID); n != 0 {
				t.Errorf("%d refused as duplicates, want none: %v", n, rep.Problems)
			}
			var given string // the ID the warned file's record was given
			for id, name := range tc.want {
				if name == tc.warned && strings.Contains(id, "#") {
					given = id
				}
			}
			warned := slices.ContainsFunc(rep.Problems, func(p corpus.Problem) bool {
				return p.Reason == corpus.ReasonSamePathID && filepath.Base(p.Path) == tc.warned && strings.Contains(p.Detail, fmt.Sprintf("indexed as %q", given))
			})
			if !warned {
				t.Errorf("no %q warning on %s that gives %q: %v", corpus.ReasonSamePathID, tc.warned, given, rep.Problems)
			}
			check := func(when string) {
				t.Helper()
				if l.Len() != len(tc.want) {
					t.Errorf("%s: %d articles, want %d", when, l.Len(), len(tc.want))
				}
				for id, name := range tc.want {
					a, err := l.Article(t.Context(), id)
					if err != nil || filepath.Base(a.Path) != name {
						t.Errorf("%s: article %q is %q's (%v), want %s's", when, id, a.Path, err, name)
					}
				}
			}
			check("first")
			if again := syncLive(t, l, corp); again.FilesRead != 0 || again.Changed() || len(again.Problems) != 0 {
				t.Errorf("a sync of the corpus unchanged: %s, %v; want no file read and nothing changed", again.Summary(), again.Problems)
			}
			// Every file changed: each keeps its ID.
			for name, text := range tc.first {
				writeFile(t, corp, name, text+"\n", baseTime.Add(time.Hour))
			}
			for name, text := range tc.later {
				writeFile(t, corp, name, text+"\n", baseTime.Add(time.Hour))
			}
			if rep := syncLive(t, l, corp); rep.Added+rep.Removed != 0 || countReason(rep.Problems, corpus.ReasonDuplicateID) != 0 {
				t.Errorf("after every file changed: %s, %v; want each ID kept", rep.Summary(), rep.Problems)
			}
			check("after every file changed")
			if _, err := l.Rebuild(t.Context(), []string{corp}); err != nil {
				t.Fatal(err)
			}
			check("after a rebuild")
			if again := syncLive(t, l, corp); again.FilesRead != 0 || again.Changed() {
				t.Errorf("a sync after the rebuild: %s; want no file read and nothing changed", again.Summary())
			}
		})
	}
}

// TestPathIDHeldHint: an ID another file holds is refused as a duplicate,
// and the hint says why: that file's path gave it under other corpus paths
// (--rebuild gives each file the IDs of the paths given), or it is a
// record's own id that the other file's path gave first (an indexed
// article keeps its ID); the hint blamed an earlier release or other
// corpus paths for both. (A path ID that a record of another file has as
// its own id is no duplicate: TestPathIDYieldsToOwnID.)
func TestPathIDHeldHint(t *testing.T) {
	const row = `{"id": 1, "title": "Row", "text": "A row of the export about Quillon harbour."}` + "\n"
	for _, tc := range []struct {
		name      string
		files     map[string]string // under the corpus folder
		added     map[string]string // and added after the first sync
		second    string            // the path of the second sync, under it
		refused   string            // the file refused
		want, not string            // in the hint, and not
	}{
		{
			name:    "a record's own id, given to a file's path first",
			files:   map[string]string{"a.txt": "Txt\n\nThe text file about Marvola.\n"},
			added:   map[string]string{"x.jsonl": `{"id": "a", "title": "Own", "text": "A record whose own id is a."}` + "\n"},
			refused: "x.jsonl",
			want:    "it is the ID that file's path gives", not: "earlier release",
		},
		{
			name:    "the path under other corpus paths",
			files:   map[string]string{"x/export.jsonl": row},
			added:   map[string]string{"a/x/export.jsonl": row},
			second:  "a",
			refused: "export.jsonl",
			want:    "by an earlier release, or from other corpus paths", not: "that file's path gives",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			corp := filepath.Join(t.TempDir(), "corpus")
			for name, text := range tc.files {
				writeFile(t, corp, name, text, baseTime)
			}
			l := adv23Live(t, filepath.Join(t.TempDir(), "index"), index.Options{})
			rep := syncLive(t, l, corp)
			if tc.added != nil {
				for name, text := range tc.added {
					writeFile(t, corp, name, text, baseTime)
				}
				rep = syncLive(t, l, filepath.Join(corp, tc.second))
			}
			i := slices.IndexFunc(rep.Problems, func(p corpus.Problem) bool { return p.Reason == corpus.ReasonDuplicateID })
			if i < 0 {
				t.Fatalf("no duplicate ID: %v", rep.Problems)
			}
			p := rep.Problems[i]
			if filepath.Base(p.Path) != tc.refused || !strings.Contains(p.Detail, tc.want) || strings.Contains(p.Detail, tc.not) {
				t.Errorf("%s: %s, want %s refused with %q in the hint and not %q", p.Path, p.Detail, tc.refused, tc.want, tc.not)
			}
		})
	}
}
