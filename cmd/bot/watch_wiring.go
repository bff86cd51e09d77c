package main

import (
	"context"
	"time"

	"github.com/chronicle-bot/chronicle/internal/commands"
	"github.com/chronicle-bot/chronicle/internal/schedule"
)

// WatchOptions tune the /watch poster for tests; zero values are the
// schedule package's defaults and the real clock.
type WatchOptions struct {
	GroupWindow time.Duration
	HourlyCap   int
	Now         func() time.Time
}

// newWatcher builds the watcher of /watch over the index and the schedule
// store; it posts through the bot.
func (m *Main) newWatcher() *schedule.Watcher {
	w := schedule.NewWatcher(m.store, m.ix, watchPoster{post: lateBot{m}.Post}, m.log.With("component", "watch-posts"))
	w.GroupWindow, w.HourlyCap, w.Now = m.opts.Watch.GroupWindow, m.opts.Watch.HourlyCap, m.opts.Watch.Now
	return w
}

// watchCommand is /watch; a replica that does not run the schedules lists
// the watches but refuses changes.
func (m *Main) watchCommand() *commands.Watch {
	var ws commands.Watches = m.watches
	if !m.cfg.Schedule.Enabled {
		ws = schedule.WatchReadOnly{Watcher: m.watches}
	}
	return &commands.Watch{Watches: ws, Channels: lateBot{m}, GroupWindow: m.opts.Watch.GroupWindow, HourlyCap: m.opts.Watch.HourlyCap}
}

// notifyWatches hands the articles a sync, a feed or a rebuild added to the
// index (index.SyncReport.AddedIDs) and updated in it (UpdatedIDs) to the
// watches, only where the schedules run: an updated article is news only
// to a watch made before it first reached the index
// (schedule.Watcher.NotifyChanges).
func (m *Main) notifyWatches(ctx context.Context, added, updated []string) {
	if !m.cfg.Schedule.Enabled || len(added)+len(updated) == 0 {
		return
	}
	if err := m.watches.NotifyChanges(ctx, added, updated); err != nil {
		m.log.Error("watches not told about new articles", "component", "watch-posts", "articles", len(added)+len(updated), "err", err)
	}
}

// watchPoster posts watch cards as commands.WatchPost renders them. Its
// errors are the bot's own, as those of scheduled digests
// (commands.DigestPoster) are: a channel that is gone or refuses the bot
// (Discord's Unknown Channel, Missing Access, Missing Permissions) gives a
// discord.APIError whose Permanent method schedule.Permanent reads, so the
// watcher disables the watch, and /watch list gives the same reason
// /schedule list gives.
type watchPoster struct {
	post func(ctx context.Context, channelID string, resp commands.Response) error
}

// PostWatch implements schedule.WatchPoster.
func (p watchPoster) PostWatch(ctx context.Context, channelID string, wp schedule.WatchPost) error {
	return p.post(ctx, channelID, commands.WatchPost(wp))
}
