package index_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/chronicle-bot/chronicle/internal/index"
)

// TestSyncRenamedFolderOfPathIDs: a folder of text files renamed inside the
// corpus path gives the same articles under new IDs (a .txt file's ID is its
// path). The sync refused it as a removal past the limit, and a bot serve
// that then synced the rest with nothing removed held every article twice
// (helper 98: 31 -> 61). The same content under a new ID is a move: the old
// IDs go as the new ones come, by a sync and a rebuild alike; a folder
// renamed with its articles rewritten is still refused.
func TestSyncRenamedFolderOfPathIDs(t *testing.T) {
	for _, tc := range []struct {
		name    string
		rewrite bool
	}{
		{name: "renamed"},
		{name: "renamed and rewritten", rewrite: true},
	} {
		for _, rebuild := range []bool{false, true} {
			name := tc.name
			if rebuild {
				name += ", rebuilt"
			}
			t.Run(name, func(t *testing.T) {
				root := t.TempDir()
				corp := filepath.Join(root, "corpus")
				text := func(i int, rewritten bool) string {
					s := fmt.Sprintf("date 2024-03-2%d\nHarbour brief %d\n\nThe harbour of Quillon reported %d ships waiting on the %d day of the strike.\n", i%7+1, i, i*3, i)
					if rewritten {
						s += "\nThe strike ended on Friday, the union said.\n"
					}
					return s
				}
				for i := range 30 {
					writeFile(t, filepath.Join(corp, "sub"), fmt.Sprintf("b%02d.txt", i), text(i, false), baseTime)
				}
				writeFile(t, corp, "top.txt", text(99, false), baseTime)
				l := adv23Live(t, filepath.Join(root, "index"), index.Options{}, corp)
				if l.Len() != 31 {
					t.Fatalf("%d articles indexed, want 31", l.Len())
				}
				if err := os.Rename(filepath.Join(corp, "sub"), filepath.Join(corp, "sub-2024")); err != nil {
					t.Fatal(err)
				}
				if tc.rewrite {
					for i := range 30 {
						writeFile(t, filepath.Join(corp, "sub-2024"), fmt.Sprintf("b%02d.txt", i), text(i, true), baseTime.Add(1))
					}
				}
				rep, _, err := syncOrRebuild(t, l, rebuild, corp)
				if tc.rewrite {
					if err == nil {
						t.Fatalf("the rename with every article rewritten was taken (%s), want a refusal", rep.Summary())
					}
					if l.Len() != 31 {
						t.Errorf("%d articles after the refusal, want all 31", l.Len())
					}
					return
				}
				if err != nil {
					t.Fatalf("error %v, want the rename taken as a move", err)
				}
				if l.Len() != 31 {
					t.Errorf("%d articles after the rename, want 31, each once (%s)", l.Len(), rep.Summary())
				}
			})
		}
	}
}
