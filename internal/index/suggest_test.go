package index_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/chronicle-bot/chronicle"
)

// TestSuggest: a misspelt word the index never holds is corrected to the
// closest word many articles hold; known words, short words and words with
// no close neighbour are left alone.
func TestSuggest(t *testing.T) {
	ix := openIndex(t, t.TempDir())
	var arts []chronicle.Article
	for i := range 5 {
		arts = append(arts, chronicle.Article{ID: fmt.Sprintf("m%d", i), Title: "Attack",
			Paragraphs: []chronicle.Paragraph{{Text: "Gunmen attacked a concert hall near Moscow; Islamic State claimed it."}}})
	}
	arts = append(arts, chronicle.Article{ID: "rare", Title: "Rare",
		Paragraphs: []chronicle.Paragraph{{Text: "The Moskva river froze."}}})
	if _, err := ix.Put(context.Background(), "https://example.org/feed", arts); err != nil {
		t.Fatal(err)
	}
	got, err := ix.Suggest(context.Background(), []string{"moscw", "moscow", "islamc", "zqxwv", "hal"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"moscw": "moscow", "islamc": "islam"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("Suggest()[%q] = %q, want %q", k, got[k], v)
		}
	}
	for _, k := range []string{"moscow", "zqxwv", "hal"} {
		if s, ok := got[k]; ok {
			t.Errorf("Suggest()[%q] = %q, want no suggestion", k, s)
		}
	}
}
