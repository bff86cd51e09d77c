package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestTimelineOutput: what `bot timeline` prints, as text and as JSON, and
// its refusals.
func TestTimelineOutput(t *testing.T) {
	clearEnv(t)
	corpus, idx := digestCorpus(t), filepath.Join(t.TempDir(), "index")
	day := []string{"--since", "2024-03-25", "--until", "2024-03-25"}
	out, _, err := runCLI(t, "", cliArgs(corpus, idx, append(append([]string{"timeline"}, day...), "Moscow", "concert", "attack")...)...)
	if err != nil {
		t.Fatalf("timeline: %v", err)
	}
	if !strings.HasPrefix(out, `Timeline: "Moscow concert attack"`) || !strings.Contains(out, "3 reports") {
		t.Errorf("timeline printed %q, want the three reports of 25 March merged into one line", out)
	}
	out, _, err = runCLI(t, "", cliArgs(corpus, idx, append(append([]string{"timeline", "--json"}, day...), "Moscow attack")...)...)
	if err != nil {
		t.Fatalf("timeline --json: %v", err)
	}
	var got struct {
		Developments []struct {
			Date     string `json:"date"`
			Reports  int    `json:"reports"`
			Citation struct {
				Date string `json:"date"`
			} `json:"citation"`
		} `json:"developments"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("timeline --json printed %q: %v", out, err)
	}
	merged := false
	for _, d := range got.Developments {
		merged = merged || d.Reports == 3 && d.Date == "2024-03-25" && d.Citation.Date == "2024-03-25"
	}
	if !merged {
		t.Errorf("timeline --json = %+v, want a development of 3 reports on 2024-03-25", got.Developments)
	}
	out, _, err = runCLI(t, "", cliArgs(corpus, idx, "timeline", "--since", "2020-01-01", "--until", "2020-01-02", "Moscow attack")...)
	if err != nil || !strings.Contains(out, "No event in the window matches") {
		t.Errorf("timeline over an empty window = %q, %v; want it to say nothing matches", out, err)
	}
	if _, _, err := runCLI(t, "", cliArgs(corpus, idx, "timeline")...); err == nil || !strings.Contains(err.Error(), "needs a query") {
		t.Errorf("timeline without a query: err = %v, want 'needs a query'", err)
	}
}
