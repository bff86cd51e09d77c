package index_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle/internal/corpus"
	"github.com/chronicle-bot/chronicle/internal/index"
)

// TestWarningsNameOtherFilesAlike: a warning about one file that names
// another names it as the file itself is named, relative to the working
// folder for a relative corpus path; the "same path ID", "removal
// refused" (a moved file), "duplicate ID" and "earlier ID kept" warnings
// named the other file by its absolute path.
func TestWarningsNameOtherFilesAlike(t *testing.T) {
	own := `{"id": "a", "title": "Own", "text": "A record whose own id is a."}` + "\n"
	txt := "Txt\n\nThe text file about Marvola.\n"
	for _, tc := range []struct {
		name   string
		reason string
		other  string // the file the warning names, under the working folder
		run    func(t *testing.T, l *index.Live) index.SyncReport
	}{
		{"same path ID", corpus.ReasonSamePathID, "corpus/a.md", func(t *testing.T, l *index.Live) index.SyncReport {
			writeFile(t, "corpus", "a.md", "# Md\n\nThe markdown file about Quillon.\n", baseTime)
			writeFile(t, "corpus", "a.txt", txt, baseTime)
			return syncLive(t, l, "corpus")
		}},
		{"removal refused", corpus.ReasonRemovalRefused, "corpus/export.jsonl", func(t *testing.T, l *index.Live) index.SyncReport {
			writeFile(t, "corpus", "export.jsonl", briefRows("Alpha", 1, 40, false), baseTime)
			writeFile(t, "corpus", "filler.jsonl", jsonl(t, reports("f", 100)...), baseTime)
			syncLive(t, l, "corpus")
			removeFile(t, "corpus/export.jsonl")
			writeFile(t, "corpus", "export-2024.jsonl", briefRows("Alpha", 31, 40, false), baseTime.Add(time.Hour))
			return syncLive(t, l, "corpus")
		}},
		{"duplicate ID", corpus.ReasonDuplicateID, "corpus/a.txt", func(t *testing.T, l *index.Live) index.SyncReport {
			writeFile(t, "corpus", "a.txt", txt, baseTime)
			syncLive(t, l, "corpus")
			writeFile(t, "corpus", "x.jsonl", own, baseTime) // its own id is a.txt's, which a.txt keeps
			return syncLive(t, l, "corpus")
		}},
		{"earlier ID kept", index.ReasonEarlierID, "corpus/x/export.jsonl", func(t *testing.T, l *index.Live) index.SyncReport {
			writeFile(t, "corpus/a/x", "export.jsonl", briefRows("Alpha", 1, 3, false), baseTime)
			writeFile(t, "corpus/x", "export.jsonl", briefRows("Xeno", 1, 3, false), baseTime)
			syncLive(t, l, "corpus")
			writeFile(t, "corpus/a/x", "export.jsonl", briefRows("Alpha", 1, 4, false), baseTime.Add(time.Hour))
			return syncLive(t, l, "corpus/a")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			t.Chdir(root)
			l := adv23Live(t, filepath.Join(t.TempDir(), "index"), index.Options{})
			rep := tc.run(t, l)
			found := false
			for _, p := range rep.Problems {
				if p.Reason != tc.reason {
					continue
				}
				found = true
				if filepath.IsAbs(p.Path) || strings.Contains(p.Detail, root) || !strings.Contains(p.Detail, filepath.FromSlash(tc.other)) {
					t.Errorf("%s: %s, want a relative path and %s named as it is", p.Path, p.Detail, tc.other)
				}
			}
			if !found {
				t.Errorf("no %q warning: %v", tc.reason, rep.Problems)
			}
		})
	}
}
