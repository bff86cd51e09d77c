package bench

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"text/tabwriter"
	"time"
)

// ScaleConfig says what RunScale measures.
type ScaleConfig struct {
	// Corpus lists the JSON Lines corpus files, folders or globs of the
	// smallest size.
	Corpus []string
	// QuestionFile and Questions: the questions asked at every size (the
	// first Questions of them; 0: all), each with its as-of day.
	QuestionFile string
	Questions    int
	// Multiples are the sizes, as multiples of the corpus: 1 is the corpus
	// itself, 4 the corpus and three shifted copies (see writeCopies).
	Multiples []int
	// Dir holds the copies and, one size at a time, the index.
	Dir string
	// Worker is the argv prefix of a command that runs WorkerMain (the
	// bench binary's hidden worker); required, since every figure is one
	// child process's.
	Worker []string
	// WorkerEnv is added to the workers' environment.
	WorkerEnv []string
	// Log receives progress lines and the workers' stderr; nil discards.
	Log io.Writer
}

// ScalePoint is one size's figures.
type ScalePoint struct {
	Multiple, Articles int
	// BuildTime is the wall time of `bot index` from empty; BuildRSS the
	// builder's peak resident memory; IndexBytes the index on disk.
	BuildTime  time.Duration
	BuildRSS   int64
	IndexBytes int64
	// OpenTime is the time to open the index; OpenRSS the resident memory
	// of a process holding it open and idle, OpenAnon the anonymous part of
	// it (not the mapped index files); AskRSS its peak while asking.
	OpenTime                  time.Duration
	OpenRSS, OpenAnon, AskRSS int64
	// Asked questions, one at a time: Median and P99 latency.
	Asked       int
	Median, P99 time.Duration
}

// ScaleReport is the outcome of RunScale.
type ScaleReport struct {
	Date                time.Time
	GoVersion, OS, Arch string
	CPUs                int
	CPUModel            string
	Corpus              []string
	Points              []ScalePoint
}

// RunScale builds Chronicle's index at every size in turn, in a child
// process, then opens it in another child and asks the questions. Only one
// index exists at a time; the copies stay in cfg.Dir until the caller
// removes it.
func RunScale(ctx context.Context, cfg ScaleConfig) (ScaleReport, error) {
	rep := ScaleReport{
		Date: time.Now().UTC(), GoVersion: runtime.Version(), OS: runtime.GOOS, Arch: runtime.GOARCH,
		CPUs: runtime.NumCPU(), CPUModel: cpuModel(), Corpus: cfg.Corpus,
	}
	if len(cfg.Worker) == 0 {
		return rep, errors.New("bench: a scale run needs a worker command")
	}
	if len(cfg.Multiples) == 0 {
		return rep, errors.New("bench: no scale multiples")
	}
	log := cfg.Log
	if log == nil {
		log = io.Discard
	}
	most := 0
	for _, m := range cfg.Multiples {
		if m < 1 {
			return rep, fmt.Errorf("bench: scale multiple %d: want 1 or more", m)
		}
		most = max(most, m)
	}
	fmt.Fprintf(log, "bench: scale: writing %d shifted copies of %v\n", most-1, cfg.Corpus)
	copies, err := writeCopies(ctx, cfg.Corpus, filepath.Join(cfg.Dir, "copies"), most)
	if err != nil {
		return rep, fmt.Errorf("bench: scale copies: %w", err)
	}
	for _, m := range cfg.Multiples {
		paths := append(append([]string{}, cfg.Corpus...), copies[:m-1]...)
		pt, err := scalePoint(ctx, cfg, m, paths, log)
		if err != nil {
			return rep, err
		}
		rep.Points = append(rep.Points, pt)
	}
	return rep, nil
}

