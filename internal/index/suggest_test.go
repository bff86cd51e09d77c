package index_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/index"
)

// TestSuggest: a misspelt word the index never holds is corrected to the
// closest word many articles hold; known words, short words and words with
// no close neighbour are left alone.
func TestSuggest(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	ix, err := index.Open(ctx, dir, index.Options{SuggestMinDocs: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var arts []chronicle.Article
	for i := range 5 {
		arts = append(arts, chronicle.Article{ID: fmt.Sprintf("m%d", i), Title: "Attack",
			Paragraphs: []chronicle.Paragraph{{Text: "Gunmen attacked a concert hall near Moscow; Islamic State claimed it, officials told reporters."}}})
	}
	arts = append(arts, chronicle.Article{ID: "rare", Title: "Rare",
		Paragraphs: []chronicle.Paragraph{{Text: "The Moskva river froze."}}})
	if _, err := ix.Put(ctx, "https://example.org/feed", arts); err != nil {
		t.Fatal(err)
	}
	got, err := ix.Suggest(ctx, []string{"moscw", "moscow", "islamc", "zqxwv", "hal", "toll"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"moscw": "moscow", "islamc": "islam"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("Suggest()[%q] = %q, want %q", k, got[k], v)
		}
	}
	// "toll" is one letter from "told", which the articles hold: a word
	// that short is never corrected.
	for _, k := range []string{"moscow", "zqxwv", "hal", "toll"} {
		if s, ok := got[k]; ok {
			t.Errorf("Suggest()[%q] = %q, want no suggestion", k, s)
		}
	}
}

// TestSuggestSmallIndex: an index under Options.SuggestMinDocs corrects
// nothing: there, a word is absent because the corpus is small.
func TestSuggestSmallIndex(t *testing.T) {
	ix := openIndex(t, t.TempDir())
	if _, err := ix.Put(context.Background(), "https://example.org/feed", []chronicle.Article{{ID: "a", Title: "Attack",
		Paragraphs: []chronicle.Paragraph{{Text: "Gunmen attacked a concert hall near Moscow."}}}}); err != nil {
		t.Fatal(err)
	}
	got, err := ix.Suggest(context.Background(), []string{"moscw"})
	if err != nil || len(got) != 0 {
		t.Errorf("Suggest in a one-article index = %v, %v; want no correction", got, err)
	}
}
