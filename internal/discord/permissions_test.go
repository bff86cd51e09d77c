package discord

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/commands"
	"github.com/chronicle-bot/chronicle/internal/discord/discordtest"
	"github.com/chronicle-bot/chronicle/internal/schedule"
	"golang.org/x/time/rate"
)

const (
	view  = discordgo.PermissionViewChannel
	send  = discordgo.PermissionSendMessages
	admin = discordgo.PermissionAdministrator
)

var _ commands.ChannelChecker = (*Bot)(nil)

func roleOverwrite(id string, allow, deny int64) *discordgo.PermissionOverwrite {
	return &discordgo.PermissionOverwrite{ID: id, Type: discordgo.PermissionOverwriteTypeRole, Allow: allow, Deny: deny}
}

func memberOverwrite(id string, allow, deny int64) *discordgo.PermissionOverwrite {
	return &discordgo.PermissionOverwrite{ID: id, Type: discordgo.PermissionOverwriteTypeMember, Allow: allow, Deny: deny}
}

func TestChannelPermissions(t *testing.T) {
	const guild, botID, botRole, otherRole = "1", "2", "3", "4"
	everyone := func(p int64) *discordgo.Role { return &discordgo.Role{ID: guild, Permissions: p} }
	role := func(id string, p int64) *discordgo.Role { return &discordgo.Role{ID: id, Permissions: p} }
	tests := []struct {
		name        string
		roles       []*discordgo.Role
		memberRoles []string
		overwrites  []*discordgo.PermissionOverwrite
		want        int64 // of view|send
	}{
		{"everyone allowed", []*discordgo.Role{everyone(view | send)}, nil, nil, view | send},
		{"everyone denied send but role allowed", []*discordgo.Role{everyone(view), role(botRole, send)}, []string{botRole}, nil, view | send},
		{"role the bot lacks does not count", []*discordgo.Role{everyone(view), role(otherRole, send)}, []string{botRole}, nil, view},
		{"everyone overwrite denies send", []*discordgo.Role{everyone(view | send)}, nil,
			[]*discordgo.PermissionOverwrite{roleOverwrite(guild, 0, send)}, view},
		{"everyone overwrite denies send but role overwrite allows", []*discordgo.Role{everyone(view | send), role(botRole, 0)}, []string{botRole},
			[]*discordgo.PermissionOverwrite{roleOverwrite(guild, 0, send), roleOverwrite(botRole, send, 0)}, view | send},
		{"channel role overwrite denies", []*discordgo.Role{everyone(view | send), role(botRole, 0)}, []string{botRole},
			[]*discordgo.PermissionOverwrite{roleOverwrite(botRole, 0, send)}, view},
		{"role overwrite allow beats another role's deny", []*discordgo.Role{everyone(view | send), role(botRole, 0), role(otherRole, 0)}, []string{botRole, otherRole},
			[]*discordgo.PermissionOverwrite{roleOverwrite(botRole, 0, send), roleOverwrite(otherRole, send, 0)}, view | send},
		{"overwrite of a role the bot lacks is ignored", []*discordgo.Role{everyone(view | send)}, nil,
			[]*discordgo.PermissionOverwrite{roleOverwrite(otherRole, 0, send)}, view | send},
		{"member overwrite allows", []*discordgo.Role{everyone(view | send), role(botRole, 0)}, []string{botRole},
			[]*discordgo.PermissionOverwrite{roleOverwrite(guild, 0, send), roleOverwrite(botRole, 0, send), memberOverwrite(botID, send, 0)}, view | send},
		{"member overwrite denies", []*discordgo.Role{everyone(view), role(botRole, send)}, []string{botRole},
			[]*discordgo.PermissionOverwrite{roleOverwrite(botRole, send, 0), memberOverwrite(botID, 0, send)}, view},
		{"other member's overwrite is ignored", []*discordgo.Role{everyone(view | send)}, nil,
			[]*discordgo.PermissionOverwrite{memberOverwrite("99", 0, send)}, view | send},
		{"administrator ignores overwrites", []*discordgo.Role{everyone(0), role(botRole, admin)}, []string{botRole},
			[]*discordgo.PermissionOverwrite{roleOverwrite(guild, 0, view|send), roleOverwrite(botRole, 0, view|send), memberOverwrite(botID, 0, view|send)}, view | send},
		{"missing view", []*discordgo.Role{everyone(view | send)}, nil,
			[]*discordgo.PermissionOverwrite{roleOverwrite(guild, 0, view)}, send},
		{"no roles", nil, nil, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := channelPermissions(guild, tt.roles, botID, tt.memberRoles, tt.overwrites) & (view | send)
			if got != tt.want {
				t.Errorf("channelPermissions = %#x, want %#x", got, tt.want)
			}
		})
	}
}

