package commands

import (
	"context"
	"testing"

	"github.com/chronicle-bot/chronicle"
)

// TestSearchSaysWhatWasCorrected: when the index searched a misspelt word
// as the articles spell it, the reply's footer says so.
func TestSearchSaysWhatWasCorrected(t *testing.T) {
	tests := []struct {
		name       string
		corrected  []chronicle.Correction
		wantFooter string
	}{
		{"nothing corrected", nil, "Page 1 of 2 · 7 articles"},
		{"two words corrected", []chronicle.Correction{{Word: "moskow", As: "moscow"}, {Word: "atack", As: "attack"}},
			"Page 1 of 2 · 7 articles · also searched: moskow → moscow, atack → attack"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := &fakeSearcher{articles: testArticles(7), corrected: tt.corrected}
			resp, err := (&Search{Searcher: fs}).Handle(context.Background(), Request{Options: map[string]string{"query": "Moscow attack"}})
			if err != nil {
				t.Fatal(err)
			}
			if len(resp.Embeds) != 1 || resp.Embeds[0].Footer != tt.wantFooter {
				t.Errorf("footer = %+v, want %q", resp.Embeds, tt.wantFooter)
			}
		})
	}
}
