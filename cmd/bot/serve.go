package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/chronicle-bot/chronicle/internal/answer"
	"github.com/chronicle-bot/chronicle/internal/commands"
	"github.com/chronicle-bot/chronicle/internal/corpus"
	"github.com/chronicle-bot/chronicle/internal/digest"
	"github.com/chronicle-bot/chronicle/internal/discord"
	"github.com/chronicle-bot/chronicle/internal/feed"
	"github.com/chronicle-bot/chronicle/internal/feedback"
	"github.com/chronicle-bot/chronicle/internal/health"
	"github.com/chronicle-bot/chronicle/internal/index"
	"github.com/chronicle-bot/chronicle/internal/metrics"
	"github.com/chronicle-bot/chronicle/internal/schedule"
	"github.com/chronicle-bot/chronicle/internal/watch"
)

// MainOptions adjust a Main for tests; the zero value is production.
type MainOptions struct {
	// Answerer replaces the answerer built over the index (e.g. a slow fake).
	Answerer commands.Answerer
	// Router tunes the command router (timeouts, rate limit).
	Router commands.RouterConfig
	// ShutdownTimeout bounds how long in-flight interactions may take to
	// finish after a shutdown starts (default 10s).
	ShutdownTimeout time.Duration
	// WatchDebounce is the corpus watcher's quiet period (default 500ms).
	WatchDebounce time.Duration
	// WatchRetryDelay is the corpus watcher's first delay before retrying
	// a failed sync (default watch.DefaultRetryDelay).
	WatchRetryDelay time.Duration
	// Prune lets the start-up sync remove articles whose files are gone
	// (serve --prune); without it the start-up sync removes nothing.
	Prune bool
	// Watch tunes the /watch poster (see WatchOptions).
	Watch WatchOptions
}

// Main is the whole Discord bot of `bot serve`: the index, the command
// router, the Discord connection, the HTTP server (/interactions, /healthz,
// /metrics), the digest scheduler, the feed fetcher and the corpus watcher.
// NewMain opens everything that is fast to open; Run starts the rest and
// serves until its context ends, then shuts down gracefully; Close releases
// the files.
type Main struct {
	cfg  Config
	opts MainOptions
	log  *slog.Logger

	ix      *index.Live // swapped by /reindex
	store   *schedule.Store
	votes   *feedback.Store // nil with feedback.enabled false
	sched   *schedule.Scheduler
	watches *schedule.Watcher
	fetcher *feed.Fetcher // nil without feeds
	router  *commands.Router
	bot     *discord.Bot
	metrics *metrics.Metrics
	health  *health.Status
	ln      net.Listener
	// readOnlyNoted is set once a read-only index has been logged.
	readOnlyNoted atomic.Bool
	srv           *http.Server

	// bgCtx is the lifetime of background jobs (jobs started by commands
	// too); shutdown cancels it with stopBG and waits for bg.
	bgCtx  context.Context
	stopBG context.CancelFunc
	bg     sync.WaitGroup
}

