package digest

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/corpus"
)

// eventLabel is one line of a labelled event set in testdata: an article ID
// and the event it reports (labels only, no article text).
type eventLabel struct {
	ID    string `json:"id"`
	Event string `json:"event"`
}

// labelledSet loads the articles of a labelled set with the corpus loader
// (as the index sees them) and returns them with their gold labels.
func labelledSet(tb testing.TB, name string) ([]chronicle.Article, map[string]string) {
	tb.Helper()
	gold := make(map[string]string)
	var paths []string
	switch name {
	case "rss":
		dir := dataDir(tb, "moscow-attack-2024-rss")
		paths = []string{dir}
		// The topic field labels the entries; every "distractor" is a
		// story of its own.
		for _, r := range readJSONL[rssRecord](tb, filepath.Join(dir, "rss_entries.jsonl")) {
			gold[r.ID] = r.Topic
			if r.Topic == "distractor" {
				gold[r.ID] = "distractor:" + r.ID
			}
		}
	case "rtqa-w10":
		dir := dataDir(tb, "realtimeqa")
		paths, _ = filepath.Glob(filepath.Join(dir, "articles-*.jsonl.gz"))
		for _, l := range readJSONL[eventLabel](tb, filepath.Join("testdata", "rtqa-2024-w10-events.jsonl")) {
			gold[l.ID] = l.Event
		}
	}
	all, _, err := corpus.Load(context.Background(), paths)
	if err != nil {
		tb.Fatalf("load %s: %v", name, err)
	}
	var arts []chronicle.Article
	for _, a := range all {
		if _, ok := gold[a.ID]; ok {
			arts = append(arts, a)
		}
	}
	if len(arts) < len(gold)*9/10 {
		tb.Fatalf("%s: %d of %d labelled articles found", name, len(arts), len(gold))
	}
	found := make(map[string]string, len(arts))
	for _, a := range arts {
		found[a.ID] = gold[a.ID]
	}
	return arts, found
}

// TestEventsAgainstLabels measures Events against the two labelled sets
// (B-cubed and pairwise) and logs the figures docs/DIGEST.md quotes:
//
//	go test ./internal/digest -run TestEventsAgainstLabels -v
func TestEventsAgainstLabels(t *testing.T) {
	tests := []struct {
		set       string
		minBCubed float64
	}{
		{"rss", 0.80},
		{"rtqa-w10", 0.80},
	}
	for _, tt := range tests {
		t.Run(tt.set, func(t *testing.T) {
			arts, gold := labelledSet(t, tt.set)
			events, err := Events(context.Background(), arts)
			if err != nil {
				t.Fatal(err)
			}
			pred := make(map[string]string)
			for i, e := range events {
				for _, a := range e.Articles {
					pred[a.ID] = fmt.Sprint(i)
				}
			}
			sc := CompareClusters(pred, gold)
			t.Logf("%s: %d articles, %d gold events, %d predicted; B-cubed P %.3f R %.3f F1 %.3f; pairwise P %.3f R %.3f F1 %.3f",
				tt.set, sc.Items, sc.Gold, sc.Predicted, sc.BCubedP, sc.BCubedR, sc.BCubedF1, sc.PairP, sc.PairR, sc.PairF1)
			if testing.Verbose() {
				for i, e := range events {
					if len(e.Articles) < 2 && !strings.Contains(gold[e.Articles[0].ID], "_") {
						continue
					}
					var lines []string
					for _, a := range e.Articles {
						lines = append(lines, fmt.Sprintf("    %-28s %.60s", gold[a.ID], a.Title))
					}
					sort.Strings(lines)
					t.Logf("event %d (%.2f):\n%s", i, e.Score, strings.Join(lines, "\n"))
				}
			}
			if sc.BCubedF1 < tt.minBCubed {
				t.Errorf("B-cubed F1 = %.3f, want >= %.2f", sc.BCubedF1, tt.minBCubed)
			}
		})
	}
}

func TestCompareClusters(t *testing.T) {
	gold := map[string]string{"a": "x", "b": "x", "c": "y", "d": "z"}
	tests := []struct {
		name             string
		pred             map[string]string
		wantBP, wantBR   float64
		wantPairP, wantR float64
	}{
		{"perfect", map[string]string{"a": "1", "b": "1", "c": "2", "d": "3"}, 1, 1, 1, 1},
		{"all apart", map[string]string{"a": "1", "b": "2", "c": "3"}, 1, 0.75, 1, 0},
		{"all together", map[string]string{"a": "1", "b": "1", "c": "1", "d": "1"}, 0.375, 1, 1.0 / 6, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := CompareClusters(tt.pred, gold)
			if !near(sc.BCubedP, tt.wantBP) || !near(sc.BCubedR, tt.wantBR) || !near(sc.PairP, tt.wantPairP) || !near(sc.PairR, tt.wantR) {
				t.Errorf("CompareClusters(%v) = %+v, want B-cubed %.3f/%.3f, pairwise %.3f/%.3f",
					tt.pred, sc, tt.wantBP, tt.wantBR, tt.wantPairP, tt.wantR)
			}
		})
	}
}

func near(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }
