package discord

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/chronicle-bot/chronicle/internal/commands"
	"github.com/chronicle-bot/chronicle/internal/discord/discordtest"
	"github.com/google/go-cmp/cmp"
)

func TestToRequest(t *testing.T) {
	tests := []struct {
		file string
		want commands.Request
	}{
		{"slash_ask.json", commands.Request{Kind: commands.KindCommand, ID: "1221000000000000001", Command: "ask",
			Options: map[string]string{"question": "Who claimed the Moscow attack?"}, UserID: "300000000000000003",
			GuildID: "300000000000000001", ChannelID: "300000000000000002", Permissions: 2251799813685247, Locale: "en-GB"}},
		{"slash_search_dm.json", commands.Request{Kind: commands.KindCommand, ID: "1221000000000000002", Command: "search",
			Options: map[string]string{"query": "Moscow attack", "from": "2024-03-20", "to": "2024-03-26"},
			UserID:  "300000000000000003", ChannelID: "300000000000000009", Locale: "en-US"}},
		{"autocomplete_article.json", commands.Request{Kind: commands.KindAutocomplete, ID: "1221000000000000003", Command: "article",
			Options: map[string]string{"id": "Moscow con"}, Focused: "id", UserID: "300000000000000003",
			GuildID: "300000000000000001", ChannelID: "300000000000000002", Permissions: 1024, Locale: "en-US"}},
		{"button_search.json", commands.Request{Kind: commands.KindComponent, ID: "1221000000000000004",
			CustomID: "search:v1:1:20240320::Moscow attack", Options: map[string]string{}, UserID: "300000000000000003",
			GuildID: "300000000000000001", ChannelID: "300000000000000002", Permissions: 3072, Locale: "en-US"}},
		{"message_check.json", commands.Request{Kind: commands.KindCommand, ID: "1221000000000000005", Command: "Check in sources",
			Options: map[string]string{}, UserID: "300000000000000003", GuildID: "300000000000000001",
			ChannelID: "300000000000000002", Permissions: 1024, Locale: "de", TargetID: "1221000000000000050",
			TargetText: "ISIS claimed the Moscow attack, that's what I read @everyone"}},
		{"subcommand_schedule.json", commands.Request{Kind: commands.KindCommand, ID: "1221000000000000006", Command: "schedule",
			Subcommand: "add", Options: map[string]string{"channel": "300000000000000002", "when": "daily 08:00", "days": "7", "quiet": "true"},
			UserID: "300000000000000003", GuildID: "300000000000000001", ChannelID: "300000000000000002",
			Permissions: commands.PermissionManageGuild, Locale: "en-US"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := toRequest(discordtest.LoadInteraction(t, filepath.Join("testdata", tt.file)))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("toRequest(%s) (-want +got):\n%s", tt.file, diff)
			}
		})
	}
	if _, err := toRequest(discordtest.LoadInteraction(t, filepath.Join("testdata", "ping.json"))); err == nil {
		t.Error("toRequest(ping) succeeded, want an error")
	}
}

func TestToInteractionResponseJSON(t *testing.T) {
	resp := commands.Response{
		Content: "hi", Ephemeral: true,
		Embeds: []commands.Embed{{Title: "T", URL: "https://x.example", Description: "D", Footer: "F",
			Timestamp: time.Date(2024, 3, 25, 0, 0, 0, 0, time.UTC), Fields: []commands.Field{{Name: "N", Value: "V", Inline: true}}}},
		Components: []commands.ActionRow{{Buttons: []commands.Button{{Label: "Next", Style: commands.ButtonPrimary, CustomID: "search:v1:1:::x"}}}},
	}
	raw, _ := json.Marshal(toInteractionResponse(commands.KindCommand, resp))
	want := `{"type":4,"data":{"tts":false,"content":"hi","components":[{"components":[{"label":"Next","style":1,"disabled":false,"custom_id":"search:v1:1:::x","type":2}],"type":1}],` +
		`"embeds":[{"url":"https://x.example","title":"T","description":"D","timestamp":"2024-03-25T00:00:00Z","footer":{"text":"F"},"fields":[{"name":"N","value":"V","inline":true}]}],` +
		`"allowed_mentions":{"parse":[],"replied_user":false},"flags":64}}`
	if string(raw) != want {
		t.Errorf("JSON =\n%s\nwant\n%s", raw, want)
	}
	tests := []struct {
		name string
		kind commands.Kind
		resp commands.Response
		want discordgo.InteractionResponseType
	}{
		{"component update", commands.KindComponent, commands.Response{Update: true}, discordgo.InteractionResponseUpdateMessage},
		{"component new message", commands.KindComponent, commands.Response{}, discordgo.InteractionResponseChannelMessageWithSource},
		{"autocomplete", commands.KindAutocomplete, commands.Response{Choices: []commands.Choice{{Name: "a", Value: "b"}}}, discordgo.InteractionApplicationCommandAutocompleteResult},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := toInteractionResponse(tt.kind, tt.resp).Type; got != tt.want {
				t.Errorf("type = %d, want %d", got, tt.want)
			}
		})
	}
	if d := toDeferred(commands.KindCommand, true); d.Type != 5 || d.Data.Flags != discordgo.MessageFlagsEphemeral {
		t.Errorf("toDeferred(command) = %+v", d)
	}
	if d := toDeferred(commands.KindComponent, false); d.Type != 6 {
		t.Errorf("toDeferred(component) = %+v", d)
	}
}

func TestToApplicationCommands(t *testing.T) {
	min1 := 1.0
	defs := []commands.Definition{
		{Name: "ask", Description: "Ask", Options: []commands.Option{{Type: commands.OptionString, Name: "question", Required: true, MaxLength: 300}}},
		{Type: commands.MessageCommand, Name: "Check in sources", Description: "ignored"},
		{Name: "schedule", Description: "S", DefaultMemberPermissions: commands.PermissionManageGuild, GuildOnly: true,
			Options: []commands.Option{{Type: commands.OptionSubcommand, Name: "add", Description: "Add", Options: []commands.Option{
				{Type: commands.OptionInteger, Name: "days", MinValue: &min1, Choices: []commands.Choice{{Name: "week", Value: "7"}}},
				{Type: commands.OptionChannel, Name: "channel", ChannelTypes: []int{0, 5}},
			}}}},
	}
	raw, _ := json.Marshal(toApplicationCommands(defs))
	s := string(raw)
	for _, want := range []string{
		`"type":1,"name":"ask","description":"Ask","options":[{"type":3,"name":"question","channel_types":null,"required":true`,
		`"max_length":300`,
		`{"type":3,"name":"Check in sources","options":null}`,
		`"default_member_permissions":"32"`, `"contexts":[0]`,
		`"choices":[{"name":"week","value":7}]`, `"min_value":1`, `"channel_types":[0,5]`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("commands JSON =\n%s\nwant %s", s, want)
		}
	}
}
