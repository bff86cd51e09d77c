package discord

import (
	"context"
	"errors"
	"fmt"

	"github.com/bwmarrin/discordgo"
	"github.com/chronicle-bot/chronicle"
)

// CanPost reports whether the bot can send messages in channelID, which
// must be a text or announcement channel of guildID: nil when it can, a
// *chronicle.Error (EINVALID) with a message for the user when it cannot,
// and a wrapped error when Discord could not be asked. It satisfies
// commands.ChannelChecker, for /schedule and /watch alike: its messages
// fit both.
//
// It uses REST calls only, so it works without gateway state (in HTTP
// interactions mode too): the channel and its permission overwrites, the
// guild's roles and the bot's member roles, combined by channelPermissions.
// The bot user's ID is fetched once and cached.
func (b *Bot) CanPost(ctx context.Context, guildID, channelID string) error {
	if !snowflake(guildID) || !snowflake(channelID) {
		// Only a forged interaction carries one: sent as it is, "abc/../../x"
		// was the path /channels/abc/../../x, which resolves to /x.
		return chronicle.Errorf(chronicle.EINVALID, "That channel doesn't exist (or I can't see it).")
	}
	ch, err := b.session.Channel(channelID, discordgo.WithContext(ctx))
	if err != nil {
		err = apiError("get channel "+channelID, err)
		switch {
		case errors.Is(err, ErrForbidden):
			return fmt.Errorf("%w (%w)", chronicle.Errorf(chronicle.EINVALID,
				"I can't see that channel: give me the View Channel permission in <#%s>.", channelID), err)
		case errors.Is(err, ErrNotFound):
			return fmt.Errorf("%w (%w)", chronicle.Errorf(chronicle.EINVALID,
				"That channel doesn't exist (or I can't see it)."), err)
		}
		return err
	}
	if err := postable(guildID, ch); err != nil {
		return err
	}
	botID, err := b.userID(ctx)
	if err != nil {
		return err
	}
	roles, err := b.session.GuildRoles(guildID, discordgo.WithContext(ctx))
	if err != nil {
		return apiError("get roles of guild "+guildID, err)
	}
	m, err := b.session.GuildMember(guildID, botID, discordgo.WithContext(ctx))
	if err != nil {
		return apiError("get bot member of guild "+guildID, err)
	}
	perms := channelPermissions(guildID, roles, botID, m.Roles, ch.PermissionOverwrites)
	return missingPermission(channelID, perms)
}

// postable refuses channels that are not text or announcement channels of
// guildID. Threads are refused too: their permissions come from the
// parent channel, and a digest or a watch's posts belong in the channel
// itself. The refusals name no kind of post: /schedule and /watch both
// ask.
func postable(guildID string, ch *discordgo.Channel) error {
	switch ch.Type {
	case discordgo.ChannelTypeGuildText, discordgo.ChannelTypeGuildNews:
	case discordgo.ChannelTypeGuildNewsThread, discordgo.ChannelTypeGuildPublicThread, discordgo.ChannelTypeGuildPrivateThread:
		return chronicle.Errorf(chronicle.EINVALID, "I can only post in text and announcement channels, not in threads: pick the thread's channel.")
	default:
		return chronicle.Errorf(chronicle.EINVALID, "I can only post in text and announcement channels.")
	}
	if ch.GuildID != guildID {
		return chronicle.Errorf(chronicle.EINVALID, "That channel is in another server: pick a channel of this one.")
	}
	return nil
}

// missingPermission names the first permission of View Channel and Send
// Messages that perms lacks in channelID, or returns nil.
func missingPermission(channelID string, perms int64) error {
	switch {
	case perms&discordgo.PermissionViewChannel == 0:
		return chronicle.Errorf(chronicle.EINVALID, "I can't see <#%s>: give me the View Channel permission there.", channelID)
	case perms&discordgo.PermissionSendMessages == 0:
		return chronicle.Errorf(chronicle.EINVALID, "I don't have permission to send messages in <#%s>: give me the Send Messages permission there.", channelID)
	}
	return nil
}

// channelPermissions computes a member's permissions in a channel by
// Discord's documented algorithm: the @everyone role (whose ID is the
// guild's) and the member's roles are OR-ed; Administrator grants
// everything; otherwise the channel's @everyone overwrite applies, then
// the member's role overwrites together (denies, then allows), then the
// member's own overwrite. The guild owner, who has every permission, is
// not considered: a bot never owns the guild it serves.
func channelPermissions(guildID string, roles []*discordgo.Role, memberID string, memberRoles []string, overwrites []*discordgo.PermissionOverwrite) int64 {
	has := make(map[string]bool, len(memberRoles))
	for _, id := range memberRoles {
		has[id] = true
	}
	var perms int64
	for _, r := range roles {
		if r.ID == guildID || has[r.ID] {
			perms |= r.Permissions
		}
	}
	if perms&discordgo.PermissionAdministrator != 0 {
		return discordgo.PermissionAll
	}
	var allow, deny int64
	for _, o := range overwrites {
		if o.Type == discordgo.PermissionOverwriteTypeRole && o.ID == guildID {
			perms = perms&^o.Deny | o.Allow
		} else if o.Type == discordgo.PermissionOverwriteTypeRole && has[o.ID] {
			allow, deny = allow|o.Allow, deny|o.Deny
		}
	}
	perms = perms&^deny | allow
	for _, o := range overwrites {
		if o.Type == discordgo.PermissionOverwriteTypeMember && o.ID == memberID {
			perms = perms&^o.Deny | o.Allow
		}
	}
	return perms
}

// userID returns the bot user's ID, fetching it on first use.
func (b *Bot) userID(ctx context.Context) (string, error) {
	b.mu.Lock()
	id := b.botID
	b.mu.Unlock()
	if id != "" {
		return id, nil
	}
	u, err := b.session.User("@me", discordgo.WithContext(ctx))
	if err != nil {
		return "", apiError("get bot user", err)
	}
	b.setUserID(u.ID)
	return u.ID, nil
}

// setUserID caches the bot user's ID.
func (b *Bot) setUserID(id string) {
	b.mu.Lock()
	b.botID = id
	b.mu.Unlock()
}

// snowflake reports whether id can be a Discord ID: 1 to 20 decimal digits
// (a snowflake is a 64-bit number).
func snowflake(id string) bool {
	if id == "" || len(id) > 20 {
		return false
	}
	for i := 0; i < len(id); i++ {
		if id[i] < '0' || id[i] > '9' {
			return false
		}
	}
	return true
}
