package commands

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/schedule"
)

func newWatchCommand(t *testing.T) *Watch {
	t.Helper()
	st, now := newStore(t)
	return &Watch{Watches: &schedule.Watcher{Store: st, Now: now}, Channels: refusingChannels()}
}

func watchReq(sub string, opts map[string]string) Request {
	return Request{Kind: KindCommand, Command: "watch", Subcommand: sub, GuildID: "g1", ChannelID: "c0",
		UserID: "u1", Permissions: PermissionManageGuild, Options: opts}
}

func TestWatchCommand(t *testing.T) {
	tests := []struct {
		name     string
		req      Request
		wantCode string
		want     string
	}{
		{"add here", watchReq("add", map[string]string{"query": "Moscow attack"}), "",
			"Watch 1 added: <#c0> watch 1: “Moscow attack”; nothing posted yet. Each new article that matches is posted there once; " +
				"matches within 3 minutes share a post, and the channel gets at most 6 watch posts an hour."},
		{"add elsewhere", watchReq("add", map[string]string{"query": "volcano *eruption*", "channel": "c1"}), "",
			"Watch 1 added: <#c1> watch 1: “volcano \\*eruption\\*”"},
		{"no words", watchReq("add", map[string]string{"query": "the of"}), chronicle.EINVALID, "no words to match"},
		{"channel refused", watchReq("add", map[string]string{"query": "Moscow", "channel": "c403"}), chronicle.EINVALID, "View Channel"},
		{"channel check failed", watchReq("add", map[string]string{"query": "Moscow", "channel": "cdown"}), chronicle.EINTERNAL, "try again"},
		{"remove unknown", watchReq("remove", map[string]string{"id": "7"}), chronicle.ENOTFOUND, "no watch 7"},
		{"remove a link", watchReq("remove", map[string]string{"id": "[x](https://evil.example) @everyone"}), chronicle.ENOTFOUND,
			"no watch \\[x\\](https://evil.example) @\u200beveryone."},
		{"list empty", watchReq("list", nil), "", "This server has no watches. Add one with /watch add."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newWatchCommand(t)
			resp, err := c.Handle(context.Background(), tt.req)
			if code := chronicle.ErrorCode(err); code != tt.wantCode {
				t.Fatalf("Handle error = %v (code %q), want code %q", err, code, tt.wantCode)
			}
			if err != nil {
				if msg := chronicle.ErrorMessage(err); !strings.Contains(msg, tt.want) {
					t.Errorf("error message %q, want it to say %q", msg, tt.want)
				}
				return
			}
			if !strings.HasPrefix(resp.Content, tt.want) || !resp.Ephemeral {
				t.Errorf("Handle = %q (ephemeral %v), want %q (ephemeral)", resp.Content, resp.Ephemeral, tt.want)
			}
		})
	}
}

func TestWatchListAndRemove(t *testing.T) {
	c := newWatchCommand(t)
	ctx := context.Background()
	for _, q := range []string{"Moscow attack", "Iceland volcano"} {
		if _, err := c.Handle(ctx, watchReq("add", map[string]string{"query": q})); err != nil {
			t.Fatal(err)
		}
	}
	resp, err := c.Handle(ctx, watchReq("list", nil))
	want := "• <#c0> watch 1: “Moscow attack”; nothing posted yet\n• <#c0> watch 2: “Iceland volcano”; nothing posted yet"
	if err != nil || resp.Content != want {
		t.Fatalf("list = %q, %v; want %q", resp.Content, err, want)
	}
	other := watchReq("remove", map[string]string{"id": "1"})
	other.GuildID = "g2"
	if _, err := c.Handle(ctx, other); chronicle.ErrorCode(err) != chronicle.ENOTFOUND {
		t.Errorf("remove from another server = %v, want ENOTFOUND", err)
	}
	if resp, err := c.Handle(ctx, watchReq("remove", map[string]string{"id": "1"})); err != nil || resp.Content != "Watch 1 removed." {
		t.Errorf("remove = %q, %v", resp.Content, err)
	}
	resp, _ = c.Handle(ctx, watchReq("list", nil))
	if strings.Contains(resp.Content, "Moscow") || !strings.Contains(resp.Content, "watch 2") {
		t.Errorf("list after remove = %q, want watch 2 only", resp.Content)
	}
}

// TestWatchPermissionThroughRouter: the definition asks Discord for Manage
// Server in a server, and the router refuses a member without it and a DM,
// adding nothing.
func TestWatchPermissionThroughRouter(t *testing.T) {
	c := newWatchCommand(t)
	def := c.Definition()
	if def.DefaultMemberPermissions != PermissionManageGuild || !def.GuildOnly || !def.Ephemeral {
		t.Errorf("Definition: permissions %d, guild only %v, ephemeral %v; want Manage Server, guild only, ephemeral",
			def.DefaultMemberPermissions, def.GuildOnly, def.Ephemeral)
	}
	r, err := NewRouter(RouterConfig{}, c)
	if err != nil {
		t.Fatal(err)
	}
	member := watchReq("add", map[string]string{"query": "Moscow attack"})
	member.Permissions = 1 << 11
	if _, err := r.Handle(context.Background(), member); chronicle.ErrorCode(err) != chronicle.EFORBIDDEN {
		t.Errorf("add without Manage Server = %v, want EFORBIDDEN", err)
	}
	dm := watchReq("add", map[string]string{"query": "Moscow attack"})
	dm.GuildID = ""
	if _, err := r.Handle(context.Background(), dm); chronicle.ErrorCode(err) != chronicle.EFORBIDDEN {
		t.Errorf("add in a DM = %v, want EFORBIDDEN", err)
	}
	if all, err := c.Watches.ListWatches(context.Background(), ""); err != nil || len(all) != 0 {
		t.Errorf("watches after refused adds = %v, %v; want none", all, err)
	}
}

