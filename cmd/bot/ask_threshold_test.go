package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestAskThreshold: --threshold 0 answers every question that has a
// passage, --threshold 1 only those whose confidence is 1, for ask --json
// and ask --batch alike; out-of-range values are refused.
func TestAskThreshold(t *testing.T) {
	clearEnv(t)
	corpus, idx := cliCorpus(t), filepath.Join(t.TempDir(), "index")
	questions := []string{"Who claimed the Moscow attack?", "How much is the Springfield budget?", "Who is the mayor of Springfield?"}
	type reply struct {
		Answer     *struct{ Text string } `json:"answer"`
		Sources    []json.RawMessage      `json:"sources"`
		Confidence float64                `json:"confidence"`
	}
	var batchIn strings.Builder
	for _, q := range questions {
		line, _ := json.Marshal(map[string]string{"question": q, "as_of": "2024-03-26"})
		batchIn.Write(append(line, '\n'))
	}
	for _, threshold := range []string{"0", "1"} {
		var got []reply
		for _, q := range questions {
			out, _, err := runCLI(t, "", cliArgs(corpus, idx, "ask", "--json", "--threshold", threshold, "--as-of", "2024-03-26", q)...)
			if err != nil {
				t.Fatal(err)
			}
			var r reply
			if err := json.Unmarshal([]byte(out), &r); err != nil {
				t.Fatalf("ask --json: %q: %v", out, err)
			}
			got = append(got, r)
		}
		out, _, err := runCLI(t, batchIn.String(), cliArgs(corpus, idx, "ask", "--batch", "--threshold", threshold)...)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			var r reply
			if err := json.Unmarshal([]byte(line), &r); err != nil {
				t.Fatalf("ask --batch: %q: %v", line, err)
			}
			got = append(got, r)
		}
		if len(got) != 2*len(questions) {
			t.Fatalf("--threshold %s: %d replies, want %d", threshold, len(got), 2*len(questions))
		}
		for i, r := range got {
			q := questions[i%len(questions)]
			switch {
			case threshold == "0" && r.Answer == nil:
				t.Errorf("--threshold 0: %q has no answer (confidence %.2f, %d sources)", q, r.Confidence, len(r.Sources))
			case threshold == "1" && (r.Answer != nil) != (r.Confidence >= 1):
				t.Errorf("--threshold 1: %q answered %v at confidence %.2f", q, r.Answer != nil, r.Confidence)
			}
		}
	}
	// A value that is no number is named as such, not by Go's parser.
	for _, args := range [][]string{{"ask", "--threshold", "abc", "Who claimed the Moscow attack?"}, {"search", "--limit", "abc", "Moscow"}} {
		_, _, err := runCLI(t, "", cliArgs(corpus, idx, args...)...)
		if err == nil || strings.Contains(err.Error(), "strconv") || !strings.Contains(err.Error(), `not "abc"`) {
			t.Errorf("%v: error %v, want what the flag takes", args, err)
		}
	}
	for _, bad := range []string{"-0.1", "1.5", "NaN"} {
		for _, args := range [][]string{{"ask", "--threshold", bad, "Who claimed the Moscow attack?"}, {"ask", "--batch", "--threshold", bad}} {
			_, _, err := runCLI(t, "", cliArgs(corpus, idx, args...)...)
			if err == nil || !strings.Contains(err.Error(), "--threshold must be between 0 and 1") {
				t.Errorf("%v: error %v, want the range refused", args, err)
			}
		}
	}
}
