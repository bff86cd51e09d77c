package feed

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestLiveBlogUpdatesKept: the updates of a live blog are items with GUIDs
// of their own and one link. Keyed by the link they were one article, and
// each fetch replaced it with the newest update, so that the earlier ones
// were lost from the index (helper 75). Each update is now its own article,
// kept across fetches; items that repeat an ID within the feed are still
// dropped, and said.
func TestLiveBlogUpdatesKept(t *testing.T) {
	var updates atomic.Int32
	updates.Store(2)
	body := func() string {
		var b strings.Builder
		b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Live</title>`)
		for i := updates.Load(); i >= 1; i-- {
			fmt.Fprintf(&b, `<item><guid isPermaLink="false">update-%d</guid><title>Storm update %d</title>`+
				`<link>https://news.example/live/storm</link><description>Update %d: the storm moved north %d miles.</description></item>`, i, i, i, 10*i)
		}
		// A repeat of the first update, as some feeds list it twice.
		b.WriteString(`<item><guid isPermaLink="false">update-1</guid><title>Storm update 1</title>` +
			`<link>https://news.example/live/storm</link><description>Update 1: the storm moved north 10 miles.</description></item>`)
		b.WriteString(`</channel></rss>`)
		return b.String()
	}
	srv := newFeedServer(t, map[string]http.HandlerFunc{"/live": func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, body())
	}})
	clk := newClock()
	sink := &fakeSink{}
	f := newTestFetcher(t, []Feed{{URL: srv.URL + "/live", Interval: time.Minute}}, sink, Options{Now: clk.Now})
	if _, err := f.FetchAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	updates.Store(3)
	clk.Advance(time.Hour)
	if _, err := f.FetchAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, a := range sink.articles() {
		if prev, ok := ids[a.ID]; ok && prev != a.Title {
			t.Errorf("article %s was %q and is now %q: one update replaced another", a.ID, prev, a.Title)
		}
		ids[a.ID] = a.Title
	}
	var titles []string
	for _, title := range ids {
		titles = append(titles, title)
	}
	slices.Sort(titles)
	if want := []string{"Storm update 1", "Storm update 2", "Storm update 3"}; !slices.Equal(titles, want) {
		t.Errorf("articles %q, want every update once: %q", titles, want)
	}
}

// TestLiveBlogFullText: with full_text, the updates of a live blog each
// took the whole page, fetched once per update, and the updates after the
// first were dropped as near-duplicates of it (helper 76). Items that share
// a link keep their own text, and the page is not fetched for them.
func TestLiveBlogFullText(t *testing.T) {
	var updates, pages atomic.Int32
	updates.Store(2)
	var srv *feedServer
	srv = newFeedServer(t, map[string]http.HandlerFunc{
		"/live": func(w http.ResponseWriter, r *http.Request) {
			var b strings.Builder
			b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Live</title>`)
			for i := updates.Load(); i >= 1; i-- {
				fmt.Fprintf(&b, `<item><guid isPermaLink="false">update-%d</guid><title>Storm update %d</title>`+
					`<link>%s/page</link><description>Update %d: the storm moved north by %d miles overnight.</description></item>`, i, i, srv.URL, i, 10*i)
			}
			b.WriteString(`</channel></rss>`)
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprint(w, b.String())
		},
		"/page": func(w http.ResponseWriter, r *http.Request) {
			pages.Add(1)
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, `<html><body><article><h1>Storm live</h1>`+strings.Repeat("<p>The whole live page, every update of the storm at once, far longer than any one update.</p>", 20)+`</article></body></html>`)
		},
	})
	clk := newClock()
	sink := &fakeSink{}
	f := newTestFetcher(t, []Feed{{URL: srv.URL + "/live", Interval: time.Minute, FullText: true}}, sink, Options{Now: clk.Now})
	for _, n := range []int32{2, 3} {
		updates.Store(n)
		clk.Advance(time.Hour)
		if _, err := f.FetchAll(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if got := pages.Load(); got != 0 {
		t.Errorf("the live page was fetched %d times for updates that share its link, want 0", got)
	}
	texts := map[string]string{}
	for _, a := range sink.articles() {
		texts[a.Title] = textOf(a.Paragraphs)
	}
	for i := 1; i <= 3; i++ {
		title := fmt.Sprintf("Storm update %d", i)
		if want := fmt.Sprintf("Update %d:", i); !strings.HasPrefix(texts[title], want) {
			t.Errorf("%s has text %q, want its own, starting %q", title, texts[title], want)
		}
	}
}
