// Package feed keeps the corpus current from RSS 2.0, Atom and JSON Feed
// subscriptions.
//
// A Fetcher holds a list of feeds, each with its own interval. One fetch of a
// feed is a conditional GET (If-None-Match / If-Modified-Since from the last
// successful response) bounded by a timeout and a body size limit; a 304
// means nothing new. The body is parsed with gofeed and every item becomes a
// chronicle.Article: a stable ID derived from the item's GUID or link, the
// text of its content or description with HTML stripped into paragraphs, and
// a content hash. In a JSON Feed, an item that cannot be decoded (not an
// object, or fields of impossible types) is skipped with its reason logged;
// the other items are taken.
//
// With Feed.FullText, each new or changed item's page is fetched by a small
// pool of workers (Options.FullTextConcurrency) within one deadline for the
// whole feed (Options.FullTextDeadline); a page that fails, or has more
// than 50,000 elements (maxPageElements), keeps the item's summary.
//
// Every connection, to a feed or to a page, on every redirect, is checked
// by the dialer after DNS resolution: loopback, private, link-local (the
// cloud metadata address), carrier-grade NAT, multicast and other
// non-public addresses are refused unless Options.AllowPrivateAddresses
// is set (see ssrf.go).
//
// Items are then filtered: an item already taken with the same hash is
// skipped; an item whose ID was taken from another feed, or whose normalised
// title and text are near-identical (MinHash estimate of shingle Jaccard
// similarity >= 0.9) to an article taken before, is dropped as a duplicate.
// What remains goes to the Sink in one Put. Only after Put succeeds are the
// items recorded as seen and the feed's ETag/Last-Modified saved, so a crash or
// a failing Put means the next fetch gets the full feed again and re-puts the
// same articles; the sink is idempotent by ID and hash, so nothing is lost and
// nothing duplicated. An item the sink refuses is recorded as refused: it is
// offered again when it changes or after a back-off, not at every fetch
// (refusal.go).
//
// Errors back a feed off exponentially (interval*2^n, capped at MaxBackoff).
// Every feed's health (last attempt, success, error, items taken, consecutive
// failures, next attempt) is kept for /sources. Validators, seen items, text
// fingerprints and health live in a small bbolt file, so a restart neither
// re-ingests nor forgets conditional-request state.
package feed

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"sync"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// Defaults used for zero Options fields.
const (
	DefaultInterval     = 15 * time.Minute
	DefaultTimeout      = 20 * time.Second
	DefaultMaxBodyBytes = 5 << 20
	DefaultMaxBackoff   = 6 * time.Hour
	DefaultUserAgent    = "Chronicle/1.0 (+https://github.com/chronicle-bot/chronicle)"
	DefaultConcurrency  = 4
	// DefaultFullTextConcurrency is how many linked pages of one feed are
	// fetched at once.
	DefaultFullTextConcurrency = 4
	// DefaultFullTextDeadline bounds all page fetches of one feed fetch.
	DefaultFullTextDeadline = 90 * time.Second
	// DefaultMaxItems bounds the items taken from one fetch of one feed:
	// a real feed lists tens or hundreds; one that lists 30,000 new items
	// at every fetch grew the bot by about 50 MB a fetch (helper 75).
	DefaultMaxItems = 2000
	// DefaultMaxItemsPerDay bounds the new and updated items one feed puts
	// into the index in 24 hours: a busy wire feed puts a few thousand; a
	// feed that lists 2,000 new items at every fetch put 192,000 a day at
	// the default interval, and the index grew without end.
	DefaultMaxItemsPerDay = 10000
	// DefaultMaxPageText is the article limit of the index (1 MiB): text
	// past it would be cut there anyway.
	DefaultMaxPageText = 1 << 20
	// DefaultMaxFullText bounds the page text of one fetch of a full-text
	// feed: a real article's text is some 5 to 20 KB, so thousands fit,
	// while a feed of huge pages held 5 MB per item until the fetch ended
	// (400 such items took 5.5 GB; helper 79).
	DefaultMaxFullText = 32 << 20
)

