package feed

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

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
	has     map[string]string   // ID -> hash
	offered []string            // the IDs offered, in order
	arts    []chronicle.Article // the articles offered, in order
}

func (s *indexSink) Put(_ context.Context, _ string, as []chronicle.Article) (PutResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var res PutResult
	for _, a := range as {
		s.offered = append(s.offered, a.ID)
		s.arts = append(s.arts, a)
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

// oldItem is an item of a feed as a release before recordRule remembered
// it: seen (as taken, or as a duplicate), and fingerprinted unless a
// duplicate.
type oldItem struct {
	feed string
	art  chronicle.Article
	dup  bool
}

// writeOldState writes a feed state file as a release before recordRule
// did: the index generation, the feeds' ETags, seen records without a
// rule, reason or retry, the signatures, and no record rule.
func writeOldState(tb testing.TB, path, gen string, etags map[string]string, items []oldItem) {
	tb.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	first := time.Date(2024, 3, 20, 12, 0, 0, 0, time.UTC)
	err = db.Update(func(tx *bolt.Tx) error {
		bs := map[string]*bolt.Bucket{}
		for _, name := range []string{bucketMeta, bucketFeeds, bucketSeen, bucketSigs} {
			b, err := tx.CreateBucket([]byte(name))
			if err != nil {
				return err
			}
			bs[name] = b
		}
		if err := bs[bucketMeta].Put([]byte(keyGeneration), []byte(gen)); err != nil {
			return err
		}
		for url, etag := range etags {
			v := fmt.Sprintf(`{"etag":%q,"health":{"URL":%q,"LastSuccess":%q}}`, etag, url, first.Format(time.RFC3339))
			if err := bs[bucketFeeds].Put([]byte(url), []byte(v)); err != nil {
				return err
			}
		}
		for i, it := range items {
			v := fmt.Sprintf(`{"o":%q,"h":%q,"t":%q}`, it.feed, it.art.Hash, first.Format(time.RFC3339))
			if it.dup {
				v = fmt.Sprintf(`{"o":%q,"h":%q,"t":%q,"d":true}`, it.feed, it.art.Hash, first.Format(time.RFC3339))
			}
			if err := bs[bucketSeen].Put([]byte(it.art.ID), []byte(v)); err != nil {
				return err
			}
			if sig, ok := fingerprint(it.art); ok && !it.dup {
				k, v := encodeSig(sigEntry{seq: uint64(i + 1), id: it.art.ID, sig: sig})
				if err := bs[bucketSigs].Put(k, v); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// TestItemRefusedByEarlierReleaseOfferedOnce: a release before recordRule
// remembered an item the index refused (a corpus file gave its ID) as if
// it were taken, and never offered it again while the feed listed it as it
// was: only bot index --rebuild brought it in. With a state file of that
// release, the item is offered once more, and taken now that its ID is
// free, although the feed answers "not modified" to the ETag that release
// saved; the other items are offered once, as unchanged, and then no more.
// An item still refused is remembered as refused.
func TestItemRefusedByEarlierReleaseOfferedOnce(t *testing.T) {
	tests := []struct {
		name      string
		stillHeld bool
		etag      string // the ETag that release saved, and the feed's
		// wantFirst are the titles offered at the first fetch after the
		// upgrade (none are at the second).
		wantFirst []string
	}{
		{name: "its ID is free now", etag: `"v1"`, wantFirst: []string{"Alpha story", "Beta story"}},
		{name: "its ID is free now, no ETag", wantFirst: []string{"Alpha story", "Beta story"}},
		{name: "its ID is still held", stillHeld: true, etag: `"v1"`, wantFirst: []string{"Alpha story", "Beta story"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			etag := tt.etag
			body := rssFeed("F", [3]string{"a", "Alpha story", "Alpha text."}, [3]string{"b", "Beta story", "Beta text."})
			serve := serveBody("application/rss+xml", body)
			if etag != "" {
				serve = serveWithETag(etag, body)
			}
			srv := newFeedServer(t, map[string]http.HandlerFunc{"/f": serve})
			url := srv.URL + "/f"
			arts := itemsOf(t, url, body)
			alpha, beta := arts["Alpha story"], arts["Beta story"]
			path := filepath.Join(t.TempDir(), "feeds.db")
			etags := map[string]string{}
			if etag != "" {
				etags[url] = etag
			}
			writeOldState(t, path, "g1", etags,
				[]oldItem{{feed: url, art: alpha}, {feed: url, art: beta}})
			// The index has Alpha; it refused Beta, whose ID a corpus
			// file gave.
			sink := &indexSink{held: map[string]bool{beta.ID: tt.stillHeld}, has: map[string]string{alpha.ID: alpha.Hash}}
			gen := &generations{gen: "g1"}
			var logs syncBuffer
			clk := newClock()
			f := newTestFetcher(t, []Feed{{URL: url, Interval: time.Minute}}, sink,
				Options{StatePath: path, Now: clk.Now, Generation: gen.Generation, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
			if !strings.Contains(logs.String(), "earlier release") {
				t.Errorf("the upgrade is not said: %q", logs.String())
			}
			titles := func(ids []string) []string {
				var out []string
				for _, id := range ids {
					for title, a := range arts {
						if a.ID == id {
							out = append(out, title)
						}
					}
				}
				return out
			}
			ctx := context.Background()
			rep, err := f.FetchAll(ctx)
			if err != nil {
				t.Fatalf("FetchAll: %v", err)
			}
			if got := titles(sink.take()); fmt.Sprint(got) != fmt.Sprint(tt.wantFirst) {
				t.Errorf("first fetch offered %q, want %q", got, tt.wantFirst)
			}
			wantTaken := 1
			if tt.stillHeld {
				wantTaken = 0
			}
			if rep.Taken != wantTaken || rep.Unchanged != 1 {
				t.Errorf("first fetch: Report = %+v, want %d taken and 1 unchanged", rep, wantTaken)
			}
			if got := srv.headers("/f")[0].Get("If-None-Match"); got != "" {
				t.Errorf("the first fetch sent If-None-Match %q: the ETag of the earlier release hides its items", got)
			}
			clk.Advance(time.Minute)
			if _, err := f.FetchAll(ctx); err != nil {
				t.Fatalf("FetchAll: %v", err)
			}
			if got := titles(sink.take()); len(got) != 0 {
				t.Errorf("second fetch offered %q, want nothing (each item is offered once more, not at every fetch)", got)
			}
			// The file keeps the rule: a restart does not offer them again.
			f.Close()
			f = newTestFetcher(t, []Feed{{URL: url, Interval: time.Minute}}, sink,
				Options{StatePath: path, Now: clk.Now, Generation: gen.Generation})
			if _, err := f.FetchAll(ctx); err != nil {
				t.Fatalf("FetchAll after a restart: %v", err)
			}
			if got := titles(sink.take()); len(got) != 0 {
				t.Errorf("fetch after a restart offered %q, want nothing", got)
			}
		})
	}
}

// TestCopyOfRefusedStoryTaken: an item dropped as a near-duplicate of an
// article that the index refused since (a corpus file gives its ID) is
// taken: the refused article's fingerprint is let go, and the copy, which
// repeats no article taken, is offered again. Before, the copy was
// remembered as a duplicate for good, and the story was nowhere in the
// index: when a release before recordRule had fingerprinted the refused
// item, and when the original, taken first, was refused after a change.
// Feeds are fetched one at a time in the order given, a minute apart.
func TestCopyOfRefusedStoryTaken(t *testing.T) {
	story := "The harbour of Quillon reported forty ships waiting on the third day of the dock strike, officials said on Monday evening."
	tests := []struct {
		name string
		old  bool // the state is an earlier release's: x refused and fingerprinted, y its duplicate
		// order is the feeds fetched, "a" (the original, x) or "b" (the
		// copy, y); in a state of this release, x is refused from the
		// first fetch of "a" after the first fetch of "b".
		order string
	}{
		{name: "earlier release, the copy's feed first", old: true, order: "bab"},
		{name: "earlier release, the original's feed first", old: true, order: "ab"},
		{name: "this release, the original refused after a change", order: "abab"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var mu sync.Mutex
			bodyA := rssFeed("A", [3]string{"x", "Quillon strike", story})
			bodyB := rssFeed("B", [3]string{"y", "Quillon strike", story})
			srv := newFeedServer(t, map[string]http.HandlerFunc{
				"/a": func(w http.ResponseWriter, r *http.Request) {
					mu.Lock()
					defer mu.Unlock()
					serveBody("application/rss+xml", bodyA)(w, r)
				},
				"/b": serveBody("application/rss+xml", bodyB),
			})
			a, b := srv.URL+"/a", srv.URL+"/b"
			x, y := itemsOf(t, a, bodyA)["Quillon strike"], itemsOf(t, b, bodyB)["Quillon strike"]
			path := filepath.Join(t.TempDir(), "feeds.db")
			sink := &indexSink{held: map[string]bool{}, has: map[string]string{}}
			if tt.old {
				writeOldState(t, path, "g1", nil, []oldItem{{feed: a, art: x}, {feed: b, art: y, dup: true}})
				sink.held[x.ID] = true
			}
			clk := newClock()
			gen := &generations{gen: "g1"}
			ctx := context.Background()
			fetchedB := false
			var offered []string
			for _, which := range tt.order {
				url := a
				if which == 'b' {
					url = b
				} else if fetchedB && !tt.old {
					// The original changes, and a corpus file now
					// gives its ID.
					mu.Lock()
					bodyA = rssFeed("A", [3]string{"x", "Quillon strike", story + " Talks resume on Friday."})
					mu.Unlock()
					sink.mu.Lock()
					sink.held[x.ID] = true
					sink.mu.Unlock()
				}
				f := newTestFetcher(t, []Feed{{URL: url, Interval: time.Minute}}, sink,
					Options{StatePath: path, Now: clk.Now, Generation: gen.Generation})
				if _, err := f.FetchAll(ctx); err != nil {
					t.Fatalf("FetchAll of %s: %v", url, err)
				}
				f.Close()
				offered = append(offered, sink.take()...)
				if which == 'b' && !fetchedB && !tt.old {
					sink.mu.Lock()
					_, took := sink.has[y.ID]
					sink.mu.Unlock()
					if took {
						t.Fatalf("the copy was taken while the original was in the index: no duplicate to begin with")
					}
				}
				fetchedB = fetchedB || which == 'b'
				clk.Advance(time.Minute)
			}
			sink.mu.Lock()
			defer sink.mu.Unlock()
			if _, ok := sink.has[y.ID]; !ok {
				t.Errorf("the copy from feed B was not taken (offered: %v; x is %s, y is %s)", offered, x.ID, y.ID)
			}
		})
	}
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

// TestEarlierReleaseItemKeepsItsPageText: an item of a full-text feed
// that a release before recordRule remembered is offered once more only
// with its page's text: with its summary it would replace the text the
// index took from the page. A page that fails leaves the item as it was,
// and is not fetched again while the item is unchanged; a page not read by
// the deadline is read, and the item offered, by the next fetch.
func TestEarlierReleaseItemKeepsItsPageText(t *testing.T) {
	tests := []struct {
		name string
		// fail says how the page answers its n-th request (from 1).
		fail func(n int) string // "", "error" or "hang"
		// wantOffered is how many times the item is offered, with its
		// page's text, in two fetches; wantPages the page requests.
		wantOffered, wantPages int
	}{
		{name: "the page is read", fail: func(int) string { return "" }, wantOffered: 1, wantPages: 1},
		{name: "the page fails", fail: func(int) string { return "error" }, wantOffered: 0, wantPages: 1},
		{name: "the page is late once", fail: func(n int) string {
			if n == 1 {
				return "hang"
			}
			return ""
		}, wantOffered: 1, wantPages: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var requests atomic.Int32
			srv := newFeedServer(t, map[string]http.HandlerFunc{
				"/page/": func(w http.ResponseWriter, r *http.Request) {
					switch tt.fail(int(requests.Add(1))) {
					case "error":
						http.Error(w, "unavailable", http.StatusInternalServerError)
						return
					case "hang":
						select {
						case <-r.Context().Done():
						case <-time.After(5 * time.Second): // hang guard
						}
						return
					}
					w.Header().Set("Content-Type", "text/html")
					fmt.Fprint(w, storyPage("p1"))
				},
			})
			body := pageFeed(srv.URL, "A one-line summary.")
			srv.Config.Handler.(*http.ServeMux).HandleFunc("/feed", serveBody("application/rss+xml", body))
			url := srv.URL + "/feed"
			story := itemsOf(t, url, body)["Story p1"]
			path := filepath.Join(t.TempDir(), "feeds.db")
			writeOldState(t, path, "g1", nil, []oldItem{{feed: url, art: story}})
			sink := &indexSink{held: map[string]bool{}, has: map[string]string{}}
			clk := newClock()
			gen := &generations{gen: "g1"}
			f := newTestFetcher(t, []Feed{{URL: url, Interval: time.Minute, FullText: true}}, sink,
				Options{StatePath: path, Now: clk.Now, Generation: gen.Generation, FullTextDeadline: 300 * time.Millisecond})
			for range 2 {
				if _, err := f.FetchAll(context.Background()); err != nil {
					t.Fatalf("FetchAll: %v", err)
				}
				clk.Advance(time.Minute)
			}
			sink.mu.Lock()
			defer sink.mu.Unlock()
			for _, a := range sink.arts {
				if !strings.Contains(textOf(a.Paragraphs), "full text of story number p1") {
					t.Errorf("the item was offered with %q, not its page's text: it would replace the page's text in the index", textOf(a.Paragraphs))
				}
			}
			if len(sink.arts) != tt.wantOffered || int(requests.Load()) != tt.wantPages {
				t.Errorf("the item was offered %d times and its page asked for %d times, want %d and %d",
					len(sink.arts), requests.Load(), tt.wantOffered, tt.wantPages)
			}
		})
	}
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
