package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chronicle-bot/chronicle/internal/digest"
)

// cliCorpus is the bundled seed article, a council story and filler
// articles, so that some questions have close passages but no confident
// answer.
func cliCorpus(tb testing.TB) string {
	tb.Helper()
	dir := copyCorpus(tb)
	files := map[string]string{
		"council.txt": "date 2024-03-20 The Springfield city council met on Tuesday evening. Members talked about parking, " +
			"bicycle lanes and the budget for the coming year. No vote was taken, and the meeting ended late.\n",
	}
	for i := 1; i <= 8; i++ {
		files[fmt.Sprintf("filler%d.txt", i)] = fmt.Sprintf("date 2024-03-1%d Filler story number %d about gardening, "+
			"tomatoes and the spring weather in the valley.\n", i, i)
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

// cliArgs are the flags that point a command at a test corpus and index.
func cliArgs(corpus, idx string, args ...string) []string {
	return append(args, "--corpus", corpus, "--index", idx)
}

func TestAskJSON(t *testing.T) {
	clearEnv(t)
	corpus, idx := copyCorpus(t), filepath.Join(t.TempDir(), "index")
	out, _, err := runCLI(t, "", cliArgs(corpus, idx, "ask", "--json", "--as-of", "2024-03-26", "Who claimed the Moscow attack?")...)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("ask --json output %q: %v", out, err)
	}
	for _, key := range []string{"question", "as_of", "answer", "sources", "confidence", "agreement", "alternatives"} {
		if _, ok := got[key]; !ok {
			t.Errorf("ask --json lacks %q: %s", key, out)
		}
	}
	var ans *struct {
		Text      string `json:"text"`
		ArticleID string `json:"article_id"`
		Title     string `json:"title"`
		Date      string `json:"date"`
	}
	if err := json.Unmarshal(got["answer"], &ans); err != nil {
		t.Fatal(err)
	}
	if ans == nil || !containsAny(ans.Text, "ISIS", "Islamic State") || ans.Date != "2024-03-25" || ans.ArticleID == "" {
		t.Errorf("answer = %s, want a cited quote naming ISIS dated 2024-03-25", got["answer"])
	}
}

func TestAskBatch(t *testing.T) {
	clearEnv(t)
	corpus, idx := cliCorpus(t), filepath.Join(t.TempDir(), "index")
	in := `{"id": "q1", "question": "Who claimed the Moscow attack?", "as_of": "2024-03-26"}
{"id": 2, "question": "How much is the Springfield budget?"}
not json
{"id": "q4", "question": "Who claimed the Moscow attack?", "as_of": "2024-03-24"}
{"id": "q5", "question": "Who is the mayor of Springfield?"}
`
	// Every line is answered, and the run fails when a line did (line 3 is
	// not JSON), so that a script sees it.
	out, _, err := runCLI(t, in, cliArgs(corpus, idx, "ask", "--batch")...)
	if err == nil || err.Error() != `1 of 5 lines failed (line 3): their answers carry "error"` {
		t.Errorf("ask --batch with a bad line returned %v, want it counted", err)
	}
	// --json is what --batch writes anyway, so it is accepted and changes nothing.
	if withJSON, _, _ := runCLI(t, in, cliArgs(corpus, idx, "ask", "--batch", "--json")...); withJSON != out {
		t.Errorf("ask --batch --json = %q, %v; want the output of ask --batch:\n%s", withJSON, err, out)
	}
	type citation struct {
		Text      string `json:"text"`
		ArticleID string `json:"article_id"`
		Date      string `json:"date"`
	}
	type line struct {
		ID         any        `json:"id"`
		Question   string     `json:"question"`
		AsOf       string     `json:"as_of"`
		Answer     *citation  `json:"answer"`
		Sources    []citation `json:"sources"`
		Confidence *float64   `json:"confidence"`
		Error      string     `json:"error"`
	}
	var lines []line
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var x line
		if err := json.Unmarshal([]byte(l), &x); err != nil {
			t.Fatalf("output line %q: %v", l, err)
		}
		if !strings.Contains(l, `"answer":`) || !strings.Contains(l, `"sources":[`) {
			t.Errorf("line %s lacks \"answer\" or a \"sources\" array", l)
		}
		lines = append(lines, x)
	}
	if len(lines) != 5 {
		t.Fatalf("ask --batch wrote %d lines, want 5:\n%s", len(lines), out)
	}
	tests := []struct {
		name    string
		got     line
		id      any
		asOf    string
		noAns   bool
		wantErr bool
	}{
		{"string id", lines[0], "q1", "2024-03-26", false, false},
		{"number id", lines[1], float64(2), "", false, false},
		{"bad line", lines[2], nil, "", true, true},
		{"as_of before the only article on it", lines[3], "q4", "2024-03-24", true, false},
		{"order kept", lines[4], "q5", "", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got.ID != tt.id || tt.got.AsOf != tt.asOf {
				t.Errorf("id, as_of = %v, %q; want %v, %q", tt.got.ID, tt.got.AsOf, tt.id, tt.asOf)
			}
			if tt.noAns && tt.got.Answer != nil && strings.Contains(tt.got.Answer.Text, "ISIS") {
				t.Errorf("answer = %+v, want none", tt.got.Answer)
			}
			if (tt.got.Error != "") != tt.wantErr {
				t.Errorf("error = %q, want error %v", tt.got.Error, tt.wantErr)
			}
			if tt.got.Answer != nil && (tt.got.Answer.Text == "" || tt.got.Answer.ArticleID == "" || tt.got.Answer.Date == "") {
				t.Errorf("answer = %+v, want text, article_id and date", tt.got.Answer)
			}
			if !tt.wantErr && tt.got.Confidence == nil {
				t.Error("no confidence")
			}
		})
	}
	// The contract: a null answer still lists the closest passages. Which
	// of these close-but-unsure questions the answerer declines depends on
	// its tuning; every one it declines must come with sources.
	declined := 0
	for _, l := range []line{lines[0], lines[1], lines[4]} {
		if l.Answer == nil {
			declined++
			if len(l.Sources) == 0 {
				t.Errorf("%q: null answer without sources", l.Question)
			}
		}
	}
	t.Logf("%d of 3 close questions declined", declined)
}

