package feed

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// story is a long text; words(n) varies the n-th word.
func story(variant int) string {
	words := make([]string, 200)
	for i := range words {
		words[i] = fmt.Sprintf("w%d", i%97)
		if i%7 == 0 {
			words[i] = fmt.Sprintf("minister%d", i)
		}
	}
	if variant > 0 {
		words[100] = fmt.Sprintf("changed%d", variant)
	}
	return strings.Join(words, " ")
}

func TestDuplicatesAcrossFeeds(t *testing.T) {
	tests := []struct {
		name      string
		a, b      [3]string
		wantTaken int
	}{
		{name: "same guid as link", wantTaken: 1,
			a: [3]string{"https://wire.example/1", "Quake hits coast", "A quake hit the coast."},
			b: [3]string{"https://wire.example/1", "Quake hits coast (update)", "A quake hit the coast today."}},
		{name: "same text, different case and punctuation", wantTaken: 1,
			a: [3]string{"a1", "Quake hits coast", "A quake hit the coast; three hurt."},
			b: [3]string{"b1", "QUAKE HITS COAST", "A quake hit the coast - three hurt!"}},
		{name: "near-identical long text", wantTaken: 1,
			a: [3]string{"a2", "Minister resigns", story(0)},
			b: [3]string{"b2", "Minister resigns", story(1)}},
		{name: "different stories", wantTaken: 2,
			a: [3]string{"a3", "Quake hits coast", "A quake hit the coast."},
			b: [3]string{"b3", "Floods in the north", "Rivers burst their banks in the north."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newFeedServer(t, map[string]http.HandlerFunc{
				"/a": serveBody("application/rss+xml", rssFeed("A", tt.a)),
				"/b": serveBody("application/rss+xml", rssFeed("B", tt.b)),
			})
			sink := &fakeSink{}
			f := newTestFetcher(t, []Feed{{URL: srv.URL + "/a"}, {URL: srv.URL + "/b"}}, sink, Options{})
			for range 2 { // a second round must not flip between the two feeds
				if _, err := f.FetchAll(context.Background()); err != nil {
					t.Fatalf("FetchAll: %v", err)
				}
			}
			if got := len(sink.articles()); got != tt.wantTaken {
				t.Errorf("articles put = %d, want %d", got, tt.wantTaken)
			}
		})
	}
}

func TestBackoffGrowsWhileFailing(t *testing.T) {
	var fail atomic.Bool
	fail.Store(true)
	srv := newFeedServer(t, map[string]http.HandlerFunc{
		"/feed": func(w http.ResponseWriter, r *http.Request) {
			if fail.Load() {
				http.Error(w, "down", http.StatusBadGateway)
				return
			}
			w.Write([]byte(rssFeed("Back", [3]string{"x", "Back up", "Service restored."})))
		},
	})
	clk := newClock()
	url := srv.URL + "/feed"
	interval := 10 * time.Minute
	f := newTestFetcher(t, []Feed{{URL: url, Interval: interval}}, &fakeSink{},
		Options{Now: clk.Now, MaxBackoff: time.Hour})
	ctx := context.Background()
	wantDelays := []time.Duration{20 * time.Minute, 40 * time.Minute, time.Hour, time.Hour}
	for i, want := range wantDelays {
		rep, _ := f.FetchDue(ctx)
		if rep.Failed != 1 {
			t.Fatalf("attempt %d: Report = %+v, want one failure", i+1, rep)
		}
		h := healthOf(t, f, url)
		if h.ConsecutiveFailures != i+1 || !h.Failing() || !strings.Contains(h.LastError, "502") || h.OwnFailure {
			t.Errorf("attempt %d: health = %+v", i+1, h)
		}
		if got := h.NextAttempt.Sub(h.LastAttempt); got != want {
			t.Errorf("attempt %d: backoff = %v, want %v", i+1, got, want)
		}
		clk.Advance(want - time.Minute)
		if rep, _ := f.FetchDue(ctx); rep.Feeds != 0 {
			t.Errorf("attempt %d: FetchDue before the backoff ended fetched %d feeds", i+1, rep.Feeds)
		}
		clk.Advance(time.Minute)
	}
	fail.Store(false)
	if _, err := f.FetchDue(ctx); err != nil {
		t.Fatalf("FetchDue after recovery: %v", err)
	}
	h := healthOf(t, f, url)
	if h.Failing() || h.ItemsTaken != 1 || h.NextAttempt.Sub(h.LastSuccess) != interval || h.LastError == "" {
		t.Errorf("health after recovery = %+v, want success, interval, last error kept", h)
	}
}

func TestBackoff(t *testing.T) {
	tests := []struct {
		interval time.Duration
		n        int
		want     time.Duration
	}{
		{time.Minute, 0, time.Minute},
		{time.Minute, 1, 2 * time.Minute},
		{time.Minute, 3, 8 * time.Minute},
		{time.Minute, 100, 6 * time.Hour},
		{12 * time.Hour, 2, 12 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%v*2^%d", tt.interval, tt.n), func(t *testing.T) {
			if got := backoff(tt.interval, tt.n, DefaultMaxBackoff); got != tt.want {
				t.Errorf("backoff(%v, %d) = %v, want %v", tt.interval, tt.n, got, tt.want)
			}
		})
	}
}

