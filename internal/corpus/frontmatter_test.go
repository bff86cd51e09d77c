package corpus

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestHugeFrontMatter: front matter of more than maxFrontMatterKeys keys is
// not decoded (a warning says so, the body is
// kept): the YAML decoder's duplicate-key check made 100,000 keys in 830 KB
// cost 26 s of CPU (helper 73). A long value is one key and is read (a
// 64 KiB cap on bytes dropped it; review rev35).
func TestHugeFrontMatter(t *testing.T) {
	keys := func(n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "k%d: 0\n", i)
		}
		return b.String()
	}
	for _, tt := range []struct {
		name      string
		meta      string
		wantTitle string
		wantWarn  bool
	}{
		{"normal", "title: Vulture sighting\ndate: 2024-03-25\n", "Vulture sighting", false},
		{"many keys", "title: Keys\n" + keys(100_000), "Keys", true},
		{"keys past the limit", "title: Keys\n" + keys(maxFrontMatterKeys), "Keys", true},
		{"keys at the limit", "title: Keys\n" + keys(maxFrontMatterKeys-1), "Keys", false},
		{"a long description", "title: Long read\ndescription: " + strings.Repeat("word ", 30_000) + "\n", "Long read", false},
		{"a long block of text", "title: Block\nsummary: |\n" + strings.Repeat("  one line: of text\n", 2000), "Block", false},
		{"many nested keys", "title: Nested\nextra:\n" + strings.Repeat("  k: 0\n", 1) + strings.ReplaceAll(keys(maxFrontMatterKeys), "k", "  k"), "Nested", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := writeFile(t, dir, "a.md", []byte("---\n"+tt.meta+"---\n\nThe vulture circled in Harare.\n"))
			arts, probs, err := LoadFile(context.Background(), File{Path: path, Root: dir})
			if err != nil {
				t.Fatal(err)
			}
			if len(arts) != 1 || len(arts[0].Paragraphs) == 0 || !strings.Contains(arts[0].Paragraphs[0].Text, "vulture circled") {
				t.Fatalf("LoadFile loaded %v, want the article with its body", arts)
			}
			// The title comes from the front matter only when it is read.
			if read := arts[0].Title == tt.wantTitle || arts[0].Title == "Keys"; read == tt.wantWarn {
				t.Errorf("title %q: front matter read %v, want %v", arts[0].Title, read, !tt.wantWarn)
			}
			warned := hasProblem(probs, path, ReasonBadFrontMatter, false)
			if warned != tt.wantWarn {
				t.Errorf("front matter warning %v, want %v (problems %v)", warned, tt.wantWarn, probs)
			}
		})
	}
}
