package schedule

// Watches post new coverage: a Watch holds a query and a channel, and when a
// newly indexed article (from a feed or a watched folder) matches the query,
// a short cited card of it is posted to the channel, once.
//
// How it works: whoever indexes articles calls Watcher.NotifyChanges with
// the IDs the index added and those it updated (index.SyncReport.AddedIDs
// and UpdatedIDs; Notify for added ones alone); it writes them to an inbox
// in the schedule store and wakes the Watcher. A pass
// (RunOnce) first matches the inbox against every enabled watch created
// (or resumed) before the article arrived, if the article is news (Fresh:
// dated, and published at most two days before it was indexed and a day
// before the watch was made or resumed, so an index rebuilt from scratch
// or an archive folder posts nothing), by MatchScore (the analysis of search and a minimum
// score). It queues each match in the watch's pending list, unless that
// watch already took that article: a watch records the articles it took,
// so an article re-ingested, changed or not, never posts again. The record
// of an article goes once Fresh refuses it whatever happens (a few days
// after its date), which bounds it to the last few days' matches. The pass
// then posts, per watch, everything pending once the oldest item has
// waited GroupWindow (so articles arriving within a few minutes share one
// post), unless the channel already had HourlyCap posts in the last hour;
// the items then wait, and go out together when the hour allows, the
// watch whose matches waited longest first.
//
// Delivery follows the schedules' rule (see the package comment): the
// items of a post are moved from pending into an Attempt marker before
// posting, and the marker is cleared with the outcome. A marker found at
// the start of a pass means the process stopped mid-post: those items are
// not posted again. An error that posted nothing puts them back with a
// backoff (dropped, and said so, after maxWatchFailures); a channel that
// is gone, or where the bot may not see or post (see Permanent), disables
// the watch with the reason, shown in /watch list, until ResumeWatch
// enables it again (it then takes what arrives from then on). A record that does not decode is set aside, never a stop, and a
// clock that goes back holds up no group, hour or retry, nor a watch made or
// resumed before it went back (what arrives after the step is matched).

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/digest"
	"github.com/chronicle-bot/chronicle/internal/discordtext"
	"github.com/chronicle-bot/chronicle/internal/terms"
)

// Watch is one channel's standing query for new coverage.
type Watch struct {
	ID        string    `json:"id"`
	GuildID   string    `json:"guild_id"`
	ChannelID string    `json:"channel_id"`
	Query     string    `json:"query"`
	CreatedBy string    `json:"created_by"`
	Created   time.Time `json:"created"`
	// Disabled watches match nothing; DisabledReason says why.
	Disabled       bool   `json:"disabled,omitempty"`
	DisabledReason string `json:"disabled_reason,omitempty"`
	// Posted counts the articles posted; LastPosted is the last post.
	Posted     int       `json:"posted,omitempty"`
	LastPosted time.Time `json:"last_posted"`
	// LastError describes the last failed or interrupted post.
	LastError string    `json:"last_error,omitempty"`
	Failures  int       `json:"failures,omitempty"`
	RetryAt   time.Time `json:"retry_at"`
	// Attempt marks a post in progress (see the comment above).
	Attempt *WatchAttempt `json:"attempt,omitempty"`
	// Resumed is when the watch was last enabled again after being
	// disabled (ResumeWatch); zero if never. It counts as the watch's
	// creation for matching (since).
	Resumed time.Time `json:"resumed,omitzero"`
}

// since is when the watch began to take articles: its creation, or its
// last resume. An article that arrived before, or that was no longer news
// then (Fresh), is not its.
func (x Watch) since() time.Time {
	if x.Resumed.After(x.Created) {
		return x.Resumed
	}
	return x.Created
}

// WatchAttempt records a post that was started: how many articles it
// carries, and the IDs of the first MaxWatchCards of them (a flood of
// matches does not make the record large).
type WatchAttempt struct {
	Articles []string  `json:"articles"`
	Count    int       `json:"count,omitempty"`
	Started  time.Time `json:"started"`
}

// count is how many articles the post carries.
func (a WatchAttempt) count() int { return max(a.Count, len(a.Articles)) }

// WatchItem is one matched article waiting to be posted.
type WatchItem struct {
	ArticleID string    `json:"article_id"`
	Matched   time.Time `json:"matched"`
	Score     float64   `json:"score"`
	// Quote is the article's sentence with the most query words, cited.
	Quote chronicle.Citation `json:"quote"`
	// Published and Highlights restore what the JSON of a Citation leaves
	// out: the article's date and the quote's matched words.
	Published  time.Time        `json:"published"`
	Highlights []chronicle.Span `json:"highlights,omitempty"`
}

// Citation is the item's quote with its date and highlights.
func (it WatchItem) Citation() chronicle.Citation {
	c := it.Quote
	c.Published, c.Highlights = it.Published, it.Highlights
	return c
}

