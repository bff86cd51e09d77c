package feed

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// pageFeed is a full-text feed of one item whose link is base/page/p1 and
// whose summary is summary.
func pageFeed(base, summary string) string {
	return `<rss version="2.0"><channel><title>Pages</title><item><title>Story p1</title><link>` + base +
		`/page/p1</link><description>` + summary + `</description></item></channel></rss>`
}

// TestRefusedItemPageNotRefetched: an item whose page the feed cannot use,
// or whose article the sink refuses, has its page fetched once while it is
// unchanged, not at every fetch of the feed; a change of the item fetches
// it again at once, and an item the sink refuses is offered again after a
// back-off that doubles up to MaxBackoff. The feed is fetched every minute
// for twelve minutes; the item changes at minute 13.
func TestRefusedItemPageNotRefetched(t *testing.T) {
	tests := []struct {
		name   string
		page   http.HandlerFunc
		refuse bool
		// wantAt are the minutes at which the page is fetched: a refusal
		// waits 2, 4, then 4 minutes (MaxBackoff), and the change at
		// minute 13 is offered at once.
		wantAt []int
	}{
		{name: "the sink refuses the article", refuse: true, page: func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, storyPage("p1"))
		}, wantAt: []int{0, 2, 6, 10, 13}},
		{name: "the page is too large", page: func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, "<html><body><p>"+strings.Repeat("word ", 70000)+"</p></body></html>")
		}, wantAt: []int{0, 13}},
		{name: "the page is not text", page: func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "image/png")
			w.Write([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"))
		}, wantAt: []int{0, 13}},
		{name: "the page has too many elements and the sink refuses", refuse: true, page: func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, strings.Repeat("<b>", maxPageElements+1))
		}, wantAt: []int{0, 2, 6, 10, 13}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var (
				mu      sync.Mutex
				summary = "The first summary."
				minute  atomic.Int32
				fetched []int
			)
			srv := newFeedServer(t, map[string]http.HandlerFunc{
				"/page/": func(w http.ResponseWriter, r *http.Request) {
					mu.Lock()
					fetched = append(fetched, int(minute.Load()))
					mu.Unlock()
					tt.page(w, r)
				},
			})
			srv.Config.Handler.(*http.ServeMux).HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				defer mu.Unlock()
				w.Header().Set("Content-Type", "application/rss+xml")
				fmt.Fprint(w, pageFeed(srv.URL, summary))
			})
			sink := &fakeSink{refuse: func(chronicle.Article) bool { return tt.refuse }}
			clk := newClock()
			f := newTestFetcher(t, []Feed{{URL: srv.URL + "/feed", FullText: true, Interval: time.Minute}}, sink,
				Options{Now: clk.Now, MaxBackoff: 4 * time.Minute, MaxBodyBytes: 256 << 10})
			for m := range 14 {
				minute.Store(int32(m))
				if m == 13 {
					mu.Lock()
					summary = "The second summary."
					mu.Unlock()
				}
				if _, err := f.FetchAll(context.Background()); err != nil {
					t.Fatalf("FetchAll at minute %d: %v", m, err)
				}
				clk.Advance(time.Minute)
			}
			mu.Lock()
			defer mu.Unlock()
			if fmt.Sprint(fetched) != fmt.Sprint(tt.wantAt) {
				t.Errorf("the page was fetched at minutes %v, want %v", fetched, tt.wantAt)
			}
		})
	}
}

// indexSink is a sink that, as the index, takes an article of an ID it
// holds with the same hash as unchanged, and refuses the IDs in held (a
// corpus file gives them).
type indexSink struct {
	mu      sync.Mutex
	held    map[string]bool
	has     map[string]string // ID -> hash
	offered []string          // the IDs offered, in order
}

func (s *indexSink) Put(_ context.Context, _ string, as []chronicle.Article) (PutResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var res PutResult
	for _, a := range as {
		s.offered = append(s.offered, a.ID)
		switch {
		case s.held[a.ID]:
			res.Refused = append(res.Refused, a.ID)
		case s.has[a.ID] != a.Hash:
			s.has[a.ID] = a.Hash
			res.Changed++
		}
	}
	return res, nil
}

// take returns the IDs offered since the last call.
func (s *indexSink) take() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.offered
	s.offered = nil
	return out
}

func (s *indexSink) let(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.held, id)
}

// itemsOf returns the articles of a feed body, as a fetch of url makes them.
func itemsOf(tb testing.TB, url, body string) map[string]chronicle.Article {
	tb.Helper()
	parsed, err := parseFeed([]byte(body))
	if err != nil {
		tb.Fatal(err)
	}
	arts, _ := articles(parsed, url)
	out := make(map[string]chronicle.Article, len(arts))
	for _, a := range arts {
		out[a.Title] = a
	}
	return out
}

// TestRefusedItemOfferedAfterRebuild: an item the sink refused, waiting
// for its retry, is offered at the first fetch after the index generation
// changes (bot index --rebuild), not only after its back-off.
func TestRefusedItemOfferedAfterRebuild(t *testing.T) {
	body := rssFeed("F", [3]string{"a", "Alpha story", "Alpha text."})
	srv := newFeedServer(t, map[string]http.HandlerFunc{"/f": serveWithETag(`"v1"`, body)})
	url := srv.URL + "/f"
	alpha := itemsOf(t, url, body)["Alpha story"]
	sink := &indexSink{held: map[string]bool{alpha.ID: true}, has: map[string]string{}}
	gen := &generations{gen: "g1"}
	clk := newClock()
	f := newTestFetcher(t, []Feed{{URL: url, Interval: time.Minute}}, sink, Options{Now: clk.Now, Generation: gen.Generation})
	ctx := context.Background()
	for i, step := range []struct {
		gen     string
		offered int
	}{
		{gen: "g1", offered: 1}, // refused
		{gen: "g1", offered: 0}, // waits for its retry
		{gen: "g2", offered: 1}, // rebuilt: offered, and taken
	} {
		gen.set(step.gen)
		if i == 2 {
			sink.let(alpha.ID)
		}
		if _, err := f.FetchAll(ctx); err != nil {
			t.Fatalf("FetchAll: %v", err)
		}
		if got := sink.take(); len(got) != step.offered {
			t.Errorf("fetch %d (generation %s) offered %v, want %d items", i, step.gen, got, step.offered)
		}
		clk.Advance(time.Minute)
	}
	if _, ok := sink.has[alpha.ID]; !ok {
		t.Errorf("the item was not taken after the rebuild")
	}
}
