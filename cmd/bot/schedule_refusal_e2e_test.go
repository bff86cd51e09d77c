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

// TestServeRefusedChannelSameReason: a channel that answers 403 or 404
// disables a scheduled digest and a watch alike, through the same error
// (the discord package's, read by schedule.Permanent), so /schedule list
// and /watch list give the same reason for the same refusal.
func TestServeRefusedChannelSameReason(t *testing.T) {
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
			// "cannot post in the channel (<error>); disabled on <time>"
			cause := func(reason string) string { c, _, _ := strings.Cut(reason, "; disabled on "); return c }
			if got, want := cause(w.DisabledReason), cause(sch.DisabledReason); got != want || !strings.HasPrefix(want, "cannot post in the channel (discord: post message to channel ") {
				t.Errorf("watch disabled for %q, schedule for %q; want the same reason, the bot's error", w.DisabledReason, sch.DisabledReason)
			}
			for _, cmd := range []string{"schedule", "watch"} {
				if list := interact(t, discordtest.Subcommand(cmd, "list", nil, 1<<5)); !strings.Contains(list.Text(), "DISABLED: cannot post in the channel (discord: post message to channel") {
					t.Errorf("/%s list = %q, want the channel's refusal as the reason", cmd, list.Text())
				}
			}
		})
	}
}
