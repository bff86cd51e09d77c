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
