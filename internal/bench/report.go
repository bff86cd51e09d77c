package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
)

// Result holds one system's figures.
type Result struct {
	System string
	Method string
	// Articles is the number of articles indexed.
	Articles int
	// IndexTime is the wall time of loading the corpus and building the
	// index; IndexBytes its size on disk.
	IndexTime  time.Duration
	IndexBytes int64
	// PeakRSS is the builder's peak resident memory in bytes (0: not
	// measured).
	PeakRSS int64
	// Questions asked; At1, At3 and Answered are fractions of them.
	Questions          int
	At1, At3, Answered float64
	// Errors counts questions the system failed on (they score as wrong).
	Errors int
	// Median and P99 are the ask latencies with the index open.
	Median, P99 time.Duration
	// Load is the HTTP load run's outcome (Chronicle only; nil: not run).
	Load *LoadResult
}

// Report is the outcome of Run.
type Report struct {
	Date                time.Time
	GoVersion, OS, Arch string
	CPUs                int
	CPUModel            string
	Corpus              []string
	Questions           int
	Results             []Result
}

// base is the result ratios are taken against: Chronicle's, else the first.
func (r Report) base() Result {
	for _, res := range r.Results {
		if res.System == Chronicle {
			return res
		}
	}
	if len(r.Results) > 0 {
		return r.Results[0]
	}
	return Result{}
}

// WriteTable prints the figures side by side, then each one's ratio to
// Chronicle's.
func (r Report) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "system\tarticles\tindex time\tindex size\tpeak RSS\tacc@1\tacc@3\task median\task p99\n")
	for _, res := range r.Results {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%.3f\t%.3f\t%s\t%s\n", res.System, res.Articles,
			seconds(res.IndexTime), mib(res.IndexBytes), mib(res.PeakRSS), res.At1, res.At3,
			millis(res.Median), millis(res.P99))
	}
	base := r.base()
	if len(r.Results) > 1 {
		fmt.Fprintln(tw)
		fmt.Fprintf(tw, "ratio to %s\t\tindex time\tindex size\tpeak RSS\tacc@1\tacc@3\task median\task p99\n", base.System)
	}
	for _, res := range r.Results {
		if res.System == base.System {
			continue
		}
		fmt.Fprintf(tw, "%s\t\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", res.System,
			ratio(float64(res.IndexTime), float64(base.IndexTime)),
			ratio(float64(res.IndexBytes), float64(base.IndexBytes)),
			ratio(float64(res.PeakRSS), float64(base.PeakRSS)),
			ratio(res.At1, base.At1), ratio(res.At3, base.At3),
			ratio(float64(res.Median), float64(base.Median)), ratio(float64(res.P99), float64(base.P99)))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, res := range r.Results {
		if res.Load != nil {
			fmt.Fprintf(w, "\nload, %s: %s\n", res.System, res.Load)
		}
	}
	_, err := fmt.Fprintf(w, "\n%d questions; corpus %s; %s %s/%s, %d CPUs (%s); %s\n",
		r.Questions, strings.Join(r.Corpus, " "), r.GoVersion, r.OS, r.Arch, r.CPUs, r.CPUModel,
		r.Date.Format(time.DateTime+" MST"))
	return err
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.1fs", d.Seconds()) }

func millis(d time.Duration) string {
	return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond))
}

func mib(n int64) string {
	if n <= 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.0f MiB", float64(n)/(1<<20))
}

func ratio(a, b float64) string {
	if a <= 0 || b <= 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.2fx", a/b)
}

// resultJSON is a Result with units in the names.
type resultJSON struct {
	System       string             `json:"system"`
	Method       string             `json:"method"`
	Articles     int                `json:"articles"`
	IndexSeconds float64            `json:"index_seconds"`
	IndexBytes   int64              `json:"index_bytes"`
	PeakRSSBytes int64              `json:"peak_rss_bytes,omitempty"`
	Questions    int                `json:"questions"`
	At1          float64            `json:"accuracy_at_1"`
	At3          float64            `json:"accuracy_at_3"`
	Answered     float64            `json:"answered"`
	Errors       int                `json:"errors"`
	MedianMS     float64            `json:"ask_median_ms"`
	P99MS        float64            `json:"ask_p99_ms"`
	Ratios       map[string]float64 `json:"ratio_to_chronicle,omitempty"`
	Load         *loadJSON          `json:"load,omitempty"`
}

// loadJSON is a LoadResult with units in the names.
type loadJSON struct {
	Interactions     int     `json:"interactions"`
	Concurrency      int     `json:"concurrency"`
	Answered         int     `json:"answered_at_once"`
	Deferred         int     `json:"deferred"`
	Failed           int     `json:"failed"`
	P50MS            float64 `json:"first_response_p50_ms"`
	P99MS            float64 `json:"first_response_p99_ms"`
	MaxMS            float64 `json:"first_response_max_ms"`
	Seconds          float64 `json:"seconds"`
	AnswersPerSecond float64 `json:"answers_per_second"`
}

// WriteJSON writes the report as one indented JSON object.
func (r Report) WriteJSON(w io.Writer) error {
	out := struct {
		Date      string       `json:"date"`
		GoVersion string       `json:"go_version"`
		Platform  string       `json:"platform"`
		CPUs      int          `json:"cpus"`
		CPUModel  string       `json:"cpu_model,omitempty"`
		Corpus    []string     `json:"corpus"`
		Questions int          `json:"questions"`
		Results   []resultJSON `json:"results"`
	}{r.Date.Format(time.RFC3339), r.GoVersion, r.OS + "/" + r.Arch, r.CPUs, r.CPUModel, r.Corpus, r.Questions, nil}
	base := r.base()
	for _, res := range r.Results {
		rj := resultJSON{System: res.System, Method: res.Method, Articles: res.Articles,
			IndexSeconds: res.IndexTime.Seconds(), IndexBytes: res.IndexBytes, PeakRSSBytes: res.PeakRSS,
			Questions: res.Questions, At1: res.At1, At3: res.At3, Answered: res.Answered, Errors: res.Errors,
			MedianMS: ms(res.Median), P99MS: ms(res.P99)}
		if l := res.Load; l != nil {
			rj.Load = &loadJSON{l.Total, l.Concurrency, l.Answered, l.Deferred, l.Failed,
				ms(l.P50), ms(l.P99), ms(l.Max), l.Elapsed.Seconds(), l.AnswersPerSecond}
		}
		if res.System != base.System && base.System == Chronicle {
			rj.Ratios = map[string]float64{}
			add := func(k string, a, b float64) {
				if a > 0 && b > 0 {
					rj.Ratios[k] = a / b
				}
			}
			add("index_time", float64(res.IndexTime), float64(base.IndexTime))
			add("index_size", float64(res.IndexBytes), float64(base.IndexBytes))
			add("peak_rss", float64(res.PeakRSS), float64(base.PeakRSS))
			add("accuracy_at_1", res.At1, base.At1)
			add("accuracy_at_3", res.At3, base.At3)
			add("ask_median", float64(res.Median), float64(base.Median))
			add("ask_p99", float64(res.P99), float64(base.P99))
		}
		out.Results = append(out.Results, rj)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
