package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/chronicle-bot/chronicle/internal/discord/discordtest"
)

// TestWordlessTopic: a /digest topic, a /timeline query and a /schedule
// topic with no word in them (a zero-width space and punctuation, as
// Discord lets through a required option) get an ephemeral reply that
// says so, as /watch's and a topic of stop words alone do. /digest said
// "No coverage of “​!!!”" of a window full of articles, /timeline "No event
// ... matches", and /schedule add kept a schedule that could never post.
// The payloads are real interactions (testdata/*_wordless_topic.json).
func TestWordlessTopic(t *testing.T) {
	pub, _ := newKey(t)
	r := startMain(t, testConfig(t, pub), MainOptions{})
	waitSynced(t, "http://"+r.m.Addr())
	fake.SetChannel(&discordgo.Channel{ID: discordtest.ChannelID, GuildID: discordtest.GuildID, Type: discordgo.ChannelTypeGuildText})
	tests := []struct {
		name string
		i    *discordgo.Interaction
	}{
		{"digest", discordtest.LoadInteraction(t, filepath.Join("testdata", "slash_digest_wordless_topic.json"))},
		{"timeline", discordtest.SlashCommand("timeline", map[string]any{"query": "\u200b!!!", "since": "2024-03-22", "until": "2024-03-26"})},
		{"schedule add", discordtest.LoadInteraction(t, filepath.Join("testdata", "slash_schedule_wordless_topic.json"))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := reply(t, tt.i)
			if text := msg.Text(); !msg.Ephemeral() || !strings.Contains(text, "no words to search by") {
				t.Errorf("/%s with a wordless topic: reply (ephemeral %v) %q, want an ephemeral one saying it has no words", tt.name, msg.Ephemeral(), text)
			}
			if !msg.MentionsDisabled() {
				t.Errorf("/%s: mentions not disabled", tt.name)
			}
		})
	}
	if list := reply(t, discordtest.Subcommand("schedule", "list", nil, 1<<5)); !strings.Contains(list.Text(), "no digest schedules") {
		t.Errorf("/schedule list after the refused add = %q, want no schedules", list.Text())
	}
}