// Feed is one subscription.
type Feed struct {
	// URL is the feed's address; it is also the origin passed to Sink.Put.
	URL string
	// Interval is the time between successful fetches (DefaultInterval if 0).
	Interval time.Duration
	// FullText fetches each new item's link and extracts the article text
	// from the page, for feeds that carry only summaries.
	FullText bool
}

// Options configure a Fetcher. The zero value of every field but StatePath
// selects a default.
type Options struct {
	// StatePath is the bbolt file holding validators, seen items,
	// fingerprints and health. Required.
	StatePath string
	// Timeout bounds one fetch of one feed (and of one linked page).
	Timeout time.Duration
	// MaxBodyBytes bounds the size of a feed body; a larger body is an error.
	MaxBodyBytes int64
	// MaxItems bounds the items taken from one fetch of a feed, the first
	// ones as the feed lists them (newest first in practice); the rest are
	// left out with a warning.
	MaxItems int
	// MaxItemsPerDay bounds the items one feed puts in 24 hours (from the
	// first put of the period); the items past it are left for a fetch
	// after the period, with a warning.
	MaxItemsPerDay int
	// MaxBackoff caps the delay after repeated errors (at least the
	// interval), and the wait before an unchanged item the sink refused
	// is offered again.
	MaxBackoff time.Duration
	// UserAgent is sent with every request.
	UserAgent string
	// Concurrency is how many feeds are fetched at once.
	Concurrency int
	// FullTextConcurrency is how many linked pages of one full-text feed
	// are fetched at once.
	FullTextConcurrency int
	// FullTextDeadline bounds all page fetches of one feed fetch together;
	// items whose page is not in by then keep the feed's summary.
	FullTextDeadline time.Duration
	// MaxPageText bounds the text taken from one linked page (the index
	// cuts an article at 1 MiB, corpus.DefaultMaxArticleBytes): a page's
	// text is cut to it once extracted, not held whole until the fetch
	// ends (the page itself, up to MaxBodyBytes, is read whole).
	MaxPageText int
	// MaxFullText bounds the page text one fetch of one feed holds, room
	// for MaxPageText held while a page is read; the items whose pages were
	// not read when it was reached wait for the next fetch (they are not
	// recorded as seen), with a warning.
	MaxFullText int
	// AllowPrivateAddresses lets feeds and their pages be fetched from
	// loopback, private, link-local and other non-public addresses (an
	// intranet feed). By default those are refused after DNS resolution
	// and on every redirect, so that a feed cannot make the bot fetch an
	// internal service or the cloud metadata endpoint.
	AllowPrivateAddresses bool
	// Client makes the requests. If nil, a client is built whose dialer
	// enforces AllowPrivateAddresses; a given client is used as it is.
	Client *http.Client
	// guardExempt are exact addresses the guard lets through (tests only:
	// their servers listen on loopback).
	guardExempt []netip.AddrPort
	// Now is the clock (time.Now if nil).
	Now func() time.Time
	// Logger receives one line per fetch from Run (discarded if nil).
	Logger *slog.Logger
	// Generation, when set, names the index the sink writes to; it
	// changes when the index is reset or rebuilt. A fetch that sees
	// another generation than the state file remembers forgets the seen
	// items, fingerprints and validators first, so that the items still
	// in the feeds are put again instead of being taken as unchanged.
	Generation func(ctx context.Context) (string, error)
}

// Sink receives the articles taken from feeds. The index implements it with
// an idempotent add-or-replace by article ID and hash.
type Sink interface {
	Put(ctx context.Context, origin string, articles []chronicle.Article) (PutResult, error)
}

// PutResult is what a Sink did with the articles of a Put.
type PutResult struct {
	// Changed counts the articles added or updated; the others it took
	// were there as they are.
	Changed int
	// Refused are the IDs of articles it did not take for now, because
	// another source of its own holds them (the index: a corpus file
	// gives an article of that ID). They are remembered as refused, not
	// as seen: an item is offered again (its page fetched again) when it
	// changes, after a back-off from the feed's interval doubling up to
	// Options.MaxBackoff, or once the index generation changes, so that
	// it is taken once the ID is free; the fetch counts them as
	// duplicates dropped.
	Refused []string
}

