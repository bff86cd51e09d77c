package corpus

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestFiles(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"b.txt", "a/z.jsonl.gz", "a/y.MD", ".hidden/x.txt", "a/.x.json", "c.csv", "d/e.json", "README.md"} {
		writeFile(t, dir, name, []byte("x"))
	}
	rel := func(files []File) (paths, roots []string) {
		for _, f := range files {
			p, _ := filepath.Rel(dir, f.Path)
			r, _ := filepath.Rel(dir, f.Root)
			paths, roots = append(paths, filepath.ToSlash(p)), append(roots, filepath.ToSlash(r))
		}
		return paths, roots
	}
	tests := []struct {
		name      string
		paths     []string
		wantPaths []string
		wantRoots []string
		wantProbs []string // reasons
	}{{
		name:      "folder walked recursively, sorted, hidden skipped",
		paths:     []string{dir},
		wantPaths: []string{"a/y.MD", "a/z.jsonl.gz", "b.txt", "d/e.json"},
		wantRoots: []string{".", ".", ".", "."},
		wantProbs: []string{ReasonNotArticle, ReasonUnknownExt},
	}, {
		name:      "single file, even a README, and paths keep their order",
		paths:     []string{filepath.Join(dir, "d/e.json"), filepath.Join(dir, "README.md"), filepath.Join(dir, "b.txt")},
		wantPaths: []string{"d/e.json", "README.md", "b.txt"},
		// Files of two folders: the folder that holds both is the root
		// of all, so that their IDs are their paths under it.
		wantRoots: []string{".", ".", "."},
	}, {
		name:      "glob, and a file reached twice is listed once",
		paths:     []string{filepath.Join(dir, "*"), filepath.Join(dir, "b.txt")},
		wantPaths: []string{"a/y.MD", "a/z.jsonl.gz", "b.txt", "d/e.json"},
		wantRoots: []string{".", ".", ".", "."},
		wantProbs: []string{ReasonNotArticle, ReasonUnknownExt},
	}, {
		name:      "files of one folder keep it as their root",
		paths:     []string{filepath.Join(dir, "a", "*")},
		wantPaths: []string{"a/y.MD", "a/z.jsonl.gz"},
		wantRoots: []string{"a", "a"},
	}, {
		name:      "glob matching nothing is a warning",
		paths:     []string{filepath.Join(dir, "*.xml")},
		wantProbs: []string{ReasonNoMatch},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files, probs, err := Files(tt.paths)
			if err != nil {
				t.Fatalf("Files: %v", err)
			}
			paths, roots := rel(files)
			if diff := cmp.Diff(tt.wantPaths, paths, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Files paths (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantRoots, roots, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Files roots (-want +got):\n%s", diff)
			}
			var reasons []string
			for _, p := range probs {
				reasons = append(reasons, p.Reason)
			}
			if diff := cmp.Diff(tt.wantProbs, reasons, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Files problems (-want +got):\n%s", diff)
			}
			for _, f := range files {
				if f.Size != 1 || f.ModTime.IsZero() {
					t.Errorf("File %s: Size %d ModTime %v", f.Path, f.Size, f.ModTime)
				}
			}
		})
	}
}

func TestFilesMissingPath(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a.txt", []byte("x"))
	files, _, err := Files([]string{filepath.Join(dir, "nope"), dir})
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), "nope") {
		t.Errorf("Files(missing) error = %v, want one naming the path and wrapping fs.ErrNotExist", err)
	}
	if len(files) != 1 {
		t.Errorf("Files(missing, dir) = %d files, want the other path's 1", len(files))
	}
}

func TestProblemString(t *testing.T) {
	tests := []struct {
		p    Problem
		want string
	}{
		{Problem{Path: "a.jsonl", Line: 3, Reason: ReasonNoText, Detail: `record "x" has no text`}, `a.jsonl:3: no text: record "x" has no text`},
		{Problem{Path: "b.txt", Reason: ReasonEmptyFile}, "b.txt: empty file"},
	}
	for _, tt := range tests {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("Problem.String() = %q, want %q", got, tt.want)
		}
	}
}

func TestReportSummary(t *testing.T) {
	r := Report{Files: 3, Loaded: 16483}
	for range 71 {
		r.Problems = append(r.Problems, Problem{Reason: ReasonNoText, Skipped: true})
	}
	r.Problems = append(r.Problems, Problem{Reason: ReasonDuplicateID, Skipped: true}, Problem{Reason: ReasonUndated}, Problem{Reason: ReasonUndated})
	want := "loaded 16483 articles from 3 files; skipped 72 (no text: 71, duplicate ID: 1); warnings: 2 undated"
	if got := r.Summary(); got != want {
		t.Errorf("Summary() = %q, want %q", got, want)
	}
	if got, want := r.Skipped(), map[string]int{ReasonNoText: 71, ReasonDuplicateID: 1}; !cmp.Equal(got, want) {
		t.Errorf("Skipped() = %v, want %v", got, want)
	}
	counts := []struct {
		name string
		r    Report
		want string
	}{
		{"one of each", Report{Files: 1, Loaded: 1}, "loaded 1 article from 1 file; skipped 0"},
		{"none", Report{}, "loaded 0 articles from 0 files; skipped 0"},
		{"two of each", Report{Files: 2, Loaded: 2}, "loaded 2 articles from 2 files; skipped 0"},
	}
	for _, tt := range counts {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.r.Summary(); got != tt.want {
				t.Errorf("Summary() = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestCommonDir: the deepest folder that holds two folders.
func TestCommonDir(t *testing.T) {
	sep := string(filepath.Separator)
	root := filepath.VolumeName(t.TempDir()) + sep
	p := func(parts ...string) string { return filepath.Join(append([]string{root}, parts...)...) }
	tests := []struct{ a, b, want string }{
		{p("data", "cnn"), p("data", "bbc"), p("data")},
		{p("data"), p("data", "bbc", "2024"), p("data")},
		{p("data", "bbc", "2024"), p("data"), p("data")},
		{p("data", "ab"), p("data", "cd"), p("data")},
		{p("home", "news"), p("mnt", "archive", "x"), root},
		{p("data", "news"), p("data", "news"), p("data", "news")},
		{p("data", "news"), p("data", "newsroom"), p("data")},
	}
	for _, tt := range tests {
		if got := commonDir(tt.a, tt.b); got != tt.want {
			t.Errorf("commonDir(%q, %q) = %q, want %q", tt.a, tt.b, got, tt.want)
		}
	}
}
