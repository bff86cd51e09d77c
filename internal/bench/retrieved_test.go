package bench

import (
	"context"
	"fmt"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/answer"
	"github.com/chronicle-bot/chronicle/internal/index"
)

// replayRetriever answers Retrieve and DocFreqs from what the index
// answered the first time it was asked the same, so that a benchmark can
// time the rest of Ask (ranking the sentences, composing the answer)
// without Bleve's searches, whose cost and noise are of their own.
type replayRetriever struct {
	*index.Index
	mu   sync.Mutex
	got  map[string][]chronicle.Candidate
	freq map[string]docFreqs
}

type docFreqs struct {
	n  int
	df map[string]int
}

func (r *replayRetriever) Retrieve(ctx context.Context, q chronicle.RetrieveQuery) ([]chronicle.Candidate, error) {
	key := fmt.Sprintf("%v", q)
	r.mu.Lock()
	c, ok := r.got[key]
	r.mu.Unlock()
	if !ok {
		var err error
		if c, err = r.Index.Retrieve(ctx, q); err != nil {
			return nil, err
		}
		r.mu.Lock()
		r.got[key] = c
		r.mu.Unlock()
	}
	// A copy: the answerer appends to and sorts the slice it is given.
	return slices.Clone(c), nil
}

func (r *replayRetriever) DocFreqs(ctx context.Context, stems []string) (int, map[string]int, error) {
	key := fmt.Sprintf("%q", stems)
	r.mu.Lock()
	f, ok := r.freq[key]
	r.mu.Unlock()
	if !ok {
		n, df, err := r.Index.DocFreqs(ctx, stems)
		if err != nil {
			return 0, nil, err
		}
		f = docFreqs{n, df}
		r.mu.Lock()
		r.freq[key] = f
		r.mu.Unlock()
	}
	return f.n, f.df, nil
}

// BenchmarkAskRetrieved is BenchmarkAsk with the searches replayed
// (replayRetriever): every dev question is asked once before the timer
// starts, then in turn as in BenchmarkAsk. It times what Ask does besides
// Bleve's searches, chiefly the ranking workers; cpu-ms/op is the
// process's CPU time per question. It needs an index in
// $CHRONICLE_BENCH_INDEX (see BenchmarkAsk).
func BenchmarkAskRetrieved(b *testing.B) {
	_, qfile := sharedData(b)
	dir := os.Getenv("CHRONICLE_BENCH_INDEX")
	if dir == "" {
		b.Skip("skipping: set CHRONICLE_BENCH_INDEX to an index of the RealTimeQA corpus (BenchmarkAsk builds one)")
	}
	ctx := context.Background()
	qs, err := ReadQuestionFile(b.Context(), qfile, 0)
	if err != nil {
		b.Fatal(err)
	}
	days := make([]time.Time, len(qs))
	for i, q := range qs {
		days[i], _ = time.Parse(time.DateOnly, q.AsOf)
	}
	ix, err := index.Open(ctx, dir, index.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	rr := &replayRetriever{Index: ix, got: map[string][]chronicle.Candidate{}, freq: map[string]docFreqs{}}
	ans := answer.New(rr)
	for k := range qs {
		if _, err := ans.Ask(ctx, qs[k].Question, days[k]); err != nil {
			b.Logf("Ask(%q): %v", qs[k].Question, err)
		}
	}
	lat := make([]time.Duration, 0, len(qs))
	i := 0
	cpu := processCPU()
	for b.Loop() {
		k := i % len(qs)
		start := time.Now()
		ans.Ask(ctx, qs[k].Question, days[k])
		lat = append(lat, time.Since(start))
		i++
	}
	cpu = processCPU() - cpu
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2])/1e6, "median-ms")
	b.ReportMetric(float64(lat[min(len(lat)-1, len(lat)*99/100)])/1e6, "p99-ms")
	// CPU time, which a loaded machine inflates less than the latency.
	b.ReportMetric(float64(cpu)/float64(i)/1e6, "cpu-ms/op")
}

// recordingRetriever keeps, in order, every query Ask gives the index.
type recordingRetriever struct {
	*index.Index
	mu sync.Mutex
	qs []chronicle.RetrieveQuery
}

func (r *recordingRetriever) Retrieve(ctx context.Context, q chronicle.RetrieveQuery) ([]chronicle.Candidate, error) {
	r.mu.Lock()
	r.qs = append(r.qs, q)
	r.mu.Unlock()
	return r.Index.Retrieve(ctx, q)
}

// BenchmarkRetrieve times the index's Retrieve alone, on the queries that
// Ask gives it for the dev questions (recorded in a first, untimed pass),
// one after another: an op is one Retrieve, and cpu-ms/q is the process's
// CPU per question. "all" runs every query, "main" the 20 best by the
// as-of day, "recent" the best of the 30 days before it (the queries with
// a start day). It needs an index in $CHRONICLE_BENCH_INDEX (see
// BenchmarkAsk).
func BenchmarkRetrieve(b *testing.B) {
	_, qfile := sharedData(b)
	dir := os.Getenv("CHRONICLE_BENCH_INDEX")
	if dir == "" {
		b.Skip("skipping: set CHRONICLE_BENCH_INDEX to an index of the RealTimeQA corpus (BenchmarkAsk builds one)")
	}
	ctx := context.Background()
	qs, err := ReadQuestionFile(b.Context(), qfile, 0)
	if err != nil {
		b.Fatal(err)
	}
	ix, err := index.Open(ctx, dir, index.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	rec := &recordingRetriever{Index: ix}
	ans := answer.New(rec)
	for _, q := range qs {
		day, _ := time.Parse(time.DateOnly, q.AsOf)
		if _, err := ans.Ask(ctx, q.Question, day); err != nil {
			b.Logf("Ask(%q): %v", q.Question, err)
		}
	}
	var main, recent []chronicle.RetrieveQuery
	for _, q := range rec.qs {
		if q.From.IsZero() {
			main = append(main, q)
		} else {
			recent = append(recent, q)
		}
	}
	for _, set := range []struct {
		name string
		qs   []chronicle.RetrieveQuery
	}{{"all", rec.qs}, {"main", main}, {"recent", recent}} {
		b.Run(set.name, func(b *testing.B) {
			if len(set.qs) == 0 {
				b.Skip("no such queries")
			}
			i := 0
			cpu := processCPU()
			for b.Loop() {
				if _, err := ix.Retrieve(ctx, set.qs[i%len(set.qs)]); err != nil {
					b.Fatal(err)
				}
				i++
			}
			cpu = processCPU() - cpu
			b.ReportMetric(float64(cpu)/float64(i)*float64(len(set.qs))/float64(len(qs))/1e6, "cpu-ms/q")
		})
	}
}
