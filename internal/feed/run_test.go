package feed

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"
)

func TestRunFetchesUntilCancelled(t *testing.T) {
	srv := newFeedServer(t, map[string]http.HandlerFunc{
		"/feed": serveBody("application/rss+xml", rssFeed("Run", [3]string{"r", "Running", "Text."})),
	})
	sink := &fakeSink{}
	f := newTestFetcher(t, []Feed{{URL: srv.URL + "/feed", Interval: time.Hour}}, sink, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.Run(ctx) }()
	deadline := time.Now().Add(5 * time.Second)
	for sink.calls() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("Run did not fetch the due feed")
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Run = %v, want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
	if n := len(srv.headers("/feed")); n != 1 {
		t.Errorf("feed fetched %d times within its interval, want 1", n)
	}
}

func ExampleParagraphs() {
	for _, p := range Paragraphs(`<h2>Update</h2><p>Talks resumed &amp; ended.<br>No deal.</p><script>x()</script>`) {
		fmt.Printf("%s: %s\n", p.Heading, p.Text)
	}
	// Output:
	// Update: Talks resumed & ended.
	// Update: No deal.
}
