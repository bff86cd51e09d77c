package commands

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/digest"
	"github.com/chronicle-bot/chronicle/internal/schedule"
	bolt "go.etcd.io/bbolt"
)

// fakeDigestBuilder returns a one-point digest and records the options.
type fakeDigestBuilder struct{ calls []digest.Options }

func (f *fakeDigestBuilder) Build(ctx context.Context, opts digest.Options) (digest.Digest, error) {
	f.calls = append(f.calls, opts)
	return digest.Digest{From: opts.From, To: opts.To, Topic: opts.Topic, Points: []digest.Point{{
		Citation: chronicle.Citation{Text: "Gunmen *attacked* a hall.", Source: "BBC", Published: opts.To},
		Articles: 2, Outlets: []string{"BBC", "Le Monde"},
	}}}, nil
}

// fakeChannels refuses the channels in its set; asked, when set, records
// the channels it was asked about.
type fakeChannels struct {
	refuse map[string]error
	asked  *[]string
}

func (f fakeChannels) CanPost(ctx context.Context, guildID, channelID string) error {
	if f.asked != nil {
		*f.asked = append(*f.asked, channelID)
	}
	return f.refuse[channelID]
}

// newStore opens a schedule store in t's temporary folder, closed at the
// end of the test, and returns it with a fixed clock (Fri 29 Mar 2024,
// 12:00 UTC).
func newStore(t *testing.T) (*schedule.Store, func() time.Time) {
	t.Helper()
	return openStore(t, filepath.Join(t.TempDir(), "s.db"))
}

// openStore opens the schedule store at path as newStore does.
func openStore(t *testing.T, path string) (*schedule.Store, func() time.Time) {
	t.Helper()
	st, err := schedule.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st, func() time.Time { return time.Date(2024, 3, 29, 12, 0, 0, 0, time.UTC) }
}

func newScheduleCommand(t *testing.T) *Schedule {
	t.Helper()
	return scheduleCommandAt(t, filepath.Join(t.TempDir(), "s.db"))
}

// scheduleCommandAt is newScheduleCommand over the store file at path.
func scheduleCommandAt(t *testing.T, path string) *Schedule {
	t.Helper()
	st, now := openStore(t, path)
	sch := &schedule.Scheduler{Store: st, Builder: &fakeDigestBuilder{}, Now: now}
	return &Schedule{Schedules: sch, Now: now, Channels: refusingChannels()}
}

