package discordtest

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// Test identities used by the interaction builders.
const (
	GuildID   = "300000000000000001"
	ChannelID = "300000000000000002"
	UserID    = "300000000000000003"
)

// member is a guild member with the given permissions.
func member(userID string, perms int64) *discordgo.Member {
	return &discordgo.Member{User: &discordgo.User{ID: userID, Username: "user" + userID}, Permissions: perms}
}

// SlashCommand builds a slash-command interaction from a guild member.
// String option values are strings; pass float64 or bool for others.
func SlashCommand(name string, options map[string]any) *discordgo.Interaction {
	var opts []*discordgo.ApplicationCommandInteractionDataOption
	for k, v := range options {
		opts = append(opts, &discordgo.ApplicationCommandInteractionDataOption{Name: k, Type: optionType(v), Value: v})
	}
	return &discordgo.Interaction{
		Type: discordgo.InteractionApplicationCommand, GuildID: GuildID, ChannelID: ChannelID,
		Member: member(UserID, 1<<11|1<<10), Locale: discordgo.EnglishUS,
		Data: discordgo.ApplicationCommandInteractionData{ID: "400000000000000001", Name: name,
			CommandType: discordgo.ChatApplicationCommand, Options: opts},
	}
}

// Subcommand builds a slash-command interaction for subcommand sub of
// name, from a guild member with permissions perms.
func Subcommand(name, sub string, options map[string]any, perms int64) *discordgo.Interaction {
	i := SlashCommand(name, options)
	data := i.Data.(discordgo.ApplicationCommandInteractionData)
	data.Options = []*discordgo.ApplicationCommandInteractionDataOption{{
		Name: sub, Type: discordgo.ApplicationCommandOptionSubCommand, Options: data.Options,
	}}
	i.Data = data
	i.Member.Permissions = perms
	return i
}

// Autocomplete builds an autocomplete interaction for option focused.
func Autocomplete(name, focused, typed string) *discordgo.Interaction {
	i := SlashCommand(name, nil)
	i.Type = discordgo.InteractionApplicationCommandAutocomplete
	data := i.Data.(discordgo.ApplicationCommandInteractionData)
	data.Options = []*discordgo.ApplicationCommandInteractionDataOption{{
		Name: focused, Type: discordgo.ApplicationCommandOptionString, Value: typed, Focused: true,
	}}
	i.Data = data
	return i
}

// ButtonClick builds a click on a button with customID.
func ButtonClick(customID string) *discordgo.Interaction {
	return &discordgo.Interaction{
		Type: discordgo.InteractionMessageComponent, GuildID: GuildID, ChannelID: ChannelID,
		Member:  member(UserID, 1<<11),
		Message: &discordgo.Message{ID: "500000000000000001", ChannelID: ChannelID},
		Data:    discordgo.MessageComponentInteractionData{CustomID: customID, ComponentType: discordgo.ButtonComponent},
	}
}

// MessageCommand builds a message context-menu interaction on a message
// with the given text.
func MessageCommand(name, text string) *discordgo.Interaction {
	target := "600000000000000001"
	return &discordgo.Interaction{
		Type: discordgo.InteractionApplicationCommand, GuildID: GuildID, ChannelID: ChannelID,
		Member: member(UserID, 1<<11),
		Data: discordgo.ApplicationCommandInteractionData{ID: "400000000000000002", Name: name,
			CommandType: discordgo.MessageApplicationCommand, TargetID: target,
			Resolved: &discordgo.ApplicationCommandInteractionDataResolved{Messages: map[string]*discordgo.Message{
				target: {ID: target, ChannelID: ChannelID, Content: text, Author: &discordgo.User{ID: "7"}},
			}}},
	}
}

func optionType(v any) discordgo.ApplicationCommandOptionType {
	switch v.(type) {
	case float64:
		return discordgo.ApplicationCommandOptionNumber
	case bool:
		return discordgo.ApplicationCommandOptionBoolean
	}
	return discordgo.ApplicationCommandOptionString
}

// LoadInteraction reads a real interaction payload (JSON as Discord sends
// it) from the file at path, e.g. testdata/slash_digest.json.
func LoadInteraction(tb testing.TB, path string) *discordgo.Interaction {
	tb.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var i discordgo.Interaction
	if err := json.Unmarshal(raw, &i); err != nil {
		tb.Fatalf("unmarshal %s: %v", path, err)
	}
	return &i
}
