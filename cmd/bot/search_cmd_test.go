package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestSearchTextAndJSONAgree: text and --json search the same whole query,
// however long, and report the same total.
func TestSearchTextAndJSONAgree(t *testing.T) {
	clearEnv(t)
	corpus, idx := cliCorpus(t), filepath.Join(t.TempDir(), "index")
	// The last words are past the 67 bytes a /search button can hold; only
	// they match the council and filler articles.
	long := "Moscow attack concert hall Islamic State claimed responsibility France alert gardening council"
	footer := regexp.MustCompile(`\((?:(\d+) of )?(\d+) articles?\)\n$`)
	tests := []struct {
		name      string
		query     string
		limit     string
		wantTotal int
		wantShown int
	}{
		{"short query", "Moscow attack", "10", 1, 1},
		{"long query", long, "10", 10, 10},
		{"long query, fewer shown", long, "3", 10, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, _, err := runCLI(t, "", cliArgs(corpus, idx, "search", "--limit", tt.limit, tt.query)...)
			if err != nil {
				t.Fatal(err)
			}
			raw, _, err := runCLI(t, "", cliArgs(corpus, idx, "search", "--json", "--limit", tt.limit, tt.query)...)
			if err != nil {
				t.Fatal(err)
			}
			var js struct {
				Query   string            `json:"query"`
				Total   int               `json:"total"`
				Results []json.RawMessage `json:"results"`
			}
			if err := json.Unmarshal([]byte(raw), &js); err != nil {
				t.Fatalf("search --json printed %q: %v", raw, err)
			}
			m := footer.FindStringSubmatch(text)
			if m == nil {
				t.Fatalf("search printed %q, want a footer with the article count", text)
			}
			shown := m[1]
			if shown == "" {
				shown = m[2]
			}
			if m[2] != fmt.Sprint(js.Total) || js.Total != tt.wantTotal || shown != fmt.Sprint(tt.wantShown) || len(js.Results) != tt.wantShown {
				t.Errorf("search %q: text shows %s of %s articles, JSON %d of %d; want %d of %d in both",
					tt.query, shown, m[2], len(js.Results), js.Total, tt.wantShown, tt.wantTotal)
			}
			if js.Query != tt.query || !strings.Contains(text, "Search: “"+tt.query+"”") {
				t.Errorf("search %q: text title / JSON query %q, want the whole query in both:\n%s", tt.query, js.Query, text)
			}
		})
	}
}
