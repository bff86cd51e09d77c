//go:build unix

package corpus

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// promptly runs f and fails the test if it has not returned after a long
// while: a guard against hanging forever on a FIFO, not a timing test.
func promptly(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatalf("%s still blocked after 30s (opened a FIFO or read a device?)", what)
	}
}

// notRegularPaths returns the paths of the "not a regular file" problems.
func notRegularPaths(probs []Problem) []string {
	var paths []string
	for _, p := range probs {
		if p.Reason == ReasonNotRegular && p.Skipped {
			paths = append(paths, filepath.Base(p.Path))
		}
	}
	return paths
}

// specialDir makes a folder holding a good article, a FIFO named like a
// corpus file and a symbolic link to it, and returns the folder.
func specialDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, dir, "good.jsonl", []byte(`{"id": "g", "date": "2024-01-01", "text": "Still loaded."}`+"\n"))
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.jsonl"), 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	if err := os.Symlink("pipe.jsonl", filepath.Join(dir, "link.txt")); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// Should a regression block in open, a writer releases it.
		if f, err := os.OpenFile(filepath.Join(dir, "pipe.jsonl"), os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close()
		}
	})
	return dir
}

func TestIssue12_Item6_FIFO(t *testing.T) {
	dir := specialDir(t)
	tests := []struct {
		name  string
		paths []string
		want  string // base names of the files reported
		arts  int    // articles loaded (from good.jsonl)
	}{
		{"named directly", []string{filepath.Join(dir, "pipe.jsonl")}, "pipe.jsonl", 0},
		{"symbolic link named directly", []string{filepath.Join(dir, "link.txt")}, "link.txt", 0},
		{"matched by a glob", []string{filepath.Join(dir, "*")}, "link.txt pipe.jsonl", 1},
		{"found in a folder", []string{dir}, "link.txt pipe.jsonl", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var (
				arts []string
				rep  Report
				err  error
			)
			promptly(t, "Load", func() {
				a, r, e := Load(context.Background(), tt.paths)
				arts, rep, err = articleIDs(a), r, e
			})
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if got := strings.Join(notRegularPaths(rep.Problems), " "); got != tt.want {
				t.Errorf("Load(%s) reported %q as not regular, want %q; problems %v", tt.name, got, tt.want, rep.Problems)
			}
			if len(arts) != tt.arts {
				t.Errorf("Load(%s) = %v articles, want %d", tt.name, arts, tt.arts)
			}
		})
	}
	t.Run("LoadFile", func(t *testing.T) {
		for _, name := range []string{"pipe.jsonl", "link.txt"} {
			path := filepath.Join(dir, name)
			var probs []Problem
			promptly(t, "LoadFile", func() { _, probs, _ = LoadFile(context.Background(), File{Path: path, Root: dir}) })
			if len(probs) != 1 || probs[0].Reason != ReasonNotRegular || probs[0].Path != path || !strings.Contains(probs[0].Detail, "FIFO") {
				t.Errorf("LoadFile(%s) problems = %v, want one %q naming the FIFO", name, probs, ReasonNotRegular)
			}
		}
	})
}

func TestIssue12_Item4_DevZero(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skipf("no /dev/zero: %v", err)
	}
	dir := t.TempDir()
	link := filepath.Join(dir, "zero.txt")
	if err := os.Symlink("/dev/zero", link); err != nil {
		t.Fatal(err)
	}
	for _, paths := range [][]string{{link}, {dir}, {filepath.Join(dir, "*.txt")}} {
		var rep Report
		var alloc uint64
		promptly(t, "Load", func() { alloc = allocated(func() { _, rep, _ = Load(context.Background(), paths) }) })
		if got := notRegularPaths(rep.Problems); len(got) != 1 || got[0] != "zero.txt" {
			t.Errorf("Load(%v) problems = %v, want zero.txt reported as not regular", paths, rep.Problems)
		}
		if alloc > 1<<20 {
			t.Errorf("Load(%v) allocated %d KiB: it read the device", paths, alloc>>10)
		}
	}
	var probs []Problem
	promptly(t, "LoadFile", func() { _, probs, _ = LoadFile(context.Background(), File{Path: link, Root: dir}) })
	if len(probs) != 1 || probs[0].Reason != ReasonNotRegular || !strings.Contains(probs[0].Detail, "device") {
		t.Errorf("LoadFile(zero.txt) problems = %v, want one %q naming a device", probs, ReasonNotRegular)
	}
}

// A symbolic link to a folder inside a corpus folder is not followed (it
// could loop, or lead out of the corpus), and it is said: before, its files
// were left out without a word.
func TestFolderLinkIsReported(t *testing.T) {
	dir, elsewhere := t.TempDir(), t.TempDir()
	writeFile(t, dir, "good.jsonl", []byte(`{"id": "g", "date": "2024-01-01", "text": "Still loaded."}`+"\n"))
	writeFile(t, elsewhere, "far.jsonl", []byte(`{"id": "f", "date": "2024-01-01", "text": "Not loaded through the link."}`+"\n"))
	link := filepath.Join(dir, "more")
	if err := os.Symlink(elsewhere, link); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(".", filepath.Join(dir, "loop")); err != nil {
		t.Fatal(err)
	}
	arts, rep, err := Load(context.Background(), []string{dir})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if got := articleIDs(arts); len(got) != 1 || got[0] != "g" {
		t.Errorf("Load loaded %v, want only g (links to folders are not followed)", got)
	}
	var links []string
	for _, p := range rep.Problems {
		if p.Reason == ReasonFolderLink {
			links = append(links, filepath.Base(p.Path))
			if !p.Skipped || !strings.Contains(p.Detail, "--corpus") {
				t.Errorf("problem %+v: want it skipped, saying how to index the folder", p)
			}
		}
	}
	if strings.Join(links, " ") != "loop more" {
		t.Errorf("folder links reported: %v, want loop and more; problems %v", links, rep.Problems)
	}
}
