package index_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle/internal/corpus"
	"github.com/chronicle-bot/chronicle/internal/index"
)

// TestRenamedAndCut: an export whose records take their IDs from its path
// (numeric ids, or none) renamed and cut in one run gives the records it
// kept under new IDs, found again by their content. The records it lost
// went, without a word, whatever the cut: a cut of most of the file, which
// in place keeps them with a warning (keepLeaving), lost them (in a large
// index; in a small one the sync was refused as a removal past the limit).
// The new file is now judged as the file in place: a small cut is an edit,
// removed, and the summary says how many of the removed moved to new IDs
// and how many left; a cut of most of it keeps them with a warning that
// names the new file. A sync and a rebuild agree.
func TestRenamedAndCut(t *testing.T) {
	for _, idless := range []bool{false, true} {
		for _, tc := range []struct {
			name    string
			keep    int // of 40 records, the last ones
			filler  int // articles of another file
			removed int // by a sync
			moved   int
			found   int  // of the 40 briefs, after
			edited  bool // the last record edited too
			changed int  // of moved
		}{
			{name: "a few cut", keep: 35, filler: 1000, removed: 40, moved: 35, found: 35},
			{name: "most cut", keep: 10, filler: 1000, removed: 10, moved: 10, found: 40},
			{name: "most cut, small index", keep: 10, filler: 100, removed: 10, moved: 10, found: 40},
			// A record kept and edited is no new article, which made the
			// cut an edit (pairEdited).
			{name: "most cut, a record edited", keep: 10, filler: 1000, removed: 10, moved: 10, found: 40, edited: true, changed: 1},
			{name: "most cut, a record edited, small index", keep: 10, filler: 100, removed: 10, moved: 10, found: 40, edited: true, changed: 1},
			{name: "a few cut, a record edited", keep: 35, filler: 1000, removed: 40, moved: 35, found: 35, edited: true, changed: 1},
		} {
			for _, rebuild := range []bool{false, true} {
				name := fmt.Sprintf("%s, idless %v, %s", tc.name, idless, map[bool]string{false: "sync", true: "rebuild"}[rebuild])
				t.Run(name, func(t *testing.T) {
					root := t.TempDir()
					corp := filepath.Join(root, "corpus")
					writeFile(t, corp, "export.jsonl", briefRows("Alpha", 1, 40, idless), baseTime)
					writeFile(t, corp, "filler.jsonl", jsonl(t, reports("f", tc.filler)...), baseTime)
					l := adv23Live(t, filepath.Join(root, "index"), index.Options{}, corp)
					if err := os.Remove(filepath.Join(corp, "export.jsonl")); err != nil {
						t.Fatal(err)
					}
					rows := briefRows("Alpha", 41-tc.keep, 40, idless)
					if tc.edited {
						rows = strings.Replace(rows, "on day 40.", "on day 40 of the strike.", 1)
					}
					writeFile(t, corp, "export-2024.jsonl", rows, baseTime.Add(time.Hour))
					rep, probs, err := syncOrRebuild(t, l, rebuild, corp)
					if err != nil {
						t.Fatalf("error %v, want the rename taken", err)
					}
					if n := hits(t, l, "Alpha"); n != tc.found {
						t.Errorf("%d of the 40 briefs found, want %d (%s): %v", n, tc.found, rep.Summary(), probs)
					}
					warned := false
					for _, p := range probs {
						warned = warned || p.Reason == corpus.ReasonRemovalRefused && strings.Contains(p.Path, "export-2024.jsonl")
					}
					if want := tc.found == 40; warned != want {
						t.Errorf("a warning naming the new file: %v, want %v: %v", warned, want, probs)
					}
					if !rebuild {
						if rep.Removed != tc.removed || rep.Moved != tc.moved || rep.MovedChanged != tc.changed {
							t.Errorf("%d removed, %d moved, %d of them changed, want %d, %d, %d (%s)", rep.Removed, rep.Moved, rep.MovedChanged, tc.removed, tc.moved, tc.changed, rep.Summary())
						}
						if want := fmt.Sprintf("%d removed (%d moved to new IDs", tc.removed, tc.moved); !strings.Contains(rep.Summary(), want) {
							t.Errorf("summary %q, want %q in it", rep.Summary(), want)
						}
					}
					// The next sync keeps what it kept, and changes nothing.
					again, err := l.Sync(t.Context(), []string{corp}, index.SyncOptions{})
					if err != nil && !errors.Is(err, index.ErrRemovalRefused) || again.Changed() || hits(t, l, "Alpha") != tc.found {
						t.Errorf("the next sync: %v, %s; %d briefs, want %d and nothing changed", err, again.Summary(), hits(t, l, "Alpha"), tc.found)
					}
					// --prune lets the cut go.
					if _, err := l.Sync(t.Context(), []string{corp}, index.SyncOptions{Prune: true}); err != nil || hits(t, l, "Alpha") != tc.keep {
						t.Errorf("after --prune (%v) %d briefs, want the %d the file holds", err, hits(t, l, "Alpha"), tc.keep)
					}
				})
			}
		}
	}
}
