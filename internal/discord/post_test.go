package discord

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/chronicle-bot/chronicle/internal/schedule"
)

// TestAPIErrorPermanent: only Discord's answers that the channel is gone
// (10003 Unknown Channel) or that the bot may not see or post in it (50001
// Missing Access, 50013 Missing Permissions) disable a schedule or watch;
// any other failure, a 403 or 404 of another code among them (a route a
// REST proxy does not know answers 404 with code 0), is retried. Each
// permanent one says why in words for users.
func TestAPIErrorPermanent(t *testing.T) {
	tests := []struct {
		name      string
		err       error
		permanent bool
		refusal   string
	}{
		{"missing access", &APIError{Op: "post message", Status: 403, Code: 50001, Message: "Missing Access"}, true, "I can't see the channel"},
		{"missing permissions, wrapped", fmt.Errorf("post digest: %w", &APIError{Op: "post message", Status: 403, Code: 50013, Message: "Missing Permissions"}), true, "Send Messages"},
		{"unknown channel", &APIError{Op: "post message", Status: 404, Code: 10003, Message: "Unknown Channel"}, true, "the channel no longer exists"},
		{"proxy 404", &APIError{Op: "post message", Status: 404, Code: 0, Message: "404: Not Found"}, false, ""},
		{"bare 403", &APIError{Op: "post message", Status: 403, Code: 0, Message: "Forbidden"}, false, ""},
		{"403 of another code", &APIError{Op: "post message", Status: 403, Code: 40002, Message: "You need to verify your account"}, false, ""},
		{"server error", &APIError{Op: "post message", Status: 502}, false, ""},
		{"rate limited", &APIError{Op: "post message", Status: 429}, false, ""},
		{"connection reset", errors.New("connection reset"), false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := schedule.Permanent(tt.err); got != tt.permanent {
				t.Errorf("schedule.Permanent(%v) = %v, want %v", tt.err, got, tt.permanent)
			}
			var apiErr *APIError
			if errors.As(tt.err, &apiErr) && !strings.Contains(apiErr.Refusal(), tt.refusal) || tt.refusal == "" && apiErr != nil && apiErr.Refusal() != "" {
				t.Errorf("Refusal() of %v = %q, want it to say %q", tt.err, apiErr.Refusal(), tt.refusal)
			}
		})
	}
}
