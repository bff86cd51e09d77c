package discord

import (
	"strconv"

	"github.com/bwmarrin/discordgo"
	"github.com/chronicle-bot/chronicle/internal/commands"
)

// toApplicationCommands converts command definitions for bulk registration.
func toApplicationCommands(defs []commands.Definition) []*discordgo.ApplicationCommand {
	out := make([]*discordgo.ApplicationCommand, 0, len(defs))
	for _, d := range defs {
		typ := discordgo.ApplicationCommandType(d.Type)
		if typ == 0 {
			typ = discordgo.ChatApplicationCommand
		}
		ac := &discordgo.ApplicationCommand{Type: typ, Name: d.Name, Options: toOptions(d.Options)}
		if typ == discordgo.ChatApplicationCommand {
			ac.Description = d.Description
		}
		if d.DefaultMemberPermissions != 0 {
			p := d.DefaultMemberPermissions
			ac.DefaultMemberPermissions = &p
		}
		if d.GuildOnly {
			ctx := []discordgo.InteractionContextType{discordgo.InteractionContextGuild}
			ac.Contexts = &ctx
		}
		out = append(out, ac)
	}
	return out
}

func toOptions(opts []commands.Option) []*discordgo.ApplicationCommandOption {
	if len(opts) == 0 {
		return nil
	}
	out := make([]*discordgo.ApplicationCommandOption, 0, len(opts))
	for _, o := range opts {
		do := &discordgo.ApplicationCommandOption{
			Type: discordgo.ApplicationCommandOptionType(o.Type), Name: o.Name, Description: o.Description,
			Required: o.Required, Autocomplete: o.Autocomplete, Options: toOptions(o.Options),
			MinValue: o.MinValue, MaxLength: o.MaxLength,
		}
		if o.MaxValue != nil {
			do.MaxValue = *o.MaxValue
		}
		for _, ct := range o.ChannelTypes {
			do.ChannelTypes = append(do.ChannelTypes, discordgo.ChannelType(ct))
		}
		for _, c := range o.Choices {
			var v any = c.Value
			if o.Type == commands.OptionInteger || o.Type == commands.OptionNumber {
				if f, err := strconv.ParseFloat(c.Value, 64); err == nil {
					v = f
				}
			}
			do.Choices = append(do.Choices, &discordgo.ApplicationCommandOptionChoice{Name: c.Name, Value: v})
		}
		out = append(out, do)
	}
	return out
}