// seedLegacySchedules writes schedules, numbered from 1, straight into a
// new schedule file at path, as a store made before
// schedule.MaxGuildSchedules may hold more of one server's than /schedule
// add now allows.
func seedLegacySchedules(t *testing.T, path string, all []schedule.Schedule) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists([]byte("schedules"))
		if err != nil {
			return err
		}
		for i, s := range all {
			s.ID = fmt.Sprint(i + 1)
			data, err := json.Marshal(s)
			if err != nil {
				return err
			}
			if err := b.Put([]byte(s.ID), data); err != nil {
				return err
			}
		}
		return b.SetSequence(uint64(len(all)))
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestScheduleAddCap: /schedule add refuses a server's schedule past
// schedule.MaxGuildSchedules with a reply that says what to do, counting
// that server's schedules only.
func TestScheduleAddCap(t *testing.T) {
	full := fmt.Sprintf("This server already has %d schedules, the most it can have: remove one with /schedule remove first.", schedule.MaxGuildSchedules)
	tests := []struct {
		name    string
		guild   string
		removed string // removed from g1 before the add, if set
		want    string // the reply, or the error's message
		wantErr bool
	}{
		{"full server", "g1", "", full, true},
		{"another server", "g2", "", "Schedule 26 added: <#c1> schedule 26: daily 08:00, last 1 day(s); next Sat 30 Mar 08:00 UTC", false},
		{"after a removal", "g1", "7", "Schedule 26 added: <#c1> schedule 26: daily 08:00, last 1 day(s); next Sat 30 Mar 08:00 UTC", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newScheduleCommand(t)
			ctx := context.Background()
			add := func(guild string) (Response, error) {
				req := scheduleReq("add", PermissionManageGuild, map[string]string{"channel": "c1", "when": "daily 08:00"})
				req.GuildID = guild
				return c.Handle(ctx, req)
			}
			for range schedule.MaxGuildSchedules {
				if _, err := add("g1"); err != nil {
					t.Fatal(err)
				}
			}
			if tt.removed != "" {
				if _, err := c.Handle(ctx, scheduleReq("remove", PermissionManageGuild, map[string]string{"id": tt.removed})); err != nil {
					t.Fatal(err)
				}
			}
			resp, err := add(tt.guild)
			if tt.wantErr {
				if chronicle.ErrorCode(err) != chronicle.EINVALID || chronicle.ErrorMessage(err) != tt.want {
					t.Errorf("add = %v (code %q), want EINVALID %q", err, chronicle.ErrorCode(err), tt.want)
				}
			} else if err != nil || resp.Content != tt.want || !resp.Ephemeral {
				t.Errorf("add = %q (ephemeral %v), %v; want %q", resp.Content, resp.Ephemeral, err, tt.want)
			}
			all, err := c.Schedules.List(ctx, "g1")
			if err != nil || len(all) != schedule.MaxGuildSchedules {
				t.Errorf("g1 has %d schedules (%v), want %d", len(all), err, schedule.MaxGuildSchedules)
			}
		})
	}
}

// refusingChannels refuses c403 as Discord would (a *chronicle.Error) and
// cannot ask about cdown (a network error).
func refusingChannels() fakeChannels {
	return fakeChannels{refuse: map[string]error{
		"c403":  chronicle.Errorf(chronicle.EINVALID, "I can't see <#c403>: give me the View Channel permission there."),
		"cdown": fmt.Errorf("get channel cdown: %w", errors.New("dial tcp: connection refused")),
	}}
}

func scheduleReq(sub string, perms int64, opts map[string]string) Request {
	return Request{Kind: KindCommand, Command: "schedule", Subcommand: sub, GuildID: "g1", ChannelID: "c0",
		UserID: "u1", Permissions: perms, Options: opts}
}

