//go:build unix

package corpus

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// These tests come from an adversarial pass over c10efcf (file links
// followed only while they lead inside their folder). For a glob, the
// folder was the match's own folder: whoever can write in the glob's base
// (the folder watched for it) could make a folder link there, which the
// glob's wildcards went through, or which a glob matching folders walked,
// and a match's folder swapped for such a link after the listing was
// opened through as the file's own folder.

// adv158Setup makes parent/corpus (with sub/inner.txt) and
// parent/private/secret.txt; it returns the corpus folder and the private one.
func adv158Setup(t *testing.T) (dir, private string) {
	t.Helper()
	parent := t.TempDir()
	dir, private = filepath.Join(parent, "corpus"), filepath.Join(parent, "private")
	for _, d := range []string{filepath.Join(dir, "sub"), private} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	writeFile(t, private, "secret.txt", []byte("token: do-not-quote-me\n"))
	writeFile(t, filepath.Join(dir, "sub"), "inner.txt", []byte("An article inside the corpus.\n"))
	return dir, private
}

// adv158Load loads paths, fails the test if the secret was read, and
// returns the IDs loaded and the problems of the given reason.
func adv158Load(t *testing.T, paths []string, reason string) (ids, reported []string) {
	t.Helper()
	arts, rep, err := Load(context.Background(), paths)
	if err != nil {
		t.Fatalf("Load(%v): %v", paths, err)
	}
	for _, a := range arts {
		if strings.Contains(fmt.Sprint(a.Paragraphs), "do-not-quote-me") {
			t.Errorf("Load(%v) loaded the secret as %s", paths, a.ID)
		}
		ids = append(ids, a.ID)
	}
	for _, p := range rep.Problems {
		if p.Reason == reason {
			reported = append(reported, filepath.Base(p.Path))
			if strings.Contains(p.Detail, "private") {
				t.Errorf("problem %s names the link's target", p)
			}
		}
	}
	slices.Sort(ids)
	return ids, reported
}

func TestGlobThroughFolderLinkOutsideRefused(t *testing.T) {
	dir, private := adv158Setup(t)
	if err := os.Symlink(private, filepath.Join(dir, "evil")); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	ids, refused := adv158Load(t, []string{filepath.Join(dir, "*", "*.txt")}, ReasonLinkOutside)
	if strings.Join(ids, " ") != "sub/inner" || strings.Join(refused, " ") != "secret.txt" {
		t.Errorf("dir/*/*.txt loaded %v, refused %v; want sub/inner loaded and evil/secret.txt refused once", ids, refused)
	}
}

func TestGlobMatchingFolderLinkOutsideRefused(t *testing.T) {
	dir, private := adv158Setup(t)
	if err := os.Symlink(private, filepath.Join(dir, "evil")); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	ids, refused := adv158Load(t, []string{filepath.Join(dir, "*")}, ReasonFolderLink)
	if strings.Join(ids, " ") != "sub/inner" || strings.Join(refused, " ") != "evil" {
		t.Errorf("dir/* loaded %v, reported %v; want sub/inner loaded and the folder link evil reported once", ids, refused)
	}
	_, probs, _ := Files([]string{filepath.Join(dir, "*")})
	for _, p := range probs {
		if p.Reason == ReasonFolderLink && (!p.Skipped || !p.Unfinished) {
			t.Errorf("problem %+v: want it skipped and unfinished (an index keeps what it holds from it)", p)
		}
	}
}

// A glob's match whose folder is swapped for a link leading outside after
// the listing is not read through it.
func TestGlobFolderSwappedAfterListing(t *testing.T) {
	for _, pattern := range []string{filepath.Join("*", "*.txt"), "*"} {
		t.Run(pattern, func(t *testing.T) {
			dir, private := adv158Setup(t)
			files, _, err := Files([]string{filepath.Join(dir, pattern)})
			if err != nil || len(files) != 1 {
				t.Fatalf("Files = %v, %v; want sub/inner.txt", files, err)
			}
			sub := filepath.Join(dir, "sub")
			if err := os.Rename(sub, sub+".old"); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(filepath.Join(private, "secret.txt"), filepath.Join(private, "inner.txt")); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(private, sub); err != nil {
				t.Skipf("no symbolic links here: %v", err)
			}
			arts, probs, err := LoadFile(context.Background(), files[0])
			if err != nil {
				t.Fatal(err)
			}
			if len(arts) != 0 || len(probs) != 1 || probs[0].Reason != ReasonLinkOutside {
				t.Errorf("LoadFile after the swap = %d articles, problems %v; want none and one %q", len(arts), probs, ReasonLinkOutside)
			}
		})
	}
}

