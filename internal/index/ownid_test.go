package index_test

import (
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle/internal/corpus"
	"github.com/chronicle-bot/chronicle/internal/index"
)

// TestPathIDYieldsToOwnID: a record's own id ("a" in 0.jsonl) that is the
// ID another file's path gives (a.txt's): that file's article was refused
// as a duplicate at every sync, with a hint to rename one of them, and
// when the file was read first (x.jsonl), the record was. The record's own
// id is the ID its user chose, and it keeps it, whichever file is read
// first; the file whose path gave the ID yields, as a file does to another
// file's path ID (TestPathIDsOfTwoFiles): its article is indexed under its
// full path ID ("./a.txt", with a number when that is taken too), with a
// warning naming both files. Each keeps its ID when the files change, and
// in a rebuild; a sync of the corpus unchanged reads no file. (An article
// indexed under the ID before the record came keeps it:
// TestPathIDHeldHint.) Batches of one article write the yielding article
// before the record is read.
func TestPathIDYieldsToOwnID(t *testing.T) {
	for _, batch := range []int{0, 1} {
		t.Run(fmt.Sprintf("batch %d", batch), func(t *testing.T) { testPathIDYieldsToOwnID(t, index.Options{BatchSize: batch}) })
	}
}

func testPathIDYieldsToOwnID(t *testing.T, opts index.Options) {
	const (
		txt = "Txt story\n\nA story from the text file about Quillon harbour.\n"
		row = `{"id": 1, "title": "Row", "text": "A row of the export about Marvola."}` + "\n"
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
		given  string            // the ID it was given
		owner  string            // the file of the own id, which the warning names
	}{
		{
			name:   "own id read first",
			first:  map[string]string{"0.jsonl": own("a"), "a.txt": txt},
			want:   map[string]string{"a": "0.jsonl", "./a.txt": "a.txt"},
			warned: "a.txt", given: "./a.txt", owner: "0.jsonl",
		},
		{
			// Read after the file whose path gives the ID, in the sync
			// that gives both their IDs: the own id is still its.
			name:   "own id read last",
			first:  map[string]string{"x.jsonl": own("a"), "a.txt": txt},
			want:   map[string]string{"a": "x.jsonl", "./a.txt": "a.txt"},
			warned: "a.txt", given: "./a.txt", owner: "x.jsonl",
		},
		{
			name:   "text file added beside an own id",
			first:  map[string]string{"x.jsonl": own("a")},
			later:  map[string]string{"a.txt": txt},
			want:   map[string]string{"a": "x.jsonl", "./a.txt": "a.txt"},
			warned: "a.txt", given: "./a.txt", owner: "x.jsonl",
		},
		{
			name:   "own ids of the full path ID too",
			first:  map[string]string{"0.jsonl": own("a", "./a.txt"), "a.txt": txt},
			want:   map[string]string{"a": "0.jsonl", "./a.txt": "0.jsonl", "./a.txt#2": "a.txt"},
			warned: "a.txt", given: "./a.txt#2", owner: "0.jsonl",
		},
		{
			name:   "an export's numeric id",
			first:  map[string]string{"0.jsonl": own("export-1"), "export.jsonl": row},
			want:   map[string]string{"export-1": "0.jsonl", "./export.jsonl-1": "export.jsonl"},
			warned: "export.jsonl", given: "./export.jsonl-1", owner: "0.jsonl",
		},
		{
			name:   "an export's numeric id, own id read last",
			first:  map[string]string{"y.jsonl": own("export-1"), "export.jsonl": row},
			want:   map[string]string{"export-1": "y.jsonl", "./export.jsonl-1": "export.jsonl"},
			warned: "export.jsonl", given: "./export.jsonl-1", owner: "y.jsonl",
		},
		{
			// An own id of the form of a full path ID is a path ID's
			// when that came first, and takes a number
			// (TestFullPathIDTakenByOwnID).
			name:   "own ids of the full path ID too, read last",
			first:  map[string]string{"x.jsonl": own("a", "./a.txt"), "a.txt": txt},
			want:   map[string]string{"a": "x.jsonl", "./a.txt": "a.txt", "./a.txt#2": "x.jsonl"},
			warned: "a.txt", given: "./a.txt", owner: "x.jsonl",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			corp := filepath.Join(root, "corpus")
			for name, text := range tc.first {
				writeFile(t, corp, name, text, baseTime)
			}
			l := adv23Live(t, filepath.Join(root, "index"), opts)
			rep := syncLive(t, l, corp)
			if len(tc.later) == 0 && (rep.Added != len(tc.want) || rep.Updated != 0) {
				t.Errorf("first sync: %s; want %d added, none updated", rep.Summary(), len(tc.want))
			}
			if len(tc.later) == 0 {
				// What a watch is told: each article once, under its ID.
				got := slices.Sorted(slices.Values(rep.ChangedIDs))
				want := slices.Sorted(maps.Keys(tc.want))
				if !slices.Equal(got, want) {
					t.Errorf("first sync: ChangedIDs %q, want %q", got, want)
				}
				// All of them new to the index: a watch takes an
				// article as new coverage only when it is added.
				if added := slices.Sorted(slices.Values(rep.AddedIDs)); !slices.Equal(added, want) {
					t.Errorf("first sync: AddedIDs %q, want %q", added, want)
				}
			}
			if len(tc.later) > 0 {
				for name, text := range tc.later {
					writeFile(t, corp, name, text, baseTime)
				}
				rep = syncLive(t, l, corp)
			}
			if n := countReason(rep.Problems, corpus.ReasonDuplicateID); n != 0 {
				t.Errorf("%d refused as duplicates, want none: %v", n, rep.Problems)
			}
			warned := slices.ContainsFunc(rep.Problems, func(p corpus.Problem) bool {
				return p.Reason == corpus.ReasonSamePathID && filepath.Base(p.Path) == tc.warned &&
					strings.Contains(p.Detail, fmt.Sprintf("indexed as %q", tc.given)) && strings.Contains(p.Detail, tc.owner) && strings.Contains(p.Detail, "own id of a record of")
			})
			if !warned {
				t.Errorf("no %q warning on %s that gives %q and names %s: %v", corpus.ReasonSamePathID, tc.warned, tc.given, tc.owner, rep.Problems)
			}
			checkIDs(t, l, "first", tc.want)
			if again := syncLive(t, l, corp); again.FilesRead != 0 || again.Changed() || len(again.Problems) != 0 {
				t.Errorf("a sync of the corpus unchanged: %s, %v; want no file read and nothing changed", again.Summary(), again.Problems)
			}
			// Every file changed: each keeps its ID.
			for _, files := range []map[string]string{tc.first, tc.later} {
				for name, text := range files {
					writeFile(t, corp, name, text+"\n", baseTime.Add(time.Hour))
				}
			}
			if rep := syncLive(t, l, corp); rep.Added+rep.Removed != 0 || countReason(rep.Problems, corpus.ReasonDuplicateID) != 0 {
				t.Errorf("after every file changed: %s, %v; want each ID kept", rep.Summary(), rep.Problems)
			}
			checkIDs(t, l, "after every file changed", tc.want)
			if _, err := l.Rebuild(t.Context(), []string{corp}); err != nil {
				t.Fatal(err)
			}
			checkIDs(t, l, "after a rebuild", tc.want)
			if again := syncLive(t, l, corp); again.FilesRead != 0 || again.Changed() {
				t.Errorf("a sync after the rebuild: %s; want no file read and nothing changed", again.Summary())
			}
		})
	}
}

// checkIDs fails unless l holds the articles of want (ID -> file name)
// and no other.
func checkIDs(t *testing.T, l *index.Live, when string, want map[string]string) {
	t.Helper()
	if l.Len() != len(want) {
		t.Errorf("%s: %d articles, want %d", when, l.Len(), len(want))
	}
	for id, name := range want {
		a, err := l.Article(t.Context(), id)
		if err != nil || filepath.Base(a.Path) != name {
			t.Errorf("%s: article %q is %q's (%v), want %s's", when, id, a.Path, err, name)
		}
	}
}
