package bench

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// sharedData returns the RealTimeQA corpus and question file beside the
// repository, or skips when they are absent.
func sharedData(tb testing.TB) (corpus []string, questions string) {
	tb.Helper()
	wd, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	root := wd
	for {
		if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(root)
		if parent == root {
			tb.Fatalf("no go.mod above %s", wd)
		}
		root = parent
	}
	corpus = []string{filepath.Join(root, DefaultCorpus)}
	questions = filepath.Join(root, DefaultQuestions)
	if err := CheckCorpus(corpus); err != nil {
		tb.Skipf("skipping: the RealTimeQA data is not there (%v); it is expected in ../shared/data beside the repository", err)
	}
	if _, err := os.Stat(questions); err != nil {
		tb.Skipf("skipping: the RealTimeQA questions are not there (%v)", err)
	}
	return corpus, questions
}

// BenchmarkAsk times Chronicle's Ask over the RealTimeQA dev questions, in
// turn, with the index open. The index is built once in a temporary
// directory, or in $CHRONICLE_BENCH_INDEX (built there when absent, synced
// otherwise, so a second run starts at once). Besides ns/op it reports the
// median and p99 latency.
func BenchmarkAsk(b *testing.B) {
	corpus, qfile := sharedData(b)
	ctx := context.Background()
	qs, err := ReadQuestionFile(b.Context(), qfile, 0)
	if err != nil {
		b.Fatal(err)
	}
	days := make([]time.Time, len(qs))
	for i, q := range qs {
		days[i], _ = time.Parse(time.DateOnly, q.AsOf)
	}
	dir := os.Getenv("CHRONICLE_BENCH_INDEX")
	if dir == "" {
		dir = b.TempDir()
		b.Logf("building the index in %s (set CHRONICLE_BENCH_INDEX to keep and reuse one)", dir)
	}
	if _, err := buildChronicle(ctx, dir, corpus); err != nil {
		b.Fatal(err)
	}
	eng, err := openChronicle(ctx, dir)
	if err != nil {
		b.Fatal(err)
	}
	defer eng.Close()

	lat := make([]time.Duration, 0, len(qs))
	i := 0
	for b.Loop() {
		k := i % len(qs)
		start := time.Now()
		if _, err := eng.Ask(ctx, qs[k].Question, days[k]); err != nil {
			b.Logf("Ask(%q): %v", qs[k].Question, err)
		}
		lat = append(lat, time.Since(start))
		i++
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2])/1e6, "median-ms")
	b.ReportMetric(float64(lat[min(len(lat)-1, len(lat)*99/100)])/1e6, "p99-ms")
}

// BenchmarkIndex times building a Chronicle index of the RealTimeQA corpus
// from scratch (loading, parsing and indexing), as `bot index` does.
func BenchmarkIndex(b *testing.B) {
	corpus, _ := sharedData(b)
	ctx := context.Background()
	parent := b.TempDir()
	n := 0
	for b.Loop() {
		dir, err := os.MkdirTemp(parent, "index-")
		if err != nil {
			b.Fatal(err)
		}
		if n, err = buildChronicle(ctx, dir, corpus); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		os.RemoveAll(dir)
		b.StartTimer()
	}
	b.ReportMetric(float64(n), "articles")
}
