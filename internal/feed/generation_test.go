package feed

import (
	"context"
	"net/http"
	"sync"
	"testing"
)

// generations is a settable index generation.
type generations struct {
	mu  sync.Mutex
	gen string
}

func (g *generations) set(s string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.gen = s
}

func (g *generations) Generation(context.Context) (string, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.gen, nil
}

// TestIssue12_Item2_FeedItemsAfterIndexReset: after an index reset or
// rebuild the feed state still listed the items as seen (and the server
// answered 304 to the saved ETag), so the next fetch put nothing and the
// feed's articles were gone for good.
func TestIssue12_Item2_FeedItemsAfterIndexReset(t *testing.T) {
	body := rssFeed("Wire",
		[3]string{"a1", "Harbour reopens", "The harbour reopened on Monday after repairs."},
		[3]string{"a2", "Council votes", "The council voted to extend the tram line."})
	const etag = `"v1"`
	srv := newFeedServer(t, map[string]http.HandlerFunc{
		"/rss": func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("If-None-Match") == etag {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("ETag", etag)
			serveBody("application/rss+xml", body)(w, r)
		},
	})
	sink := &fakeSink{}
	gen := &generations{gen: "first"}
	f := newTestFetcher(t, []Feed{{URL: srv.URL + "/rss"}}, sink, Options{Generation: gen.Generation})
	ctx := context.Background()

	if _, err := f.FetchAll(ctx); err != nil {
		t.Fatalf("first FetchAll: %v", err)
	}
	if n := len(sink.articles()); n != 2 {
		t.Fatalf("first fetch put %d articles, want 2", n)
	}
	if _, err := f.FetchAll(ctx); err != nil {
		t.Fatalf("second FetchAll: %v", err)
	}
	if n := len(sink.articles()); n != 2 {
		t.Fatalf("an unchanged feed put %d articles in all, want still 2", n)
	}

	gen.set("after-reset") // the index was wiped or rebuilt
	if _, err := f.FetchAll(ctx); err != nil {
		t.Fatalf("FetchAll after the reset: %v", err)
	}
	if n := len(sink.articles()); n != 4 {
		t.Errorf("after the index reset %d articles were put in all, want 4 (both items again)", n)
	}
	hs := srv.headers("/rss")
	if last := hs[len(hs)-1]; last.Get("If-None-Match") != "" {
		t.Errorf("the fetch after the reset sent If-None-Match %q, want no validator", last.Get("If-None-Match"))
	}

	// The state file remembers the new generation across a restart.
	if forgot, err := f.syncGeneration(ctx); err != nil || forgot {
		t.Errorf("syncGeneration with an unchanged generation = %v, %v; want false, nil", forgot, err)
	}
}
