package index_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/chronicle-bot/chronicle"
)

// TestSentenceRepeats: a sentence repeated under many articles (a newsletter
// sign-up) is counted once per article, follows puts, replacements and
// removals, and survives a reopen; a sentence of one article counts 1.
func TestSentenceRepeats(t *testing.T) {
	const promo = "Sign up for our free newsletter to get the day's news."
	ix := openIndex(t, t.TempDir())
	ctx := context.Background()
	var arts []chronicle.Article
	for i := range 4 {
		arts = append(arts, chronicle.Article{ID: fmt.Sprintf("a%d", i), Title: "Story",
			Paragraphs: []chronicle.Paragraph{
				{Text: fmt.Sprintf("The council approved plan number %d on Tuesday evening. %s", i, promo)},
				{Text: promo}, // twice in one article still counts once
			}})
	}
	if _, err := ix.Put(ctx, "https://example.org/feed", arts); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, sentence string
		want           int
	}{
		{"promo", promo, 4},
		{"promo, other case and spacing", "SIGN UP for our free   newsletter to get the day’s news", 4},
		{"unique", "The council approved plan number 2 on Tuesday evening.", 1},
		{"unknown", "Nobody wrote this sentence anywhere at all.", 0},
		{"too short", "Photo.", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ix.SentenceRepeats(tt.sentence); got != tt.want {
				t.Errorf("SentenceRepeats(%q) = %d, want %d", tt.sentence, got, tt.want)
			}
		})
	}
	// Replacing one article without the promo, and reopening.
	arts[0].Paragraphs = []chronicle.Paragraph{{Text: "The council approved plan number 0 on Tuesday evening."}}
	if _, err := ix.Put(ctx, "https://example.org/feed", arts[:1]); err != nil {
		t.Fatal(err)
	}
	if got := ix.SentenceRepeats(promo); got != 3 {
		t.Errorf("after a replacement SentenceRepeats(promo) = %d, want 3", got)
	}
	ix = reopen(t, ix)
	if got := ix.SentenceRepeats(promo); got != 3 {
		t.Errorf("after reopen SentenceRepeats(promo) = %d, want 3", got)
	}
}
