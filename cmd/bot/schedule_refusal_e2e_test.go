package main

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle/internal/discord/discordtest"
	"github.com/chronicle-bot/chronicle/internal/schedule"
)

// TestServeRefusedChannelSameReason: a channel that answers 403 Missing
// Access or 404 Unknown Channel disables a scheduled digest and a watch
// alike, through the same error (the discord package's, read by
// schedule.Permanent), so /schedule list and /watch list give the same
// reason for the same refusal, in words for users (not the bot's error),
// with how to resume.
func TestServeRefusedChannelSameReason(t *testing.T) {
	// why is a refusal's reason without its time ("... on 5 Dec 2026 10:09
	// UTC: the channel no longer exists"); "" when it has none.
	why := func(reason string) string {
		_, after, ok := strings.Cut(reason, " UTC: ")
		if !ok {
			return ""
		}
		return after
	}
	for _, status := range []int{http.StatusForbidden, http.StatusNotFound} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			ctx := context.Background()
			cfg := testConfig(t, "")
			r := startMain(t, cfg, MainOptions{Watch: WatchOptions{GroupWindow: -1}})
			interact(t, discordtest.Subcommand("watch", "add", map[string]any{"query": "harbour bridge"}, 1<<5))
			// Due every hour since three hours ago; an empty window is posted too.
			if _, err := r.m.store.Add(ctx, schedule.Schedule{GuildID: discordtest.GuildID, ChannelID: discordtest.ChannelID,
				Spec: "0 * * * *", Days: 1, PostWhenEmpty: true, Created: time.Now().Add(-3 * time.Hour)}); err != nil {
				t.Fatal(err)
			}
			fake.SetChannelStatus(discordtest.ChannelID, status)
			defer fake.SetChannelStatus(discordtest.ChannelID, 0)
			if err := r.m.sched.RunOnce(ctx); err != nil {
				t.Fatalf("RunOnce: %v", err)
			}
			dropFile(t, cfg.Corpus.Paths[0], "bridge-1.jsonl", bridgeReopens)
			var sch schedule.Schedule
			var w schedule.Watch
			waitFor(t, "the schedule and the watch to be disabled", func() bool {
				schs, err1 := r.m.store.List(ctx, discordtest.GuildID)
				ws, err2 := r.m.watches.ListWatches(ctx, discordtest.GuildID)
				if err1 != nil || err2 != nil || len(schs) != 1 || len(ws) != 1 {
					return false
				}
				sch, w = schs[0], ws[0]
				return sch.Disabled && w.Disabled
			})
			// The reasons are compared after their time stamps: the two
			// may be disabled in different minutes (the watch posts when
			// the file arrives, after the schedule's run).
			if why(w.DisabledReason) != why(sch.DisabledReason) || why(sch.DisabledReason) == "" || !strings.HasPrefix(sch.DisabledReason, "Discord refused posts in the channel on ") {
				t.Errorf("watch disabled for %q, schedule for %q; want the same reason, in words for users", w.DisabledReason, sch.DisabledReason)
			}
			for _, cmd := range []string{"schedule", "watch"} {
				list := interact(t, discordtest.Subcommand(cmd, "list", nil, 1<<5)).Text()
				if !strings.Contains(list, "DISABLED: Discord refused posts in the channel") || !strings.Contains(list, "/"+cmd+" remove id:1") ||
					strings.Contains(list, "discord:") || strings.Contains(list, fake.URL) {
					t.Errorf("/%s list = %q, want the channel's refusal in words and how to resume", cmd, list)
				}
			}
		})
	}
}

// TestServeScheduleProxy404Retried: a 404 that is not about the channel
// (code 0: a route a REST proxy in front of Discord does not know) does not
// disable the schedule, as any 403 or 404 did: the run is retried with the
// back-off, and /schedule list says so.
func TestServeScheduleProxy404Retried(t *testing.T) {
	ctx := context.Background()
	r := startMain(t, testConfig(t, ""), MainOptions{})
	if _, err := r.m.store.Add(ctx, schedule.Schedule{GuildID: discordtest.GuildID, ChannelID: discordtest.ChannelID,
		Spec: "0 * * * *", Days: 1, PostWhenEmpty: true, Created: time.Now().Add(-3 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	fake.FailNext(http.MethodPost, "/channels/"+discordtest.ChannelID+"/messages", http.StatusNotFound, 0, 1)
	if err := r.m.sched.RunOnce(ctx); err != nil {
		t.Fatalf("RunOnce: %v", err)
	}
	schs, err := r.m.store.List(ctx, discordtest.GuildID)
	if err != nil || len(schs) != 1 {
		t.Fatalf("List = %v, %v", schs, err)
	}
	if sch := schs[0]; sch.Disabled || sch.Failures != 1 || sch.RetryAt.IsZero() {
		t.Errorf("after a 404 of code 0: disabled %v (%q), %d failures, retry at %s; want a retry", sch.Disabled, sch.DisabledReason, sch.Failures, sch.RetryAt)
	}
	if list := interact(t, discordtest.Subcommand("schedule", "list", nil, 1<<5)).Text(); !strings.Contains(list, "posting the digest to Discord failed once; next try") {
		t.Errorf("/schedule list = %q, want the failed post and its next try", list)
	}
}
