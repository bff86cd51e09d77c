package commands

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"sync"

	"github.com/chronicle-bot/chronicle"
)

// Rebuilder rebuilds the index from the corpus and says in one line what
// it did; index.Live does the work, the bot adds logs and metrics. With
// prune it lets go what a rebuild otherwise keeps from the old index, as
// bot index --rebuild --prune does.
type Rebuilder interface {
	Rebuild(ctx context.Context, prune bool) (summary string, err error)
}

// RebuildFunc adapts a function to a Rebuilder.
type RebuildFunc func(ctx context.Context, prune bool) (string, error)

// Rebuild calls f.
func (f RebuildFunc) Rebuild(ctx context.Context, prune bool) (string, error) { return f(ctx, prune) }

// ErrRebuildRemovesTooMuch is matched (errors.Is) by a Rebuilder's error
// when the rebuild was refused by the index's safety limits on removals: a
// corpus folder that holds no files now, or files gone for many of the
// indexed articles. Often the folder is only unmounted or moved, so the
// reply says to check it first and names prune only for files gone for good.
var ErrRebuildRemovesTooMuch = errors.New("the rebuild was refused: it would remove many articles whose corpus files are gone")

// Poster sends a message to a channel; the discord package's Bot is one.
type Poster interface {
	Post(ctx context.Context, channelID string, resp Response) error
}

// Reindex is /reindex: it rebuilds the index from the corpus folders in
// the background and swaps the new index in when it is done; searches keep
// using the old index meanwhile. Only members with Manage Server may use
// it (the router enforces the definition), in the bot operator's server
// (Guild). It replies at once and posts
// the summary to the channel at the end. One rebuild runs at a time: a
// /reindex meanwhile is refused, and the summary is posted in its channel
// too.
type Reindex struct {
	Rebuilder Rebuilder
	// Poster sends the summary to the channel /reindex was used in.
	Poster Poster
	// Go runs a function in the background for the server's lifetime; the
	// context it passes ends at the shutdown.
	Go func(fn func(ctx context.Context))
	// Log, when set, is told about failed rebuilds and summaries that
	// cannot be posted.
	Log *slog.Logger
	// Guild is the bot operator's server, the only one /reindex may be
	// used in: the index is shared by every server the bot is in, and
	// the Manage Server permission of another server's members must not
	// rebuild it, or let go what it keeps (prune), for all of them. ""
	// names none: /reindex then says which setting names it. The command
	// line (Request.CLI) is the operator's own.
	Guild string

	mu      sync.Mutex
	running bool
	// channels are where the running rebuild's summary goes: the channel
	// of the /reindex that started it and of each one refused meanwhile.
	channels []string
}

// rebuildRunning is the reply while a rebuild runs.
const rebuildRunning = "A rebuild is already running; its summary will be posted in this channel too when it is done."

// Definition describes /reindex.
func (r *Reindex) Definition() Definition {
	return Definition{
		Name:        "reindex",
		Description: "Rebuild the index from the corpus folders in the background (Manage Server)",
		Options: []Option{
			{Type: OptionBoolean, Name: "prune", Description: "Let go of old records that no longer decode, and files gone or outside the corpus"},
		},
		DefaultMemberPermissions: PermissionManageGuild,
		GuildOnly:                true,
		Ephemeral:                true,
		Defer:                    true,
	}
}

// Handle starts the rebuild and replies that its summary will follow, or
// refuses when a rebuild is already running.
func (r *Reindex) Handle(_ context.Context, req Request) (Response, error) {
	if !req.CLI && (r.Guild == "" || req.GuildID != r.Guild) {
		if r.Log != nil {
			r.Log.Info("reindex refused outside the operator's server", "guild", req.GuildID, "operator_guild", r.Guild)
		}
		if r.Guild == "" {
			return ephemeral("The index is shared by every server this bot is in, so /reindex works only in the server its operator names in the bot's configuration (discord.admin_guild_id), and none is named."), nil
		}
		return ephemeral("The index is shared by every server this bot is in, so /reindex works only in the bot operator's server."), nil
	}
	r.mu.Lock()
	if r.running {
		r.addChannel(req.ChannelID)
		r.mu.Unlock()
		return ephemeral(rebuildRunning), nil
	}
	r.running = true
	r.channels = nil
	r.addChannel(req.ChannelID)
	r.mu.Unlock()
	log := r.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	prune := req.Option("prune") == "true"
	r.Go(func(bg context.Context) {
		summary, err := r.Rebuilder.Rebuild(bg, prune)
		r.mu.Lock()
		r.running = false
		channels := r.channels
		r.channels = nil
		r.mu.Unlock()
		if bg.Err() != nil { // shutting down: the old index stays
			log.Info("rebuild stopped by the shutdown", "error", err)
			return
		}
		if err != nil {
			log.Error("rebuild failed", "error", err)
		}
		reply := reindexReply(summary, err)
		for _, ch := range channels {
			if err := r.Poster.Post(bg, ch, reply); err != nil {
				log.Warn("could not post the rebuild summary", "channel", ch, "error", err)
			}
		}
	})
	return ephemeral("Rebuilding the index in the background… I'll post the summary in this channel when it's done."), nil
}

// addChannel adds ch to the channels the running rebuild's summary goes
// to, once; "" (no channel: the command line) is none. r.mu is held.
func (r *Reindex) addChannel(ch string) {
	if ch != "" && !slices.Contains(r.channels, ch) {
		r.channels = append(r.channels, ch)
	}
}

// reindexReply reports a rebuild's outcome.
func reindexReply(summary string, err error) Response {
	if errors.Is(err, ErrRebuildRemovesTooMuch) {
		return Response{Content: "Rebuilding the index failed: it would remove many articles because their corpus files " +
			"are gone, or a corpus folder holds no files now. That is often a folder that is unmounted or moved: check the " +
			"corpus folders on the bot's host (its log names the folder and the counts). If the files are gone for good, " +
			"run /reindex with “prune” set to True to let their articles go. The index is unchanged."}
	}
	// The index's messages are written for the operator of the bot's host,
	// who reads them in bot index --rebuild: they name the folders and
	// files in the way. A server's channel is told what kind of problem it
	// is without them; Handle logs the whole message.
	if chronicle.ErrorCode(err) == chronicle.ECONFLICT {
		return Response{Content: "Rebuilding the index failed: something on the bot's host is in the way of the rebuild: " +
			"the index folder holds a file that is not the index's, or a folder beside it is left from elsewhere. " +
			"The bot's log names it; once it is moved away, run /reindex again. The index is unchanged."}
	}
	if err != nil {
		return Response{Content: "Rebuilding the index failed; the bot's log says why."}
	}
	return Response{Content: "Index rebuilt: " + Escape(summary)}
}
