package commands

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/chronicle-bot/chronicle"
)

// What /schedule and /watch share: each keeps a server's list of things
// (digest schedules, watches) that members with Manage Server add, list and
// remove by number, in ephemeral replies, and each asks Discord whether the
// bot can post in a channel before adding one. The functions below are that
// shape; each command keeps its own options, checks and wording.

// ChannelChecker reports whether the bot can post in a channel: nil when it
// can, an error (ideally a *chronicle.Error saying why) when it cannot.
type ChannelChecker interface {
	CanPost(ctx context.Context, guildID, channelID string) error
}

// manageDefinition is the definition of /name add|list|remove: add as given,
// list and remove described by list and remove, remove taking the item's
// number. Discord shows it only to members with Manage Server, in a server,
// and the router refuses anyone else (GuildOnly, DefaultMemberPermissions).
func manageDefinition(name, description string, add Option, list, remove string) Definition {
	add.Type, add.Name = OptionSubcommand, "add"
	return Definition{
		Name:        name,
		Description: description,
		Options: []Option{
			add,
			{Type: OptionSubcommand, Name: "list", Description: list},
			{Type: OptionSubcommand, Name: "remove", Description: remove, Options: []Option{
				{Type: OptionString, Name: "id", Description: fmt.Sprintf("The %s's number, from /%s list", name, name), Required: true, MaxLength: 20},
			}},
		},
		DefaultMemberPermissions: PermissionManageGuild,
		GuildOnly:                true,
		Ephemeral:                true,
	}
}

// manage runs /name add|list|remove: add and list as given, remove by the
// id option in the request's server, answered "Name ID removed.".
func manage(ctx context.Context, req Request, name string,
	add, list func(context.Context, Request) (Response, error),
	remove func(ctx context.Context, guildID, id string) error,
) (Response, error) {
	switch req.Subcommand {
	case "add":
		return add(ctx, req)
	case "list":
		return list(ctx, req)
	case "remove":
		id := req.Option("id")
		if err := remove(ctx, req.GuildID, id); err != nil {
			return Response{}, err
		}
		return ephemeral(fmt.Sprintf("%s %s removed.", strings.ToUpper(name[:1])+name[1:], Escape(id))), nil
	}
	return Response{}, chronicle.Errorf(chronicle.EINVALID, "Use /%[1]s add, /%[1]s list or /%[1]s remove.", name)
}

// checkChannel asks channels (when set) whether the bot can post in
// channelID before a name (schedule, watch) is added there. A refusal
// (*chronicle.Error) is returned as it is; any other error means Discord
// could not be asked (network, 5xx) and becomes an EINTERNAL that says
// nothing was added, wrapping the cause.
func checkChannel(ctx context.Context, channels ChannelChecker, guildID, channelID, name string) error {
	if channels == nil || channelID == "" {
		return nil
	}
	err := channels.CanPost(ctx, guildID, channelID)
	if err == nil {
		return nil
	}
	var refusal *chronicle.Error
	if errors.As(err, &refusal) {
		return err
	}
	return fmt.Errorf("%w (%w)", chronicle.Errorf(chronicle.EINTERNAL,
		"I couldn't check <#%s> with Discord just now, so the %s was not added. Please try again in a moment.",
		channelID, name), err)
}
