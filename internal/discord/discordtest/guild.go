package discordtest

import (
	"net/http"

	"github.com/bwmarrin/discordgo"
)

// DefaultPermissions are the @everyone role's permissions in a guild with
// no roles set: View Channel, Send Messages, Embed Links and Read Message
// History, so the bot can post in any channel by default.
const DefaultPermissions = discordgo.PermissionViewChannel | discordgo.PermissionSendMessages |
	discordgo.PermissionEmbedLinks | discordgo.PermissionReadMessageHistory

// SetChannel makes GET /channels/{ch.ID} answer ch. Channels not set are
// text channels in GuildID with no permission overwrites; a channel whose
// status is 403 or 404 (SetChannelStatus) answers that status instead.
func (s *Server) SetChannel(ch *discordgo.Channel) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.guildChannels[ch.ID] = ch
}

// SetRoles makes GET /guilds/{guildID}/roles answer roles, which should
// include the @everyone role (ID guildID). Guilds not set have one
// @everyone role with DefaultPermissions.
func (s *Server) SetRoles(guildID string, roles ...*discordgo.Role) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.roles[guildID] = roles
}

// SetMemberRoles gives the member userID of guildID these role IDs, as
// GET /guilds/{guildID}/members/{userID} answers. Members not set exist in
// every guild with no roles besides @everyone.
func (s *Server) SetMemberRoles(guildID, userID string, roleIDs ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.members[guildID+"/"+userID] = roleIDs
}

func (s *Server) getChannel(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("channel")
	s.mu.Lock()
	status, ch := s.channels[id], s.guildChannels[id]
	s.mu.Unlock()
	if writeChannelStatus(w, status) {
		return
	}
	if ch == nil {
		ch = &discordgo.Channel{ID: id, GuildID: GuildID, Type: discordgo.ChannelTypeGuildText, Name: "channel-" + id}
	}
	writeJSON(w, http.StatusOK, ch)
}

func (s *Server) guildRoles(w http.ResponseWriter, r *http.Request) {
	guild := r.PathValue("guild")
	s.mu.Lock()
	roles, ok := s.roles[guild]
	s.mu.Unlock()
	if !ok {
		roles = []*discordgo.Role{{ID: guild, Name: "@everyone", Permissions: DefaultPermissions}}
	}
	writeJSON(w, http.StatusOK, roles)
}

func (s *Server) guildMember(w http.ResponseWriter, r *http.Request) {
	guild, user := r.PathValue("guild"), r.PathValue("user")
	s.mu.Lock()
	roles := s.members[guild+"/"+user]
	s.mu.Unlock()
	if roles == nil {
		roles = []string{}
	}
	writeJSON(w, http.StatusOK, &discordgo.Member{GuildID: guild, User: &discordgo.User{ID: user, Username: "user" + user}, Roles: roles})
}