// NewMain validates cfg, opens the index and the schedule store, builds the
// commands and the Discord bot and listens on http.addr. It does not sync
// the corpus or contact Discord: Run does that, in the background.
func NewMain(ctx context.Context, cfg Config, log *slog.Logger, opts MainOptions) (_ *Main, err error) {
	if err := cfg.Validate(true); err != nil {
		return nil, err
	}
	m := &Main{cfg: cfg, opts: opts, log: log, metrics: metrics.New(), health: &health.Status{HTTPInteractions: cfg.Discord.PublicKey != ""}}
	m.bgCtx, m.stopBG = context.WithCancel(context.WithoutCancel(ctx))
	defer func() {
		if err != nil {
			m.Close()
		}
	}()
	if m.ix, err = index.OpenLive(ctx, cfg.Index.Path, index.Options{Damaged: warnDamaged(log)}); err != nil {
		return nil, err // it names the index, as the other commands show it
	}
	if reset, why := m.ix.Reset(); reset {
		log.Warn("index was incomplete, outdated or damaged and has been reset; the start-up sync rebuilds it",
			"path", cfg.Index.Path, "reason", why)
	}
	warnMended(log, cfg.Index.Path, m.ix.Repaired(), m.ix.StoppedSwap())
	m.metrics.IndexSize(m.ix.Len())
	// An empty index is not ready until the first sync has filled it.
	m.health.IndexOpen(m.ix.Len() > 0)
	if err := os.MkdirAll(filepath.Dir(cfg.Schedule.Path), 0o755); err != nil {
		return nil, fmt.Errorf("schedule.path: %w", err)
	}
	if m.store, err = schedule.Open(cfg.Schedule.Path); err != nil {
		return nil, err // it names the file
	}
	reportSchedules(ctx, m.store, cfg.Schedule.Path, log.With("component", "schedule"))
	if len(cfg.Feeds) > 0 {
		m.fetcher, err = newFetcher(cfg, m.ix, log.With("component", "feed"), func(r index.SyncReport) {
			m.metrics.Ingested(r.Added + r.Updated)
			m.notifyWatches(m.bgCtx, r.AddedIDs, r.UpdatedIDs())
			m.metrics.IndexSize(m.ix.Len())
		})
		if err != nil {
			return nil, err
		}
	}
	m.sched = schedule.New(m.store, digest.Builder{Source: m.ix}, commands.DigestPoster{Poster: lateBot{m}}, log.With("component", "schedule"))
	m.watches = m.newWatcher()
	if m.router, err = m.newRouter(); err != nil {
		return nil, err
	}
	m.bot, err = discord.New(discord.Config{
		Token: cfg.Discord.Token, ApplicationID: cfg.Discord.ApplicationID, PublicKey: cfg.Discord.PublicKey,
		GuildID: cfg.Discord.GuildID, APIURL: cfg.Discord.APIURL,
		ShardID: cfg.Discord.ShardID, ShardCount: cfg.Discord.ShardCount, HTTPOnly: !cfg.Discord.Gateway, OnEvent: m.discordEvent,
	}, m.router, log.With("component", "discord"))
	if err != nil {
		return nil, err
	}
	if m.ln, err = net.Listen("tcp", cfg.HTTP.Addr); err != nil {
		return nil, fmt.Errorf("http.addr: listen on %q: %w", cfg.HTTP.Addr, err)
	}
	m.srv = discord.NewHTTPServer(m.httpHandler(), discord.ServerTimeouts{})
	return m, nil
}

// reportSchedules logs what the schedule store holds: that a damaged file
// was set aside and its schedules lost, that an empty file was started as
// a new store (it may have been cut short), that records which did not decode
// were set aside (in one line), each bucket under a name the store does not
// know (restored, or left as it is), or that there are no schedules.
func reportSchedules(ctx context.Context, st *schedule.Store, path string, log *slog.Logger) {
	if d := st.Damaged(); d != nil {
		log.Error(d.String()+"; the schedules it held are lost: add them again with /schedule add",
			"path", d.Path, "moved_to", d.MovedTo)
		return
	}
	if e := st.WasEmpty(); e != nil {
		log.Warn(e.String()+"; if it held schedules or watches, add them again with /schedule add and /watch add", "path", e.Path)
	}
	if m := st.Mended(); m != nil {
		log.Warn(m.String(), "path", m.Path, "copy", m.CopyAt)
	}
	if aside := st.SetAside(); len(aside) > 0 {
		keys, errs := make([]string, len(aside)), make([]string, len(aside))
		for i, r := range aside {
			keys[i], errs[i] = r.Key, r.Err.Error()
		}
		log.Error("schedule records that did not decode were set aside, their bytes kept in the schedules-damaged bucket; they will not run: add them again with /schedule add",
			"path", path, "count", len(aside), "records", keys, "errors", errs)
	}
	for _, b := range st.Strays() {
		if b.Restored {
			log.Warn("the schedule file is damaged: "+b.String(), "path", path)
		} else {
			log.Error("the schedule file holds a bucket it does not use: "+b.String(), "path", path)
		}
	}
	all, err := st.List(ctx, "")
	switch {
	case err != nil:
		log.Warn("cannot list the schedules", "path", path, "err", err)
	case len(all) == 0:
		log.Info("the schedule store holds no schedules (add one with /schedule add)", "path", path)
	default:
		log.Info("schedules loaded", "path", path, "count", len(all))
	}
}

