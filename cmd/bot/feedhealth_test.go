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
		// The bot's own failure (its index read-only, its feed state on a
		// full disk) names the host's paths: /sources, which every member
		// of every server may run, says what failed without them.
		{"the bot's own failure", feed.FeedHealth{URL: "https://a.example/rss", ConsecutiveFailures: 1, OwnFailure: true,
			LastError: `put 3 articles from https://a.example/rss: add articles to index "/var/lib/chronicle/index": read-only`},
			"the bot could not store what it fetched; its log says why"},
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