// TestAskBatchLines: ids come back byte for byte, a line with a bad field
// keeps its id and says which field, and a bad invocation is refused.
func TestAskBatchLines(t *testing.T) {
	clearEnv(t)
	corpus, idx := cliCorpus(t), filepath.Join(t.TempDir(), "index")
	long := `{"id": "big", "question": "` + strings.Repeat("x", 5<<20) + `"}`
	in := `{"id": 9007199254740993, "question": "Who claimed the Moscow attack?"}
{"id": "q2", "question": 5}
{"id": {"run": 1, "n": 3}, "question": "Who claimed the Moscow attack?", "as_of": "26 March"}
null
` + long + `
{"ID": "q6", "Question": "Who claimed the Moscow attack?"}
{"id": "q7", "question": "Who claimed the Moscow attack?"}`
	out, _, err := runCLI(t, in, cliArgs(corpus, idx, "ask", "--batch")...)
	if err == nil || !strings.HasPrefix(err.Error(), "4 of 7 lines failed (line 2, 3, 4, 5)") {
		t.Errorf("ask --batch returned %v, want lines 2 to 5 counted as failed", err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 7 {
		t.Fatalf("ask --batch wrote %d lines, want 7 (the last has no newline):\n%.2000s", len(lines), out)
	}
	tests := []struct {
		id, err string // substrings of the output line
	}{
		{`"id":9007199254740993,`, ""},
		{`"id":"q2"`, `\"question\" must be a string`},
		{`"id":{"run":1,"n":3}`, "as_of"},
		{`"question"`, "line 4: not a JSON object"},
		{`"question"`, "line 5: longer than 4 MB"},
		{`"id":"q6"`, ""},
		{`"id":"q7"`, ""},
	}
	for i, tt := range tests {
		if !strings.Contains(lines[i], tt.id) {
			t.Errorf("line %d = %s, want %s in it", i+1, lines[i], tt.id)
		}
		if tt.err != "" && !strings.Contains(lines[i], tt.err) {
			t.Errorf("line %d = %s, want the error to mention %s", i+1, lines[i], tt.err)
		}
		if tt.err == "" && strings.Contains(lines[i], `"error"`) {
			t.Errorf("line %d = %s, want no error", i+1, lines[i])
		}
	}
	for _, args := range [][]string{
		{"ask", "--batch", "Who claimed it?"},
		{"ask", "--batch", "--explain", "2"},
		{"ask", "--explain", "-3", "Who claimed it?"},
		{"ask", "--explain", "2", "--json", "Who claimed it?"},
	} {
		if _, _, err := runCLI(t, "", cliArgs(corpus, idx, args...)...); err == nil {
			t.Errorf("%v: error = nil, want the combination refused", args)
		}
	}
}

func TestSearchCLI(t *testing.T) {
	clearEnv(t)
	corpus, idx := cliCorpus(t), filepath.Join(t.TempDir(), "index")
	tests := []struct {
		name  string
		args  []string
		want  string
		jsonK string
	}{
		{"hostile input", []string{"search", `+foo -bar title:x "(`}, "No articles match", ""},
		{"text like /search", []string{"search", "Moscow attack"}, "Search: “Moscow attack”", ""},
		{"json", []string{"search", "--json", "Moscow attack"}, `"results"`, "results"},
		{"dates", []string{"search", "--since", "2024-03-19", "--until", "2024-03-21", "council"}, "Springfield", ""},
		{"dates by their old names", []string{"search", "--from", "2024-03-19", "--to", "2024-03-21", "council"}, "Springfield", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _, err := runCLI(t, "", cliArgs(corpus, idx, tt.args...)...)
			if err != nil {
				t.Fatalf("%v: %v", tt.args, err)
			}
			if !strings.Contains(out, tt.want) {
				t.Errorf("%v printed %q, want %q in it", tt.args, out, tt.want)
			}
			if tt.jsonK != "" {
				var v map[string]any
				if err := json.Unmarshal([]byte(out), &v); err != nil || v[tt.jsonK] == nil {
					t.Errorf("%v: not JSON with %q: %v", tt.args, tt.jsonK, err)
				}
			}
		})
	}
}

func TestIndexTwiceAndFeeds(t *testing.T) {
	clearEnv(t)
	rss := `<?xml version="1.0"?><rss version="2.0"><channel><title>Test Feed</title>
<item><title>Quokka census finished</title><link>https://example.com/quokka</link><guid>q1</guid>
<pubDate>Mon, 25 Mar 2024 10:00:00 GMT</pubDate><description>&lt;p&gt;Rangers counted the quokkas on Rottnest Island this week.&lt;/p&gt;</description></item>
</channel></rss>`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, rss)
	}))
	defer srv.Close()
	corpus, idx := cliCorpus(t), filepath.Join(t.TempDir(), "index")
	// The test server is on loopback, which feeds may use only when allowed.
	cfg := writeConfig(t, fmt.Sprintf("feed: {allow_private_addresses: true}\nfeeds:\n  - {url: %q, interval: 15m}\n", srv.URL))
	var outs []string
	for range 2 {
		out, _, err := runCLI(t, "", cliArgs(corpus, idx, "index", "--config", cfg)...)
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, out)
	}
	for _, want := range []string{"10 articles added", "feeds: 1 of 1 fetched, 1 article added or updated"} {
		if !strings.Contains(outs[0], want) {
			t.Errorf("first index printed %q, want %q", outs[0], want)
		}
	}
	for _, want := range []string{"(0 read): 0 articles added, 0 updated, 10 unchanged", "0 articles added or updated, 1 unchanged"} {
		if !strings.Contains(outs[1], want) {
			t.Errorf("second index printed %q, want %q (no re-indexing)", outs[1], want)
		}
	}
	out, _, err := runCLI(t, "", cliArgs(corpus, idx, "search", "quokkas")...)
	if err != nil || !strings.Contains(out, "Quokka census") {
		t.Errorf("search for the feed item: %v\n%s", err, out)
	}
}

