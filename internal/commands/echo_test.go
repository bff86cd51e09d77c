package commands

import (
	"context"
	"strings"
	"testing"

	"github.com/chronicle-bot/chronicle"
)

// What a user typed in an option comes back in a refusal escaped, as
// /digest and /timeline quote it (Request.quote): a role tag, a masked link,
// bold or a spoiler shows as typed and does not render (helper h48a: /search
// "from" and /schedule add "when" rendered them).
func TestRefusalsQuoteOptionsAsTyped(t *testing.T) {
	const manage = PermissionManageGuild | 1<<11
	search := func(opts map[string]string) func(*testing.T) error {
		return func(*testing.T) error {
			_, err := (&Search{Searcher: &fakeSearcher{}}).Handle(context.Background(), Request{Options: opts})
			return err
		}
	}
	add := func(when string) func(*testing.T) error {
		return func(t *testing.T) error {
			_, err := newScheduleCommand(t).Handle(context.Background(),
				scheduleReq("add", manage, map[string]string{"channel": "c1", "when": when}))
			return err
		}
	}
	tests := []struct {
		name  string
		run   func(*testing.T) error
		typed string
	}{
		{"search from, a role tag", search(map[string]string{"query": "Moscow", "from": "<@&12345>"}), "<@&12345>"},
		{"search to, spoiler and bold", search(map[string]string{"query": "Moscow", "to": "||x||**y**"}), "||x||**y**"},
		{"schedule when, words", add("<@&42> **bold** [x](https://evil.example) @everyone"), "<@&42> **bold** [x](https://evil.example) @everyone"},
		{"schedule when, sugar with a bad time", add("daily **8am**"), "daily **8am**"},
		{"schedule when, five fields", add("0 8 * * ||fri||"), "0 8 * * ||fri||"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.run(t)
			if chronicle.ErrorCode(err) != chronicle.EINVALID {
				t.Fatalf("err = %v, want EINVALID", err)
			}
			msg := chronicle.ErrorMessage(err)
			if want := "“" + Escape(tt.typed) + "”"; !strings.Contains(msg, want) {
				t.Errorf("refusal %q, want the input quoted as %s", msg, want)
			}
			for _, live := range []string{"<@&", "@everyone"} { // escaped markup keeps its characters
				if strings.Contains(tt.typed, live) && strings.Contains(msg, live) {
					t.Errorf("refusal %q renders %q", msg, live)
				}
			}
		})
	}
}
