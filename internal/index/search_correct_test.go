package index_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/chronicle-bot/chronicle"
)

// TestSearchCorrectsOnlyAbsentWords: search matches the words as typed; a
// word no article holds is searched as the articles spell it too, and the
// result says so. A word some article holds is never replaced by a more
// frequent neighbour ("Marlo" stays the ship, not the golfer Marlow).
func TestSearchCorrectsOnlyAbsentWords(t *testing.T) {
	ctx := context.Background()
	var arts []chronicle.Article
	add := func(prefix, title, text string, n int) {
		for i := range n {
			arts = append(arts, chronicle.Article{ID: fmt.Sprintf("%s%d", prefix, i), Title: title,
				Paragraphs: []chronicle.Paragraph{{Text: text}}})
		}
	}
	add("ship", "Ship hits bridge", "The cargo ship Marlo lost power and hit the bridge.", 2)
	add("golf", "Golf", "John Marlow won the golf tournament on Sunday.", 5)
	add("moscow", "Attack", "Gunmen attacked a concert hall near Moscow on Friday.", 3)
	ix := suggestIndex(t, arts)
	tests := []struct {
		query         string
		wantCorrected []chronicle.Correction
		wantPrefix    string // every hit's ID starts with it
	}{
		{"Marlo", nil, "ship"},
		{"marlo ship", nil, "ship"},
		{"moscw", []chronicle.Correction{{Word: "moscw", As: "moscow"}}, "moscow"},
		{"concert moscw", []chronicle.Correction{{Word: "moscw", As: "moscow"}}, "moscow"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			res, err := ix.Search(ctx, chronicle.SearchQuery{Text: tt.query})
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(res.Corrected) != fmt.Sprint(tt.wantCorrected) {
				t.Errorf("Search(%q).Corrected = %v, want %v", tt.query, res.Corrected, tt.wantCorrected)
			}
			if len(res.Hits) == 0 {
				t.Fatalf("Search(%q) found nothing", tt.query)
			}
			for _, h := range res.Hits {
				if len(h.Article.ID) < len(tt.wantPrefix) || h.Article.ID[:len(tt.wantPrefix)] != tt.wantPrefix {
					t.Errorf("Search(%q) found %s, want only %s* articles", tt.query, h.Article.ID, tt.wantPrefix)
				}
			}
		})
	}
}