func TestMissingPermission(t *testing.T) {
	tests := []struct {
		name  string
		perms int64
		want  string // "" for nil
	}{
		{"view and send", view | send, ""},
		{"all", discordgo.PermissionAll, ""},
		{"missing send", view, "I don't have permission to send messages in <#5>"},
		{"missing view", send, "I can't see <#5>"},
		{"missing both", 0, "I can't see <#5>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkUserError(t, missingPermission("5", tt.perms), tt.want)
		})
	}
}

// checkUserError checks that err is nil when want is "", and otherwise an
// EINVALID *chronicle.Error whose message contains want.
func checkUserError(tb testing.TB, err error, want string) {
	tb.Helper()
	if want == "" {
		if err != nil {
			tb.Errorf("error = %v, want nil", err)
		}
		return
	}
	var ce *chronicle.Error
	if !errors.As(err, &ce) || ce.Code != chronicle.EINVALID {
		tb.Fatalf("error = %v, want a *chronicle.Error with code %s", err, chronicle.EINVALID)
	}
	if !strings.Contains(ce.Message, want) {
		tb.Errorf("message = %q, want it to contain %q", ce.Message, want)
	}
}

func TestCanPost(t *testing.T) {
	const guild, ch = discordtest.GuildID, "700000000000000001"
	const botRole = "700000000000000009"
	text := func(o ...*discordgo.PermissionOverwrite) *discordgo.Channel {
		return &discordgo.Channel{ID: ch, GuildID: guild, Type: discordgo.ChannelTypeGuildText, PermissionOverwrites: o}
	}
	tests := []struct {
		name     string
		setup    func()
		want     string // user message; "" for success
		internal bool   // want a non-user (internal) error
	}{
		{"default channel", func() {}, "", false},
		{"announcement channel", func() {
			fake.SetChannel(&discordgo.Channel{ID: ch, GuildID: guild, Type: discordgo.ChannelTypeGuildNews})
		}, "", false},
		{"send denied", func() { fake.SetChannel(text(roleOverwrite(guild, 0, send))) },
			"I don't have permission to send messages in <#" + ch + ">", false},
		{"send denied but bot role allowed", func() {
			fake.SetChannel(text(roleOverwrite(guild, 0, send), roleOverwrite(botRole, send, 0)))
			fake.SetRoles(guild, &discordgo.Role{ID: guild, Permissions: view | send}, &discordgo.Role{ID: botRole})
			fake.SetMemberRoles(guild, fake.AppID, botRole)
		}, "", false},
		{"everyone lacks send, bot role has it", func() {
			fake.SetRoles(guild, &discordgo.Role{ID: guild, Permissions: view}, &discordgo.Role{ID: botRole, Permissions: send})
			fake.SetMemberRoles(guild, fake.AppID, botRole)
		}, "", false},
		{"everyone lacks send", func() {
			fake.SetRoles(guild, &discordgo.Role{ID: guild, Permissions: view})
		}, "I don't have permission to send messages", false},
		{"view denied", func() { fake.SetChannel(text(roleOverwrite(guild, 0, view))) }, "I can't see <#" + ch + ">", false},
		{"403", func() { fake.SetChannelStatus(ch, http.StatusForbidden) }, "I can't see that channel", false},
		{"404", func() { fake.SetChannelStatus(ch, http.StatusNotFound) }, "That channel doesn't exist (or I can't see it)", false},
		{"voice channel", func() {
			fake.SetChannel(&discordgo.Channel{ID: ch, GuildID: guild, Type: discordgo.ChannelTypeGuildVoice})
		}, "I can only post in text and announcement channels.", false},
		{"thread", func() {
			fake.SetChannel(&discordgo.Channel{ID: ch, GuildID: guild, Type: discordgo.ChannelTypeGuildPublicThread})
		}, "I can only post in text and announcement channels, not in threads: pick the thread's channel.", false},
		{"another guild", func() {
			fake.SetChannel(&discordgo.Channel{ID: ch, GuildID: "1", Type: discordgo.ChannelTypeGuildText})
		}, "another server", false},
		{"roles unavailable", func() { fake.FailNext(http.MethodGet, "/roles", http.StatusBadRequest, 0, 1) }, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake.Reset()
			b, err := New(Config{Token: fake.Token, APIURL: fake.URL}, newRouter(t, nil), nil)
			if err != nil {
				t.Fatal(err)
			}
			tt.setup()
			err = b.CanPost(context.Background(), guild, ch)
			if tt.internal {
				if err == nil || chronicle.ErrorCode(err) != chronicle.EINTERNAL {
					t.Errorf("CanPost = %v, want an internal error", err)
				}
				return
			}
			checkUserError(t, err, tt.want)
		})
	}
}

