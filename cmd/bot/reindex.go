package main

import (
	"cmp"
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/commands"
	"github.com/chronicle-bot/chronicle/internal/index"
)

// Reindex is /reindex: it brings the index in line with the corpus folders
// now (the same incremental sync as `bot index`), in the background.
// Only members with Manage Server may use it. The reply waits up to Wait
// for the sync; a longer sync is announced, and its summary is posted to
// the channel when it is done.
type Reindex struct {
	// Sync runs one corpus sync.
	Sync func(ctx context.Context) (index.SyncReport, error)
	// Go runs a function in the background for the server's lifetime.
	Go func(fn func(ctx context.Context))
	// Post sends a message to a channel, for the summary of a long sync.
	Post func(ctx context.Context, channelID string, resp commands.Response) error
	// Wait is how long the reply waits for the sync (default 10s; it must
	// stay under the router's timeout).
	Wait time.Duration
	// Log, when set, is told when the summary cannot be posted.
	Log *slog.Logger

	mu      sync.Mutex
	running bool
}

// Definition describes /reindex.
func (r *Reindex) Definition() commands.Definition {
	return commands.Definition{
		Name:                     "reindex",
		Description:              "Re-read the corpus folders now and update the index (Manage Server)",
		DefaultMemberPermissions: commands.PermissionManageGuild,
		GuildOnly:                true,
		Ephemeral:                true,
		Defer:                    true,
	}
}

// Handle starts the sync and replies with its summary, or says that the
// summary will follow.
func (r *Reindex) Handle(ctx context.Context, req commands.Request) (commands.Response, error) {
	r.mu.Lock()
	if r.running {
		r.mu.Unlock()
		return commands.Response{Content: "A reindex is already running; its summary will be posted here when it is done.", Ephemeral: true}, nil
	}
	r.running = true
	r.mu.Unlock()

	done := make(chan commands.Response, 1)
	waiting := make(chan struct{})
	var once sync.Once
	stopWaiting := func() bool {
		first := false
		once.Do(func() { close(waiting); first = true })
		return first
	}
	r.Go(func(bg context.Context) {
		rep, err := r.Sync(bg)
		r.mu.Lock()
		r.running = false
		r.mu.Unlock()
		resp := reindexReply(rep, err)
		done <- resp
		if stopWaiting() || req.ChannelID == "" {
			return // the handler is still waiting and replies with done
		}
		resp.Ephemeral = false
		if err := r.Post(bg, req.ChannelID, resp); err != nil && r.Log != nil {
			r.Log.Warn("could not post the reindex summary", "channel", req.ChannelID, "error", err)
		}
	})
	timer := time.NewTimer(cmp.Or(r.Wait, 10*time.Second))
	defer timer.Stop()
	select {
	case resp := <-done:
		return resp, nil
	case <-timer.C:
	case <-ctx.Done():
	}
	if !stopWaiting() {
		return <-done, nil // finished just now
	}
	return commands.Response{Content: "Reindexing the corpus… I'll post the summary in this channel when it's done.", Ephemeral: true}, nil
}

// reindexReply reports a sync's outcome.
func reindexReply(rep index.SyncReport, err error) commands.Response {
	if err != nil {
		return commands.Response{Content: "Reindexing failed: " + commands.Escape(chronicle.ErrorMessage(err)), Ephemeral: true}
	}
	return commands.Response{Content: "Reindex done: " + commands.Escape(rep.Summary()), Ephemeral: true}
}
