package feed

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestMaxItemsPerDay: a feed puts at most MaxItemsPerDay items in 24
// hours; the items past it are not recorded as seen, and the feed's
// validators are not kept (a "not modified" would hide them), so that a
// fetch after the period takes them. The limit is said once a period.
func TestMaxItemsPerDay(t *testing.T) {
	var items [][3]string
	for i := range 5 {
		items = append(items, [3]string{fmt.Sprintf("story-%d", i), fmt.Sprintf("Story %d", i),
			fmt.Sprintf("Story number %d happened on a day of its own, with facts of its own: %d.", i, i*7919)})
	}
	body := rssFeed("Busy", items...)
	const etag = `"v1"`
	srv := newFeedServer(t, map[string]http.HandlerFunc{"/feed": serveWithETag(etag, body)})
	sink := &fakeSink{}
	clk := newClock()
	url := srv.URL + "/feed"
	var logs bytes.Buffer
	f := newTestFetcher(t, []Feed{{URL: url, Interval: time.Hour}}, sink,
		Options{Now: clk.Now, MaxItemsPerDay: 3, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	ctx := context.Background()
	for _, tt := range []struct {
		name        string
		advance     time.Duration
		taken, left int  // left: items left for later, in the report
		leftSaid    bool // in the log
	}{
		{"first fetch: 3 of 5", 0, 3, 2, true},
		{"an hour later: none, the 2 still left, not said again", time.Hour, 0, 2, false},
		{"the period over: the 2 left", day, 2, 0, false},
		{"then nothing new", time.Hour, 0, 0, false},
	} {
		clk.Advance(tt.advance)
		logs.Reset()
		rep, err := f.FetchAll(ctx)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if rep.Taken != tt.taken || rep.Deferred != tt.left {
			t.Errorf("%s: took %d and left %d, want %d and %d (report %+v)", tt.name, rep.Taken, rep.Deferred, tt.taken, tt.left, rep)
		}
		if said := strings.Contains(rep.Summary(), fmt.Sprintf(", %d left for later (a feed reached its daily limit)", tt.left)); said != (tt.left > 0) {
			t.Errorf("%s: summary %q, want it to say %d left for later", tt.name, rep.Summary(), tt.left)
		}
		if said := strings.Contains(logs.String(), "items_left=2 limit=3"); said != tt.leftSaid {
			t.Errorf("%s: warned of the items left: %v, want %v\n%s", tt.name, said, tt.leftSaid, logs.String())
		}
		// /sources reads the items left, and when they are taken, from the health.
		if h := healthOf(t, f, url); h.LastDeferred != tt.left || tt.left > 0 && !h.DayEnds().Equal(h.DayStart.Add(day)) {
			t.Errorf("%s: health says %d left until %v (period from %v), want %d", tt.name, h.LastDeferred, h.DayEnds(), h.DayStart, tt.left)
		}
	}
	var ids []string
	for _, p := range sink.puts {
		for _, a := range p.articles {
			ids = append(ids, a.ID)
		}
	}
	if len(ids) != 5 {
		t.Errorf("put %d articles in all, want each of the 5 once: %v", len(ids), ids)
	}
	if h := healthOf(t, f, url); h.DayTaken != 2 || !h.DayStart.Equal(clk.Now().Add(-time.Hour)) {
		t.Errorf("health: %d taken in the period from %v, want 2 from an hour ago (%v)", h.DayTaken, h.DayStart, clk.Now().Add(-time.Hour))
	}
}

func TestTakenToday(t *testing.T) {
	start := time.Date(2024, 3, 28, 12, 0, 0, 0, time.UTC)
	h := FeedHealth{DayStart: start, DayTaken: 7}
	for _, tt := range []struct {
		name string
		at   time.Time
		want int
	}{
		{"at the start", start, 7},
		{"within the day", start.Add(23 * time.Hour), 7},
		{"a day later", start.Add(day), 0},
		{"clock set back", start.Add(-time.Minute), 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := h.takenToday(tt.at); got != tt.want {
				t.Errorf("takenToday = %d, want %d", got, tt.want)
			}
		})
	}
	if got := h.DayEnds(); !got.Equal(start.Add(day)) {
		t.Errorf("DayEnds = %v, want a day after %v", got, start)
	}
	var fresh FeedHealth
	if !fresh.DayEnds().IsZero() {
		t.Errorf("no period yet, but DayEnds = %v", fresh.DayEnds())
	}
	if got := fresh.takenToday(start); got != 0 {
		t.Errorf("no period yet: %d, want 0", got)
	}
	fresh.addTaken(start, 0)
	if !fresh.DayStart.IsZero() {
		t.Errorf("nothing taken began a period at %v", fresh.DayStart)
	}
	fresh.addTaken(start, 2)
	fresh.addTaken(start.Add(time.Hour), 3)
	if fresh.DayStart != start || fresh.DayTaken != 5 {
		t.Errorf("two puts in a day: %d from %v, want 5 from %v", fresh.DayTaken, fresh.DayStart, start)
	}
	fresh.addTaken(start.Add(day+time.Hour), 1)
	if fresh.DayStart != start.Add(day+time.Hour) || fresh.DayTaken != 1 {
		t.Errorf("a put after the period: %d from %v, want a new period of 1", fresh.DayTaken, fresh.DayStart)
	}
}

// TestFullTextWithinDailyLimit: a full-text feed fetches the pages of as
// many new items as it may still put today, and none once it has put them
// all: at its limit it fetched every item's page at every fetch, to take
// none (review rev37).
func TestFullTextWithinDailyLimit(t *testing.T) {
	var pages atomic.Int32
	srv := newFeedServer(t, map[string]http.HandlerFunc{
		"/page/": func(w http.ResponseWriter, r *http.Request) {
			pages.Add(1)
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, storyPage(strings.TrimPrefix(r.URL.Path, "/page/")))
		},
	})
	srv.Config.Handler.(*http.ServeMux).HandleFunc("/feed", serveBody("application/rss+xml", fullTextFeed(srv.URL, 10)))
	clk := newClock()
	f := newTestFetcher(t, []Feed{{URL: srv.URL + "/feed", FullText: true, Interval: 15 * time.Minute}}, &fakeSink{},
		Options{Now: clk.Now, MaxItemsPerDay: 3})
	for i, wantTaken := range []int{3, 0, 0} {
		before := pages.Load()
		rep, err := f.FetchAll(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if got := pages.Load() - before; rep.Taken != wantTaken || got != int32(wantTaken) {
			t.Errorf("fetch %d: %d pages fetched and %d items taken, want %d of each", i, got, rep.Taken, wantTaken)
		}
		clk.Advance(15 * time.Minute)
	}
}
