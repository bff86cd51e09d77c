package discord

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chronicle-bot/chronicle/internal/discord/discordtest"
)

// From an adversarial pass over the interactions endpoint: a null where
// Discord's JSON has an object (an option, a resolved message's embed)
// decodes to a nil pointer, which the conversion dereferenced. Over HTTP the
// request died with the connection (no response at all); over the gateway
// the same panic is in a goroutine of its own and stops the bot. Each must
// be answered like the interaction without the null.
func TestNullsInInteractionJSON(t *testing.T) {
	h := newHTTPBot(t)
	tests := []struct {
		file string
		want string
	}{
		{"adv29_null_option.json", "Islamic State"},
		{"adv29_null_suboption.json", "Chronicle help"},
		{"adv29_null_embed.json", "That message has no text I can check."},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			status, out, err := h.do(http.DefaultClient, body, h.now, true)
			if err != nil {
				t.Fatalf("no response: %v", err)
			}
			if status != http.StatusOK {
				t.Fatalf("status = %d (%s), want 200", status, out)
			}
			var cb discordtest.Callback
			if err := json.Unmarshal(out, &cb); err != nil {
				t.Fatalf("response %s: %v", out, err)
			}
			if cb.Type != 4 || !strings.Contains(cb.Data.Text(), tt.want) {
				t.Errorf("reply type %d:\n%s\nwant type 4 containing %q", cb.Type, cb.Data.Text(), tt.want)
			}
		})
	}
}

// TestNullOptionOverTheGateway: the same null over the gateway, where the
// conversion runs in a goroutine of its own, outside the router's panic
// recovery: before the fix the bot (here the test binary) stopped.
func TestNullOptionOverTheGateway(t *testing.T) {
	startBot(t, Config{})
	i := discordtest.LoadInteraction(t, filepath.Join("testdata", "adv29_null_option.json"))
	id, _ := fake.Interact(t, i)
	cb, _ := fake.WaitCallback(t, id)
	if cb.Type != 4 || !strings.Contains(cb.Data.Text(), "Islamic State") || !cb.Data.MentionsDisabled() {
		t.Errorf("callback type %d:\n%s\nwant the answer, mentions disabled", cb.Type, cb.Data.Text())
	}
}