func TestDigestCLI(t *testing.T) {
	clearEnv(t)
	corpus, idx := cliCorpus(t), filepath.Join(t.TempDir(), "index")
	out, _, err := runCLI(t, "", cliArgs(corpus, idx, "digest", "--since", "2024-03-25", "--until", "2024-03-25")...)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "25 Mar 2024") || !containsAny(out, "ISIS") {
		t.Errorf("digest printed %q, want the seed article's story", out)
	}
	out, _, err = runCLI(t, "", cliArgs(corpus, idx, "digest", "--json", "--since", "2024-03-10", "--until", "2024-03-26", "--topic", "council")...)
	if err != nil {
		t.Fatal(err)
	}
	var d digest.Digest
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("digest --json %q: %v", out, err)
	}
	if len(d.Points) != 1 || !strings.Contains(d.Points[0].Citation.Text, "Springfield") {
		t.Errorf("digest --json --topic council = %+v, want one point about the council", d)
	}
}

// TestEvalSeedQuestions runs `bot eval` on the bundled corpus: the design's
// seed-dev questions (from ../shared, skipped when absent) and this
// repository's paraphrases of questions about the seed article, written
// after the answerer and never tuned on. Every one must be answered right at
// accuracy@1.
func TestEvalSeedQuestions(t *testing.T) {
	files := []string{"testdata/seed-paraphrases.jsonl"}
	if _, err := os.Stat("../../../shared/eval/seed-dev.jsonl"); err == nil {
		files = append(files, "../../../shared/eval/seed-dev.jsonl")
	} else {
		t.Log("../shared/eval/seed-dev.jsonl is absent: only the paraphrases are scored")
	}
	clearEnv(t)
	corpus, idx := copyCorpus(t), filepath.Join(t.TempDir(), "index")
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			failures, all := filepath.Join(t.TempDir(), "failures.jsonl"), filepath.Join(t.TempDir(), "all.jsonl")
			args := []string{"eval", "--failures", failures, "--all", all, f}
			if strings.Contains(f, "paraphrases") {
				// The ranking must get every paraphrase right; the calibrated
				// default threshold may decline one it is unsure of (the
				// detentions question, confidence 0.49).
				args = append([]string{"eval", "--threshold", "0"}, args[1:]...)
			}
			out, _, err := runCLI(t, "", cliArgs(corpus, idx, args...)...)
			if err != nil {
				t.Fatal(err)
			}
			questions, _ := os.ReadFile(f)
			written, _ := os.ReadFile(all)
			if got, want := strings.Count(string(written), "\n"), strings.Count(strings.TrimSpace(string(questions)), "\n")+1; got != want {
				t.Errorf("eval --all wrote %d questions, want every one of %d", got, want)
			}
			if failed, _ := os.ReadFile(failures); strings.Contains(string(failed), `"at1":true`) {
				t.Errorf("eval --failures wrote a question answered right:\n%s", failed)
			}
			if !strings.Contains(out, "accuracy@1 1.000") {
				data, _ := os.ReadFile(failures)
				var missed []string
				for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
					var r struct {
						Question string `json:"question"`
						At1      bool   `json:"at1"`
					}
					if json.Unmarshal([]byte(line), &r) == nil && !r.At1 {
						missed = append(missed, r.Question)
					}
				}
				t.Errorf("eval %s: %s\nmissed at @1: %q", f, strings.TrimSpace(out), missed)
			}
		})
	}
}