// SinkFunc adapts a function to a Sink, e.g. an index Put that also
// returns a report:
//
//	feed.SinkFunc(func(ctx context.Context, origin string, as []chronicle.Article) (feed.PutResult, error) {
//		rep, err := idx.Put(ctx, origin, as)
//		return feed.PutResult{Changed: rep.Added + rep.Updated, Refused: rep.RefusedIDs}, err
//	})
type SinkFunc func(ctx context.Context, origin string, articles []chronicle.Article) (PutResult, error)

// Put calls fn.
func (fn SinkFunc) Put(ctx context.Context, origin string, articles []chronicle.Article) (PutResult, error) {
	return fn(ctx, origin, articles)
}

// FeedHealth is the state of one feed, for /sources.
type FeedHealth struct {
	URL string
	// Title is the feed's own title once it has been fetched.
	Title               string
	LastAttempt         time.Time
	LastSuccess         time.Time
	LastError           string
	LastErrorAt         time.Time
	ConsecutiveFailures int
	// OwnFailure is set when the last failure was the bot's own (the
	// index would not take the articles, the feed state could not be read
	// or saved), not the feed's: its error may name the host's paths,
	// which /sources does not show.
	OwnFailure bool `json:",omitempty"`
	// ItemsTaken counts articles put into the index over the feed's life.
	ItemsTaken int
	// LastItems is how many articles the last successful fetch put.
	LastItems int
	// LastDeferred is how many new or updated items the last successful
	// fetch left for the next period, the feed having put all that
	// Options.MaxItemsPerDay allows in this one (DayEnds).
	LastDeferred int
	NextAttempt  time.Time
	// DayStart is when the feed's current 24-hour period of puts began,
	// and DayTaken how many items it put since (Options.MaxItemsPerDay).
	DayStart time.Time
	DayTaken int
}

// day is the length of the period MaxItemsPerDay counts over.
const day = 24 * time.Hour

// DayEnds is when the feed's current period of puts ends: items left for
// later (LastDeferred) are taken by the first fetch after it.
func (h FeedHealth) DayEnds() time.Time {
	if h.DayStart.IsZero() {
		return time.Time{}
	}
	return h.DayStart.Add(day)
}

// takenToday is how many items the feed put in the period that holds
// now: none when the period ended, or began after now (a clock set back).
func (h FeedHealth) takenToday(now time.Time) int {
	if h.DayStart.IsZero() || now.Before(h.DayStart) || now.Sub(h.DayStart) >= day {
		return 0
	}
	return h.DayTaken
}

// addTaken counts n items put at now, starting a new period when the
// last one is over.
func (h *FeedHealth) addTaken(now time.Time, n int) {
	if n == 0 {
		return
	}
	if h.takenToday(now) == 0 {
		h.DayStart, h.DayTaken = now, 0
	}
	h.DayTaken += n
}

// Failing reports whether the last attempt failed.
func (h FeedHealth) Failing() bool { return h.ConsecutiveFailures > 0 }

// Fetcher fetches feeds into a Sink. Its methods are safe for concurrent use.
type Fetcher struct {
	feeds []Feed
	sink  Sink
	opts  Options
	store *store
	log   *slog.Logger

	// ingest serialises dedupe, Put and commit across feeds, so the same
	// story fetched from two feeds at once is still taken only once.
	ingest sync.Mutex

	mu    sync.Mutex
	state map[string]*feedState // by feed URL

	// heldSaid is, by feed URL, the feeds holding its dropped items and
	// their counts as last logged (under ingest): the same drops are
	// logged again at debug level only, not at every fetch.
	heldSaid map[string]string
	// refusedSaid is, by feed URL, the IDs of its items the sink refused
	// at the last fetch, said once and then at debug level while they
	// stay the same.
	refusedSaid map[string]string
	// limitSaid is, by feed URL, the start of the period whose daily limit
	// was last said to be reached (under ingest): said once a period.
	limitSaid map[string]time.Time
}

