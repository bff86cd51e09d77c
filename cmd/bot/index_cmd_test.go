package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestIssue12_IndexExitStatusFeedsFailed: `bot index` with a failing feed
// still indexes the corpus and the good feed, names the bad feed on stderr
// and ends with exit status 3 and "1 of 2 feeds failed". With the default
// address guard a feed on loopback is such a failure, and its reason says
// so.
func TestIssue12_IndexExitStatusFeedsFailed(t *testing.T) {
	clearEnv(t)
	rss := `<?xml version="1.0"?><rss version="2.0"><channel><title>Good Feed</title>
<item><title>Wombat tunnels mapped</title><link>https://example.com/wombat</link><guid>w1</guid>
<description>Surveyors mapped the wombat tunnels under the old orchard.</description></item>
</channel></rss>`
	good := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, rss)
	}))
	defer good.Close()
	bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
	}))
	defer bad.Close()
	feeds := fmt.Sprintf("feeds:\n  - {url: %q}\n  - {url: %q}\n", good.URL, bad.URL)

	tests := []struct {
		name       string
		config     string
		wantCode   int
		wantErr    string
		wantStderr []string
		unwanted   string
		wantFound  bool
	}{
		{name: "one feed fails", config: "feed: {allow_private_addresses: true}\n" + feeds,
			wantCode: exitFeedsFailed, wantErr: "1 of 2 feeds failed", wantFound: true,
			wantStderr: []string{"feed " + bad.URL + ": fetch " + bad.URL + ": unexpected status 503"}},
		{name: "loopback refused by default", config: feeds,
			wantCode: exitFeedsFailed, wantErr: "2 of 2 feeds failed",
			wantStderr: []string{"feed " + good.URL + ": fetch " + good.URL + ": refused to connect to", "a loopback address",
				"set feed.allow_private_addresses: true"}},
		// A feed URL's user name and password are not printed (nor logged:
		// TestLogHidesURLCredentials).
		{name: "credentials not printed", config: "feed: {allow_private_addresses: true}\n" +
			fmt.Sprintf("feeds:\n  - {url: %q}\n  - {url: %q}\n", good.URL, strings.Replace(bad.URL, "://", "://reader:s3cret-feed-pass@", 1)),
			wantCode: exitFeedsFailed, wantErr: "1 of 2 feeds failed", wantFound: true,
			wantStderr: []string{"feed " + strings.Replace(bad.URL, "://", "://***@", 1) + ": fetch "}, unwanted: "s3cret-feed-pass"},
		{name: "all feeds fine", config: "feed: {allow_private_addresses: true}\n" +
			fmt.Sprintf("feeds:\n  - {url: %q}\n", good.URL), wantCode: 0, wantFound: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			corpus, idx := cliCorpus(t), filepath.Join(t.TempDir(), "index")
			out, stderr, err := runCLI(t, "", cliArgs(corpus, idx, "index", "--config", writeConfig(t, tt.config))...)
			code := 0
			if err != nil {
				code = exitCode(err)
			}
			if code != tt.wantCode || (tt.wantErr != "" && !strings.Contains(fmt.Sprint(err), tt.wantErr)) {
				t.Fatalf("bot index: exit %d, err %v; want exit %d with %q", code, err, tt.wantCode, tt.wantErr)
			}
			if !strings.Contains(out, "10 articles added") {
				t.Errorf("stdout %q: want the corpus indexed all the same", out)
			}
			for _, w := range tt.wantStderr {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
			if tt.unwanted != "" && strings.Contains(stderr+out, tt.unwanted) {
				t.Errorf("bot index printed %q:\n%s%s", tt.unwanted, out, stderr)
			}
			found, _, err := runCLI(t, "", "search", "--index", idx, "wombat tunnels")
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Contains(found, "Wombat tunnels mapped"); got != tt.wantFound {
				t.Errorf("search for the good feed's item found it: %v, want %v\n%s", got, tt.wantFound, found)
			}
		})
	}
}

// TestIndexSaysItHoldsNoArticle: bot index of a corpus that gives no
// article says so on every run, not only the first, which read the file
// (nu42: the second run said "0 skipped" and nothing else).
func TestIndexSaysItHoldsNoArticle(t *testing.T) {
	clearEnv(t)
	corpus := t.TempDir()
	if err := os.WriteFile(filepath.Join(corpus, "questions.jsonl"), []byte(`{"id":"q1","question":"Who?"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	idx := filepath.Join(t.TempDir(), "index")
	for run := range 2 {
		_, stderr, err := runCLI(t, "", cliArgs(corpus, idx, "index")...)
		if err != nil {
			t.Fatalf("run %d: %v", run+1, err)
		}
		if !strings.Contains(stderr, "holds no article") {
			t.Errorf("run %d does not say the index holds no article; stderr:\n%s", run+1, stderr)
		}
	}
}
