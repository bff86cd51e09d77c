package index

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// Retrieve counts the undated articles before it searches: a feed that
// puts undated articles in between must not bring them into an as-of
// retrieval, nor leave it short of the dated articles it would find with
// the range kept.
func TestRetrieveByDayPutMeanwhile(t *testing.T) {
	tests := []struct {
		name              string
		before, meanwhile int // undated articles before the count, and put between it and the search
		limit             int
		want              []string
	}{
		{"first undated article", 0, 1, 20, []string{"d1", "d2", "d3", "d4", "d5"}},
		{"more undated articles than counted", 1, 3, 2, []string{"d4", "d5"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			var ix *Index
			undated := func(from, n int) []chronicle.Article {
				var out []chronicle.Article
				for i := from; i < from+n; i++ {
					out = append(out, chronicle.Article{ID: fmt.Sprintf("u%d", i),
						Paragraphs: []chronicle.Paragraph{{Text: strings.Repeat("Storm. ", 8)}}})
				}
				return out
			}
			put := func(arts []chronicle.Article) {
				if _, err := ix.Put(ctx, "https://example.com/feed", arts); err != nil {
					t.Fatalf("Put: %v", err)
				}
			}
			armed := false
			var err error
			ix, err = Open(ctx, t.TempDir(), Options{retrieving: func() {
				if armed {
					armed = false
					put(undated(tt.before, tt.meanwhile))
				}
			}})
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			var arts []chronicle.Article
			for d := 1; d <= 5; d++ {
				// The later the article, the more it says "storm".
				arts = append(arts, chronicle.Article{ID: fmt.Sprintf("d%d", d), Published: time.Date(2024, 3, d, 12, 0, 0, 0, time.UTC),
					Paragraphs: []chronicle.Paragraph{{Text: strings.Repeat("Storm. ", d) + "The coast was hit."}}})
			}
			put(append(arts, undated(0, tt.before)...))
			armed = true
			got, err := ix.Retrieve(ctx, chronicle.RetrieveQuery{Terms: []chronicle.WeightedTerm{{Text: "storm", Boost: 1}},
				To: time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC), Limit: tt.limit})
			if err != nil {
				t.Fatal(err)
			}
			if armed {
				t.Fatal("Retrieve did not call the retrieving hook")
			}
			var ids []string
			for _, c := range got {
				ids = append(ids, c.Article.ID)
			}
			slices.Sort(ids)
			if !slices.Equal(ids, tt.want) {
				t.Errorf("Retrieve(storm, to 2024-03-05, limit %d) = %v, want %v", tt.limit, ids, tt.want)
			}
		})
	}
}
