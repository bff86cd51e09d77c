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

// TestPathIDYieldsToOwnID: a record's own id ("a" in 0.jsonl) that is the
// ID another file's path gives (a.txt's): that file's article was refused
// as a duplicate at every sync, with a hint to rename one of them. The
// record's own id is the ID its user chose, and it keeps it; the file
// whose path gave the ID yields, as a file does to another file's path ID
// (TestPathIDsOfTwoFiles): its article is indexed under its full path ID
// ("./a.txt", with a number when that is taken too), with a warning
// naming both files. Each keeps its ID when the files change, and in a
// rebuild; a sync of the corpus unchanged reads no file.
func TestPathIDYieldsToOwnID(t *testing.T) {
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
	}{
		{
			name:   "own id read first",
			first:  map[string]string{"0.jsonl": own("a"), "a.txt": txt},
			want:   map[string]string{"a": "0.jsonl", "./a.txt": "a.txt"},
			warned: "a.txt", given: "./a.txt",
		},
		{
			name:   "text file added beside an own id",
			first:  map[string]string{"x.jsonl": own("a")},
			later:  map[string]string{"a.txt": txt},
			want:   map[string]string{"a": "x.jsonl", "./a.txt": "a.txt"},
			warned: "a.txt", given: "./a.txt",
		},
		{
			name:   "own ids of the full path ID too",
			first:  map[string]string{"0.jsonl": own("a", "./a.txt"), "a.txt": txt},
			want:   map[string]string{"a": "0.jsonl", "./a.txt": "0.jsonl", "./a.txt#2": "a.txt"},
			warned: "a.txt", given: "./a.txt#2",
		},
		{
			name:   "an export's numeric id",
			first:  map[string]string{"0.jsonl": own("export-1"), "export.jsonl": row},
			want:   map[string]string{"export-1": "0.jsonl", "./export.jsonl-1": "export.jsonl"},
			warned: "export.jsonl", given: "./export.jsonl-1",
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
			ownFile := "0.jsonl" // the file of the own ids, which the warning names
			if _, ok := tc.first[ownFile]; !ok {
				ownFile = "x.jsonl"
			}
			warned := slices.ContainsFunc(rep.Problems, func(p corpus.Problem) bool {
				return p.Reason == corpus.ReasonSamePathID && filepath.Base(p.Path) == tc.warned &&
					strings.Contains(p.Detail, fmt.Sprintf("indexed as %q", tc.given)) && strings.Contains(p.Detail, ownFile) && strings.Contains(p.Detail, "own id of a record of")
			})
			if !warned {
				t.Errorf("no %q warning on %s that gives %q and names %s: %v", corpus.ReasonSamePathID, tc.warned, tc.given, ownFile, rep.Problems)
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
