package index_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/index"
)

func ExampleIndex_Search() {
	ctx := context.Background()
	tmp, err := os.MkdirTemp("", "chronicle-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)

	// A corpus of two seed-style .txt articles.
	corpus := filepath.Join(tmp, "corpus")
	files := map[string]string{
		"moscow.txt": "date 2024-03-22 Attack on a concert hall\n\n" +
			"Gunmen opened fire at a concert hall near Moscow on Friday evening.\n\n" +
			"Emergency services said the fire spread quickly through the building.",
		"harbour.txt": "date 2024-03-25 Harbour bridge reopens\n\n" +
			"The harbour bridge reopened to traffic after two years of repairs.",
	}
	if err := os.MkdirAll(corpus, 0o755); err != nil {
		log.Fatal(err)
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(corpus, name), []byte(text), 0o644); err != nil {
			log.Fatal(err)
		}
	}

	ix, err := index.Open(ctx, filepath.Join(tmp, "index"), index.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Sync(ctx, []string{corpus}, index.SyncOptions{}); err != nil {
		log.Fatal(err)
	}

	res, err := ix.Search(ctx, chronicle.SearchQuery{Text: "Moscow attack"})
	if err != nil {
		log.Fatal(err)
	}
	for _, h := range res.Hits {
		s := h.Snippet
		fmt.Printf("%s (%s, %s)\n", h.Article.Title, h.Article.ID, h.Article.Published.Format("2 Jan 2006"))
		fmt.Println(bold(s.Text, s.Highlights))
	}
	// Output:
	// Attack on a concert hall (moscow, 22 Mar 2024)
	// Gunmen opened fire at a concert hall near **Moscow** on Friday evening.
}

// bold marks the highlighted spans of text in Discord markdown.
func bold(text string, spans []chronicle.Span) string {
	var b strings.Builder
	last := 0
	for _, sp := range spans {
		b.WriteString(text[last:sp.Start])
		b.WriteString("**" + text[sp.Start:sp.End] + "**")
		last = sp.End
	}
	b.WriteString(text[last:])
	return b.String()
}
