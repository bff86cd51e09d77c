package corpus

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// sharedData is the project's test data folder, outside the repository.
const sharedData = "../../../shared/data"

// dataDir returns a folder of ../shared/data, skipping the test when absent.
func dataDir(tb testing.TB, name string) string {
	tb.Helper()
	dir := filepath.Join(sharedData, name)
	if _, err := os.Stat(dir); err != nil {
		tb.Skipf("test data %s not available (%v): it lives outside the repository at ../shared/data", dir, err)
	}
	return dir
}

func BenchmarkLoadRealTimeQA(b *testing.B) {
	dir := dataDir(b, "realtimeqa")
	paths := []string{filepath.Join(dir, "articles-*.jsonl.gz")}
	for b.Loop() {
		start := time.Now()
		arts, rep, err := Load(context.Background(), paths)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(arts)), "articles")
		b.ReportMetric(time.Since(start).Seconds(), "s/load")
		_ = rep
	}
}

// TestLoadSharedData loads all four data sets at once and checks that every
// record with text is loaded and that the problems account for every skip.
func TestLoadSharedData(t *testing.T) {
	if testing.Short() {
		t.Skip("loads 200 MB of test data")
	}
	var paths []string
	for _, name := range []string{"realtimeqa", "reuters21578", "bbc-2005", "moscow-attack-2024-rss"} {
		paths = append(paths, dataDir(t, name))
	}
	start := time.Now()
	arts, rep, err := Load(context.Background(), paths)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s in %v", rep.Summary(), time.Since(start))

	// Records per set (data README): 16,554 RealTimeQA articles of which 71
	// have empty text, 21,578 Reuters of which 195 have no words (one null,
	// 194 only "*" markers) and 1,604 only "Blah blah blah." (headline-only
	// briefs), 2,225 BBC (undated), 45 RSS entries of which
	// one has an empty description.
	perDir := map[string]int{}
	for _, a := range arts {
		perDir[filepath.Base(filepath.Dir(a.Path))]++
		if a.Hash == "" || a.ID == "" || a.Title == "" || len(a.Paragraphs) == 0 {
			t.Errorf("article %q from %s: empty ID, title, hash or text", a.ID, a.Path)
		}
	}
	want := map[string]int{"realtimeqa": 16554 - 71, "reuters21578": 21578 - 195 - 1604, "bbc-2005": 2225, "moscow-attack-2024-rss": 45 - 1}
	if !cmp.Equal(perDir, want) {
		t.Errorf("articles per folder = %v, want %v", perDir, want)
	}
	wantSkipped := map[string]int{ReasonNoText: 71 + 195 + 1, ReasonPlaceholder: 1604, ReasonNoArticles: 1, ReasonNotArticle: 1}
	if got := rep.Skipped(); !cmp.Equal(got, wantSkipped) {
		t.Errorf("Skipped() = %v, want %v (questions-dev.jsonl and ORIGINAL_README.TXT are the file-level skips)", got, wantSkipped)
	}
	if got, want := rep.Warnings(), map[string]int{ReasonUndated: 2225 + 1}; !cmp.Equal(got, want) {
		t.Errorf("Warnings() = %v, want %v", got, want)
	}
	if rep.Files != 7 || rep.Loaded != len(arts) {
		t.Errorf("Report Files %d Loaded %d, want 7 and %d", rep.Files, rep.Loaded, len(arts))
	}
}

// TestLoadSeedCorpus loads the bundled seed article.
func TestLoadSeedCorpus(t *testing.T) {
	arts, rep, err := Load(context.Background(), []string{"../../corpus"})
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) != 1 || len(rep.Problems) != 0 {
		t.Fatalf("Load(corpus) = %d articles, problems %v; want 1 article, no problems", len(arts), rep.Problems)
	}
	a := arts[0]
	if a.ID != "000_12b1194fc15ca6a7" || !a.Published.Equal(time.Date(2024, 3, 25, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("seed ID %q Published %v, want 000_12b1194fc15ca6a7 and 2024-03-25", a.ID, a.Published)
	}
	if !strings.HasPrefix(a.Title, "On a day shadowed by violence") || !strings.HasSuffix(a.Title, "…") {
		t.Errorf("seed Title = %q, want the first sentence cut with …", a.Title)
	}
	var headings []string
	for _, p := range a.Paragraphs {
		if strings.Contains(p.Text, "\n") || strings.HasPrefix(p.Text, "date") {
			t.Errorf("paragraph not cleaned: %q", p.Text)
		}
		if len(headings) == 0 || headings[len(headings)-1] != p.Heading {
			headings = append(headings, p.Heading)
		}
	}
	wantHeadings := []string{"", "Unfolding of the Moscow Tragedy", "France's Proactive Stance", "International Cooperation Against ISIS"}
	if diff := cmp.Diff(wantHeadings, headings); diff != "" {
		t.Errorf("seed headings (-want +got):\n%s", diff)
	}
	if len(a.Paragraphs) != 5 || !strings.HasPrefix(a.Paragraphs[0].Text, "On a day shadowed") {
		t.Errorf("seed has %d paragraphs, first %q; want 5, starting with the text after the date marker", len(a.Paragraphs), a.Paragraphs[0].Text)
	}
}
