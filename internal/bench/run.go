package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/chronicle-bot/chronicle/internal/commands"
	"github.com/chronicle-bot/chronicle/internal/eval"
)

// Config says what Run compares.
type Config struct {
	// Corpus lists the corpus files, folders or globs every system indexes.
	Corpus []string
	// Questions are asked of every system, each with its as-of day.
	Questions []eval.Question
	// Systems names the systems to run, in order (default all; see
	// Systems). Ratios are against Chronicle when it is among them.
	Systems []string
	// Dir holds one index directory per system; it must not contain them
	// already.
	Dir string
	// Worker is the argv prefix of a command that runs WorkerMain with the
	// arguments appended (the bench binary's hidden "worker"). When empty,
	// indexes are built in this process and peak memory is not reported.
	Worker []string
	// WorkerEnv is added to the worker's environment.
	WorkerEnv []string
	// Log receives progress lines and the workers' stderr; nil discards.
	Log io.Writer
	// Load, when above 0, is the number of signed /ask interactions sent
	// over HTTP to Chronicle once its questions are asked, LoadConcurrency
	// at a time (default 50); see runLoad.
	Load, LoadConcurrency int
}

// Run builds, measures and asks every system in turn, one at a time.
func Run(ctx context.Context, cfg Config) (Report, error) {
	rep := Report{
		Date: time.Now().UTC(), GoVersion: runtime.Version(), OS: runtime.GOOS, Arch: runtime.GOARCH,
		CPUs: runtime.NumCPU(), CPUModel: cpuModel(), Corpus: cfg.Corpus, Questions: len(cfg.Questions),
	}
	if len(cfg.Corpus) == 0 {
		return rep, errors.New("bench: no corpus")
	}
	if len(cfg.Questions) == 0 {
		return rep, errors.New("bench: no questions")
	}
	names := cfg.Systems
	if len(names) == 0 {
		for _, s := range Systems() {
			names = append(names, s.Name)
		}
	}
	log := cfg.Log
	if log == nil {
		log = io.Discard
	}
	for _, name := range names {
		sys, err := Lookup(name)
		if err != nil {
			return rep, err
		}
		res, err := runSystem(ctx, cfg, sys, log)
		if err != nil {
			return rep, err
		}
		rep.Results = append(rep.Results, res)
	}
	return rep, nil
}

func runSystem(ctx context.Context, cfg Config, sys System, log io.Writer) (Result, error) {
	res := Result{System: sys.Name, Method: sys.Description}
	dir := filepath.Join(cfg.Dir, sys.Name)
	if _, err := os.Stat(dir); err == nil {
		return res, fmt.Errorf("bench: %s already exists; use an empty directory", dir)
	}
	fmt.Fprintf(log, "bench: %s: indexing %v\n", sys.Name, cfg.Corpus)
	var b BuildResult
	var err error
	if len(cfg.Worker) > 0 {
		b, err = buildInChild(ctx, cfg.Worker, cfg.WorkerEnv, log, sys, dir, cfg.Corpus)
	} else {
		b, err = buildInProcess(ctx, sys, dir, cfg.Corpus)
	}
	if err != nil {
		return res, err
	}
	res.Articles, res.IndexTime, res.PeakRSS = b.Articles, b.Wall, b.PeakRSS
	if res.IndexBytes, err = dirSize(dir); err != nil {
		return res, err
	}
	fmt.Fprintf(log, "bench: %s: %d articles in %s; asking %d questions\n",
		sys.Name, b.Articles, b.Wall.Round(time.Millisecond), len(cfg.Questions))

	eng, err := sys.Open(ctx, dir)
	if err != nil {
		return res, fmt.Errorf("open %s index: %w", sys.Name, err)
	}
	defer eng.Close()
	// One warm-up question, not counted, so the first timed ask does not
	// pay for lazy initialisation.
	q0 := cfg.Questions[0]
	if day, err := time.Parse(time.DateOnly, q0.AsOf); err == nil {
		eng.Ask(ctx, q0.Question, day)
	}
	er, err := eval.Run(ctx, eng, cfg.Questions, time.Time{})
	if err != nil {
		return res, fmt.Errorf("ask %s: %w", sys.Name, err)
	}
	res.Questions = er.Questions
	res.At1 = float64(er.At1) / float64(er.Questions)
	res.At3 = float64(er.At3) / float64(er.Questions)
	res.Answered = float64(er.Answered) / float64(er.Questions)
	res.Median, res.P99 = er.Median, er.P99
	for _, r := range er.Results {
		if r.Err != nil {
			res.Errors++
		}
	}
	fmt.Fprintf(log, "bench: %s: %s\n", sys.Name, er.Summary())
	if ce, ok := eng.(chronicleEngine); ok && cfg.Load > 0 {
		conc := cfg.LoadConcurrency
		if conc <= 0 {
			conc = 50
		}
		lr, err := runLoad(ctx, &commands.Ask{Answerer: ce.Answerer, Searcher: ce.ix}, cfg.Questions, cfg.Load, conc)
		if err != nil {
			return res, fmt.Errorf("load %s: %w", sys.Name, err)
		}
		res.Load = &lr
		fmt.Fprintf(log, "bench: %s: load: %s\n", sys.Name, lr)
	}
	return res, nil
}

// dirSize is the total size of the regular files under dir.
func dirSize(dir string) (int64, error) {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			info, err := d.Info()
			if err != nil {
				return err
			}
			n += info.Size()
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("size of %s: %w", dir, err)
	}
	return n, nil
}

// cpuModel is the processor's name from /proc/cpuinfo, or "".
func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	for line := range strings.Lines(string(b)) {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
