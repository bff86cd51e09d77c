package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestIssue12_Item2_FeedArticlesSurviveReset: after an index reset (a
// crash, or Bleve's files damaged) or `bot index --rebuild`, the feed state
// still listed the items as seen, the next fetch reported them unchanged,
// and search found none of them. Both paths are checked here through the
// CLI with a real index and feed state.
func TestIssue12_Item2_FeedArticlesSurviveReset(t *testing.T) {
	clearEnv(t)
	rss := `<?xml version="1.0"?><rss version="2.0"><channel><title>Test Feed</title>
<item><title>Quokka census finished</title><link>https://example.com/quokka</link><guid>q1</guid>
<pubDate>Mon, 25 Mar 2024 10:00:00 GMT</pubDate><description>Rangers counted the quokkas on Rottnest Island this week.</description></item>
<item><title>Wombat bridge opens</title><link>https://example.com/wombat</link><guid>w1</guid>
<pubDate>Mon, 25 Mar 2024 11:00:00 GMT</pubDate><description>A bridge for wombats opened over the highway near Canberra.</description></item>
</channel></rss>`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, rss)
	}))
	defer srv.Close()
	corpus, idx := copyCorpus(t), filepath.Join(t.TempDir(), "index")
	cfg := writeConfig(t, fmt.Sprintf("feed: {allow_private_addresses: true}\nfeeds:\n  - {url: %q, interval: 15m}\n", srv.URL))
	run := func(args ...string) string {
		t.Helper()
		out, errOut, err := runCLI(t, "", cliArgs(corpus, idx, append(args, "--config", cfg)...)...)
		if err != nil {
			t.Fatalf("bot %s: %v\n%s%s", strings.Join(args, " "), err, out, errOut)
		}
		return out
	}
	found := func(step string) {
		t.Helper()
		for _, word := range []string{"quokkas", "wombats"} {
			if out := run("search", word); !strings.Contains(out, "example.com") {
				t.Errorf("%s: search %q finds no feed article:\n%s", step, word, out)
			}
		}
	}
	run("index")
	found("first index")

	// A crash reset: Bleve's files are damaged, Open wipes the index.
	if err := os.RemoveAll(filepath.Join(idx, "bleve")); err != nil {
		t.Fatal(err)
	}
	run("index")
	found("after a reset")

	run("index", "--rebuild")
	found("after --rebuild")
}

// TestIssue12_Item1_ServeStartupRemovesNothing: bot serve's start-up sync
// removed every article whose file was not found (one INFO line, 16,528 ->
// 1 articles); now it removes nothing unless started with --prune. The bot
// answers from the existing index before that sync ends, so the count is
// taken once /healthz says the sync is done.
func TestIssue12_Item1_ServeStartupRemovesNothing(t *testing.T) {
	for _, tt := range []struct {
		name  string
		prune bool
		want  int
	}{
		{name: "default", want: 4},
		{name: "prune", prune: true, want: 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := indexedThenTwoFilesGone(t)
			r := startMain(t, cfg, MainOptions{Prune: tt.prune})
			waitSynced(t, "http://"+r.m.Addr())
			if got := r.m.ix.Len(); got != tt.want {
				t.Errorf("after start-up (prune %v) the index holds %d articles, want %d", tt.prune, got, tt.want)
			}
		})
	}
}

// TestIssue12_Item1_FailedStartupSyncRetriedRemovesNothing: when the
// start-up sync fails (a configured corpus folder is not there yet), its
// retry is still a start-up sync and removes nothing; before, the retry ran
// as an ordinary sync and removed the articles of files gone meanwhile.
func TestIssue12_Item1_FailedStartupSyncRetriedRemovesNothing(t *testing.T) {
	cfg := indexedThenTwoFilesGone(t)
	late := filepath.Join(t.TempDir(), "late")
	cfg.Corpus.Paths = append(cfg.Corpus.Paths, late) // not mounted yet: the first sync fails
	r := startMain(t, cfg, MainOptions{WatchRetryDelay: 50 * time.Millisecond})
	if err := os.Mkdir(late, 0o755); err != nil {
		t.Fatal(err)
	}
	waitSynced(t, "http://"+r.m.Addr()) // the first sync that succeeded: a retry
	if got := r.m.ix.Len(); got != 4 {
		t.Errorf("after a failed start-up sync and its retry the index holds %d articles, want 4 (nothing removed)", got)
	}
}

// indexedThenTwoFilesGone returns a test config whose index holds the
// corpus folder's article and three more, two of whose files are then
// deleted: 4 articles indexed, 2 files gone.
func indexedThenTwoFilesGone(t *testing.T) Config {
	t.Helper()
	clearEnv(t)
	cfg := testConfig(t, "")
	dir := cfg.Corpus.Paths[0]
	for i := range 3 {
		text := fmt.Sprintf("date 2024-03-1%d Extra story %d about the harbour ferries.\n", i+1, i)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("extra%d.txt", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := runCLI(t, "", "index", "--corpus", dir, "--index", cfg.Index.Path); err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		if err := os.Remove(filepath.Join(dir, fmt.Sprintf("extra%d.txt", i))); err != nil {
			t.Fatal(err)
		}
	}
	return cfg
}
