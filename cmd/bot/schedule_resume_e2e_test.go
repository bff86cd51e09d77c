package main

import (
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/chronicle-bot/chronicle/internal/discord/discordtest"
	"github.com/chronicle-bot/chronicle/internal/schedule"
)

// registeredSubcommands returns, for each command of the set registered
// with the fake Discord, its Manage Server permission and its subcommands
// with their options' names (a "*" after a required one).
func registeredSubcommands(tb testing.TB) map[string]map[string][]string {
	tb.Helper()
	var defs []struct {
		Name        string  `json:"name"`
		Permissions *string `json:"default_member_permissions"`
		Options     []struct {
			Type    int    `json:"type"`
			Name    string `json:"name"`
			Options []struct {
				Name     string `json:"name"`
				Required bool   `json:"required"`
			} `json:"options"`
		} `json:"options"`
	}
	if err := json.Unmarshal(fake.Commands(""), &defs); err != nil {
		tb.Fatal(err)
	}
	out := map[string]map[string][]string{}
	for _, d := range defs {
		subs := map[string][]string{}
		for _, o := range d.Options {
			if o.Type != 1 {
				continue
			}
			var names []string
			for _, x := range o.Options {
				if x.Required {
					x.Name += "*"
				}
				names = append(names, x.Name)
			}
			subs[o.Name] = names
		}
		if d.Permissions != nil {
			subs["permissions="+*d.Permissions] = nil
		}
		out[d.Name] = subs
	}
	return out
}

