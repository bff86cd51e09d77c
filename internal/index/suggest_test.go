package index_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/index"
)

// TestSuggest: a misspelt word the index never holds is corrected to the
// closest word many articles hold; known words, short words and words with
// no close neighbour are left alone.
func TestSuggest(t *testing.T) {
	ctx := context.Background()
	var arts []chronicle.Article
	for i := range 5 {
		arts = append(arts, chronicle.Article{ID: fmt.Sprintf("m%d", i), Title: "Attack",
			Paragraphs: []chronicle.Paragraph{{Text: "Gunmen attacked a concert hall near Moscow; Islamic State claimed it, officials told reporters."}}})
	}
	arts = append(arts, chronicle.Article{ID: "rare", Title: "Rare",
		Paragraphs: []chronicle.Paragraph{{Text: "The Moskva river froze."}}})
	ix := suggestIndex(t, arts)
	got, err := ix.Suggest(ctx, []string{"moscw", "moscow", "islamc", "zqxwv", "hal", "toll"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"moscw": "moscow", "islamc": "islamic"}
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
	got, err := ix.Suggest(context.Background(), []string{"moscw"}, nil)
	if err != nil || len(got) != 0 {
		t.Errorf("Suggest in a one-article index = %v, %v; want no correction", got, err)
	}
}

// TestSuggestContext: of the words one edit away from a misspelt word, the
// one that goes with the rest of the question wins over a more frequent
// one; without context the most frequent wins. Words with a single
// candidate are corrected first and help choose for the others.
func TestSuggestContext(t *testing.T) {
	ctx := context.Background()
	var arts []chronicle.Article
	add := func(prefix, text string, n int) {
		for i := range n {
			arts = append(arts, chronicle.Article{ID: fmt.Sprintf("%s%d", prefix, i), Title: prefix,
				Paragraphs: []chronicle.Paragraph{{Text: text}}})
		}
	}
	add("claim", "Islamic State claimed the attack near Moscow.", 3)
	add("came", "The crowd came early to the harbour festival.", 8)
	add("other", "Rain fell on the harbour for a week.", 8)
	ix := suggestIndex(t, arts)
	tests := []struct {
		name           string
		words, context []string
		want           map[string]string
	}{
		{"the word that goes with the question", []string{"clamed"}, []string{"moscow", "attack"},
			map[string]string{"clamed": "claimed"}},
		{"without context, the most frequent", []string{"clamed"}, nil, map[string]string{"clamed": "came"}},
		{"a word too long to be a misspelt word is left alone", []string{strings.Repeat("clamed", 1000)}, nil, map[string]string{}},
		{"the other misspelt words corrected first", []string{"clamed", "moscw", "atack"}, []string{"clame", "moscw", "atack"},
			map[string]string{"clamed": "claimed", "moscw": "moscow", "atack": "attack"}},
	}
	t.Run("at most eight words are corrected, the first ones", func(t *testing.T) {
		typos := []string{"moscw", "mscow", "mosow", "moscwo", "omscow", "mozcow", "moscox", "moscov", "mosxow"}
		got, err := ix.Suggest(ctx, typos, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 8 || got["mosxow"] != "" {
			t.Errorf("Suggest(%q) = %v, want the first 8 corrected", typos, got)
		}
	})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ix.Suggest(ctx, tt.words, tt.context)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("Suggest(%q, %q) = %v, want %v", tt.words, tt.context, got, tt.want)
			}
		})
	}
}

// TestSuggestLeavesHeldWordsAlone: a word the index leaves out by design (a
// stop word of its analyzer, such as "cannot", or one edit from one) or
// holds only in titles is a word the articles use, never a misspelling to
// replace.
func TestSuggestLeavesHeldWordsAlone(t *testing.T) {
	ctx := context.Background()
	var arts []chronicle.Article
	for i := range 5 {
		arts = append(arts, chronicle.Article{ID: fmt.Sprintf("c%d", i), Title: "Cannon fire",
			Paragraphs: []chronicle.Paragraph{{Text: "The old cannon fired at noon; the crowd cannot hear the zeppelins. There were three shots."}}})
	}
	arts = append(arts, chronicle.Article{ID: "t", Title: "Canon law",
		Paragraphs: []chronicle.Paragraph{{Text: "Airships were seen over the coast."}}})
	ix := suggestIndex(t, arts)
	// "theres" is "there's" typed without its apostrophe: one edit from a
	// stop word, it means that word, not "three".
	for _, w := range []string{"cannot", "canon", "theres"} {
		t.Run(w, func(t *testing.T) {
			got, err := ix.Suggest(ctx, []string{w}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if s, ok := got[w]; ok {
				t.Errorf("Suggest(%q) = %q, want no correction of a word the index holds", w, s)
			}
		})
	}
}

// TestSuggestSpellsAsArticles: a correction is a word as the articles spell
// it, the closest to the word typed, never a stem or a misspelling one edit
// from both ("peopel" is "people", not the stem "peopl"; "agensie" is
// "agencies" or "agency", not "agenc").
func TestSuggestSpellsAsArticles(t *testing.T) {
	ctx := context.Background()
	var arts []chronicle.Article
	for i := range 4 {
		arts = append(arts, chronicle.Article{ID: fmt.Sprintf("p%d", i), Title: "Census",
			Paragraphs: []chronicle.Paragraph{{Text: "Many people told the agency that the country and its agencies counted well."}}})
	}
	ix := suggestIndex(t, arts)
	tests := []struct {
		word string
		want []string // any of these
	}{
		{"peopel", []string{"people"}},
		{"agensie", []string{"agencies", "agency"}},
		{"cuntrie", []string{"country"}},
	}
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			got, err := ix.Suggest(ctx, []string{tt.word}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Contains(tt.want, got[tt.word]) {
				t.Errorf("Suggest(%q) = %q, want one of %q", tt.word, got[tt.word], tt.want)
			}
		})
	}
}

// suggestIndex opens an index over arts in which Suggest corrects
// whatever the index size (SuggestMinDocs 1), closed when the test ends.
func suggestIndex(t *testing.T, arts []chronicle.Article) *index.Index {
	t.Helper()
	ix, err := index.Open(context.Background(), t.TempDir(), index.Options{SuggestMinDocs: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if _, err := ix.Put(context.Background(), "https://example.org/feed", arts); err != nil {
		t.Fatal(err)
	}
	return ix
}
