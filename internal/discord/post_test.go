package discord

import (
	"errors"
	"fmt"
	"testing"

	"github.com/chronicle-bot/chronicle/internal/schedule"
)

// TestAPIErrorPermanent: a channel that answers 403 or 404 will not take
// posts, so the scheduler disables its schedule; other failures are retried.
func TestAPIErrorPermanent(t *testing.T) {
	tests := []struct {
		name      string
		err       error
		permanent bool
	}{
		{"forbidden", &APIError{Op: "post message", Status: 403}, true},
		{"not found, wrapped", fmt.Errorf("post digest: %w", &APIError{Op: "post message", Status: 404}), true},
		{"server error", &APIError{Op: "post message", Status: 502}, false},
		{"rate limited", &APIError{Op: "post message", Status: 429}, false},
		{"connection reset", errors.New("connection reset"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := schedule.Permanent(tt.err); got != tt.permanent {
				t.Errorf("schedule.Permanent(%v) = %v, want %v", tt.err, got, tt.permanent)
			}
		})
	}
}
