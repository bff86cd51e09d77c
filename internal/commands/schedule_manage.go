package commands

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/schedule"
)

// What /schedule and /watch share: each keeps a server's list of things
// (digest schedules, watches) that members with Manage Server add, list,
// remove and resume (after their channel refused posts) by number, in
// ephemeral replies, and each asks Discord whether the bot can post in a
// channel before adding or resuming one. The functions below are that
// shape; each command keeps its own options, checks and wording.

// ChannelChecker reports whether the bot can post in a channel: nil when it
// can, an error (ideally a *chronicle.Error saying why) when it cannot.
type ChannelChecker interface {
	CanPost(ctx context.Context, guildID, channelID string) error
}

// manageDefinition is the definition of /name add|list|remove|resume: add
// as given, list, remove and resume described by list, remove and resume,
// remove and resume taking the item's number. Discord shows it only to
// members with Manage Server, in a server, and the router refuses anyone
// else (GuildOnly, DefaultMemberPermissions).
func manageDefinition(name, description string, add Option, list, remove, resume string) Definition {
	add.Type, add.Name = OptionSubcommand, "add"
	id := func() []Option {
		return []Option{{Type: OptionString, Name: "id", Description: fmt.Sprintf("The %s's number, from /%s list", name, name), Required: true, MaxLength: 20}}
	}
	return Definition{
		Name:        name,
		Description: description,
		Options: []Option{
			add,
			{Type: OptionSubcommand, Name: "list", Description: list},
			{Type: OptionSubcommand, Name: "remove", Description: remove, Options: id()},
			{Type: OptionSubcommand, Name: "resume", Description: resume, Options: id()},
		},
		DefaultMemberPermissions: PermissionManageGuild,
		GuildOnly:                true,
		Ephemeral:                true,
	}
}

// manage runs /name add|list|remove|resume: add, list and resume as
// given, remove by the id option in the request's server, answered "Name
// ID removed.".
func manage(ctx context.Context, req Request, name string,
	add, list, resume func(context.Context, Request) (Response, error),
	remove func(ctx context.Context, guildID, id string) error,
) (Response, error) {
	switch req.Subcommand {
	case "remove", "resume":
		if strings.TrimSpace(chronicle.WithoutInvisibles(resumeID(req))) == "" {
			// It said "This server has no schedule ." (an ID of no
			// visible character).
			return Response{}, chronicle.Errorf(chronicle.EINVALID, "Give the number of a %[1]s, as /%[1]s list shows it.", name)
		}
	}
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
		return ephemeral(fmt.Sprintf("%s %s removed.", capital(name), Escape(id))), nil
	case "resume":
		return resume(ctx, req)
	}
	return Response{}, chronicle.Errorf(chronicle.EINVALID, "Use /%[1]s add, /%[1]s list, /%[1]s remove or /%[1]s resume.", name)
}

// capital is name with its first letter in capitals: "Schedule".
func capital(name string) string { return strings.ToUpper(name[:1]) + name[1:] }

// resumeID is the number of the item to resume that the request names
// (schedule.ItemID of the id option, as Remove and Resume read it).
func resumeID(req Request) string { return schedule.ItemID(req.Option("id")) }

// changeRefuser is an optional interface of a Schedules or Watches store
// that refuses every change (schedule.ReadOnly, schedule.WatchReadOnly in a
// replica that does not run them): add and resume ask it first, so that
// its refusal is the reply, before Discord is asked about the channel.
type changeRefuser interface {
	RefusesChanges() error
}

// refusesChanges is store's refusal of every change, or nil when it takes
// changes (or may: it does not say).
func refusesChanges(store any) error {
	if r, ok := store.(changeRefuser); ok {
		return r.RefusesChanges()
	}
	return nil
}

// checkResume asks channels (when set) whether the bot can post in
// channelID again before the disabled name (schedule, watch) id is
// resumed there, as checkChannel does before one is added: a refusal says
// that it stays disabled and why (resumed, it would be disabled again at
// its next post), and a failure to ask says that nothing was resumed.
func checkResume(ctx context.Context, channels ChannelChecker, guildID, channelID, name, id string) error {
	err := checkChannel(ctx, channels, guildID, channelID, name, "resumed")
	if err == nil || chronicle.ErrorCode(err) == chronicle.EINTERNAL {
		return err
	}
	return fmt.Errorf("%w (%w)", chronicle.Errorf(chronicle.EINVALID, "%s %s stays disabled: %s",
		capital(name), Escape(id), chronicle.ErrorMessage(err)), err)
}

// checkChannel asks channels (when set) whether the bot can post in
// channelID before a name (schedule, watch) is added (done: "added", or
// "resumed") there. A refusal (*chronicle.Error) is returned as it is; any
// other error means Discord could not be asked (network, 5xx) and becomes
// an EINTERNAL that says nothing was done, wrapping the cause.
func checkChannel(ctx context.Context, channels ChannelChecker, guildID, channelID, name, done string) error {
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
		"I couldn't check <#%s> with Discord just now, so the %s was not %s. Please try again in a moment.",
		channelID, name, done), err)
}
