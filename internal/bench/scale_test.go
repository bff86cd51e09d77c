package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/commands"
	"github.com/chronicle-bot/chronicle/internal/corpus"
)

func TestShiftDate(t *testing.T) {
	tests := []struct {
		name, in string
		k        int
		want     string
	}{
		{"day", "2024-03-01", 1, "2024-02-29"},
		{"days across a year", "2024-01-03", 5, "2023-12-29"},
		{"RFC 3339", "2024-03-01T10:00:00Z", 2, "2024-02-28T10:00:00Z"},
		{"unreadable dropped", "last Tuesday", 1, ""},
		{"absent", "", 1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := shiftDate(tt.in, tt.k); got != tt.want {
				t.Errorf("shiftDate(%q, %d) = %q, want %q", tt.in, tt.k, got, tt.want)
			}
		})
	}
}

// The copies load through the corpus loader as new articles: new IDs,
// dates k days earlier, the same title and text.
func TestWriteCopies(t *testing.T) {
	ctx := context.Background()
	src := tinyCorpus(t)
	paths, err := writeCopies(ctx, []string{src}, t.TempDir(), 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != 2 {
		t.Fatalf("writeCopies(3) wrote %d files, want 2", len(paths))
	}
	orig := loadArticles(t, src)
	for k, path := range paths {
		got := loadArticles(t, path)
		if len(got) != len(orig) {
			t.Fatalf("copy %d holds %d articles, want %d", k+1, len(got), len(orig))
		}
		for i, a := range got {
			o := orig[i]
			wantID := "x" + string(rune('1'+k)) + "-" + o.ID
			if a.ID != wantID || a.Title != o.Title || !a.Published.Equal(o.Published.AddDate(0, 0, -(k+1))) {
				t.Errorf("copy %d article %d = %q %q %s, want %q %q %s", k+1, i, a.ID, a.Title, a.Published,
					wantID, o.Title, o.Published.AddDate(0, 0, -(k+1)))
			}
			if len(a.Paragraphs) != len(o.Paragraphs) || a.Paragraphs[0].Text != o.Paragraphs[0].Text {
				t.Errorf("copy %d article %q text differs from the original's", k+1, a.ID)
			}
		}
	}
	if _, err := writeCopies(ctx, []string{t.TempDir()}, t.TempDir(), 2); err != nil {
		t.Errorf("writeCopies of an empty folder: %v, want no error and no articles", err)
	}
	txt := t.TempDir() + "/a.txt"
	os.WriteFile(txt, []byte("Title\n\nText."), 0o644)
	if _, err := writeCopies(ctx, []string{txt}, t.TempDir(), 2); err == nil || !strings.Contains(err.Error(), "JSON Lines") {
		t.Errorf("writeCopies of a .txt corpus: error %v, want one that says only JSON Lines are copied", err)
	}
}

func loadArticles(tb testing.TB, path string) []chronicle.Article {
	tb.Helper()
	files, _, err := corpus.Files([]string{path})
	if err != nil || len(files) != 1 {
		tb.Fatalf("corpus.Files(%s) = %v, %v", path, files, err)
	}
	var out []chronicle.Article
	if _, err := corpus.StreamFile(context.Background(), files[0], func(arts []chronicle.Article, _ []int) error {
		out = append(out, arts...)
		return nil
	}); err != nil {
		tb.Fatal(err)
	}
	return out
}

// RunScale at 1x and 2x of the tiny corpus, with the test binary as the
// worker: every figure is measured and the sizes double.
func TestRunScale(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	qfile := t.TempDir() + "/q.jsonl"
	var qb bytes.Buffer
	for _, q := range tinyQuestions() {
		line, _ := json.Marshal(q)
		qb.Write(append(line, '\n'))
	}
	if err := os.WriteFile(qfile, qb.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	var log strings.Builder
	rep, err := RunScale(context.Background(), ScaleConfig{Corpus: []string{tinyCorpus(t)}, QuestionFile: qfile,
		Multiples: []int{1, 2}, Dir: t.TempDir(), Worker: []string{self}, Log: &log, WorkerEnv: []string{workerEnv}})
	if err != nil {
		t.Fatalf("RunScale: %v\nlog:\n%s", err, log.String())
	}
	if len(rep.Points) != 2 {
		t.Fatalf("RunScale gave %d points, want 2", len(rep.Points))
	}
	for i, p := range rep.Points {
		want := 4 * (i + 1)
		if p.Articles != want || p.Asked != 3 || p.BuildTime <= 0 || p.IndexBytes <= 0 || p.Median <= 0 || p.P99 < p.Median {
			t.Errorf("point %d = %+v, want %d articles, 3 questions and positive times and sizes", i, p, want)
		}
		if p.BuildRSS <= 0 || p.OpenRSS <= 0 || p.AskRSS < p.OpenRSS || p.OpenAnon <= 0 || p.OpenAnon > p.OpenRSS {
			t.Errorf("point %d memory: build %d, idle %d (anon %d), ask peak %d; want all measured, the peak at least the idle, the anonymous part within it",
				i, p.BuildRSS, p.OpenRSS, p.OpenAnon, p.AskRSS)
		}
	}
	var b bytes.Buffer
	if err := rep.WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "ask median") || !strings.Contains(b.String(), "\n8 ") {
		t.Errorf("WriteTable:\n%s\nwant a header and a line for 8 articles", b.String())
	}
	b.Reset()
	if err := rep.WritePNG(&b); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&b)
	if err != nil {
		t.Fatalf("WritePNG wrote no PNG: %v", err)
	}
	if r := img.Bounds(); r.Dx() < 600 || r.Dy() < 200 {
		t.Errorf("plot is %v, want at least 600x200", r)
	}
}

// fixedAnswerer answers every question with one quote, after a delay.
type fixedAnswerer struct{ delay time.Duration }

func (f fixedAnswerer) Ask(ctx context.Context, q string, _ time.Time) (chronicle.Answer, error) {
	select {
	case <-time.After(f.delay):
	case <-ctx.Done():
		return chronicle.Answer{}, ctx.Err()
	}
	c := chronicle.Citation{ArticleID: "a1", Title: "Springfield elects a mayor", Text: "Voters elected Jane Porter."}
	return chronicle.Answer{Question: q, Best: &c, Confidence: 0.9}, nil
}

// runLoad through the real HTTP endpoint: every interaction is answered in
// its response, and the counts and latencies add up.
func TestRunLoad(t *testing.T) {
	res, err := runLoad(context.Background(), &commands.Ask{Answerer: fixedAnswerer{delay: time.Millisecond}},
		tinyQuestions(), 40, 8)
	if err != nil {
		t.Fatal(err)
	}
	if res.Answered+res.Deferred != 40 || res.Failed != 0 {
		t.Errorf("runLoad = %s; want all 40 answered", res)
	}
	if res.P50 <= 0 || res.P99 < res.P50 || res.Max < res.P99 || res.AnswersPerSecond <= 0 {
		t.Errorf("runLoad figures out of order: %s", res)
	}
	if _, err := runLoad(context.Background(), &commands.Ask{Answerer: fixedAnswerer{}}, nil, 10, 2); err == nil {
		t.Errorf("runLoad without questions: error = nil, want one")
	}
}
