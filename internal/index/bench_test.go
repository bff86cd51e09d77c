package index_test

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/metrics"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/index"
)

// The benchmarks run on the RealTimeQA articles in ../shared/data (relative
// to the repository) and skip when they are absent. BenchmarkSearch and
// BenchmarkOpen use a copy of the index named by CHRONICLE_BENCH_INDEX when
// it is set (the original is never opened, since Open writes to its store).

const rtqaDir = "../../../shared/data/realtimeqa"

// rtqaFiles returns the RealTimeQA article files, skipping the benchmark
// when they are absent.
func rtqaFiles(b *testing.B) []string {
	b.Helper()
	files, _ := filepath.Glob(filepath.Join(rtqaDir, "articles-*.jsonl.gz"))
	if len(files) == 0 {
		b.Skipf("RealTimeQA articles not found in %s (the shared data folder is absent); skipping", rtqaDir)
	}
	return files
}

// benchIndex holds an index built once per process for the benchmarks that
// need a full one; TestMain removes it.
var benchIndex struct {
	once sync.Once
	dir  string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if benchIndex.dir != "" {
		os.RemoveAll(benchIndex.dir)
	}
	os.Exit(code)
}

// builtIndex returns the directory of a closed, fully built RealTimeQA index
// that the caller may modify only if it copies it first.
func builtIndex(b *testing.B) string {
	b.Helper()
	files := rtqaFiles(b)
	benchIndex.once.Do(func() {
		dir, err := os.MkdirTemp("", "chronicle-bench-index")
		if err != nil {
			benchIndex.err = err
			return
		}
		benchIndex.dir = dir
		ctx := context.Background()
		if src := os.Getenv("CHRONICLE_BENCH_INDEX"); src != "" {
			if err := copyDir(src, dir); err != nil {
				benchIndex.err = fmt.Errorf("copy CHRONICLE_BENCH_INDEX: %w", err)
				return
			}
		}
		ix, err := index.Open(ctx, dir, index.Options{})
		if err != nil {
			benchIndex.err = err
			return
		}
		defer ix.Close()
		if ix.Len() == 0 || ix.Reset {
			// No index given, or one of another format: build it.
			_, benchIndex.err = ix.Sync(ctx, files, index.SyncOptions{})
		}
		b.Logf("benchmark index in %s: %d articles (CHRONICLE_BENCH_INDEX=%q, reset %v)",
			dir, ix.Len(), os.Getenv("CHRONICLE_BENCH_INDEX"), ix.Reset)
	})
	if benchIndex.err != nil {
		b.Fatalf("build benchmark index: %v", benchIndex.err)
	}
	return benchIndex.dir
}

// copyDir copies the regular files of src into dst.
func copyDir(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		in, err := os.Open(path)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.Create(target)
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, in); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	})
}

func BenchmarkIndexRealTimeQA(b *testing.B) {
	files := rtqaFiles(b)
	ctx := context.Background()
	added := 0
	cpu0 := cpuSeconds(cpuUse{})
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		dir := filepath.Join(b.TempDir(), "index")
		b.StartTimer()
		ix, err := index.Open(ctx, dir, index.Options{})
		if err != nil {
			b.Fatal(err)
		}
		rep, err := ix.Sync(ctx, files, index.SyncOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if err := ix.Close(); err != nil {
			b.Fatal(err)
		}
		added += rep.Added
		if i == 0 {
			b.Logf("%s", rep.Summary())
		}
	}
	cpu := cpuSeconds(cpu0)
	b.ReportMetric(float64(added)/b.Elapsed().Seconds(), "articles/s")
	b.ReportMetric(float64(added/b.N), "articles")
	b.ReportMetric(cpu.gc/float64(b.N), "gc-cpu-s/op")
	b.ReportMetric(cpu.total/float64(b.N), "cpu-s/op")
}

// cpuUse is CPU time as the Go runtime accounts it (runtime/metrics): in
// all and in the garbage collector, in seconds. It is an estimate that
// includes the index's background goroutines, and it says where a change of
// GC settings shows when the machine's load makes wall times too noisy.
type cpuUse struct{ gc, total float64 }

// cpuSeconds is the CPU used since since (the zero cpuUse: since the
// process started).
func cpuSeconds(since cpuUse) cpuUse {
	s := []metrics.Sample{{Name: "/cpu/classes/gc/total:cpu-seconds"}, {Name: "/cpu/classes/total:cpu-seconds"},
		{Name: "/cpu/classes/idle:cpu-seconds"}}
	metrics.Read(s)
	now := cpuUse{gc: s[0].Value.Float64(), total: s[1].Value.Float64() - s[2].Value.Float64()}
	return cpuUse{gc: now.gc - since.gc, total: now.total - since.total}
}

func BenchmarkResyncUnchanged(b *testing.B) {
	files := rtqaFiles(b)
	ctx := context.Background()
	ix, err := index.Open(ctx, builtIndex(b), index.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	if rep, err := ix.Sync(ctx, files, index.SyncOptions{}); err != nil || rep.Changed() {
		b.Fatalf("first Sync on the built index = %s, %v; want no change", rep.Summary(), err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rep, err := ix.Sync(ctx, files, index.SyncOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if rep.FilesRead != 0 || rep.Changed() {
			b.Fatalf("Sync of the unchanged corpus = %s, want nothing read or changed", rep.Summary())
		}
	}
}

// benchQueries are realistic user searches over RealTimeQA's news.
var benchQueries = []string{
	"Moscow attack",
	"Supreme Court ruling abortion",
	"coronavirus vaccine",
	"Kentucky Derby",
	"election results",
	"Ukraine Russia war",
	"hurricane Florida",
	"inflation interest rates Federal Reserve",
	"Taylor Swift tour",
	"earthquake Turkey",
	"NASA moon mission",
	"stock market",
	"Israel Gaza ceasefire",
	"Oscars best picture",
	"climate change wildfire",
	"Apple iPhone",
	"World Cup final",
	"immigration border",
	"Parkinson's disease",
	"who won the Super Bowl",
}

func BenchmarkSearch(b *testing.B) {
	ctx := context.Background()
	ix, err := index.Open(ctx, builtIndex(b), index.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	// Warm up: every query once (stem cache, mmap'd segments).
	for _, q := range benchQueries {
		if _, err := ix.Search(ctx, chronicle.SearchQuery{Text: q}); err != nil {
			b.Fatal(err)
		}
	}
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		q := benchQueries[i%len(benchQueries)]
		start := time.Now()
		res, err := ix.Search(ctx, chronicle.SearchQuery{Text: q})
		times = append(times, time.Since(start))
		if err != nil {
			b.Fatalf("Search(%q) error: %v", q, err)
		}
		if res.Total == 0 {
			b.Fatalf("Search(%q) found nothing", q)
		}
	}
	b.StopTimer()
	slices.Sort(times)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/query")
	b.ReportMetric(float64(times[len(times)/2].Nanoseconds()), "median-ns/query")
	b.ReportMetric(float64(times[len(times)*99/100].Nanoseconds()), "p99-ns/query")
}

func BenchmarkOpen(b *testing.B) {
	ctx := context.Background()
	dir := builtIndex(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ix, err := index.Open(ctx, dir, index.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if ix.Reset {
			b.Fatal("Open reset the built index")
		}
		if err := ix.Close(); err != nil {
			b.Fatal(err)
		}
	}
}
