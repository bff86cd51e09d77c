package index_test

import (
	"context"
	"slices"
	"testing"

	"github.com/chronicle-bot/chronicle"
)

// Bleve indexes dates from 1677-09-21 to 2262-04-11, but a date range open
// at one end reaches only to 52 days inside those limits (its open end is
// the sortable bits of an infinite float, 2^52 ns short of the int64's
// limit). Leaving out "published after the day" with such a range kept an
// article dated 2262-03-01 in every as-of search; both of Retrieve's filters
// must give the same articles, none of them dated after the day. The first
// cut day leaves out more articles than it keeps (range kept), the last
// fewer (range left out).
func TestRetrieveByDayNearBleveLimits(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "edges.jsonl", jsonl(t,
		rec{ID: "late", Title: "Storm of 2262", Date: "2262-03-01T00:00:00Z", Text: "A storm will hit."},
		rec{ID: "early", Title: "Storm of 1677", Date: "1677-10-01T00:00:00Z", Text: "A storm hit."},
		rec{ID: "n1", Title: "Storm", Date: "2024-03-01", Text: "A storm hit the coast."},
		rec{ID: "n2", Title: "Storm", Date: "2024-03-02", Text: "A storm hit the coast again."},
		rec{ID: "n3", Title: "Storm", Date: "2024-03-03", Text: "Another storm hit the coast."},
		rec{ID: "n4", Title: "Storm", Date: "2024-03-04", Text: "Yet another storm hit the coast."},
		rec{ID: "n5", Title: "Storm", Date: "2024-03-05", Text: "The storm hit the coast once more."},
	), baseTime)
	ix := openIndex(t, t.TempDir())
	syncOK(t, ix, dir)
	for _, tt := range []struct {
		to   string
		want []string
	}{
		{"2024-03-01", []string{"n1"}},
		{"2024-03-05", []string{"n1", "n2", "n3", "n4", "n5"}},
	} {
		got, err := ix.Retrieve(context.Background(), chronicle.RetrieveQuery{
			Terms: []chronicle.WeightedTerm{{Text: "storm", Boost: 1}}, To: day(t, tt.to)})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, c := range got {
			ids = append(ids, c.Article.ID)
		}
		if !slices.Equal(sorted(ids), tt.want) {
			t.Errorf("Retrieve(storm, to %s) = %v, want %v", tt.to, sorted(ids), tt.want)
		}
	}
}
