package feed

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// fakeSink records every Put and fails the first failPuts of them.
type fakeSink struct {
	mu       sync.Mutex
	failPuts int
	puts     []putCall
	// refuse, when set, says which articles the sink refuses, as the
	// index refuses one whose ID a corpus file holds.
	refuse func(chronicle.Article) bool
}

type putCall struct {
	origin   string
	articles []chronicle.Article
}

func (s *fakeSink) Put(_ context.Context, origin string, articles []chronicle.Article) (PutResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failPuts > 0 {
		s.failPuts--
		return PutResult{}, errors.New("sink unavailable")
	}
	s.puts = append(s.puts, putCall{origin: origin, articles: articles})
	var res PutResult
	for _, a := range articles {
		if s.refuse != nil && s.refuse(a) {
			res.Refused = append(res.Refused, a.ID)
		} else {
			res.Changed++
		}
	}
	return res, nil
}

// articles returns every article put, in order.
func (s *fakeSink) articles() []chronicle.Article {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []chronicle.Article
	for _, p := range s.puts {
		out = append(out, p.articles...)
	}
	return out
}

func (s *fakeSink) calls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.puts)
}

// clock is a settable clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2024, 3, 28, 12, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// feedServer serves handlers by path and records request headers.
type feedServer struct {
	*httptest.Server
	mu       sync.Mutex
	requests map[string][]http.Header
}

func newFeedServer(tb testing.TB, handlers map[string]http.HandlerFunc) *feedServer {
	tb.Helper()
	fs := &feedServer{requests: make(map[string][]http.Header)}
	mux := http.NewServeMux()
	for path, h := range handlers {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			fs.mu.Lock()
			fs.requests[r.URL.Path] = append(fs.requests[r.URL.Path], r.Header.Clone())
			fs.mu.Unlock()
			h(w, r)
		})
	}
	fs.Server = httptest.NewServer(mux)
	tb.Cleanup(fs.Close)
	return fs
}

// headers returns the headers of every request made for path.
func (fs *feedServer) headers(path string) []http.Header {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return fs.requests[path]
}

// serveBody answers with body and content type ct.
func serveBody(ct, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", ct)
		fmt.Fprint(w, body)
	}
}

// serveWithETag answers with body and etag, or "not modified" to a
// request that names etag.
func serveWithETag(etag, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Write([]byte(body))
	}
}

// serveFile answers with a file from testdata.
func serveFile(tb testing.TB, ct, name string) http.HandlerFunc {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return serveBody(ct, string(b))
}

// newTestFetcher returns a Fetcher with its state in a temporary directory,
// closed at the end of the test. Test servers listen on loopback, so it
// allows private addresses; tests of the address guard call New.
func newTestFetcher(tb testing.TB, feeds []Feed, sink Sink, opts Options) *Fetcher {
	tb.Helper()
	opts.AllowPrivateAddresses = true
	if opts.StatePath == "" {
		opts.StatePath = filepath.Join(tb.TempDir(), "feeds.db")
	}
	f, err := New(feeds, sink, opts)
	if err != nil {
		tb.Fatalf("New: %v", err)
	}
	tb.Cleanup(func() { f.Close() })
	return f
}

// rssFeed builds an RSS document with one item per (guid, title, text).
func rssFeed(title string, items ...[3]string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0"?><rss version="2.0"><channel><title>%s</title>`, title)
	for _, it := range items {
		fmt.Fprintf(&b, `<item><guid isPermaLink="false">%s</guid><title>%s</title>`+
			`<link>https://example.com/%s</link><description>%s</description></item>`,
			it[0], it[1], it[0], it[2])
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

// healthOf returns the health of the feed with the given URL.
func healthOf(tb testing.TB, f *Fetcher, url string) FeedHealth {
	tb.Helper()
	for _, h := range f.Health() {
		if h.URL == url {
			return h
		}
	}
	tb.Fatalf("no health for %s", url)
	return FeedHealth{}
}
