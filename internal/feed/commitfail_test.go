package feed

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chronicle-bot/chronicle"
)

// closingSink puts as the fake does, then closes the feed state file, so
// that the fetch's commit of what it saw fails as on a full disk.
type closingSink struct {
	fakeSink
	f *Fetcher
}

func (s *closingSink) Put(ctx context.Context, origin string, articles []chronicle.Article) (PutResult, error) {
	res, err := s.fakeSink.Put(ctx, origin, articles)
	if err != nil {
		return res, err
	}
	return res, s.f.store.close()
}

// TestCommitFailureBacksOff: when the state of a fetch cannot be saved (a
// full disk), the feed failed and backs off as any failure does. It was
// left due at once, so that bot serve fetched and put every item again
// about every second, and bot index said "1 of 1 feeds failed" without a
// reason (helper 75).
func TestCommitFailureBacksOff(t *testing.T) {
	srv := newFeedServer(t, map[string]http.HandlerFunc{
		"/f": serveBody("application/rss+xml", rssFeed("F", [3]string{"a", "A story", "A story's text."})),
	})
	clk := newClock()
	sink := &closingSink{}
	url := srv.URL + "/f"
	f := newTestFetcher(t, []Feed{{URL: url, Interval: time.Hour}}, sink, Options{Now: clk.Now})
	sink.f = f
	rep, err := f.FetchAll(context.Background())
	if err == nil {
		t.Fatal("FetchAll: nil error, want the state file's")
	}
	if rep.Failed != 1 {
		t.Errorf("Report = %+v, want 1 failed", rep)
	}
	h := healthOf(t, f, url)
	if !h.Failing() || h.LastError == "" || !strings.Contains(h.LastError, "save feed state") {
		t.Errorf("health = %+v (error %v), want failing with the state file's error", h, err)
	}
	// The bot's own failure, not the feed's: /sources does not show its
	// text, which names the state file's path.
	if !h.OwnFailure {
		t.Errorf("health = %+v, want OwnFailure", h)
	}
	if !h.NextAttempt.After(clk.Now().Add(30 * time.Minute)) {
		t.Errorf("next attempt %v, want backed off past the interval from %v", h.NextAttempt, clk.Now())
	}
}

// TestNotModifiedSaveFailureBacksOff: the same for a fetch answered 304
// Not Modified whose state cannot be saved (helper 76).
func TestNotModifiedSaveFailureBacksOff(t *testing.T) {
	feed := rssFeed("F", [3]string{"a", "A story", "A story's text."})
	srv := newFeedServer(t, map[string]http.HandlerFunc{
		"/f": func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("If-None-Match") == `"v1"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("ETag", `"v1"`)
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Write([]byte(feed))
		},
	})
	clk := newClock()
	url := srv.URL + "/f"
	f := newTestFetcher(t, []Feed{{URL: url, Interval: time.Hour}}, &fakeSink{}, Options{Now: clk.Now})
	if _, err := f.FetchAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	clk.Advance(2 * time.Hour)
	if err := f.store.close(); err != nil {
		t.Fatal(err)
	}
	if _, err := f.FetchAll(context.Background()); err == nil {
		t.Fatal("FetchAll: nil error, want the state file's")
	}
	h := healthOf(t, f, url)
	if !h.Failing() || !h.NextAttempt.After(clk.Now().Add(30*time.Minute)) {
		t.Errorf("health = %+v, want failing and backed off past the interval from %v", h, clk.Now())
	}
}

// TestHealthTitleBounded: a feed's title of megabytes was kept whole in its
// health, saved at every fetch and shown by /sources (helper 76).
func TestHealthTitleBounded(t *testing.T) {
	title := strings.Repeat("é", 100_000)
	srv := newFeedServer(t, map[string]http.HandlerFunc{
		"/f": serveBody("application/rss+xml", rssFeed(title, [3]string{"a", "A story", "A story's text."})),
	})
	f := newTestFetcher(t, []Feed{{URL: srv.URL + "/f"}}, &fakeSink{}, Options{MaxBodyBytes: 1 << 20})
	if _, err := f.FetchAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	h := healthOf(t, f, srv.URL+"/f")
	if len(h.Title) > maxHealthTitle || !utf8.ValidString(h.Title) || !strings.HasPrefix(h.Title, "éé") {
		t.Errorf("health title of %d bytes (valid UTF-8 %v), want at most %d", len(h.Title), utf8.ValidString(h.Title), maxHealthTitle)
	}
}
