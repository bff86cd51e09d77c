package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadWithOtherCorpusSaysItAdds: `bot search --corpus OTHER` on an index
// of the configured corpus adds OTHER's articles to it for good, and later
// commands without --corpus answered from them without a word (nu42). The
// command that adds them says so; one that adds nothing says nothing.
func TestReadWithOtherCorpusSaysItAdds(t *testing.T) {
	clearEnv(t)
	corpus, idx := copyCorpus(t), filepath.Join(t.TempDir(), "index")
	other := t.TempDir()
	if err := os.WriteFile(filepath.Join(other, "q.jsonl"), []byte(`{"id":"quokka-1","title":"Quokka census finished","publish_date":"2024-03-25",`+
		`"text":"Rangers counted the quokkas on Rottnest Island this week."}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runCLI(t, "", cliArgs(corpus, idx, "index")...); err != nil {
		t.Fatal(err)
	}
	const note = "note: 1 article of "
	for i, want := range []bool{true, false} {
		_, errOut, err := runCLI(t, "", cliArgs(other, idx, "search", "quokkas")...)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(errOut, note) && strings.Contains(errOut, " was added to the index ") && strings.Contains(errOut, "which also keeps 1 of other corpus paths"); got != want {
			t.Errorf("search %d says it added the articles: %v, want %v\n%s", i+1, got, want, errOut)
		}
	}
}
