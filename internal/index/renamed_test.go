package index_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chronicle-bot/chronicle/internal/index"
)

// TestSyncRenamedSubfolder: a folder renamed inside the corpus path is gone
// files and as many new ones with the same articles. The sync refused it as
// a removal past the limit ("would remove 100 of 110"), deciding on the gone
// files before it read the new ones, and its message did not say that the
// articles were still there (new-user trial nu40). Articles the changed
// files give again are not counted as removed, by a sync or a rebuild; what
// is really lost past the limit is still refused, with the moved ones named.
func TestSyncRenamedSubfolder(t *testing.T) {
	for _, tc := range []struct {
		name string
		// after is what the renamed folder holds (nil: as it was).
		after   []rec
		refused string // "" when the sync must go through
		removed int
	}{
		{name: "renamed whole"},
		{name: "renamed with one article gone", after: reports("a", 99), removed: 1},
		{name: "renamed with half the articles gone", after: reports("a", 50),
			refused: "would remove 50 of 110 articles (more than 5%) because their files are gone (another 50 of theirs were found in other files"},
		{name: "renamed and emptied", after: []rec{},
			refused: "would remove 100 of 110 articles (more than 5%) because their files are gone; "},
	} {
		for _, rebuild := range []bool{false, true} {
			name := tc.name
			if rebuild {
				name += ", rebuilt"
			}
			t.Run(name, func(t *testing.T) {
				root := t.TempDir()
				corp := filepath.Join(root, "corpus")
				writeFile(t, filepath.Join(corp, "sub"), "a.jsonl", jsonl(t, reports("a", 100)...), baseTime)
				writeFile(t, corp, "top.jsonl", jsonl(t, reports("t", 10)...), baseTime)
				l := adv23Live(t, filepath.Join(root, "index"), index.Options{}, corp)
				sync := func() (index.SyncReport, error) {
					if rebuild {
						rep, err := l.Rebuild(t.Context(), []string{corp})
						return rep.Corpus, err
					}
					return l.Sync(t.Context(), []string{corp}, index.SyncOptions{})
				}
				if err := os.Rename(filepath.Join(corp, "sub"), filepath.Join(corp, "sub2")); err != nil {
					t.Fatal(err)
				}
				if tc.after != nil {
					writeFile(t, filepath.Join(corp, "sub2"), "a.jsonl", jsonl(t, tc.after...), baseTime.Add(1))
				}
				rep, err := sync()
				if tc.refused != "" {
					if !errors.Is(err, index.ErrRemovalRefused) || !strings.Contains(err.Error(), tc.refused) {
						t.Fatalf("error %v, want a refusal saying %q", err, tc.refused)
					}
					if l.Len() != 110 {
						t.Errorf("%d articles after the refusal, want all 110", l.Len())
					}
					return
				}
				if err != nil {
					t.Fatalf("error %v, want the rename taken (%s)", err, rep.Summary())
				}
				if l.Len() != 110-tc.removed {
					t.Errorf("%d articles left, want %d (%s)", l.Len(), 110-tc.removed, rep.Summary())
				}
				if n := rep.Skipped()["duplicate ID"]; n != 0 {
					t.Errorf("%d articles skipped as duplicates, want 0 (%s)", n, rep.Summary())
				}
				// The renamed folder owns them now: removing it is a
				// removal of its articles, refused past the limit as any.
				if err := os.RemoveAll(filepath.Join(corp, "sub2")); err != nil {
					t.Fatal(err)
				}
				if _, err := sync(); !errors.Is(err, index.ErrRemovalRefused) {
					t.Errorf("after the renamed folder is removed: error %v, want a refusal", err)
				}
			})
		}
	}
}

// reports are n articles with IDs prefix0, prefix1, ...
func reports(prefix string, n int) []rec {
	var rs []rec
	for i := range n {
		rs = append(rs, rec{ID: fmt.Sprintf("%s%d", prefix, i), Title: fmt.Sprintf("Report %s %d", prefix, i),
			Date: "2024-03-26T10:00:00Z", Text: fmt.Sprintf("The harbour report number %d of %s.", i, prefix)})
	}
	return rs
}
