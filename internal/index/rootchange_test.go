package index_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle/internal/corpus"
	"github.com/chronicle-bot/chronicle/internal/index"
)

// briefRows is a JSON Lines export of the briefs from to to about a
// harbour named word, each with its number as its numeric id, or with no
// id at all (idless).
func briefRows(word string, from, to int, idless bool) string {
	var b strings.Builder
	for i := from; i <= to; i++ {
		id := fmt.Sprintf(`"id": %d, `, i)
		if idless {
			id = ""
		}
		fmt.Fprintf(&b, `{%s"date": "2024-03-2%d", "title": "%s brief %d", "text": "The harbour of %s reported %d ships waiting on day %d."}`+"\n",
			id, i%7+1, word, i, word, i*3, i)
	}
	return b.String()
}

// TestRootChangeTakesNoOtherFilesIDs: in a nested layout of same-named
// exports (corpus/a/x/export.jsonl and corpus/x/export.jsonl), configuring
// corpus/a instead of corpus moves the folder path IDs are relative to, so
// that the first file's new IDs ("x/export-1", "x/export#1") are the IDs
// the second file's articles are indexed under. The first file, edited,
// took them: its rows replaced the second file's articles when that file
// was gone ("3 updated", the other harbour's briefs lost, though a file
// outside the paths keeps its articles until --prune); had its rows refused
// as duplicates and its own articles removed when the file was there (the
// edit gave a row new to the index); and a rebuild gave it the IDs and let
// go of the second file's articles. The file keeps the IDs it had for those
// rows, with a warning, and nothing is lost or put under another's ID.
func TestRootChangeTakesNoOtherFilesIDs(t *testing.T) {
	for _, idless := range []bool{false, true} {
		for _, tc := range []struct {
			name    string
			vanish  bool // corpus/x is deleted
			rebuild bool
		}{
			{name: "edited, the other file there"},
			{name: "edited, the other file gone", vanish: true},
			{name: "edited, rebuilt", rebuild: true},
			{name: "edited, the other file gone, rebuilt", vanish: true, rebuild: true},
		} {
			t.Run(fmt.Sprintf("%s, idless %v", tc.name, idless), func(t *testing.T) {
				root := t.TempDir()
				corp := filepath.Join(root, "corpus")
				writeFile(t, filepath.Join(corp, "a", "x"), "export.jsonl", briefRows("Alpha", 1, 3, idless), baseTime)
				writeFile(t, filepath.Join(corp, "x"), "export.jsonl", briefRows("Xeno", 1, 3, idless), baseTime)
				l := adv23Live(t, filepath.Join(root, "index"), index.Options{}, corp)
				if l.Len() != 6 {
					t.Fatalf("%d articles indexed, want 6", l.Len())
				}
				if tc.vanish {
					if err := os.RemoveAll(filepath.Join(corp, "x")); err != nil {
						t.Fatal(err)
					}
				}
				writeFile(t, filepath.Join(corp, "a", "x"), "export.jsonl", briefRows("Alpha", 1, 4, idless), baseTime.Add(time.Hour))
				rep, probs, err := syncOrRebuild(t, l, tc.rebuild, filepath.Join(corp, "a"))
				if err != nil {
					t.Fatal(err)
				}
				if n := hits(t, l, "Alpha"); n != 4 {
					t.Errorf("%d of the edited file's 4 articles found, want 4 (%s): %v", n, rep.Summary(), probs)
				}
				if n := hits(t, l, "Xeno"); n != 3 {
					t.Errorf("%d of the other file's 3 articles found, want 3 (%s): %v", n, rep.Summary(), probs)
				}
				for i := 1; i <= 3; i++ {
					id := fmt.Sprintf("x/export-%d", i)
					if idless {
						id = fmt.Sprintf("x/export#%d", i)
					}
					if a, err := l.Article(t.Context(), id); err != nil || !strings.HasPrefix(a.Title, "Xeno") {
						t.Errorf("article %q is %q (%v), want the other file's Xeno brief", id, a.Title, err)
					}
				}
				if n := rep.Skipped()[corpus.ReasonDuplicateID]; n != 0 {
					t.Errorf("%d rows refused as duplicates, want none: %v", n, probs)
				}
				if !tc.rebuild && rep.Updated+rep.Removed != 0 {
					t.Errorf("%d updated and %d removed, want none: the rows kept their IDs (%s)", rep.Updated, rep.Removed, rep.Summary())
				}
				// Nothing changes at the next sync.
				again, err := l.Sync(t.Context(), []string{filepath.Join(corp, "a")}, index.SyncOptions{})
				if err != nil || again.Changed() || l.Len() != 7 {
					t.Errorf("the next sync: %v, %s, %d articles; want nothing changed and 7 articles", err, again.Summary(), l.Len())
				}
			})
		}
	}
}

