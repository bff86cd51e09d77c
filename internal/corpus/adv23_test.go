//go:build unix

package corpus

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// These tests come from an adversarial pass over 3aadc9a. Each fails on
// the commit it was written against; they are meant to be cherry-picked
// with a fix.

// A corpus path that is itself a symbolic link to a folder (a corpus moved
// to a larger disk and linked back, /data/corpus -> /mnt/big/corpus) lists
// no file: WalkDir does not descend into a root that is a link, and the new
// report tells the user to "give the folder itself as a --corpus path",
// which is what they did. Given with a trailing slash it is read.
func TestFilesFollowsALinkGivenAsTheCorpusPath(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real")
	if err := os.MkdirAll(real, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(real, "a.jsonl"),
		[]byte(`{"id":"a1","title":"T","publish_date":"2024-03-25","text":"Some text."}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "corpus")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{link, link + "/"} {
		files, probs, err := Files([]string{p})
		if err != nil {
			t.Fatal(err)
		}
		if len(files) != 1 {
			t.Errorf("Files(%q) listed %d files, want 1; problems %v", p, len(files), probs)
		}
	}
}

// An "unprintable ID" from a file's name (a .txt file's ID is its name) is
// replaced, but the warning, like every problem of that file, prints the
// file's path as it is: its escape sequence and newline go to the terminal
// and split the line.
func TestProblemPrintsAnUnprintablePathEscaped(t *testing.T) {
	p := Problem{Path: "c/evil\x1b[31mred\nname.txt", Reason: ReasonBadID, Detail: "replaced"}
	if s := p.String(); strings.ContainsAny(s, "\x1b\n") {
		t.Errorf("Problem.String() = %q: the path's control characters are printed as they are", s)
	}
}