// newRouter builds the router over every command.
func (m *Main) newRouter() (*commands.Router, error) {
	ans := m.opts.Answerer
	if ans == nil {
		ans = answer.New(m.ix)
	}
	sources := &commands.Sources{Stats: m.ix}
	if m.fetcher != nil {
		sources.Feeds = feedHealth{m.fetcher}
	}
	reindex := &commands.Reindex{Rebuilder: commands.RebuildFunc(m.rebuild), Poster: lateBot{m}, Go: m.background,
		Log: m.log.With("component", "reindex"), Guild: cmp.Or(m.cfg.Discord.AdminGuildID, m.cfg.Discord.GuildID)}
	rc := m.opts.Router
	rc.Logger = m.log.With("component", "commands")
	rc.Observer = m.metrics
	// One store for the buttons whose state is too long for a custom ID
	// ("More sources" of a long question, pages of a long query).
	buttons := commands.NewButtons(nil)
	fb, err := m.openFeedback()
	if err != nil {
		return nil, err
	}
	// A replica that does not run the schedules lists them but refuses
	// changes, which no scheduler would read.
	var schedules commands.Schedules = m.sched
	if !m.cfg.Schedule.Enabled {
		schedules = schedule.ReadOnly{Scheduler: m.sched}
	}
	return commands.NewRouter(rc,
		&commands.Ask{Answerer: ans, Searcher: m.ix, Buttons: buttons, Feedback: fb},
		&commands.Search{Searcher: m.ix, Buttons: buttons},
		&commands.Article{Articles: m.ix},
		sources,
		&commands.Check{Answerer: ans, Buttons: buttons},
		&commands.Digest{Builder: digest.Builder{Source: m.ix}, Newest: m.ix.Newest},
		&commands.Timeline{Builder: digest.TimelineBuilder{Source: m.ix}, Buttons: buttons},
		&commands.Schedule{Schedules: schedules, Channels: lateBot{m}},
		m.watchCommand(),
		reindex,
		&commands.Help{},
	)
}

// lateBot is m.bot, which is built after the router, for the commands
// that post to or check channels.
type lateBot struct{ m *Main }

// CanPost implements commands.ChannelChecker.
func (b lateBot) CanPost(ctx context.Context, guildID, channelID string) error {
	return b.m.bot.CanPost(ctx, guildID, channelID)
}

// Post implements commands.Poster.
func (b lateBot) Post(ctx context.Context, channelID string, resp commands.Response) error {
	return b.m.bot.Post(ctx, channelID, resp)
}

// Addr is the address the HTTP server listens on.
func (m *Main) Addr() string { return m.ln.Addr().String() }

// Metrics returns the bot's metrics.
func (m *Main) Metrics() *metrics.Metrics { return m.metrics }