// TestRootChangeUpRefusalSaysWhy: configuring the folder above (corpus/a
// to corpus) leaves corpus/a/x/export.jsonl, unchanged, with the IDs it had
// ("x/export-1"), which corpus/x/export.jsonl now gives: its rows are
// refused until the first file changes or a rebuild, and the refusal said
// only that an earlier release may have made the index. It says the paths
// changed too; the rebuild gives each file its own IDs, nothing lost.
func TestRootChangeUpRefusalSaysWhy(t *testing.T) {
	root := t.TempDir()
	corp := filepath.Join(root, "corpus")
	writeFile(t, filepath.Join(corp, "a", "x"), "export.jsonl", briefRows("Alpha", 1, 3, false), baseTime)
	writeFile(t, filepath.Join(corp, "x"), "export.jsonl", briefRows("Xeno", 1, 3, false), baseTime)
	l := adv23Live(t, filepath.Join(root, "index"), index.Options{}, filepath.Join(corp, "a"))
	rep, err := l.Sync(t.Context(), []string{corp}, index.SyncOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var dup string
	for _, p := range rep.Problems {
		if p.Reason == corpus.ReasonDuplicateID {
			dup = p.Detail
			break
		}
	}
	if !strings.Contains(dup, "from other corpus paths") || !strings.Contains(dup, "bot index --rebuild") {
		t.Errorf("the refused row says %q, want the change of corpus paths and bot index --rebuild named", dup)
	}
	if _, err := l.Rebuild(t.Context(), []string{corp}); err != nil {
		t.Fatal(err)
	}
	if a, b := hits(t, l, "Alpha"), hits(t, l, "Xeno"); a != 3 || b != 3 || l.Len() != 6 {
		t.Errorf("after the rebuild %d Alpha and %d Xeno briefs in %d articles, want 3, 3 in 6", a, b, l.Len())
	}
	if a, err := l.Article(t.Context(), "a/x/export-1"); err != nil || a.Title != "Alpha brief 1" {
		t.Errorf("a/x/export-1 is %q (%v), want Alpha brief 1", a.Title, err)
	}
}

// TestRootChangeNewFileRebuilt: a file new to the index whose path IDs are
// those of another file's articles, which the new paths leave outside, is
// refused them by a sync (the other file keeps its articles until --prune);
// a rebuild gave it the IDs and let the other file's articles go. Now the
// rebuild refuses them too, and says so.
func TestRootChangeNewFileRebuilt(t *testing.T) {
	for _, rebuild := range []bool{false, true} {
		t.Run(map[bool]string{false: "sync", true: "rebuild"}[rebuild], func(t *testing.T) {
			root := t.TempDir()
			corp := filepath.Join(root, "corpus")
			writeFile(t, filepath.Join(corp, "x"), "export.jsonl", briefRows("Xeno", 1, 3, false), baseTime)
			writeFile(t, corp, "top.txt", "date 2024-03-01\nTop story\n\nA single top story about the weather in the north.\n", baseTime)
			l := adv23Live(t, filepath.Join(root, "index"), index.Options{}, corp)
			writeFile(t, filepath.Join(corp, "a", "x"), "export.jsonl", briefRows("Alpha", 1, 3, false), baseTime)
			rep, probs, err := syncOrRebuild(t, l, rebuild, filepath.Join(corp, "a"))
			if err != nil {
				t.Fatal(err)
			}
			if n := hits(t, l, "Xeno"); n != 3 {
				t.Errorf("%d of the other file's 3 articles left, want 3 (%s)", n, rep.Summary())
			}
			if n := countReason(probs, corpus.ReasonDuplicateID); n == 0 {
				t.Errorf("no row refused as a duplicate, want the new file's 3 said: %v", probs)
			}
		})
	}
}

// countReason counts the problems of reason.
func countReason(probs []corpus.Problem, reason string) int {
	n := 0
	for _, p := range probs {
		if p.Reason == reason {
			n += p.Count()
		}
	}
	return n
}
