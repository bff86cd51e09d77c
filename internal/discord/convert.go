package discord

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/chronicle-bot/chronicle/internal/commands"
)

// toRequest converts an interaction into a commands.Request.
func toRequest(i *discordgo.Interaction) (commands.Request, error) {
	req := commands.Request{
		ID: i.ID, GuildID: i.GuildID, ChannelID: i.ChannelID, Locale: string(i.Locale),
		Options: map[string]string{},
	}
	switch {
	case i.Member != nil && i.Member.User != nil:
		req.UserID = i.Member.User.ID
		req.Permissions = i.Member.Permissions
	case i.User != nil:
		req.UserID = i.User.ID
	}
	switch i.Type {
	case discordgo.InteractionApplicationCommand, discordgo.InteractionApplicationCommandAutocomplete:
		req.Kind = commands.KindCommand
		if i.Type == discordgo.InteractionApplicationCommandAutocomplete {
			req.Kind = commands.KindAutocomplete
		}
		data, ok := i.Data.(discordgo.ApplicationCommandInteractionData)
		if !ok {
			return req, fmt.Errorf("interaction %s: no command data", i.ID)
		}
		req.Command = data.Name
		req.Subcommand, req.Focused = flattenOptions(data.Options, req.Options)
		if data.CommandType == discordgo.MessageApplicationCommand {
			req.TargetID = data.TargetID
			if data.Resolved != nil {
				req.TargetText = messageText(data.Resolved.Messages[data.TargetID])
			}
		}
	case discordgo.InteractionMessageComponent:
		req.Kind = commands.KindComponent
		data, ok := i.Data.(discordgo.MessageComponentInteractionData)
		if !ok {
			return req, fmt.Errorf("interaction %s: no component data", i.ID)
		}
		req.CustomID = data.CustomID
	default:
		return req, fmt.Errorf("interaction %s: unsupported type %s", i.ID, i.Type)
	}
	return req, nil
}

// flattenOptions copies option values into dst as text, descending into a
// subcommand (group); it returns the subcommand path and the focused option.
// A null option (a nil pointer from the JSON) is skipped.
func flattenOptions(opts []*discordgo.ApplicationCommandInteractionDataOption, dst map[string]string) (sub, focused string) {
	for _, o := range opts {
		if o == nil {
			continue
		}
		switch o.Type {
		case discordgo.ApplicationCommandOptionSubCommand, discordgo.ApplicationCommandOptionSubCommandGroup:
			inner, f := flattenOptions(o.Options, dst)
			return strings.TrimSpace(o.Name + " " + inner), f
		}
		switch v := o.Value.(type) {
		case string:
			dst[o.Name] = v
		case float64:
			dst[o.Name] = strconv.FormatFloat(v, 'f', -1, 64)
		case bool:
			dst[o.Name] = strconv.FormatBool(v)
		case nil:
			dst[o.Name] = ""
		default:
			dst[o.Name] = fmt.Sprint(v)
		}
		if o.Focused {
			focused = o.Name
		}
	}
	return "", focused
}

// messageText is a message's content, or its first embed's text when the
// content is empty (e.g. a message posted by another bot). Null embeds (nil
// pointers from the JSON) are skipped.
func messageText(m *discordgo.Message) string {
	if m == nil {
		return ""
	}
	if strings.TrimSpace(m.Content) != "" {
		return m.Content
	}
	for _, e := range m.Embeds {
		if e != nil {
			return strings.TrimSpace(e.Title + ". " + e.Description)
		}
	}
	return m.Content
}

// noMentions disables every mention, so quoted text pings nobody.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