func TestScheduleCommand(t *testing.T) {
	const manage = PermissionManageGuild | 1<<11
	tests := []struct {
		name     string
		req      Request
		wantCode string
		want     string
	}{
		{"add", scheduleReq("add", manage, map[string]string{"channel": "c1", "when": "daily 08:00", "timezone": "Europe/Paris", "topic": "moscow"}),
			"", "Schedule 1 added: <#c1> schedule 1: daily 08:00 (Europe/Paris), topic “moscow”, last 1 day(s); next Sat 30 Mar 08:00 CET"},
		// A topic was written with Go's %q: a quote in it showed as \".
		// It is quoted as typed, and escaped for Discord.
		{"topic with a quote and markdown", scheduleReq("add", manage, map[string]string{"channel": "c1", "when": "daily 08:00", "topic": `"unterminated **bold**`}),
			"", `Schedule 1 added: <#c1> schedule 1: daily 08:00, topic “"unterminated \*\*bold\*\*”, last 1 day(s); next Sat 30 Mar 08:00 UTC`},
		// A newline or another control character typed in "when" broke
		// the schedule's line in /schedule list (helper h48a).
		{"when over two lines", scheduleReq("add", manage, map[string]string{"channel": "c1", "when": "daily\n08:00"}),
			"", "Schedule 1 added: <#c1> schedule 1: daily 08:00, last 1 day(s); next Sat 30 Mar 08:00 UTC"},
		{"when with control and invisible characters", scheduleReq("add", manage, map[string]string{"channel": "c1", "when": "0\t8 * *\x00 1-5\u200b"}),
			"", "Schedule 1 added: <#c1> schedule 1: 0 8 \\* \\* 1-5, last 1 day(s); next Mon 1 Apr 08:00 UTC"},
		{"bad expression", scheduleReq("add", manage, map[string]string{"channel": "c1", "when": "every morning"}), chronicle.EINVALID, ""},
		{"unknown zone", scheduleReq("add", manage, map[string]string{"channel": "c1", "when": "daily 08:00", "timezone": "Europe/Atlantis"}), chronicle.EINVALID, ""},
		{"channel refused", scheduleReq("add", manage, map[string]string{"channel": "c403", "when": "daily 08:00"}), chronicle.EINVALID, "View Channel"},
		{"channel check failed", scheduleReq("add", manage, map[string]string{"channel": "cdown", "when": "daily 08:00"}), chronicle.EINTERNAL, "try again"},
		{"bad days", scheduleReq("add", manage, map[string]string{"channel": "c1", "when": "daily 08:00", "days": "99"}), chronicle.EINVALID, ""},
		// Only Discord's option limit held a topic back: a forged one of
		// 7,800 characters was kept (helper 155), where /watch refuses a
		// query over its limit itself.
		{"topic too long", scheduleReq("add", manage, map[string]string{"channel": "c1", "when": "daily 08:00", "topic": strings.Repeat("moscow ", 15) + "x"}),
			chronicle.EINVALID, "The topic is 106 characters long; a schedule takes at most 100."},
		{"topic as long as allowed", scheduleReq("add", manage, map[string]string{"channel": "c1", "when": "daily 08:00", "topic": strings.Repeat("m", 100)}),
			"", "Schedule 1 added: <#c1> schedule 1: daily 08:00, topic “" + strings.Repeat("m", 100) + "”, last 1 day(s); next Sat 30 Mar 08:00 UTC"},
		{"remove unknown", scheduleReq("remove", manage, map[string]string{"id": "42"}), chronicle.ENOTFOUND, ""},
		{"list empty", scheduleReq("list", manage, nil), "", "This server has no digest schedules. Add one with /schedule add."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newScheduleCommand(t)
			resp, err := c.Handle(context.Background(), tt.req)
			if code := chronicle.ErrorCode(err); code != tt.wantCode {
				t.Fatalf("Handle error = %v (code %q), want code %q", err, code, tt.wantCode)
			}
			if err != nil {
				msg := chronicle.ErrorMessage(err)
				if strings.HasPrefix(msg, "Something went wrong") {
					t.Errorf("error message %q is not specific", msg)
				}
				if !strings.Contains(msg, tt.want) {
					t.Errorf("error message %q, want it to say %q", msg, tt.want)
				}
				return
			}
			if resp.Content != tt.want || !resp.Ephemeral {
				t.Errorf("Handle = %q (ephemeral %v), want %q (ephemeral)", resp.Content, resp.Ephemeral, tt.want)
			}
		})
	}
}

func TestScheduleListAndRemove(t *testing.T) {
	c := newScheduleCommand(t)
	ctx := context.Background()
	add := scheduleReq("add", PermissionManageGuild, map[string]string{"channel": "c1", "when": "weekly mon 08:00"})
	if _, err := c.Handle(ctx, add); err != nil {
		t.Fatal(err)
	}
	resp, err := c.Handle(ctx, scheduleReq("list", PermissionManageGuild, nil))
	if err != nil || !strings.Contains(resp.Content, "weekly mon 08:00") || !strings.Contains(resp.Content, "last 7 day(s)") {
		t.Fatalf("list = %q, %v", resp.Content, err)
	}
	other := scheduleReq("remove", PermissionManageGuild, map[string]string{"id": "1"})
	other.GuildID = "g2"
	if _, err := c.Handle(ctx, other); chronicle.ErrorCode(err) != chronicle.ENOTFOUND {
		t.Errorf("remove from another server = %v, want ENOTFOUND", err)
	}
	if _, err := c.Handle(ctx, scheduleReq("remove", PermissionManageGuild, map[string]string{"id": "1"})); err != nil {
		t.Errorf("remove: %v", err)
	}
}