// scalePoint measures one size, then removes its index.
func scalePoint(ctx context.Context, cfg ScaleConfig, m int, paths []string, log io.Writer) (ScalePoint, error) {
	pt := ScalePoint{Multiple: m}
	dir := filepath.Join(cfg.Dir, fmt.Sprintf("index-x%d", m))
	if _, err := os.Stat(dir); err == nil {
		return pt, fmt.Errorf("bench: %s already exists; use an empty directory", dir)
	}
	defer os.RemoveAll(dir)
	sys, err := Lookup(Chronicle)
	if err != nil {
		return pt, err
	}
	fmt.Fprintf(log, "bench: scale x%d: indexing %d corpus paths\n", m, len(paths))
	b, err := buildInChild(ctx, cfg.Worker, cfg.WorkerEnv, log, sys, dir, paths)
	if err != nil {
		return pt, err
	}
	pt.Articles, pt.BuildTime, pt.BuildRSS = b.Articles, b.Wall, b.PeakRSS
	if pt.IndexBytes, err = dirSize(dir); err != nil {
		return pt, err
	}
	fmt.Fprintf(log, "bench: scale x%d: %d articles in %s; opening and asking\n", m, pt.Articles, b.Wall.Round(time.Millisecond))
	wo, err := askInChild(ctx, cfg.Worker, cfg.WorkerEnv, log, sys.Name, dir, cfg.QuestionFile, cfg.Questions)
	if err != nil {
		return pt, err
	}
	pt.OpenTime = time.Duration(wo.Seconds * float64(time.Second))
	pt.OpenRSS, pt.OpenAnon, pt.AskRSS, pt.Asked = wo.OpenRSS, wo.OpenAnon, wo.PeakRSS, wo.Asked
	pt.Median = time.Duration(wo.MedianMS * float64(time.Millisecond))
	pt.P99 = time.Duration(wo.P99MS * float64(time.Millisecond))
	fmt.Fprintf(log, "bench: scale x%d: ask median %s p99 %s over %d questions\n", m, millis(pt.Median), millis(pt.P99), pt.Asked)
	return pt, nil
}

// WriteTable prints one line per size.
func (r ScaleReport) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "articles\tcopies\tbuild time\tindex size\tbuild peak RSS\topen\tidle RSS\tof it anon\task peak RSS\task median\task p99\n")
	for _, p := range r.Points {
		fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", p.Articles, p.Multiple-1,
			seconds(p.BuildTime), mib(p.IndexBytes), mib(p.BuildRSS), millis(p.OpenTime),
			mib(p.OpenRSS), mib(p.OpenAnon), mib(p.AskRSS), millis(p.Median), millis(p.P99))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	asked := 0
	if len(r.Points) > 0 {
		asked = r.Points[0].Asked
	}
	_, err := fmt.Fprintf(w, "\n%d questions at each size; corpus %s plus shifted copies; %s %s/%s, %d CPUs (%s); %s\n",
		asked, strings.Join(r.Corpus, " "), r.GoVersion, r.OS, r.Arch, r.CPUs, r.CPUModel,
		r.Date.Format(time.DateTime+" MST"))
	return err
}

// WriteJSON writes the report as one indented JSON object.
func (r ScaleReport) WriteJSON(w io.Writer) error {
	type point struct {
		Articles      int     `json:"articles"`
		Copies        int     `json:"copies"`
		BuildSeconds  float64 `json:"build_seconds"`
		IndexBytes    int64   `json:"index_bytes"`
		BuildRSSBytes int64   `json:"build_peak_rss_bytes"`
		OpenMS        float64 `json:"open_ms"`
		OpenRSSBytes  int64   `json:"idle_rss_bytes"`
		OpenAnonBytes int64   `json:"idle_anon_rss_bytes"`
		AskRSSBytes   int64   `json:"ask_peak_rss_bytes"`
		Asked         int     `json:"questions"`
		MedianMS      float64 `json:"ask_median_ms"`
		P99MS         float64 `json:"ask_p99_ms"`
	}
	out := struct {
		Date      string   `json:"date"`
		GoVersion string   `json:"go_version"`
		Platform  string   `json:"platform"`
		CPUs      int      `json:"cpus"`
		CPUModel  string   `json:"cpu_model,omitempty"`
		Corpus    []string `json:"corpus"`
		Points    []point  `json:"points"`
	}{Date: r.Date.Format(time.RFC3339), GoVersion: r.GoVersion, Platform: r.OS + "/" + r.Arch,
		CPUs: r.CPUs, CPUModel: r.CPUModel, Corpus: r.Corpus}
	for _, p := range r.Points {
		out.Points = append(out.Points, point{p.Articles, p.Multiple - 1, p.BuildTime.Seconds(), p.IndexBytes,
			p.BuildRSS, ms(p.OpenTime), p.OpenRSS, p.OpenAnon, p.AskRSS, p.Asked, ms(p.Median), ms(p.P99)})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
