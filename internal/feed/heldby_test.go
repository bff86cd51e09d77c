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
)

// TestDuplicateOfAnotherFeedIsSaid: an item whose ID another feed holds is
// dropped as a duplicate; which feed holds it is now logged, so that a
// feed whose GUIDs name another outlet's links is found (helper 75).
func TestDuplicateOfAnotherFeedIsSaid(t *testing.T) {
	item := [3]string{"story-1", "The minister resigns", "The minister resigned on Monday."}
	srv := newFeedServer(t, map[string]http.HandlerFunc{
		"/a": serveBody("application/rss+xml", rssFeed("A", item)),
		"/b": serveBody("application/rss+xml", rssFeed("B", item)),
	})
	var logs bytes.Buffer
	a, b := srv.URL+"/a", srv.URL+"/b"
	f := newTestFetcher(t, []Feed{{URL: a}, {URL: b}}, &fakeSink{},
		Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	rep, err := f.FetchAll(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Duplicates != 1 || rep.Taken != 1 {
		t.Fatalf("Report = %+v, want 1 taken and 1 duplicate", rep)
	}
	out := logs.String()
	said := strings.Contains(out, `feed=`+a+` items=1 held_by=`+b) || strings.Contains(out, `feed=`+b+` items=1 held_by=`+a)
	if !strings.Contains(out, "another feed holds their IDs") || !said {
		t.Errorf("log does not say which feed holds the duplicate:\n%s", out)
	}
}

// TestDuplicateOfAnotherFeedSaidOnce: the feed lists the held item again
// at every fetch; the drop is said at info level once, then at debug
// level, and again at info level when what is held changes.
func TestDuplicateOfAnotherFeedSaidOnce(t *testing.T) {
	one := [3]string{"story-1", "The minister resigns", "The minister resigned on Monday."}
	two := [3]string{"story-2", "A new minister", "A new minister was named on Tuesday."}
	var bBody atomic.Pointer[string] // read by the server's goroutines
	bBody.Store(new(rssFeed("B", one)))
	srv := newFeedServer(t, map[string]http.HandlerFunc{
		"/a": serveBody("application/rss+xml", rssFeed("A", one, two)),
		"/b": func(w http.ResponseWriter, r *http.Request) { serveBody("application/rss+xml", *bBody.Load())(w, r) },
	})
	var logs bytes.Buffer
	a, b := srv.URL+"/a", srv.URL+"/b"
	f := newTestFetcher(t, []Feed{{URL: a}, {URL: b}}, &fakeSink{},
		Options{Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	ctx := context.Background()
	fetch := func(urls ...string) string {
		t.Helper()
		logs.Reset()
		for _, u := range urls {
			if _, err := f.fetchFeeds(ctx, []Feed{{URL: u}}); err != nil {
				t.Fatal(err)
			}
		}
		return logs.String()
	}
	const drop = "feed items dropped: another feed holds their IDs"
	fetch(a) // a takes both stories
	for i, tt := range []struct {
		name, level string
		items       int
	}{
		{"first fetch of b", "INFO", 1},
		{"the same drop again", "DEBUG", 1},
		{"the same drop a third time", "DEBUG", 1},
		{"b lists one more item a holds", "INFO", 2},
	} {
		if i == 3 {
			bBody.Store(new(rssFeed("B", one, two)))
		}
		out := fetch(b)
		line := fmt.Sprintf("level=%s msg=%q feed=%s items=%d held_by=%s", tt.level, drop, b, tt.items, a)
		if !strings.Contains(out, line) || strings.Count(out, drop) != 1 {
			t.Errorf("%s: log does not hold the drop once as\n%s\n%s", tt.name, line, out)
		}
	}
}