// TestWatchReadOnlyReplica: a replica that does not run the schedules lists
// watches and refuses changes.
func TestWatchReadOnlyReplica(t *testing.T) {
	c := newWatchCommand(t)
	c.Watches = schedule.WatchReadOnly{Watcher: c.Watches.(*schedule.Watcher)}
	for _, sub := range []Request{watchReq("add", map[string]string{"query": "Moscow"}), watchReq("remove", map[string]string{"id": "1"})} {
		_, err := c.Handle(context.Background(), sub)
		if msg := chronicle.ErrorMessage(err); !errors.Is(err, schedule.ErrWatchNotScheduler) || !strings.Contains(msg, "does not post watches") ||
			strings.Contains(msg, "digest") || strings.Contains(msg, "schedules") {
			t.Errorf("%s in a replica = %v, want ErrWatchNotScheduler, about watches, not digests", sub.Subcommand, err)
		}
	}
	if resp, err := c.Handle(context.Background(), watchReq("list", nil)); err != nil || !strings.Contains(resp.Content, "no watches") {
		t.Errorf("list in a replica = %q, %v", resp.Content, err)
	}
}

func TestWatchPostRendering(t *testing.T) {
	day := time.Date(2024, 3, 23, 0, 0, 0, 0, time.UTC)
	p := schedule.WatchPost{
		Watch: schedule.Watch{ID: "3", Query: "Moscow attack"},
		Items: []schedule.WatchItem{{ArticleID: "a1", Published: day, Quote: chronicle.Citation{
			Text: "Gunmen attacked a hall near Moscow, @everyone said.", ArticleID: "a1", Title: "Moscow *attack*",
			Source: "BBC", URL: "https://bbc.example/a1", Paragraph: 0,
		}, Highlights: []chronicle.Span{{Start: 7, End: 15}, {Start: 28, End: 34}}}},
		More: 4,
	}
	resp := WatchPost(p)
	if len(resp.Embeds) != 1 || len(resp.Embeds[0].Fields) != 1 {
		t.Fatalf("WatchPost = %+v, want one embed with one field", resp)
	}
	e := resp.Embeds[0]
	f := e.Fields[0]
	checks := []struct{ what, got, want string }{
		{"title", e.Title, "New coverage: “Moscow attack”"},
		{"field name", f.Name, `Moscow \*attack\*`},
		{"quote", f.Value, "> Gunmen **attacked** a hall near **Moscow**"},
		{"citation", f.Value, "— *BBC*, 2024-03-23, paragraph 1 · [read](https://bbc.example/a1)"},
		{"footer", e.Footer, "Watch 3 · 4 more matching articles: /search Moscow attack · /watch remove to stop"},
	}
	for _, c := range checks {
		if !strings.Contains(c.got, c.want) {
			t.Errorf("%s = %q, want %q in it", c.what, c.got, c.want)
		}
	}
	if strings.Contains(f.Value, " @everyone") {
		t.Errorf("quote %q keeps a bare @everyone", f.Value)
	}
}

// listWatches is a Watches that lists a fixed set of watches.
type listWatches struct {
	schedule.WatchReadOnly
	all []schedule.Watch
}

func (l listWatches) ListWatches(context.Context, string) ([]schedule.Watch, error) {
	return l.all, nil
}

// TestWatchListFits: a full server's list that is too long with its
// details still names every watch, within Discord's 2,000 characters.
func TestWatchListFits(t *testing.T) {
	long := strings.Repeat("harbour bridge ", 6)
	tests := []struct {
		name     string
		n        int
		detailed bool
	}{
		{"a few watches, with details", 3, true},
		{"a full server", schedule.MaxGuildWatches, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var all []schedule.Watch
			for i := range tt.n {
				all = append(all, schedule.Watch{ID: fmt.Sprint(i + 1), ChannelID: "300000000000000005", Query: long[:60],
					Disabled: true, DisabledReason: "Discord refused posts in the channel on 2 Mar 2024 08:00 UTC: I can't see the channel (I need the View Channel permission there, and to be in the server)"})
			}
			c := &Watch{Watches: listWatches{all: all}}
			resp, err := c.Handle(context.Background(), watchReq("list", nil))
			if err != nil {
				t.Fatal(err)
			}
			if n := len([]rune(resp.Content)); n > MaxContent {
				t.Errorf("list is %d characters, over %d", n, MaxContent)
			}
			for _, x := range all {
				if !strings.Contains(resp.Content, "watch "+x.ID+": “") {
					t.Errorf("list =\n%s\nwant watch %s in it", resp.Content, x.ID)
				}
			}
			if got := strings.Contains(resp.Content, "View Channel"); got != tt.detailed {
				t.Errorf("list shows the details: %v, want %v", got, tt.detailed)
			}
		})
	}
}
