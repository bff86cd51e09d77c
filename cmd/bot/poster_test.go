package main

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle/internal/commands"
	"github.com/chronicle-bot/chronicle/internal/digest"
	"github.com/chronicle-bot/chronicle/internal/discord"
	"github.com/chronicle-bot/chronicle/internal/schedule"
)

func TestDigestPoster(t *testing.T) {
	other := errors.New("connection reset")
	tests := []struct {
		name      string
		postErr   error
		permanent bool
		status    int
	}{
		{"posted", nil, false, 0},
		{"forbidden", &discord.APIError{Op: "post", Status: 403}, true, 403},
		{"not found", &discord.APIError{Op: "post", Status: 404}, true, 404},
		{"other error is retried", other, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got commands.Response
			p := digestPoster{post: func(_ context.Context, ch string, r commands.Response) error {
				got = r
				return tt.postErr
			}}
			d := digest.Digest{From: time.Date(2024, 3, 25, 0, 0, 0, 0, time.UTC), To: time.Date(2024, 3, 26, 0, 0, 0, 0, time.UTC)}
			err := p.PostDigest(context.Background(), "42", d)
			if got.Content != d.Markdown() {
				t.Errorf("posted %q, want the digest's Markdown %q", got.Content, d.Markdown())
			}
			if schedule.Permanent(err) != tt.permanent {
				t.Errorf("PostDigest error %v: Permanent = %v, want %v", err, schedule.Permanent(err), tt.permanent)
			}
			var ce *schedule.ChannelError
			if errors.As(err, &ce) && (ce.Status != tt.status || ce.ChannelID != "42") {
				t.Errorf("ChannelError = %+v, want status %d for channel 42", ce, tt.status)
			}
			if tt.postErr != nil && !errors.Is(err, tt.postErr) {
				t.Errorf("error %v does not wrap %v", err, tt.postErr)
			}
		})
	}
}