// TestSchedulePermissionThroughRouter checks that the definition asks
// Discord for Manage Server and that the router enforces it on use.
func TestSchedulePermissionThroughRouter(t *testing.T) {
	c := newScheduleCommand(t)
	def := c.Definition()
	if def.DefaultMemberPermissions != PermissionManageGuild || !def.GuildOnly {
		t.Errorf("Definition: permissions %d, guild only %v; want Manage Server, guild only", def.DefaultMemberPermissions, def.GuildOnly)
	}
	r, err := NewRouter(RouterConfig{}, c)
	if err != nil {
		t.Fatal(err)
	}
	_, err = r.Handle(context.Background(), scheduleReq("list", 0, nil))
	if chronicle.ErrorCode(err) != chronicle.EFORBIDDEN {
		t.Errorf("router Handle without Manage Server = %v, want EFORBIDDEN", err)
	}
	// Schedule.Handle checks nothing itself: a member without Manage Server
	// (here with Send Messages only) or a DM is refused by the router alone,
	// and nothing is added.
	add := scheduleReq("add", 1<<11, map[string]string{"channel": "c1", "when": "daily 08:00"})
	if _, err := r.Handle(context.Background(), add); chronicle.ErrorCode(err) != chronicle.EFORBIDDEN ||
		!strings.Contains(chronicle.ErrorMessage(err), "manage this server") {
		t.Errorf("router Handle add without Manage Server = %v, want EFORBIDDEN", err)
	}
	dm := scheduleReq("add", PermissionManageGuild, map[string]string{"channel": "c1", "when": "daily 08:00"})
	dm.GuildID = ""
	if _, err := r.Handle(context.Background(), dm); chronicle.ErrorCode(err) != chronicle.EFORBIDDEN ||
		!strings.Contains(chronicle.ErrorMessage(err), "only works in a server") {
		t.Errorf("router Handle add in a DM = %v, want EFORBIDDEN", err)
	}
	if all, err := c.Schedules.List(context.Background(), "g1"); err != nil || len(all) != 0 {
		t.Errorf("schedules after refused adds = %v, %v; want none", all, err)
	}
	if _, err := r.Handle(context.Background(), scheduleReq("list", PermissionManageGuild, nil)); err != nil {
		t.Errorf("router Handle with Manage Server: %v", err)
	}
}

func TestDigestCommand(t *testing.T) {
	now := time.Date(2024, 3, 26, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		opts     map[string]string
		wantFrom time.Time
		wantCode string
	}{
		{"default one day", nil, now.Add(-24 * time.Hour), ""},
		{"topic and days", map[string]string{"topic": "moscow", "days": "4"}, now.Add(-96 * time.Hour), ""},
		{"bad days", map[string]string{"days": "0"}, time.Time{}, chronicle.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := &fakeDigestBuilder{}
			c := &Digest{Builder: b, Now: func() time.Time { return now }}
			resp, err := c.Handle(context.Background(), Request{Kind: KindCommand, Command: "digest", Options: tt.opts})
			if code := chronicle.ErrorCode(err); code != tt.wantCode {
				t.Fatalf("Handle error = %v, want code %q", err, tt.wantCode)
			}
			if err != nil {
				return
			}
			if len(b.calls) != 1 || !b.calls[0].From.Equal(tt.wantFrom) || !b.calls[0].To.Equal(now) || b.calls[0].Topic != tt.opts["topic"] {
				t.Errorf("Build calls = %+v, want window %s..%s", b.calls, tt.wantFrom, now)
			}
			if !strings.Contains(resp.Content, `\*attacked\*`) || !strings.Contains(resp.Content, "2 outlets") {
				t.Errorf("Content = %q, want the escaped digest", resp.Content)
			}
		})
	}
}