func TestCrashSafety(t *testing.T) {
	const etag = `"e1"`
	body := rssFeed("Safe", [3]string{"s1", "One", "First."}, [3]string{"s2", "Two", "Second."})
	srv := newFeedServer(t, map[string]http.HandlerFunc{"/feed": serveWithETag(etag, body)})
	url := srv.URL + "/feed"
	sink := &fakeSink{failPuts: 1}
	f := newTestFetcher(t, []Feed{{URL: url}}, sink, Options{})
	ctx := context.Background()
	if _, err := f.FetchAll(ctx); err == nil || !strings.Contains(err.Error(), "sink unavailable") {
		t.Fatalf("first FetchAll error = %v, want the sink's error", err)
	}
	if h := healthOf(t, f, url); !h.Failing() || h.ItemsTaken != 0 {
		t.Errorf("health after failed put = %+v", h)
	}
	rep, err := f.FetchAll(ctx)
	if err != nil {
		t.Fatalf("second FetchAll: %v", err)
	}
	if rep.Taken != 2 || sink.calls() != 1 {
		t.Errorf("second Report = %+v, puts = %d: want both items put again", rep, sink.calls())
	}
	if hs := srv.headers("/feed"); hs[1].Get("If-None-Match") != "" {
		t.Errorf("retry after failed put sent If-None-Match %q; the 304 would hide the items", hs[1].Get("If-None-Match"))
	}
	rep, err = f.FetchAll(ctx)
	if err != nil || rep.NotModified != 1 || sink.calls() != 1 {
		t.Errorf("third fetch: Report = %+v, err = %v, puts = %d: want 304 and no put", rep, err, sink.calls())
	}
}

func TestStateSurvivesRestart(t *testing.T) {
	var version atomic.Int32
	srv := newFeedServer(t, map[string]http.HandlerFunc{
		"/feed": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Last-Modified", "Wed, 27 Mar 2024 10:00:00 GMT")
			text := "Original text."
			if version.Load() > 0 {
				text = "Corrected text with more detail."
			}
			w.Write([]byte(rssFeed("Restart", [3]string{"r1", "Story", text}, [3]string{"r2", "Other", "Other text."})))
		},
	})
	url := srv.URL + "/feed"
	path := filepath.Join(t.TempDir(), "state.db")
	sink := &fakeSink{}
	ctx := context.Background()
	open := func() *Fetcher {
		f, err := New([]Feed{{URL: url}}, sink, Options{StatePath: path, AllowPrivateAddresses: true})
		if err != nil {
			t.Fatalf("New: %v", err)
		}
		return f
	}
	f := open()
	if _, err := f.FetchAll(ctx); err != nil {
		t.Fatalf("FetchAll: %v", err)
	}
	f.Close()

	f = open()
	defer f.Close()
	if h := healthOf(t, f, url); h.ItemsTaken != 2 || h.Title != "Restart" {
		t.Errorf("health after restart = %+v, want 2 items taken", h)
	}
	rep, err := f.FetchAll(ctx)
	if err != nil || rep.Taken != 0 || rep.Unchanged != 2 {
		t.Errorf("fetch after restart: Report = %+v, err = %v; want 2 unchanged", rep, err)
	}
	if got := srv.headers("/feed")[1].Get("If-Modified-Since"); got == "" {
		t.Error("fetch after restart sent no If-Modified-Since")
	}
	version.Store(1) // the story is edited: same GUID, new text
	rep, err = f.FetchAll(ctx)
	if err != nil || rep.Taken != 1 || rep.Unchanged != 1 {
		t.Errorf("fetch after edit: Report = %+v, err = %v; want the edited item put again", rep, err)
	}
	all := sink.articles()
	if first, last := all[0], all[len(all)-1]; first.ID != last.ID || first.Hash == last.Hash {
		t.Errorf("edited item: ID %s->%s hash %s->%s, want same ID, new hash", first.ID, last.ID, first.Hash, last.Hash)
	}
}

func TestNewRejectsBadOptions(t *testing.T) {
	if _, err := New(nil, &fakeSink{}, Options{}); err == nil {
		t.Error("New without StatePath: got nil error")
	}
	if _, err := New(nil, nil, Options{StatePath: filepath.Join(t.TempDir(), "x.db")}); err == nil {
		t.Error("New without sink: got nil error")
	}
}

// TestMaxItemsPerFetch: a fetch takes at most Options.MaxItems items, the
// first ones the feed lists, and says so; a feed listing 30,000 new items
// at every fetch grew the bot by about 50 MB a fetch (helper 75).
func TestMaxItemsPerFetch(t *testing.T) {
	items := make([][3]string, 15)
	for i := range items {
		items[i] = [3]string{fmt.Sprintf("i%d", i), fmt.Sprintf("Story %d", i), fmt.Sprintf("The text of story number %d.", i)}
	}
	srv := newFeedServer(t, map[string]http.HandlerFunc{"/f": serveBody("application/rss+xml", rssFeed("Many", items...))})
	var logs syncBuffer
	sink := &fakeSink{}
	f := newTestFetcher(t, []Feed{{URL: srv.URL + "/f"}}, sink, Options{MaxItems: 10, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	rep, err := f.FetchAll(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	arts := sink.articles()
	if rep.Taken != 10 || len(arts) != 10 || arts[0].Title != "Story 0" || arts[9].Title != "Story 9" {
		t.Errorf("Report %+v, %d articles put; want the first 10 items", rep, len(arts))
	}
	if !strings.Contains(logs.String(), "items=15 taken=10") {
		t.Errorf("log does not say items were left out:\n%s", logs.String())
	}
}