// WatchPost is what one post of a watch carries.
type WatchPost struct {
	Watch Watch
	// Items are the articles shown: the best matches (MatchScore), the
	// oldest first among equals, at most MaxWatchCards.
	Items []WatchItem
	// More counts further matches of the same post that were not shown.
	More int
}

// WatchPoster posts a watch's new articles to a channel, with the error
// contract of Poster.
type WatchPoster interface {
	PostWatch(ctx context.Context, channelID string, p WatchPost) error
}

// ArticleSource reads indexed articles; the index satisfies it.
type ArticleSource interface {
	Article(ctx context.Context, id string) (chronicle.Article, error)
	// DocFreqs returns the number of articles and how many hold each stem.
	DocFreqs(ctx context.Context, stems []string) (int, map[string]int, error)
}

// Watch defaults.
const (
	DefaultGroupWindow = 3 * time.Minute
	DefaultHourlyCap   = 6
	// MaxWatchCards is how many articles one post shows.
	MaxWatchCards = 5
	// MaxWatchQuery is the longest query, in characters.
	MaxWatchQuery = 100
	// MaxGuildWatches is how many watches one server may have.
	MaxGuildWatches = 25
)

// ErrWatchNotScheduler is the reply to adding, removing or resuming a watch in a
// replica that does not run the schedules and watches (schedule.enabled
// false): the change would be kept in a file no watcher reads.
var ErrWatchNotScheduler = chronicle.Errorf(chronicle.EINVALID,
	"This instance of the bot does not post watches (schedule.enabled is false), so it cannot change them. Please try again: another instance may take it.")

// Watcher matches newly indexed articles against the stored watches and
// posts the matches.
type Watcher struct {
	Store    *Store
	Articles ArticleSource
	Poster   WatchPoster
	// MinScore is the lowest MatchScore posted (DefaultMinScore when 0).
	MinScore float64
	// GroupWindow is how long the first match of a post waits for others
	// (DefaultGroupWindow when 0; negative posts at once).
	GroupWindow time.Duration
	// HourlyCap is the most posts a channel gets in any hour, all its
	// watches together (DefaultHourlyCap when 0).
	HourlyCap int
	// Now is the clock; time.Now when nil.
	Now    func() time.Time
	Logger *slog.Logger
	// PostTimeout bounds one post (default 1 minute).
	PostTimeout time.Duration

	mu       sync.Mutex // serialises passes
	pruned   time.Time  // the last pruneSeen, under mu
	analyzer *terms.Analyzer
	wake     chan struct{}
	once     sync.Once
}

// NewWatcher returns a Watcher with the defaults and the real clock.
func NewWatcher(store *Store, arts ArticleSource, p WatchPoster, logger *slog.Logger) *Watcher {
	return &Watcher{Store: store, Articles: arts, Poster: p, Logger: logger}
}

func (w *Watcher) init() {
	w.once.Do(func() {
		w.analyzer = terms.New()
		w.wake = make(chan struct{}, 1)
	})
}

func (w *Watcher) now() time.Time {
	if w.Now != nil {
		return w.Now()
	}
	return time.Now()
}

func (w *Watcher) logger() *slog.Logger {
	if w.Logger != nil {
		return w.Logger
	}
	return slog.Default()
}

func (w *Watcher) minScore() float64 {
	if w.MinScore > 0 {
		return w.MinScore
	}
	return DefaultMinScore
}

func (w *Watcher) groupWindow() time.Duration {
	switch {
	case w.GroupWindow < 0:
		return 0
	case w.GroupWindow == 0:
		return DefaultGroupWindow
	}
	return w.GroupWindow
}

func (w *Watcher) hourlyCap() int {
	if w.HourlyCap > 0 {
		return w.HourlyCap
	}
	return DefaultHourlyCap
}

