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

// A link to a file found in a corpus folder (or matched by a glob) is
// followed only when its target lies inside that folder: anyone who can
// write into a watched folder could otherwise link any file the bot can
// read (its config, with the token) and have it indexed and quoted. A file
// named itself as a corpus path is the operator's choice and followed
// wherever it leads.
func TestFileLinkOutsideFolderRefused(t *testing.T) {
	parent := t.TempDir()
	dir, elsewhere := filepath.Join(parent, "corpus"), filepath.Join(parent, "private")
	for _, d := range []string{filepath.Join(dir, "sub"), elsewhere} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	secret := writeFile(t, elsewhere, "secret.txt", []byte("token: do-not-quote-me\n"))
	inner := writeFile(t, filepath.Join(dir, "sub"), "inner.txt", []byte("An article inside the corpus.\n"))
	links := map[string]string{
		"out.txt":    secret,                  // absolute, outside
		"rel.txt":    "../private/secret.txt", // relative, outside
		"hop.txt":    "sub/hop2.txt",          // inside, then outside
		"in.txt":     "sub/inner.txt",         // relative, inside
		"absin.txt":  inner,                   // absolute, inside
		"sub/up.txt": "../sub/inner.txt",      // relative, climbs and comes back
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}
	if err := os.Symlink(secret, filepath.Join(dir, "sub", "hop2.txt")); err != nil {
		t.Fatal(err)
	}

	for _, p := range []string{dir, filepath.Join(dir, "*.txt")} {
		files, probs, err := Files([]string{p})
		if err != nil {
			t.Fatalf("Files(%s): %v", p, err)
		}
		var listed, refused []string
		for _, f := range files {
			listed = append(listed, filepath.Base(f.Path))
		}
		for _, pr := range probs {
			if pr.Reason == ReasonLinkOutside {
				refused = append(refused, filepath.Base(pr.Path))
				if !pr.Skipped || !strings.Contains(pr.Detail, "--corpus") || strings.Contains(pr.Detail, secret) {
					t.Errorf("problem %+v: want it skipped, saying how to index the file, without naming the target", pr)
				}
			}
		}
		slices.Sort(listed)
		slices.Sort(refused)
		wantListed := "absin.txt in.txt"
		if p == dir {
			wantListed = "absin.txt in.txt inner.txt up.txt"
		}
		if got := strings.Join(listed, " "); got != wantListed {
			t.Errorf("Files(%s) listed %s, want %s; problems %v", p, got, wantListed, probs)
		}
		wantRefused := "hop.txt out.txt rel.txt"
		if p == dir {
			wantRefused = "hop.txt hop2.txt out.txt rel.txt"
		}
		if got := strings.Join(refused, " "); got != wantRefused {
			t.Errorf("Files(%s) refused %s, want %s; problems %v", p, got, wantRefused, probs)
		}
		arts, _, err := Load(context.Background(), []string{p})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range arts {
			if strings.Contains(fmt.Sprint(a.Paragraphs), "do-not-quote-me") {
				t.Errorf("Load(%s) loaded the linked secret as %s", p, a.ID)
			}
		}
	}

	// Named itself, the link is followed.
	files, probs, err := Files([]string{filepath.Join(dir, "out.txt")})
	if err != nil || len(files) != 1 || len(probs) != 0 {
		t.Errorf("Files(out.txt named itself) = %v, %v, %v; want it listed", files, probs, err)
	}
}

// A file listed inside its folder and swapped for a link leading outside
// before it is read is refused when opened, not read.
func TestFileLinkSwappedAfterListing(t *testing.T) {
	parent := t.TempDir()
	dir, elsewhere := filepath.Join(parent, "corpus"), filepath.Join(parent, "private")
	for _, d := range []string{dir, elsewhere} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	secret := writeFile(t, elsewhere, "secret.txt", []byte("token: do-not-quote-me\n"))
	writeFile(t, dir, "a.txt", []byte("A plain article.\n"))
	files, _, err := Files([]string{dir})
	if err != nil || len(files) != 1 {
		t.Fatalf("Files = %v, %v; want a.txt", files, err)
	}
	path := filepath.Join(dir, "a.txt")
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secret, path); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	arts, probs, err := LoadFile(context.Background(), files[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) != 0 || len(probs) != 1 || probs[0].Reason != ReasonLinkOutside {
		t.Errorf("LoadFile after the swap = %d articles, problems %v; want none and one %q", len(arts), probs, ReasonLinkOutside)
	}
}
