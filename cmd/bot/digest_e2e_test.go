package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/chronicle-bot/chronicle/internal/discord/discordtest"
)

// serveDigestWindow (TestServe): /digest through the fake Discord digests a past
// window given as since/until (testdata/slash_digest.json, a real
// interaction payload: 22-26 March 2024, topic "Moscow attack") or as a date
// and days, and refuses a backwards, future or malformed window with an
// ephemeral reply that says what to fix.
func serveDigestWindow(t *testing.T) {
	tests := []struct {
		name          string
		interaction   *discordgo.Interaction
		wantEphemeral bool
		want          []string
	}{
		{"since and until from testdata", discordtest.LoadInteraction(t, filepath.Join("testdata", "slash_digest.json")), false, []string{"22 Mar 2024", "26 Mar 2024", "ISIS"}},
		{"date and days", discordtest.SlashCommand("digest", map[string]any{"date": "2024-03-25", "days": float64(2)}), false,
			[]string{"25 Mar 2024", "26 Mar 2024", "ISIS"}},
		{"until before since", discordtest.SlashCommand("digest", map[string]any{"since": "2024-03-26", "until": "2024-03-22"}), true,
			[]string{"“until” (2024-03-22) is before “since” (2024-03-26)."}},
		{"future date", discordtest.SlashCommand("digest", map[string]any{"date": "2999-01-01"}), true,
			[]string{"“date” (2999-01-01) is in the future"}},
		{"bad format", discordtest.SlashCommand("digest", map[string]any{"since": "March 22"}), true,
			[]string{"“since” must be a date like 2024-03-26"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := reply(t, tt.interaction)
			text := msg.Text()
			if msg.Ephemeral() != tt.wantEphemeral {
				t.Errorf("/digest reply ephemeral = %v, want %v: %q", msg.Ephemeral(), tt.wantEphemeral, text)
			}
			for _, want := range tt.want {
				if !strings.Contains(text, want) {
					t.Errorf("/digest reply = %q, want %q in it", text, want)
				}
			}
		})
	}
}