// AddWatch validates a new watch and stores it. It matches the articles
// indexed from now on. GuildID, ChannelID and a query with at least one
// word to match are required; a server has at most MaxGuildWatches, and
// not two for one channel with the same words. Invalid input gives an
// EINVALID error whose message suits the user.
func (w *Watcher) AddWatch(ctx context.Context, x Watch) (Watch, error) {
	w.init()
	x.Query = strings.Join(strings.Fields(x.Query), " ")
	if x.ChannelID == "" || x.GuildID == "" {
		return Watch{}, chronicle.Errorf(chronicle.EINVALID, "A watch needs a server channel to post in.")
	}
	if x.Query == "" {
		return Watch{}, chronicle.Errorf(chronicle.EINVALID, "Tell me what to watch for, e.g. /watch add query: Moscow attack.")
	}
	if n := len([]rune(x.Query)); n > MaxWatchQuery {
		return Watch{}, chronicle.Errorf(chronicle.EINVALID, "The query is %d characters long; a watch takes at most %d.", n, MaxWatchQuery)
	}
	stems := QueryStems(w.analyzer, x.Query)
	if len(stems) == 0 {
		return Watch{}, chronicle.Errorf(chronicle.EINVALID, "“%s” has no words to match (only short common words): name the story, e.g. Moscow attack.",
			discordtext.Escape(x.Query))
	}
	x.Created = w.now()
	x.ID, x.Disabled, x.DisabledReason, x.LastError, x.Attempt = "", false, "", "", nil
	x.Posted, x.LastPosted, x.Failures, x.RetryAt, x.Resumed = 0, time.Time{}, 0, time.Time{}, time.Time{}
	key := stemKey(stems)
	return w.Store.addWatch(ctx, x, func(guild []Watch) error {
		if len(guild) >= MaxGuildWatches {
			return chronicle.Errorf(chronicle.EINVALID, "This server already has %d watches, the most it can have: remove one with /watch remove first.", len(guild))
		}
		for _, y := range guild {
			if y.ChannelID != x.ChannelID || stemKey(QueryStems(w.analyzer, y.Query)) != key {
				continue
			}
			if y.Disabled {
				return chronicle.Errorf(chronicle.EINVALID, "Watch %s for “%s” in <#%s> is disabled (%s): resume it with /watch resume id:%s, or remove it with /watch remove first.",
					y.ID, discordtext.Escape(y.Query), y.ChannelID, discordtext.Escape(shownReason(y.DisabledReason)), y.ID)
			}
			return chronicle.Errorf(chronicle.EINVALID, "Watch %s already posts “%s” in <#%s>.", y.ID, discordtext.Escape(y.Query), y.ChannelID)
		}
		return nil
	})
}

// stemKey is a query's stems in order, so that "Moscow attack" and
// "attacks in Moscow" are the same watch.
func stemKey(stems []string) string {
	return strings.Join(slices.Sorted(slices.Values(stems)), " ")
}

// ListWatches returns a guild's watches.
func (w *Watcher) ListWatches(ctx context.Context, guildID string) ([]Watch, error) {
	return w.Store.ListWatches(ctx, guildID)
}

// RemoveWatch deletes a guild's watch, its pending articles and its record
// of the articles it took.
func (w *Watcher) RemoveWatch(ctx context.Context, guildID, id string) error {
	return w.Store.RemoveWatch(ctx, guildID, ItemID(id))
}

// ResumeWatch enables again a guild's disabled watch by ID; it takes the
// articles that arrive from now on (see Store.ResumeWatch).
func (w *Watcher) ResumeWatch(ctx context.Context, guildID, id string) (Watch, error) {
	return w.Store.ResumeWatch(ctx, guildID, ItemID(id), w.now())
}

// WatchReadOnly is what /watch manages in a replica that does not run the
// schedules: it lists the watches and refuses changes with
// ErrWatchNotScheduler.
type WatchReadOnly struct{ Watcher *Watcher }

// RefusesChanges is ErrWatchNotScheduler: /watch add and resume give it
// before they ask Discord about the channel.
func (WatchReadOnly) RefusesChanges() error { return ErrWatchNotScheduler }

// AddWatch refuses the change.
func (WatchReadOnly) AddWatch(context.Context, Watch) (Watch, error) {
	return Watch{}, ErrWatchNotScheduler
}

// ListWatches lists the watches of a guild.
func (r WatchReadOnly) ListWatches(ctx context.Context, guildID string) ([]Watch, error) {
	return r.Watcher.ListWatches(ctx, guildID)
}

// RemoveWatch refuses the change.
func (WatchReadOnly) RemoveWatch(context.Context, string, string) error { return ErrWatchNotScheduler }

// ResumeWatch refuses the change.
func (WatchReadOnly) ResumeWatch(context.Context, string, string) (Watch, error) {
	return Watch{}, ErrWatchNotScheduler
}

// Describe is one plain-text line about the watch for lists written at
// now: its ID and query, what it has posted, and why it is disabled or its
// last problem; its last post is given with its year when that is not
// now's, as Schedule.Describe gives its times.
func (x Watch) Describe(now time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "watch %s: %s", x.ID, digest.Quoted(x.Query))
	if x.Disabled {
		fmt.Fprintf(&b, "; DISABLED: %s", disabledLine(x.DisabledReason, "watch", x.ID))
		return b.String()
	}
	last := x.LastPosted.UTC()
	switch {
	case x.Posted == 0:
		b.WriteString("; nothing posted yet")
	case x.Posted == 1:
		fmt.Fprintf(&b, "; 1 article posted, last %s", last.Format("2 Jan"+year(last, now)+" 15:04 UTC"))
	default:
		fmt.Fprintf(&b, "; %d articles posted, last %s", x.Posted, last.Format("2 Jan"+year(last, now)+" 15:04 UTC"))
	}
	if x.LastError != "" {
		fmt.Fprintf(&b, "; last problem: %s", x.LastError)
	}
	return b.String()
}
