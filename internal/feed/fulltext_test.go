package feed

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// inflight counts the requests a server is handling at once and the most
// it has seen.
type inflight struct {
	mu        sync.Mutex
	now, peak int
	// full is closed once peak reaches want.
	want int
	full chan struct{}
}

func newInflight(want int) *inflight { return &inflight{want: want, full: make(chan struct{})} }

func (c *inflight) enter() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now++
	if c.now > c.peak {
		c.peak = c.now
		if c.peak == c.want {
			close(c.full)
		}
	}
}

func (c *inflight) leave() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now--
}

func (c *inflight) max() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.peak
}

// fullTextFeed is an RSS feed of n items whose links are base/page/0 ...
// base/page/n-1, each with a one-line summary.
func fullTextFeed(base string, n int) string {
	var b strings.Builder
	b.WriteString(`<rss version="2.0"><channel><title>Slow pages</title>`)
	for i := range n {
		fmt.Fprintf(&b, `<item><title>Story %d</title><link>%s/page/%d</link><description>Summary %d.</description></item>`,
			i, base, i, i)
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

// storyPage is the page of story i: its text names the story.
func storyPage(i string) string {
	return `<html><body><article><h1>Story ` + i + `</h1>` +
		`<p>This is the full text of story number ` + i + `, much longer than the summary in the feed.</p>` +
		`<p>A second paragraph of story ` + i + ` adds more detail about what happened.</p></article></body></html>`
}

// TestIssue12_Item8_FullTextConcurrent: the pages of one feed are fetched
// by a pool of workers: the server sees as many requests in flight as the
// pool has workers, never more, and every item gets its own page's text, in
// the feed's order. Each page waits until the pool is full (or a hang
// guard passes), so serial fetching shows a peak of 1.
func TestIssue12_Item8_FullTextConcurrent(t *testing.T) {
	const items, workers = 9, 3
	count := newInflight(workers)
	srv := newFeedServer(t, map[string]http.HandlerFunc{
		"/page/": func(w http.ResponseWriter, r *http.Request) {
			count.enter()
			defer count.leave()
			select {
			case <-count.full:
			case <-time.After(2 * time.Second): // hang guard
			case <-r.Context().Done():
			}
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, storyPage(strings.TrimPrefix(r.URL.Path, "/page/")))
		},
	})
	srv.Config.Handler.(*http.ServeMux).HandleFunc("/feed", serveBody("application/rss+xml", fullTextFeed(srv.URL, items)))
	sink := &fakeSink{}
	f := newTestFetcher(t, []Feed{{URL: srv.URL + "/feed", FullText: true}}, sink, Options{FullTextConcurrency: workers})
	rep, err := f.FetchAll(context.Background())
	if err != nil || rep.Taken != items {
		t.Fatalf("FetchAll: Report = %+v, err = %v; want %d taken", rep, err, items)
	}
	if got := count.max(); got != workers {
		t.Errorf("peak of page requests in flight = %d, want %d (the pool size)", got, workers)
	}
	got := sink.articles()
	for i, a := range got {
		want := fmt.Sprintf("full text of story number %d,", i)
		if a.Title != fmt.Sprintf("Story %d", i) || !strings.Contains(textOf(a.Paragraphs), want) {
			t.Errorf("article %d = %q with text %q, want Story %d with its own page's text", i, a.Title, textOf(a.Paragraphs), i)
		}
	}
}

// TestIssue12_Item8_FullTextDeadline: pages that do not answer within the
// feed's overall page deadline are given up (their requests cancelled) and
// their items are taken with the feed's summary; the feed does not fail,
// and the log says so. The per-request timeout is far longer than the
// deadline, so only the deadline can end the hanging requests.
func TestIssue12_Item8_FullTextDeadline(t *testing.T) {
	var cancelled atomic.Int32
	srv := newFeedServer(t, map[string]http.HandlerFunc{
		"/page/": func(w http.ResponseWriter, r *http.Request) {
			id := strings.TrimPrefix(r.URL.Path, "/page/")
			if id != "0" {
				select {
				case <-r.Context().Done():
					cancelled.Add(1)
					return
				case <-time.After(5 * time.Second): // hang guard
				}
			}
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, storyPage(id))
		},
	})
	srv.Config.Handler.(*http.ServeMux).HandleFunc("/feed", serveBody("application/rss+xml", fullTextFeed(srv.URL, 6)))
	var logs syncBuffer
	sink := &fakeSink{}
	f := newTestFetcher(t, []Feed{{URL: srv.URL + "/feed", FullText: true}}, sink, Options{
		Timeout: time.Minute, FullTextDeadline: 300 * time.Millisecond, FullTextConcurrency: 2,
		Logger: slog.New(slog.NewTextHandler(&logs, nil)),
	})
	rep, err := f.FetchAll(context.Background())
	if err != nil || rep.Taken != 6 || rep.Failed != 0 {
		t.Fatalf("FetchAll: Report = %+v, err = %v; want all 6 taken", rep, err)
	}
	for i, a := range sink.articles() {
		full := strings.Contains(textOf(a.Paragraphs), "full text of story")
		if full != (i == 0) {
			t.Errorf("article %d text %q: full text = %v, want only story 0's page taken", i, textOf(a.Paragraphs), full)
		}
	}
	// The server learns of a cancelled request when the connection closes,
	// a moment after the client gave up.
	for wait := time.Now().Add(5 * time.Second); cancelled.Load() == 0 && time.Now().Before(wait); {
		time.Sleep(10 * time.Millisecond)
	}
	if cancelled.Load() == 0 {
		t.Error("no hanging page request was cancelled by the deadline")
	}
	if !strings.Contains(logs.String(), "deadline passed") {
		t.Errorf("log does not report the deadline:\n%s", logs.String())
	}
}

// TestFullTextStoppedIsNotLate: a fetch stopped while pages are fetched (a
// shutdown) said that the feed's page deadline had passed, with the
// deadline of a minute and a half, seconds after the start (helper 75).
func TestFullTextStoppedIsNotLate(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv := newFeedServer(t, map[string]http.HandlerFunc{
		"/page/": func(w http.ResponseWriter, r *http.Request) {
			cancel() // the bot stops while the first page is fetched
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second): // hang guard
			}
		},
	})
	srv.Config.Handler.(*http.ServeMux).HandleFunc("/feed", serveBody("application/rss+xml", fullTextFeed(srv.URL, 4)))
	var logs syncBuffer
	f := newTestFetcher(t, []Feed{{URL: srv.URL + "/feed", FullText: true}}, &fakeSink{}, Options{
		Timeout: time.Minute, FullTextDeadline: time.Minute, FullTextConcurrency: 1,
		Logger: slog.New(slog.NewTextHandler(&logs, nil)),
	})
	f.FetchAll(ctx) // stopped: its error is the cancellation's
	out := logs.String()
	if strings.Contains(out, "deadline passed") || !strings.Contains(out, "the fetch was stopped") {
		t.Errorf("log does not say the fetch was stopped:\n%s", out)
	}
}
