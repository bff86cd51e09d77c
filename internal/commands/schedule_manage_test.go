package commands

import (
	"context"
	"testing"

	"github.com/chronicle-bot/chronicle"
)

// TestManageWording: /schedule and /watch share their dispatch and channel
// check, and each still names itself in what it says.
func TestManageWording(t *testing.T) {
	type handler interface {
		Handle(ctx context.Context, req Request) (Response, error)
	}
	tests := []struct {
		name        string
		cmd         func(t *testing.T) handler
		req         func(sub string, opts map[string]string) Request
		add         map[string]string
		wantRemoved string
		wantUse     string
		wantCheck   string
	}{
		{"schedule", func(t *testing.T) handler { return newScheduleCommand(t) },
			func(sub string, opts map[string]string) Request { return scheduleReq(sub, PermissionManageGuild, opts) },
			map[string]string{"channel": "c1", "when": "daily 08:00"},
			"Schedule 1 removed.", "Use /schedule add, /schedule list or /schedule remove.",
			"I couldn't check <#cdown> with Discord just now, so the schedule was not added. Please try again in a moment."},
		{"watch", func(t *testing.T) handler { return newWatchCommand(t) }, watchReq,
			map[string]string{"channel": "c1", "query": "Moscow attack"},
			"Watch 1 removed.", "Use /watch add, /watch list or /watch remove.",
			"I couldn't check <#cdown> with Discord just now, so the watch was not added. Please try again in a moment."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			c := tt.cmd(t)
			if _, err := c.Handle(ctx, tt.req("add", tt.add)); err != nil {
				t.Fatalf("add: %v", err)
			}
			if resp, err := c.Handle(ctx, tt.req("remove", map[string]string{"id": "1"})); err != nil || resp.Content != tt.wantRemoved || !resp.Ephemeral {
				t.Errorf("remove = %q (ephemeral %v), %v; want %q", resp.Content, resp.Ephemeral, err, tt.wantRemoved)
			}
			_, err := c.Handle(ctx, tt.req("rename", nil))
			if chronicle.ErrorCode(err) != chronicle.EINVALID || chronicle.ErrorMessage(err) != tt.wantUse {
				t.Errorf("unknown subcommand = %v, want EINVALID %q", err, tt.wantUse)
			}
			down := map[string]string{"channel": "cdown"}
			for k, v := range tt.add {
				if k != "channel" {
					down[k] = v
				}
			}
			_, err = c.Handle(ctx, tt.req("add", down))
			if chronicle.ErrorCode(err) != chronicle.EINTERNAL || chronicle.ErrorMessage(err) != tt.wantCheck {
				t.Errorf("add with the check failing = %v, want EINTERNAL %q", err, tt.wantCheck)
			}
		})
	}
}
