package schedule

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chronicle-bot/chronicle/internal/boltfile"
)

// TestOpenLeavesAFileThatIsNoStore: a schedule.path that named an existing
// file of the user's (an article of the corpus, the config file) made Open
// take it for a damaged store: it was renamed to <path>.damaged-<time>, so
// the index lost the article (or the next start its config), and a new
// store was written in its place. Open now refuses it, naming the path and
// the key to change, and leaves it where it is, as it was; a damaged store
// of ours (zeros, one cut short) is still moved aside and a fresh one made.
func TestOpenLeavesAFileThatIsNoStore(t *testing.T) {
	cutShort := func(tb testing.TB) []byte {
		path := filepath.Join(tb.TempDir(), "schedule.db")
		fillStore(tb, path, 3)
		data, err := os.ReadFile(path)
		if err != nil {
			tb.Fatal(err)
		}
		return data[:100]
	}
	tests := []struct {
		name    string
		content func(testing.TB) []byte
		refused bool
	}{
		{"an article", func(testing.TB) []byte {
			return []byte("Moscow concert hall attack\n\nIslamic State claimed the attack on Crocus City Hall.\n")
		}, true},
		{"a config file", func(testing.TB) []byte {
			return []byte("discord:\n  application_id: \"1234567890\"\nschedule:\n  path: config.yaml\n")
		}, true},
		{"zeros", func(testing.TB) []byte { return make([]byte, 16<<10) }, false},
		{"a store cut short", cutShort, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "corpus-file.txt")
			before := tt.content(t)
			if err := os.WriteFile(path, before, 0o644); err != nil {
				t.Fatal(err)
			}
			st, err := Open(path)
			moved, _ := filepath.Glob(path + ".damaged-*")
			if !tt.refused {
				if err != nil {
					t.Fatalf("Open of a damaged store: %v", err)
				}
				defer st.Close()
				if d := st.Damaged(); d == nil || len(moved) != 1 {
					t.Errorf("Damaged() = %v, moved aside %q; want the damaged store moved aside", d, moved)
				}
				return
			}
			if err == nil {
				st.Close()
				t.Fatalf("Open of a file that is no store succeeded (moved aside: %q)", moved)
			}
			if !errors.Is(err, boltfile.ErrNotBolt) || errors.Is(err, boltfile.ErrDamaged) ||
				!strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "schedule.path") {
				t.Errorf("Open = %v; want ErrNotBolt naming %s and schedule.path", err, path)
			}
			if len(moved) != 0 {
				t.Errorf("moved aside to %q; want the file left where it is", moved)
			}
			if after, err := os.ReadFile(path); err != nil || !bytes.Equal(after, before) {
				t.Errorf("the file at %s changed (%v)", path, err)
			}
		})
	}
}