func TestCanPostCachesBotUser(t *testing.T) {
	fake.Reset()
	b, err := New(Config{Token: fake.Token, APIURL: fake.URL}, newRouter(t, nil), nil)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := b.CanPost(context.Background(), discordtest.GuildID, discordtest.ChannelID); err != nil {
			t.Fatalf("CanPost = %v, want nil", err)
		}
	}
	var me, member int
	for _, r := range fake.Requests() {
		switch {
		case r.Path == "/api/v9/users/@me":
			me++
		case r.Path == "/api/v9/guilds/"+discordtest.GuildID+"/members/"+fake.AppID:
			member++
		}
	}
	if me != 1 || member != 2 {
		t.Errorf("GET /users/@me %d times and the bot member %d times, want 1 and 2", me, member)
	}
}

// memSchedules is an in-memory commands.Schedules.
type memSchedules struct {
	mu  sync.Mutex
	all []schedule.Schedule
}

func (m *memSchedules) Add(ctx context.Context, s schedule.Schedule) (schedule.Schedule, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.all = append(m.all, s)
	s.ID = strconv.Itoa(len(m.all))
	return s, nil
}

func (m *memSchedules) List(ctx context.Context, guildID string) ([]schedule.Schedule, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]schedule.Schedule(nil), m.all...), nil
}

func (m *memSchedules) Remove(ctx context.Context, guildID, id string) error { return nil }

func (m *memSchedules) Resume(ctx context.Context, guildID, id string) (schedule.Schedule, error) {
	return schedule.Schedule{}, nil
}

func (m *memSchedules) len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.all)
}

// TestScheduleAddChecksChannel runs /schedule add through the gateway bot
// and the fake Discord, with the bot as the command's ChannelChecker.
func TestScheduleAddChecksChannel(t *testing.T) {
	const denied, missing = "700000000000000002", "700000000000000003"
	fake.Reset()
	fake.SetChannel(&discordgo.Channel{ID: denied, GuildID: discordtest.GuildID, Type: discordgo.ChannelTypeGuildText,
		PermissionOverwrites: []*discordgo.PermissionOverwrite{roleOverwrite(discordtest.GuildID, 0, send)}})
	fake.SetChannelStatus(missing, http.StatusNotFound)
	store := &memSchedules{}
	sched := &commands.Schedule{Schedules: store}
	router, err := commands.NewRouter(commands.RouterConfig{Logger: slog.New(slog.DiscardHandler), RateLimit: rate.Inf, Timeout: 5 * time.Second}, sched)
	if err != nil {
		t.Fatal(err)
	}
	b, err := New(Config{Token: fake.Token, APIURL: fake.URL}, router, nil)
	if err != nil {
		t.Fatal(err)
	}
	sched.Channels = b
	runBot(t, b)

	tests := []struct {
		name, channel string
		want          string
		added         int // schedules stored afterwards
	}{
		{"can post", discordtest.ChannelID, "Schedule 1 added", 1},
		{"send denied", denied, "I don't have permission to send messages in <#" + denied + ">", 1},
		{"unknown channel", missing, "That channel doesn't exist (or I can't see it)", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i := discordtest.Subcommand("schedule", "add", map[string]any{"channel": tt.channel, "when": "daily 08:00"}, commands.PermissionManageGuild)
			id, token := fake.Interact(t, i)
			_, msg := fake.WaitReply(t, id, token)
			if !strings.Contains(msg.Content, tt.want) {
				t.Errorf("reply = %q, want it to contain %q", msg.Content, tt.want)
			}
			if !msg.Ephemeral() {
				t.Errorf("reply %q is not ephemeral", msg.Content)
			}
			if got := store.len(); got != tt.added {
				t.Errorf("%d schedules stored, want %d", got, tt.added)
			}
		})
	}
}

// TestCanPostForgedIDs: an ID that is no Discord snowflake (only a forged
// interaction can carry one) is refused before Discord is asked: "abc/../../x"
// was sent as the path /channels/abc/../../x, which the server resolved to
// /x (helper 155).
func TestCanPostForgedIDs(t *testing.T) {
	for _, tt := range []struct{ name, guild, channel string }{
		{"a path in the channel", discordtest.GuildID, "abc/../../x"},
		{"letters in the channel", discordtest.GuildID, "channel"},
		{"an empty channel", discordtest.GuildID, ""},
		{"a query in the channel", discordtest.GuildID, "1?x=1"},
		{"a channel too long", discordtest.GuildID, strings.Repeat("1", 30)},
		{"a path in the guild", "../../x", discordtest.ChannelID},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fake.Reset()
			b, err := New(Config{Token: fake.Token, APIURL: fake.URL}, newRouter(t, nil), nil)
			if err != nil {
				t.Fatal(err)
			}
			checkUserError(t, b.CanPost(context.Background(), tt.guild, tt.channel), "That channel doesn't exist")
			for _, r := range fake.Requests() {
				if r.Path != "/api/v9/gateway/bot" && r.Path != "/api/v9/users/@me" {
					t.Errorf("Discord was asked %s %s", r.Method, r.Path)
				}
			}
		})
	}
}
