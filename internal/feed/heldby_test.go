package feed

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"strings"
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
