package main

import (
	"context"
	"log/slog"
	"sync"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/commands"
)

// Reindex is /reindex: it rebuilds the index from the corpus folders in
// the background and swaps the new index in when it is done; searches keep
// using the old index meanwhile. Only members with Manage Server may use
// it. It replies at once and posts the summary to the channel at the end.
// One rebuild runs at a time.
type Reindex struct {
	// Rebuild rebuilds the index and returns a one-line summary.
	Rebuild func(ctx context.Context) (summary string, err error)
	// Go runs a function in the background for the server's lifetime.
	Go func(fn func(ctx context.Context))
	// Post sends a message to a channel, for the summary.
	Post func(ctx context.Context, channelID string, resp commands.Response) error
	// Log, when set, is told about failed rebuilds and summaries that
	// cannot be posted.
	Log *slog.Logger

	mu      sync.Mutex
	running bool
}

// Definition describes /reindex.
func (r *Reindex) Definition() commands.Definition {
	return commands.Definition{
		Name:                     "reindex",
		Description:              "Rebuild the index from the corpus folders in the background (Manage Server)",
		DefaultMemberPermissions: commands.PermissionManageGuild,
		GuildOnly:                true,
		Ephemeral:                true,
		Defer:                    true,
	}
}

// Handle starts the rebuild and replies that its summary will follow, or
// refuses when a rebuild is already running.
func (r *Reindex) Handle(_ context.Context, req commands.Request) (commands.Response, error) {
	r.mu.Lock()
	if r.running {
		r.mu.Unlock()
		return commands.Response{Content: "A rebuild is already running; its summary will be posted when it is done.", Ephemeral: true}, nil
	}
	r.running = true
	r.mu.Unlock()
	r.Go(func(bg context.Context) {
		summary, err := r.Rebuild(bg)
		r.mu.Lock()
		r.running = false
		r.mu.Unlock()
		if bg.Err() != nil { // shutting down: the old index stays
			if r.Log != nil {
				r.Log.Info("rebuild stopped by the shutdown", "error", err)
			}
			return
		}
		if err != nil && r.Log != nil {
			r.Log.Error("rebuild failed", "error", err)
		}
		if req.ChannelID == "" {
			return
		}
		if err := r.Post(bg, req.ChannelID, reindexReply(summary, err)); err != nil && r.Log != nil {
			r.Log.Warn("could not post the rebuild summary", "channel", req.ChannelID, "error", err)
		}
	})
	return commands.Response{Content: "Rebuilding the index in the background… I'll post the summary in this channel when it's done.", Ephemeral: true}, nil
}

// reindexReply reports a rebuild's outcome.
func reindexReply(summary string, err error) commands.Response {
	if err != nil {
		return commands.Response{Content: "Rebuilding the index failed: " + commands.Escape(chronicle.ErrorMessage(err))}
	}
	return commands.Response{Content: "Index rebuilt: " + commands.Escape(summary)}
}