// What stays inside a glob's base is still read: a folder link to a folder
// of the base, a file link to a file of another folder of the base, a
// base that is itself a link, and a relative pattern.
func TestGlobLinksInsideBaseFollowed(t *testing.T) {
	dir, _ := adv158Setup(t)
	if err := os.Mkdir(filepath.Join(dir, "other"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("sub", filepath.Join(dir, "alias")); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	if err := os.Symlink(filepath.Join("..", "sub", "inner.txt"), filepath.Join(dir, "other", "rel.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "sub", "inner.txt"), filepath.Join(dir, "other", "abs.txt")); err != nil {
		t.Fatal(err)
	}
	want := "alias/inner other/abs other/rel sub/inner"
	for _, pattern := range []string{filepath.Join("*", "*.txt"), "*"} {
		ids, refused := adv158Load(t, []string{filepath.Join(dir, pattern)}, ReasonLinkOutside)
		if got := strings.Join(ids, " "); got != want || len(refused) != 0 {
			t.Errorf("%s loaded %s, refused %v; want %s", pattern, got, refused, want)
		}
	}
	link := filepath.Join(t.TempDir(), "news")
	if err := os.Symlink(dir, link); err != nil {
		t.Fatal(err)
	}
	ids, refused := adv158Load(t, []string{filepath.Join(link, "*", "*.txt")}, ReasonLinkOutside)
	if got := strings.Join(ids, " "); got != want || len(refused) != 0 {
		t.Errorf("a base that is a link: loaded %s, refused %v; want %s", got, refused, want)
	}
	t.Chdir(filepath.Dir(dir))
	ids, refused = adv158Load(t, []string{filepath.Join("corpus", "*", "*.txt")}, ReasonLinkOutside)
	if got := strings.Join(ids, " "); got != want || len(refused) != 0 {
		t.Errorf("a relative pattern: loaded %s, refused %v; want %s", got, refused, want)
	}
}

// Links into /proc found in a corpus folder are refused or never read.
func TestProcLinksInFolderNotRead(t *testing.T) {
	dir, _ := adv158Setup(t)
	for name, target := range map[string]string{
		"env.txt":  "/proc/self/environ",
		"fd.txt":   "/proc/self/fd/0",
		"root.txt": "/proc/self/root/etc/hostname",
		"cwd.txt":  "/proc/self/cwd/adv158_test.go",
	} {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}
	ids, _ := adv158Load(t, []string{dir}, ReasonLinkOutside)
	if strings.Join(ids, " ") != "sub/inner" {
		t.Errorf("loaded %v; want only sub/inner", ids)
	}
}

// A corpus folder given relative ("--corpus corpus") keeps an absolute link
// to a file inside it: the link's target, resolved, is absolute, the
// folder was not, and no relative path leads from one to the other, so
// the link was taken as leading outside, at the listing and at the open.
func TestRelativeFolderAbsoluteLinkInside(t *testing.T) {
	dir, _ := adv158Setup(t)
	if err := os.Symlink(filepath.Join(dir, "sub", "inner.txt"), filepath.Join(dir, "abs.txt")); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	t.Chdir(filepath.Dir(dir))
	for _, p := range []string{"corpus", filepath.Join("corpus", "*.txt")} {
		ids, refused := adv158Load(t, []string{p}, ReasonLinkOutside)
		if !slices.Contains(ids, "abs") || len(refused) != 0 {
			t.Errorf("%s loaded %v, refused %v; want abs loaded", p, ids, refused)
		}
	}
	// Listed while it was a plain file, then made an absolute link inside:
	// opened through the folder.
	files, _, err := Files([]string{"corpus"})
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(files, func(f File) bool { return f.Path == filepath.Join("corpus", "sub", "inner.txt") })
	if i < 0 {
		t.Fatalf("Files listed %v; want corpus/sub/inner.txt", files)
	}
	f := files[i]
	if err := os.Rename(f.Path, filepath.Join("corpus", "moved.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "moved.txt"), f.Path); err != nil {
		t.Fatal(err)
	}
	arts, probs, err := LoadFile(context.Background(), f)
	if err != nil || len(arts) != 1 {
		t.Errorf("LoadFile(an absolute link inside a relative folder) = %d articles, %v, %v; want it read", len(arts), probs, err)
	}
}