// TestServeScheduleResume: a schedule disabled because its channel
// refused posts (Discord's Missing Access) is resumed with /schedule
// resume (testdata/slash_schedule_resume.json, a payload as Discord sends
// it), registered with Discord beside add, list and remove, for Manage
// Server only. There was no way back but to remove the schedule and add
// it again. Resume asks Discord first (a channel that still refuses keeps
// it disabled, saying why), keeps the schedule's number, timing, topic and
// channel, clears the reason and the last problem, and counts its runs
// from now: the runs missed while it was disabled are not posted. An
// unknown number, and a schedule that is not disabled, are answered in
// words, and /schedule list tells how to resume.
func TestServeScheduleResume(t *testing.T) {
	ctx := context.Background()
	r := startMain(t, testConfig(t, ""), MainOptions{})
	for _, cmd := range []string{"schedule", "watch"} {
		subs := registeredSubcommands(t)[cmd]
		if got := strings.Join(subs["resume"], " "); got != "id*" {
			t.Errorf("/%s resume registered with options %q, want a required id (registered: %v)", cmd, got, subs)
		}
		if _, ok := subs["permissions=32"]; !ok {
			t.Errorf("/%s registered without Manage Server: %v", cmd, subs)
		}
	}

	// Due every hour since three hours ago; an empty window is posted too.
	added, err := r.m.store.Add(ctx, schedule.Schedule{GuildID: discordtest.GuildID, ChannelID: discordtest.ChannelID,
		Spec: "0 * * * *", Topic: "harbour", Days: 1, PostWhenEmpty: true, Created: time.Now().Add(-3 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	fake.SetChannelStatus(discordtest.ChannelID, http.StatusForbidden)
	defer fake.SetChannelStatus(discordtest.ChannelID, 0)
	if err := r.m.sched.RunOnce(ctx); err != nil {
		t.Fatalf("RunOnce: %v", err)
	}
	if s, err := r.m.store.Get(ctx, added.ID); err != nil || !s.Disabled {
		t.Fatalf("schedule after a 403 = %+v, %v; want it disabled", s, err)
	}
	list := interact(t, discordtest.Subcommand("schedule", "list", nil, 1<<5)).Text()
	if !strings.Contains(list, "DISABLED: Discord refused posts in the channel") || !strings.Contains(list, "/schedule resume id:1") ||
		strings.Contains(list, "add it again") {
		t.Errorf("/schedule list = %q, want the refusal and /schedule resume id:1", list)
	}

	steps := []struct {
		name string
		perm int64
		id   string
		want string
	}{
		{"by a member without Manage Server", 1<<11 | 1<<10, "1", "manage this server"},
		{"unknown number", 1 << 5, "7", "⚠️ This server has no schedule 7."},
		{"channel still refuses", 1 << 5, "1", "⚠️ Schedule 1 stays disabled: I can't see that channel"},
	}
	for _, s := range steps {
		msg := interact(t, discordtest.Subcommand("schedule", "resume", map[string]any{"id": s.id}, s.perm))
		if !msg.Ephemeral() || !strings.Contains(msg.Text(), s.want) {
			t.Errorf("/schedule resume %s: reply %q (ephemeral %v), want %q", s.name, msg.Text(), msg.Ephemeral(), s.want)
		}
	}
	if s, _ := r.m.store.Get(ctx, added.ID); !s.Disabled {
		t.Fatalf("schedule resumed while its channel still refuses: %+v", s)
	}

	fake.SetChannelStatus(discordtest.ChannelID, 0)
	before := len(watchPosts(t, discordtest.ChannelID))
	resumed := interact(t, discordtest.LoadInteraction(t, filepath.Join("testdata", "slash_schedule_resume.json")))
	want := "Schedule 1 resumed: <#" + discordtest.ChannelID + "> schedule 1: 0 \\* \\* \\* \\*, topic “harbour”, last 1 day(s); next "
	if !resumed.Ephemeral() || !strings.HasPrefix(resumed.Text(), want) || !strings.Contains(resumed.Text(), "not posted") {
		t.Errorf("/schedule resume id:1 = %q (ephemeral %v), want %q... and that missed runs are not posted", resumed.Text(), resumed.Ephemeral(), want)
	}
	s, err := r.m.store.Get(ctx, added.ID)
	if err != nil {
		t.Fatal(err)
	}
	if s.Disabled || s.DisabledReason != "" || s.LastError != "" || s.ID != added.ID || s.Spec != added.Spec ||
		s.Topic != added.Topic || s.ChannelID != added.ChannelID || s.GuildID != added.GuildID {
		t.Errorf("resumed schedule = %+v; want it enabled, without reason or problem, and otherwise as added (%+v)", s, added)
	}
	if err := r.m.sched.RunOnce(ctx); err != nil {
		t.Fatalf("RunOnce: %v", err)
	}
	if n := len(watchPosts(t, discordtest.ChannelID)) - before; n != 0 {
		t.Errorf("%d digests posted at the first pass after resuming; want none (the missed runs are not caught up)", n)
	}
	again := interact(t, discordtest.Subcommand("schedule", "resume", map[string]any{"id": "1"}, 1<<5)).Text()
	if !strings.HasPrefix(again, "⚠️ Schedule 1 is not disabled") {
		t.Errorf("/schedule resume of a running schedule = %q, want that it is not disabled", again)
	}
	list = interact(t, discordtest.Subcommand("schedule", "list", nil, 1<<5)).Text()
	if strings.Contains(list, "DISABLED") || !strings.Contains(list, "; next ") {
		t.Errorf("/schedule list after resume = %q, want it running with its next run", list)
	}
}

// TestServeWatchResume: /watch resume does for a watch what /schedule
// resume does for a schedule: a watch disabled because its channel
// refused posts runs again, under its number, with its query and channel,
// and an article that arrived while it was disabled is not posted after
// it resumes; the next one is.
func TestServeWatchResume(t *testing.T) {
	ctx := context.Background()
	cfg := testConfig(t, "")
	r := startMain(t, cfg, MainOptions{Watch: WatchOptions{GroupWindow: -1}})
	if msg := interact(t, discordtest.Subcommand("watch", "add", map[string]any{"query": "harbour bridge"}, 1<<5)); !strings.HasPrefix(msg.Text(), "Watch 1 added") {
		t.Fatalf("/watch add = %q", msg.Text())
	}
	fake.SetChannelStatus(discordtest.ChannelID, http.StatusNotFound)
	defer fake.SetChannelStatus(discordtest.ChannelID, 0)
	dir := cfg.Corpus.Paths[0]
	dropFile(t, dir, "bridge-1.jsonl", bridgeReopens)
	waitFor(t, "the watch to be disabled", func() bool {
		x, err := r.m.store.GetWatch(ctx, "1")
		return err == nil && x.Disabled
	})
	list := interact(t, discordtest.Subcommand("watch", "list", nil, 1<<5)).Text()
	if !strings.Contains(list, "/watch resume id:1") || strings.Contains(list, "add it again") {
		t.Errorf("/watch list = %q, want how to resume: /watch resume id:1", list)
	}
	if got := interact(t, discordtest.Subcommand("watch", "resume", map[string]any{"id": "1"}, 1<<5)).Text(); !strings.Contains(got, "Watch 1 stays disabled: That channel doesn't exist") {
		t.Errorf("/watch resume with the channel gone = %q, want it kept disabled, saying why", got)
	}
	// While it is disabled, another article about the bridge comes in,
	// and a second watch, enabled in another channel, takes it, so that
	// the article reaches the watcher while watch 1 is disabled: with no
	// watch enabled the watcher drops it unseen, and watch 1 not posting
	// it after the resume said nothing. (TestResumeWatch checks the
	// resume time itself, with an article still waiting at the resume.)
	const second = "300000000000000111"
	fake.SetChannel(&discordgo.Channel{ID: second, GuildID: discordtest.GuildID, Type: discordgo.ChannelTypeGuildText})
	if msg := interact(t, discordtest.Subcommand("watch", "add", map[string]any{"query": "harbour bridge", "channel": second}, 1<<5)); !strings.HasPrefix(msg.Text(), "Watch 2 added") {
		t.Fatalf("/watch add in a second channel = %q", msg.Text())
	}
	dropFile(t, dir, "bridge-2.jsonl", bridgeTolls)
	waitFor(t, "bridge-2 to be posted by watch 2", func() bool { return len(watchPosts(t, second)) > 0 })
	fake.SetChannelStatus(discordtest.ChannelID, 0)
	resumed := interact(t, discordtest.Subcommand("watch", "resume", map[string]any{"id": "#1"}, 1<<5))
	if want := "Watch 1 resumed: <#" + discordtest.ChannelID + "> watch 1: “harbour bridge”"; !resumed.Ephemeral() || !strings.HasPrefix(resumed.Text(), want) {
		t.Errorf("/watch resume id:#1 = %q (ephemeral %v), want %q", resumed.Text(), resumed.Ephemeral(), want)
	}
	if got := interact(t, discordtest.Subcommand("watch", "resume", map[string]any{"id": "1"}, 1<<5)).Text(); !strings.HasPrefix(got, "⚠️ Watch 1 is not disabled") {
		t.Errorf("/watch resume of a running watch = %q", got)
	}
	if got := interact(t, discordtest.Subcommand("watch", "resume", map[string]any{"id": "9"}, 1<<5)).Text(); got != "⚠️ This server has no watch 9." {
		t.Errorf("/watch resume id:9 = %q", got)
	}
	before := len(watchPosts(t, discordtest.ChannelID))
	dropFile(t, dir, "bridge-3.jsonl", bridgeCost)
	waitFor(t, "a post after the resume", func() bool { return len(watchPosts(t, discordtest.ChannelID)) > before })
	posts := watchPosts(t, discordtest.ChannelID)[before:]
	if len(posts) != 1 || strings.Join(cardTitles(posts[0]), " | ") != bridgeCost.Title {
		var got [][]string
		for _, p := range posts {
			got = append(got, cardTitles(p))
		}
		t.Errorf("posts after the resume = %q; want one, of %q alone (not the article that came while it was disabled)", got, bridgeCost.Title)
	}
	x, err := r.m.store.GetWatch(ctx, "1")
	if err != nil || x.Disabled || x.DisabledReason != "" || x.Query != "harbour bridge" || x.ChannelID != discordtest.ChannelID {
		t.Errorf("resumed watch = %+v, %v", x, err)
	}
}
