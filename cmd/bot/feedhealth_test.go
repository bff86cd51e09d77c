package main

import (
	"context"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle/internal/feed"
)

// healthList is a fixed list of feed states.
type healthList []feed.FeedHealth

func (h healthList) Health() []feed.FeedHealth { return h }

// TestFeedHealthShowsOnlyAFailingFeedsError: the feed keeps its last error
// after it recovers (feed.FeedHealth.LastError, for the record), but
// /sources marks a feed with ⚠️ whenever it is given one: a feed that
// failed once was shown failing for ever, its later fetches ignored. Only
// a feed whose last fetch failed gives its error.
func TestFeedHealthShowsOnlyAFailingFeedsError(t *testing.T) {
	day := time.Date(2024, 3, 26, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		h    feed.FeedHealth
		want string
	}{
		{"failing", feed.FeedHealth{URL: "https://a.example/rss", LastError: "unexpected status 502", ConsecutiveFailures: 2}, "unexpected status 502"},
		{"recovered", feed.FeedHealth{URL: "https://a.example/rss", LastError: "unexpected status 502", LastSuccess: day}, ""},
		{"never failed", feed.FeedHealth{URL: "https://a.example/rss", LastSuccess: day}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := feedHealth{healthList{tt.h}}.FeedHealth(context.Background())
			if err != nil || len(got) != 1 {
				t.Fatalf("FeedHealth = %v, %v", got, err)
			}
			if got[0].LastError != tt.want {
				t.Errorf("LastError = %q, want %q", got[0].LastError, tt.want)
			}
		})
	}
}