// Run serves until ctx is done or the Discord bot fails to start (the
// commands not registered, or the gateway, when on, not reached), then shuts
// down: it stops taking interactions, lets those in flight finish within
// the shutdown timeout, closes the gateway and stops the background jobs.
// The initial corpus sync and feed fetch run in the background, so an
// existing index is ready at once.
func (m *Main) Run(ctx context.Context) error {
	defer m.stopBG()
	bgCtx := m.bgCtx
	var jobs sync.WaitGroup
	start := func(name string, run func(context.Context) error) {
		jobs.Go(func() {
			if err := run(bgCtx); err != nil && !errors.Is(err, context.Canceled) {
				m.metrics.Error(name)
				m.log.Error("background job stopped", "component", name, "error", err)
			}
		})
	}
	httpErr := make(chan error, 1)
	go func() { httpErr <- m.srv.Serve(m.ln) }()
	m.health.HTTPServing()
	m.log.Info("http listening", "component", "http", "addr", m.Addr(), "interactions", m.health.HTTPInteractions)

	botCtx, stopBot := context.WithCancel(context.WithoutCancel(ctx))
	defer stopBot()
	botErr := make(chan error, 1)
	go func() { botErr <- m.bot.Run(botCtx) }()

	// The start-up sync removes nothing unless --prune: a corpus folder
	// that is not mounted yet must not empty the index. Later syncs follow
	// a change in the folders and remove within the index's safety limits.
	// A start-up sync that fails (a corpus folder still missing) is retried
	// as a start-up sync: until one succeeds, nothing is removed.
	var synced atomic.Bool
	w := watch.New(m.cfg.Corpus.Paths, watch.SyncFunc(func(ctx context.Context) error {
		_, err := m.sync(ctx, index.SyncOptions{NoRemove: !m.opts.Prune && !synced.Load(), Verify: !synced.Load(), KeepRefused: true})
		if err == nil {
			synced.Store(true)
		}
		if err == nil && m.readOnlyNoted.Load() {
			return watch.ErrNothingSynced // a read-only index: no "corpus synced"
		}
		return err
	}), watch.Options{SyncOnStart: true, Debounce: m.opts.WatchDebounce, RetryDelay: m.opts.WatchRetryDelay,
		Ignore: append(index.OwnPaths(m.cfg.Index.Path), feedStatePath(m.cfg.Index.Path), m.cfg.Schedule.Path, m.cfg.FeedbackPath()),
		Logger: m.log.With("component", "watch")})
	start("watch", w.Run)
	if m.fetcher != nil {
		start("feed", m.fetcher.Run)
	}
	if m.cfg.Schedule.Enabled {
		start("schedule", m.sched.Run)
		start("watch-posts", m.watches.Run)
	} else {
		m.log.Info("digest schedules are not run in this replica (schedule.enabled is false)", "component", "schedule")
	}

	var runErr error
	select {
	case <-ctx.Done():
		m.log.Info("shutting down", "component", "serve")
	case runErr = <-botErr:
		botErr <- runErr
		if runErr == nil {
			runErr = errors.New("discord: gateway stopped")
		}
		m.log.Error("discord stopped; shutting down", "component", "serve", "error", runErr)
	case err := <-httpErr:
		runErr = fmt.Errorf("http server: %w", err)
	}
	m.shutdown(stopBot, botErr)
	m.stopBG()
	jobs.Wait()
	m.bg.Wait()
	return runErr
}