// TestScheduleListTooLong: a server may keep more schedules than one
// message shows with their details. The list then shows each schedule's
// channel, number and timing, so that every one can be found and removed,
// and when even those do not fit it counts the schedules left out.
func TestScheduleListTooLong(t *testing.T) {
	const channel = "300000000000000101" // Discord IDs are 18-19 digits
	tests := []struct {
		name      string
		n         int
		wantShown int
		wantNote  string
	}{
		{"all fit with details", 5, 5, ""},
		{"details left out", 20, 20, "(details left out to fit; each schedule's full line shows when there are fewer)"},
		{"some left out", 80, -1, "more schedules not shown"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			const zone = "America/Argentina/Buenos_Aires"
			topic := func(i int) string { return fmt.Sprintf("topic %d %s", i, strings.Repeat("z", 80)) }
			path := filepath.Join(t.TempDir(), "s.db")
			if tt.n > schedule.MaxGuildSchedules {
				// More than /schedule add allows now: a store made before
				// the limit, holding what those adds stored.
				var legacy []schedule.Schedule
				for i := range tt.n {
					legacy = append(legacy, schedule.Schedule{GuildID: "g1", ChannelID: channel, Spec: "daily 08:00",
						Topic: topic(i), Timezone: zone, Days: 1, CreatedBy: "u1", Created: time.Date(2024, 3, 29, 12, 0, 0, 0, time.UTC)})
				}
				seedLegacySchedules(t, path, legacy)
			}
			c := scheduleCommandAt(t, path)
			for i := range min(tt.n, schedule.MaxGuildSchedules) {
				add := scheduleReq("add", PermissionManageGuild, map[string]string{"channel": channel, "when": "daily 08:00",
					"timezone": zone, "topic": topic(i)})
				_, err := c.Handle(ctx, add)
				if tt.n > schedule.MaxGuildSchedules {
					if want := fmt.Sprintf("This server already has %d schedules", tt.n); !strings.HasPrefix(chronicle.ErrorMessage(err), want) {
						t.Fatalf("add to a store over the limit = %v, want %q", err, want)
					}
					break
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			resp, err := c.Handle(ctx, scheduleReq("list", PermissionManageGuild, nil))
			if err != nil {
				t.Fatal(err)
			}
			if n := utf8.RuneCountInString(resp.Content); n > MaxContent {
				t.Errorf("list is %d characters, want <= %d", n, MaxContent)
			}
			shown := 0 // the first schedules, in order, with their number and timing
			// The time zone is kept when the details are left out: without
			// it schedules of different zones read the same (helper h48a).
			for shown < tt.n && strings.Contains(resp.Content, fmt.Sprintf("schedule %d: daily 08:00 (%s)", shown+1, Escape(zone))) {
				shown++
			}
			if shown == 0 || strings.Count(resp.Content, "• ") != shown {
				t.Errorf("list shows %d list lines, of which the first %d schedules in order; want them the same and not 0", strings.Count(resp.Content, "• "), shown)
			}
			if tt.wantShown >= 0 && shown != tt.wantShown {
				t.Errorf("list shows %d schedules, want %d:\n%s", shown, tt.wantShown, resp.Content)
			}
			if tt.wantNote == "" && strings.Contains(resp.Content, "left out") {
				t.Errorf("list = %q, want no note", resp.Content)
			}
			if tt.wantNote != "" && !strings.Contains(resp.Content, tt.wantNote) {
				t.Errorf("list ends %q, want %q", resp.Content[max(0, len(resp.Content)-200):], tt.wantNote)
			}
			if tt.wantShown < 0 && !strings.Contains(resp.Content, fmt.Sprintf("+%d more schedules not shown", tt.n-shown)) {
				t.Errorf("list ends %q, want it to count the %d schedules not shown", resp.Content[max(0, len(resp.Content)-200):], tt.n-shown)
			}
		})
	}
}
