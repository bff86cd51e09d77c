package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle/internal/eval"
)

// workerEnv makes the test binary act as the bench worker (see TestMain).
const workerEnv = "CHRONICLE_BENCH_TEST_WORKER=1"

func TestMain(m *testing.M) {
	if os.Getenv("CHRONICLE_BENCH_TEST_WORKER") == "1" {
		if err := WorkerMain(context.Background(), os.Args[1:], os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// tinyCorpus writes four articles as RealTimeQA-style JSON Lines.
func tinyCorpus(tb testing.TB) string {
	tb.Helper()
	arts := []map[string]string{
		{"id": "a1", "publish_date": "2024-03-01", "title": "Springfield elects a mayor",
			"text": "Voters in Springfield elected Jane Porter as mayor on Tuesday.\n\nPorter won 60 percent of the vote."},
		{"id": "a2", "publish_date": "2024-05-01", "title": "Springfield mayor resigns",
			"text": "Springfield mayor Jane Porter resigned on Monday.\n\nThe city council appointed Tom Reed as interim mayor of Springfield."},
		{"id": "a3", "publish_date": "2024-02-01", "title": "Volcano erupts in Iceland",
			"text": "A volcano erupted near Grindavik in Iceland on Saturday, sending lava toward the fishing town."},
		{"id": "a4", "publish_date": "2024-04-10", "title": "Acme unveils the Zephyr phone",
			"text": "Acme Corp unveiled the Zephyr phone at its annual event in Denver on Wednesday."},
	}
	var b strings.Builder
	for _, a := range arts {
		line, err := json.Marshal(a)
		if err != nil {
			tb.Fatal(err)
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	path := filepath.Join(tb.TempDir(), "articles.jsonl")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

func tinyQuestions() []eval.Question {
	return []eval.Question{
		{ID: "q1", Question: "Which town did lava from the Iceland volcano flow toward?", AsOf: "2024-02-15", Answers: []string{"Grindavik"}},
		{ID: "q2", Question: "Where did Acme unveil its Zephyr phone?", AsOf: "2024-04-20", Answers: []string{"Denver"}},
		{ID: "q3", Question: "Who did the Springfield council appoint as interim mayor?", AsOf: "2024-05-02", Answers: []string{"Tom Reed"}},
	}
}

func TestSystems(t *testing.T) {
	ctx := context.Background()
	paths := []string{tinyCorpus(t)}
	for _, sys := range Systems() {
		t.Run(sys.Name, func(t *testing.T) {
			dir := t.TempDir()
			n, err := sys.Build(ctx, dir, paths)
			if err != nil || n != 4 {
				t.Fatalf("Build = %d, %v; want 4 articles", n, err)
			}
			eng, err := sys.Open(ctx, dir)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			defer eng.Close()
			rep, err := eval.Run(ctx, eng, tinyQuestions(), time.Time{})
			if err != nil {
				t.Fatalf("eval.Run: %v", err)
			}
			for _, r := range rep.Results {
				if r.Err != nil {
					t.Errorf("Ask(%q): %v", r.Question.Question, r.Err)
				}
				// Chronicle's answers belong to the answer package's
				// tests; here only the peers, which this package owns.
				if !r.At3 && sys.Name != Chronicle {
					t.Errorf("Ask(%q) = %+v, want %q among the top texts", r.Question.Question, r.Answer, r.Question.Answers)
				}
			}
			// As of April, the resignation article (May) must not be used.
			ans, err := eng.Ask(ctx, "Who did the Springfield council appoint as interim mayor?", day(t, "2024-04-01"))
			if err != nil {
				t.Fatalf("Ask before the article: %v", err)
			}
			if ans.Best != nil && ans.Best.ArticleID == "a2" {
				t.Errorf("Ask as of 2024-04-01 quoted a2, published 2024-05-01")
			}
			for _, s := range ans.Sources {
				if s.ArticleID == "a2" {
					t.Errorf("Ask as of 2024-04-01 cited a2, published 2024-05-01")
				}
			}
		})
	}
}

func day(tb testing.TB, s string) time.Time {
	tb.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

func TestRun(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		worker  []string
		wantRSS bool
	}{
		{"in process", nil, false},
		{"child process", []string{self}, true},
	}
	corpus := []string{tinyCorpus(t)}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var log strings.Builder
			rep, err := Run(context.Background(), Config{Corpus: corpus, Questions: tinyQuestions(),
				Dir: t.TempDir(), Worker: tt.worker, WorkerEnv: []string{workerEnv}, Log: &log})
			if err != nil {
				t.Fatalf("Run: %v\nlog:\n%s", err, log.String())
			}
			if len(rep.Results) != 3 {
				t.Fatalf("Run gave %d results, want 3", len(rep.Results))
			}
			for _, res := range rep.Results {
				if res.Articles != 4 || res.IndexBytes <= 0 || res.IndexTime <= 0 || res.Questions != 3 || res.Median <= 0 {
					t.Errorf("%s: %+v, want 4 articles, 3 questions and positive sizes and times", res.System, res)
				}
				if got := res.PeakRSS > 0; got != tt.wantRSS {
					t.Errorf("%s: PeakRSS = %d, want measured %v", res.System, res.PeakRSS, tt.wantRSS)
				}
			}
		})
	}
}

func TestRunErrors(t *testing.T) {
	corpus := []string{tinyCorpus(t)}
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"no corpus", Config{Questions: tinyQuestions()}, "no corpus"},
		{"no questions", Config{Corpus: corpus}, "no questions"},
		{"unknown system", Config{Corpus: corpus, Questions: tinyQuestions(), Systems: []string{"lucene"}}, `unknown system "lucene"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.cfg.Dir = t.TempDir()
			_, err := Run(context.Background(), tt.cfg)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Run() error = %v, want it to mention %q", err, tt.want)
			}
		})
	}
}

func TestFTS5Query(t *testing.T) {
	tests := []struct {
		name, question, want string
	}{
		{"words", "Who won the vote?", `"Who" OR "won" OR "the" OR "vote"`},
		{"syntax neutralised", `NEAR(a b) AND title:x NOT "y"*`, `"NEAR" OR "a" OR "b" OR "AND" OR "title" OR "x" OR "NOT" OR "y"`},
		{"duplicates and apostrophes", "The world’s the WORLD's", `"The" OR "world" OR "s"`},
		{"digits and accents", "Did São Paulo get 3.5 inches?", `"Did" OR "São" OR "Paulo" OR "get" OR "3" OR "5" OR "inches"`},
		{"empty", "?!", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fts5Query(tt.question); got != tt.want {
				t.Errorf("fts5Query(%q) = %s, want %s", tt.question, got, tt.want)
			}
		})
	}
}

func TestReportTable(t *testing.T) {
	rep := Report{Questions: 10, Corpus: []string{"c.jsonl"}, CPUs: 2, Results: []Result{
		{System: Chronicle, Articles: 4, IndexTime: 2 * time.Second, IndexBytes: 2 << 20, PeakRSS: 100 << 20,
			At1: 0.5, At3: 0.8, Median: 10 * time.Millisecond, P99: 40 * time.Millisecond},
		{System: FTS5, Articles: 4, IndexTime: time.Second, IndexBytes: 1 << 20, PeakRSS: 50 << 20,
			At1: 0.25, At3: 0.4, Median: 30 * time.Millisecond, P99: 80 * time.Millisecond},
	}}
	var b strings.Builder
	if err := rep.WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	for _, want := range []string{"chronicle  4", "2.0s", "100 MiB", "0.500", "10.0ms",
		"ratio to chronicle", "0.50x", "3.00x", "2.00x", "10 questions"} {
		if !strings.Contains(got, want) {
			t.Errorf("WriteTable lacks %q:\n%s", want, got)
		}
	}
	b.Reset()
	if err := rep.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	var out struct {
		Results []struct {
			System string             `json:"system"`
			At1    float64            `json:"accuracy_at_1"`
			Ratios map[string]float64 `json:"ratio_to_chronicle"`
		} `json:"results"`
	}
	if err := json.Unmarshal([]byte(b.String()), &out); err != nil {
		t.Fatalf("WriteJSON wrote bad JSON: %v\n%s", err, b.String())
	}
	if len(out.Results) != 2 || out.Results[1].Ratios["ask_median"] != 3 || out.Results[0].Ratios != nil {
		t.Errorf("WriteJSON = %+v, want fts5's ask_median ratio 3 and none for chronicle", out.Results)
	}
}
