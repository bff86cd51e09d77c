package corpus

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestFrontMatterFenceShortAndLong: front matter closes on the same lines
// whether it is short (frontMatter reads it in the cleaned text) or longer
// than MaxArticleBytes (longFrontMatter reads it line by line): a closing
// "---" followed by a control character or an invisible one closed a
// short front matter (cleanText made it a space, or took it out) but not a
// long one, whose date and body were then lost to its text.
func TestFrontMatterFenceShortAndLong(t *testing.T) {
	const body = "The Pelham mill closed on Tuesday after ninety years of weaving cotton in the valley.\n\nWorkers gathered outside the gates.\n"
	for _, fence := range []string{"---", "--- \t", "---\r", "...", "---\v", "---\f", "---\u200b", "...\u00ad", "---\ufeff"} {
		for _, size := range []struct {
			name, notes string
		}{
			{"short", "a note"},
			{"long", strings.Repeat("n", 2_000_000)},
		} {
			t.Run(fmt.Sprintf("%s %q", size.name, fence), func(t *testing.T) {
				checkMillNews(t, []byte("---\ntitle: Mill news\nnotes: "+size.notes+"\ndate: 2024-03-05\n"+fence+"\n\n"+body))
			})
		}
	}
}

// TestFrontMatterOpeningShortAndLong: front matter opens on the same first
// line whether it is short or long, as it closes (isFence): an invisible
// character before the opening "---" opened a short front matter (taken
// out by cleanText) but not a long one, read as text. Spaces or tabs after
// the opening "---" open it, as they close it (isFence): they made the
// front matter the text, an article titled "--- title: ... date: ...",
// undated (helper 144).
func TestFrontMatterOpeningShortAndLong(t *testing.T) {
	const body = "The Pelham mill closed on Tuesday after ninety years of weaving cotton in the valley.\n\nWorkers gathered outside the gates.\n"
	for _, open := range []string{"---", "---\r", "\ufeff---", "\u200b---", "---\u00ad", "--- ", "---\t", "--- \t\r"} {
		for _, size := range []struct {
			name, notes string
		}{
			{"short", "a note"},
			{"long", strings.Repeat("n", 2_000_000)},
		} {
			t.Run(fmt.Sprintf("%s %q", size.name, open), func(t *testing.T) {
				checkMillNews(t, []byte(open+"\ntitle: Mill news\nnotes: "+size.notes+"\ndate: 2024-03-05\n---\n\n"+body))
			})
		}
	}
}

// TestFrontMatterCROnlyShortAndLong: a .md file of old Mac line endings
// (CR alone) has its front matter read whether it is short or long: a
// short one was (cleanText reads CR as a line break), but one that did not
// close within MaxArticleBytes was not seen to open (openFrontMatter cut
// lines at LF alone), and the file became its first MiB as text, titled
// "title: Mill news notes: nnn…" and undated.
func TestFrontMatterCROnlyShortAndLong(t *testing.T) {
	const body = "The Pelham mill closed on Tuesday after ninety years of weaving cotton in the valley.\n\nWorkers gathered outside the gates.\n"
	for _, size := range []struct {
		name, notes string
	}{
		{"short", "a note"},
		{"long", strings.Repeat("n", 2_000_000)},
	} {
		t.Run(size.name, func(t *testing.T) {
			text := "---\ntitle: Mill news\nnotes: " + size.notes + "\ndate: 2024-03-05\n---\n\n" + body
			checkMillNews(t, []byte(strings.ReplaceAll(text, "\n", "\r")))
		})
	}
}

// checkMillNews loads data as a.md and checks that it reads as its front
// matter's title ("Mill news") and date (2024-03-05) over the body's two
// paragraphs ("The Pelham mill ...").
func checkMillNews(t *testing.T, data []byte) {
	t.Helper()
	dir := t.TempDir()
	path := writeFile(t, dir, "a.md", data)
	arts, probs, err := LoadFile(context.Background(), File{Path: path, Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) != 1 {
		t.Fatalf("loaded %d articles, want 1 (problems %v)", len(arts), probs)
	}
	a := arts[0]
	if a.Title != "Mill news" || !a.Published.Equal(time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)) ||
		len(a.Paragraphs) != 2 || !strings.HasPrefix(a.Paragraphs[0].Text, "The Pelham mill") {
		t.Errorf("title %.40q, date %v, paragraphs %.100q; want the front matter's title and date, and the body (problems %.200v)",
			a.Title, a.Published, a.Paragraphs, probs)
	}
}
