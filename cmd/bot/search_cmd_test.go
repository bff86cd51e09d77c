package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chronicle-bot/chronicle/internal/commands"
	"github.com/chronicle-bot/chronicle/internal/index"
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

// TestIssue12_Item9_CLILongQuery: `bot search` with a 6,000-character or
// 100 KB query is bounded as /search is: it searches the query's first
// words, up to commands.MaxSearchQuery characters, in text and --json, and
// says so on stderr. Before, it searched the whole query (100 KB: 92 s).
func TestIssue12_Item9_CLILongQuery(t *testing.T) {
	clearEnv(t)
	corpus, idx := cliCorpus(t), filepath.Join(t.TempDir(), "index")
	for _, n := range []int{6000, 100 << 10} {
		long := "Moscow attack" + strings.Repeat(" gardening tomatoes", n/len(" gardening tomatoes"))
		raw, stderr, err := runCLI(t, "", cliArgs(corpus, idx, "search", "--json", long)...)
		if err != nil {
			t.Fatal(err)
		}
		var js struct {
			Query string `json:"query"`
			Total int    `json:"total"`
		}
		if err := json.Unmarshal([]byte(raw), &js); err != nil {
			t.Fatalf("search --json printed %q: %v", raw, err)
		}
		if len([]rune(js.Query)) > commands.MaxSearchQuery || !strings.HasPrefix(long, js.Query+" ") || js.Total == 0 {
			t.Errorf("%d-byte query: searched %q (%d characters, %d articles), want its first words within %d",
				len(long), js.Query, len([]rune(js.Query)), js.Total, commands.MaxSearchQuery)
		}
		if !strings.Contains(stderr, "query shortened") {
			t.Errorf("stderr = %q, want the shortening noted", stderr)
		}
		text, _, err := runCLI(t, "", cliArgs(corpus, idx, "search", long)...)
		if err != nil || !strings.Contains(text, "Search: “"+js.Query+"”") {
			t.Errorf("text search = %q, %v; want the title to show the shortened query", text, err)
		}
	}
}

// TestIssue12_Smaller_HighlightMentionRealIndex: an article that says
// "@everyone", found by a search for "everyone" in a real index, shows in
// the /search embed with the mention still broken and the word in bold.
func TestIssue12_Smaller_HighlightMentionRealIndex(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "mayor.txt"),
		[]byte("date 2024-03-20 The mayor told @everyone in the hall, and @here outside, to stay calm.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(context.Background(), filepath.Join(t.TempDir(), "index"), index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Sync(context.Background(), []string{dir}, index.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	resp, err := (&commands.Search{Searcher: ix}).Handle(context.Background(),
		commands.Request{Options: map[string]string{"query": "everyone here"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Embeds) == 0 {
		t.Fatalf("search found nothing: %+v", resp)
	}
	d := resp.Embeds[0].Description
	// "here" is a stop word, so it is escaped but not highlighted.
	if !strings.Contains(d, "@\u200b**everyone**") || !strings.Contains(d, "@\u200bhere") || strings.Contains(d, "@**") {
		t.Errorf("description = %q, want @\\u200b**everyone** and @\\u200bhere", d)
	}
}