func toEmbeds(embeds []commands.Embed) []*discordgo.MessageEmbed {
	out := make([]*discordgo.MessageEmbed, 0, len(embeds))
	for _, e := range embeds {
		me := &discordgo.MessageEmbed{Title: e.Title, URL: e.URL, Description: e.Description, Color: e.Color}
		if e.Footer != "" {
			me.Footer = &discordgo.MessageEmbedFooter{Text: e.Footer}
		}
		if !e.Timestamp.IsZero() {
			me.Timestamp = e.Timestamp.UTC().Format(time.RFC3339)
		}
		for _, f := range e.Fields {
			me.Fields = append(me.Fields, &discordgo.MessageEmbedField{Name: f.Name, Value: f.Value, Inline: f.Inline})
		}
		out = append(out, me)
	}
	return out
}

func toComponents(rows []commands.ActionRow) []discordgo.MessageComponent {
	out := make([]discordgo.MessageComponent, 0, len(rows))
	for _, r := range rows {
		row := discordgo.ActionsRow{}
		for _, b := range r.Buttons {
			row.Components = append(row.Components, discordgo.Button{
				Label: b.Label, Style: discordgo.ButtonStyle(b.Style), CustomID: b.CustomID, URL: b.URL, Disabled: b.Disabled,
			})
		}
		out = append(out, row)
	}
	return out
}

func flags(resp commands.Response) discordgo.MessageFlags {
	if resp.Ephemeral {
		return discordgo.MessageFlagsEphemeral
	}
	return 0
}

// toInteractionResponse is the initial reply: a message (type 4), an update
// of the clicked message (type 7) or autocomplete choices (type 8).
func toInteractionResponse(kind commands.Kind, resp commands.Response) *discordgo.InteractionResponse {
	if kind == commands.KindAutocomplete {
		choices := make([]*discordgo.ApplicationCommandOptionChoice, 0, len(resp.Choices))
		for _, c := range resp.Choices {
			choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: c.Name, Value: c.Value})
		}
		return &discordgo.InteractionResponse{
			Type: discordgo.InteractionApplicationCommandAutocompleteResult,
			Data: &discordgo.InteractionResponseData{Choices: choices},
		}
	}
	typ := discordgo.InteractionResponseChannelMessageWithSource
	if kind == commands.KindComponent && resp.Update {
		typ = discordgo.InteractionResponseUpdateMessage
	}
	return &discordgo.InteractionResponse{Type: typ, Data: &discordgo.InteractionResponseData{
		Content: resp.Content, Embeds: toEmbeds(resp.Embeds), Components: toComponents(resp.Components),
		AllowedMentions: noMentions(), Flags: flags(resp),
	}}
}

// toDeferred acknowledges without a reply: type 5 ("thinking…") for
// commands, type 6 (silent) for components.
func toDeferred(kind commands.Kind, ephemeral bool) *discordgo.InteractionResponse {
	if kind == commands.KindAutocomplete {
		// Autocomplete has no deferred form (Discord refuses a type 5
		// there): an empty list of suggestions is its acknowledgement.
		return &discordgo.InteractionResponse{
			Type: discordgo.InteractionApplicationCommandAutocompleteResult,
			Data: &discordgo.InteractionResponseData{Choices: []*discordgo.ApplicationCommandOptionChoice{}},
		}
	}
	if kind == commands.KindComponent {
		return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate}
	}
	r := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}
	if ephemeral {
		r.Data = &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral}
	}
	return r
}

func toWebhookEdit(resp commands.Response) *discordgo.WebhookEdit {
	embeds, comps := toEmbeds(resp.Embeds), toComponents(resp.Components)
	return &discordgo.WebhookEdit{Content: &resp.Content, Embeds: &embeds, Components: &comps, AllowedMentions: noMentions()}
}

func toWebhookParams(resp commands.Response) *discordgo.WebhookParams {
	return &discordgo.WebhookParams{
		Content: resp.Content, Embeds: toEmbeds(resp.Embeds), Components: toComponents(resp.Components),
		AllowedMentions: noMentions(), Flags: flags(resp),
	}
}

func toMessageSend(resp commands.Response) *discordgo.MessageSend {
	return &discordgo.MessageSend{
		Content: resp.Content, Embeds: toEmbeds(resp.Embeds), Components: toComponents(resp.Components),
		AllowedMentions: noMentions(),
	}
}
