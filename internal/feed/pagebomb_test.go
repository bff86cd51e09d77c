package feed

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"testing"
)

// TestFullTextPageOfTooManyElements: a linked page well within the body
// limit but made of hundreds of thousands of elements (a hostile page:
// readability held some 800 MB to read a 5 MB one, and four pages are read
// at once) is not read: its item keeps the feed's summary, and the log says
// why. A real article page has a few thousand elements.
func TestFullTextPageOfTooManyElements(t *testing.T) {
	page := "<html><body><article>" + strings.Repeat("<p>spam ", 200_000) + "</article></body></html>"
	srv := newFeedServer(t, map[string]http.HandlerFunc{
		"/page/0": serveBody("text/html", page),
	})
	srv.Config.Handler.(*http.ServeMux).HandleFunc("/feed", serveBody("application/rss+xml", fullTextFeed(srv.URL, 1)))
	var logs syncBuffer
	sink := &fakeSink{}
	f := newTestFetcher(t, []Feed{{URL: srv.URL + "/feed", FullText: true}}, sink,
		Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if _, err := f.FetchAll(context.Background()); err != nil {
		t.Fatalf("FetchAll: %v", err)
	}
	got := sink.articles()
	if len(got) != 1 {
		t.Fatalf("got %d articles, want the item taken", len(got))
	}
	if text := textOf(got[0].Paragraphs); text != "Summary 0.\n" {
		t.Errorf("article text %.80q, want the feed's summary kept", text)
	}
	if !strings.Contains(logs.String(), "more than 50000 elements") {
		t.Errorf("log does not say the page has too many elements:\n%.600s", logs.String())
	}
}