// shutdown stops taking interactions and waits for those in flight.
func (m *Main) shutdown(stopBot context.CancelFunc, botErr <-chan error) {
	m.health.Closing()
	timeout := cmp.Or(m.opts.ShutdownTimeout, 10*time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	if err := m.srv.Shutdown(ctx); err != nil {
		m.log.Warn("http shutdown", "component", "http", "error", err)
	}
	stopBot() // closes the gateway, then waits for its interactions
	select {
	case <-botErr:
	case <-ctx.Done():
		m.log.Warn("gateway interactions still running at the shutdown deadline", "component", "serve")
	}
	if err := m.router.Wait(ctx); err != nil {
		m.log.Warn("interactions still running at the shutdown deadline", "component", "serve", "pending", m.router.Pending())
	}
	m.log.Info("stopped taking interactions", "component", "serve")
}

// sync brings the index in line with the corpus paths, one sync at a time
// (the live index serialises them).
func (m *Main) sync(ctx context.Context, opts index.SyncOptions) (index.SyncReport, error) {
	rep, err := m.ix.Sync(ctx, m.cfg.Corpus.Paths, opts)
	if rep.Refusal != nil {
		// A removal refused (a folder unmounted, most of the corpus
		// deleted) held back every later addition as well: the files
		// dropped into the folders were never indexed while bot serve
		// retried the whole sync every few seconds (helper 96). The sync
		// keeps the gone files' articles and syncs the rest
		// (KeepRefused); the refusal is said at each sync, and counted as
		// an index error, until the files come back or /reindex with
		// prune lets their articles go. (A folder renamed, whose articles
		// come back under new IDs, is a move the sync takes, not a
		// refusal: helper 98.)
		m.metrics.Error("index")
		m.log.Warn("removal refused: the articles of the gone files are kept and the rest of the corpus is synced; "+
			"if the files are gone for good, /reindex with prune (or bot index --prune with the bot stopped) lets them go",
			"component", "index", "reason", rep.Refusal.Error())
	}
	if errors.Is(err, index.ErrReadOnly) {
		// A read-only copy (a replica) answers from the index as it is:
		// there is nothing to sync, and nothing to retry.
		if !m.readOnlyNoted.Swap(true) {
			m.log.Info("the index is read-only: the corpus is not synced into it", "component", "index")
		}
		m.health.Synced()
		return rep, nil
	}
	if err != nil {
		m.metrics.Error("index")
		return rep, fmt.Errorf("sync corpus: %w", err)
	}
	m.health.Synced()
	m.metrics.Ingested(rep.Added + rep.Updated)
	m.metrics.IndexSize(m.ix.Len())
	m.notifyWatches(ctx, rep.AddedIDs, rep.UpdatedIDs())
	if rep.Changed() || len(rep.Problems) > 0 {
		m.log.Info("synced corpus", "component", "index", "summary", rep.Summary())
	}
	logProblems(ctx, m.log, "corpus", "index", rep.Problems)
	return rep, nil
}

// loggedProblems is how many corpus problems bot index prints and one sync
// of bot serve logs one by one (printProblems, logProblems).
const loggedProblems = 20

// logProblems logs each problem of a sync or of a feed's items with its
// path (or feed URL), line and reason (the first loggedProblems, then how
// many more): an operator who drops a broken file into a watched folder,
// or subscribes to a feed with an outlet name of megabytes, learns which
// and why, not only a count in a summary. what names the problems
// ("corpus", "feed item") and component the component to log them under
// ("" for a logger that names its own).
func logProblems(ctx context.Context, log *slog.Logger, what, component string, problems []corpus.Problem) {
	if component != "" {
		log = log.With("component", component)
	}
	head, more := corpus.Head(problems, loggedProblems)
	for _, p := range head {
		level := slog.LevelWarn
		if !p.Skipped {
			level = slog.LevelInfo
		}
		log.Log(ctx, level, what+" problem", "problem", p.String())
	}
	if more > 0 {
		args := []any{"count", more}
		if what == "corpus" {
			args = append(args, "list", "bot index --verbose") // a feed's are listed nowhere else
		}
		log.WarnContext(ctx, "more "+what+" problems, not logged one by one", args...)
	}
}

// rebuild rebuilds the index from the corpus paths and swaps it in, for
// /reindex (with prune as bot index --rebuild --prune), and returns the
// summary. Every corpus article is new to the rebuilt index, but only
// those the index replaced did not hold go to the watches as new (one the
// corpus watcher had not synced yet reaches the index only now), and those
// it held changed as updated: an article indexed before a watch was made
// is no news to it, rebuilt or not.
func (m *Main) rebuild(ctx context.Context, prune bool) (string, error) {
	rep, err := m.ix.RebuildWith(ctx, m.cfg.Corpus.Paths, index.SyncOptions{Prune: prune})
	if errors.Is(err, index.ErrRebuildRunning) {
		return "", err
	}
	switch {
	case errors.Is(err, index.ErrRemovalRefused):
		// /reindex says what to check, and prune for files gone for good.
		err = fmt.Errorf("%w: %w", commands.ErrRebuildRemovesTooMuch, err)
	}
	if err != nil {
		m.metrics.Error("index")
		return "", fmt.Errorf("rebuild index: %w", err)
	}
	m.health.Synced()
	m.metrics.IndexSize(rep.Articles)
	m.notifyWatches(ctx, rep.NewIDs, rep.UpdatedIDs)
	m.log.Info("rebuilt index", "component", "index", "summary", rep.Summary())
	return rep.Summary(), nil
}

// background runs fn for the lifetime of Run; shutdown cancels and waits
// for it.
func (m *Main) background(fn func(ctx context.Context)) {
	m.bg.Go(func() { fn(m.bgCtx) })
}

// Close closes the feed state, the schedule store and the index. Call it
// after Run has returned.
func (m *Main) Close() error {
	var errs []error
	m.stopBG()
	if m.ln != nil {
		m.ln.Close()
	}
	if m.fetcher != nil {
		errs = append(errs, m.fetcher.Close())
	}
	if m.store != nil {
		errs = append(errs, m.store.Close())
	}
	if m.votes != nil {
		errs = append(errs, m.votes.Close())
	}
	if m.ix != nil {
		errs = append(errs, m.ix.Close())
	}
	return errors.Join(errs...)
}