// New opens the state file and returns a Fetcher for feeds that puts into
// sink. Close it when done.
func New(feeds []Feed, sink Sink, opts Options) (*Fetcher, error) {
	if opts.StatePath == "" {
		return nil, chronicle.Errorf(chronicle.EINVALID, "feed state path is required")
	}
	if sink == nil {
		return nil, chronicle.Errorf(chronicle.EINVALID, "feed sink is required")
	}
	opts = withDefaults(opts)
	seen := make(map[string]bool, len(feeds))
	fs := make([]Feed, 0, len(feeds))
	for _, f := range feeds {
		if f.URL == "" || seen[f.URL] {
			continue
		}
		seen[f.URL] = true
		if f.Interval <= 0 {
			f.Interval = DefaultInterval
		}
		fs = append(fs, f)
	}
	st, err := openStore(opts.StatePath, opts.Now())
	if err != nil {
		return nil, err
	}
	if d := st.db.Damaged(); d != nil {
		opts.Logger.Error(d.String() + "; every feed is fetched again as new")
	}
	if e := st.db.WasEmpty(); e != nil {
		opts.Logger.Warn(e.String()+"; every feed is fetched again as new", "path", e.Path)
	}
	if m := st.db.Mended(); m != nil {
		opts.Logger.Warn(m.String())
	}
	if st.upgraded {
		opts.Logger.Info("the feed state was written by an earlier release, which remembered an item the index refused as taken: every item still in the feeds is offered once more, and full-text pages are fetched again for them (an item whose page cannot be read keeps its article)",
			"path", st.db.Path())
	}
	for _, r := range st.setAside {
		opts.Logger.Error(fmt.Sprintf("the saved state of feed %s in %s does not decode (%v); its bytes are kept under %q in the %s bucket of that file, and the feed starts afresh",
			r.URL, st.db.Path(), r.Err, r.Key, bucketFeedsDamaged), "path", st.db.Path(), "feed", r.URL)
	}
	f := &Fetcher{feeds: fs, sink: sink, opts: opts, store: st, log: opts.Logger,
		state: make(map[string]*feedState, len(fs)), heldSaid: make(map[string]string), refusedSaid: make(map[string]string), limitSaid: make(map[string]time.Time)}
	for _, fd := range fs {
		s, err := st.loadFeed(fd.URL)
		if err != nil {
			st.close()
			return nil, fmt.Errorf("open feed state %q: %w", opts.StatePath, err)
		}
		s.Health.URL = fd.URL
		f.state[fd.URL] = s
	}
	return f, nil
}

func withDefaults(o Options) Options {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = DefaultMaxBackoff
	}
	if o.MaxItems <= 0 {
		o.MaxItems = DefaultMaxItems
	}
	if o.MaxPageText <= 0 {
		o.MaxPageText = DefaultMaxPageText
	}
	if o.MaxFullText <= 0 {
		o.MaxFullText = DefaultMaxFullText
	}
	if o.MaxItemsPerDay <= 0 {
		o.MaxItemsPerDay = DefaultMaxItemsPerDay
	}
	if o.UserAgent == "" {
		o.UserAgent = DefaultUserAgent
	}
	if o.Concurrency <= 0 {
		o.Concurrency = DefaultConcurrency
	}
	if o.FullTextConcurrency <= 0 {
		o.FullTextConcurrency = DefaultFullTextConcurrency
	}
	if o.FullTextDeadline <= 0 {
		o.FullTextDeadline = DefaultFullTextDeadline
	}
	if o.Client == nil {
		o.Client = newClient(o.AllowPrivateAddresses, o.guardExempt)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return o
}

// Close closes the state file.
func (f *Fetcher) Close() error {
	if err := f.store.close(); err != nil {
		return fmt.Errorf("close feed state: %w", err)
	}
	return nil
}

// Health returns the health of every configured feed, in configuration order.
func (f *Fetcher) Health() []FeedHealth {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]FeedHealth, 0, len(f.feeds))
	for _, fd := range f.feeds {
		out = append(out, f.state[fd.URL].Health)
	}
	return out
}