// TestCorpusFlagSyncsAFilledIndex: --corpus on a command that reads an
// index brings the index in line with that corpus, even when it already
// holds articles; without --corpus a filled index is used as it is.
func TestCorpusFlagSyncsAFilledIndex(t *testing.T) {
	clearEnv(t)
	corpus, idx := cliCorpus(t), filepath.Join(t.TempDir(), "index")
	if _, _, err := runCLI(t, "", cliArgs(corpus, idx, "index")...); err != nil {
		t.Fatal(err)
	}
	other := t.TempDir()
	text := "date 2024-03-22 Rangers finished the wombat census in the park on Friday.\n"
	if err := os.WriteFile(filepath.Join(other, "wombat.txt"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	// Without --corpus (the configured corpus is the bundled one, not
	// these paths) the filled index is left as it is.
	out, _, err := runCLI(t, "", "search", "--index", idx, "wombat")
	if err != nil || strings.Contains(out, "wombat census") {
		t.Errorf("search without --corpus changed the index: %v\n%s", err, out)
	}
	out, _, err = runCLI(t, "", cliArgs(other, idx, "search", "wombat")...)
	if err != nil || !strings.Contains(out, "wombat census") {
		t.Errorf("search --corpus OTHER did not index OTHER: %v\n%s", err, out)
	}
}

// TestEvalSaysDeclinedCountAsWrong: at a threshold that declines questions,
// bot eval says that they count as wrong at accuracy@1 and how to answer
// every one; a new user compared its 0.396 with the README's 0.499, which
// answers every question (new-user trial nu40).
func TestEvalSaysDeclinedCountAsWrong(t *testing.T) {
	clearEnv(t)
	corpus, idx := copyCorpus(t), filepath.Join(t.TempDir(), "index")
	for _, tc := range []struct {
		threshold string
		want      bool
	}{{"0.99", true}, {"0", false}} {
		t.Run(tc.threshold, func(t *testing.T) {
			out, _, err := runCLI(t, "", cliArgs(corpus, idx, "eval", "--threshold", tc.threshold, "testdata/seed-paraphrases.jsonl")...)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Contains(out, "as wrong at accuracy@1; --threshold 0 answers every question a source can answer"); got != tc.want {
				t.Errorf("eval --threshold %s printed %q; want the line on declined questions: %v", tc.threshold, out, tc.want)
			}
		})
	}
}
