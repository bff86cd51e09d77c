package watch

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestCorpusParentRemovedAndMadeAgain: the folder above a configured
// folder removed with it (rm -r of the volume's folder, "vol/news"
// configured) and both made again: changes in the folder are synced. The
// watches on both went with them, nothing saw them come back, and no change
// was synced again until a restart.
func TestCorpusParentRemovedAndMadeAgain(t *testing.T) {
	top := t.TempDir()
	corpus := filepath.Join(top, "vol", "news")
	if err := os.MkdirAll(corpus, 0o755); err != nil {
		t.Fatal(err)
	}
	s := &fakeSyncer{}
	start(t, []string{corpus}, s, Options{RetryDelay: 20 * time.Millisecond})
	if err := os.RemoveAll(filepath.Join(top, "vol")); err != nil {
		t.Fatal(err)
	}
	settle()
	if err := os.MkdirAll(corpus, 0o755); err != nil {
		t.Fatal(err)
	}
	settle()
	n := s.count()
	write(t, filepath.Join(corpus, "a.md"), "a story")
	waitFor(t, "a sync after a file in the re-created folder", func() bool { return s.count() > n })
}
