package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/commands"
	"github.com/chronicle-bot/chronicle/internal/corpus"
	"github.com/chronicle-bot/chronicle/internal/feed"
	"github.com/chronicle-bot/chronicle/internal/index"
)

// exitFeedsFailed is the exit status of `bot index` when the corpus was
// indexed but one or more feeds failed.
const exitFeedsFailed = 3

// fetchFeedsOnce fetches every configured feed into the index and prints a
// one-line summary. Each feed that fails is reported on stderr; the others
// are still taken, and the error returned then carries exitFeedsFailed and
// says how many of the feeds failed, so that scripts can tell.
func (a *app) fetchFeedsOnce(ctx context.Context, ix *index.Index) error {
	if len(a.cfg.Feeds) == 0 {
		return nil
	}
	f, err := newFetcher(a.cfg, ix, a.log.With("component", "feed"), nil)
	if err != nil {
		return err
	}
	defer f.Close()
	rep, err := f.FetchAll(ctx)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	for _, h := range f.Health() {
		if h.Failing() {
			fmt.Fprintf(a.stderr, "feed %s: %s\n", redactURLUsers(h.URL), redactURLUsers(h.LastError))
		}
	}
	if errors.Is(err, feed.ErrBlockedAddress) {
		fmt.Fprintln(a.stderr, "feeds on loopback, private or link-local addresses are refused; "+
			"set feed.allow_private_addresses: true in the config for intranet feeds")
	}
	fmt.Fprintf(a.stdout, "feeds: %s\n", rep.Summary())
	if err != nil {
		a.log.Debug("feed errors", "error", err)
	}
	if rep.Failed > 0 {
		return &exitError{code: exitFeedsFailed, err: fmt.Errorf("%d of %d feeds failed", rep.Failed, rep.Feeds)}
	}
	return nil
}

// feedStatePath is the feeds' state file, a sibling of the index directory
// (".chronicle/index" keeps its feed state in ".chronicle/index-feeds.db").
func feedStatePath(indexPath string) string {
	return filepath.Clean(indexPath) + "-feeds.db"
}

// articlePutter takes feed articles: the index, or the live index of
// `bot serve`.
type articlePutter interface {
	Put(ctx context.Context, origin string, arts []chronicle.Article) (index.SyncReport, error)
	Generation(ctx context.Context) (string, error)
}

// newFetcher builds the feed fetcher over the configured feeds, putting
// articles into ix. onPut, when set, is told about every successful Put.
func newFetcher(cfg Config, ix articlePutter, log *slog.Logger, onPut func(index.SyncReport)) (*feed.Fetcher, error) {
	feeds := make([]feed.Feed, len(cfg.Feeds))
	for i, fc := range cfg.Feeds {
		feeds[i] = feed.Feed{URL: fc.URL, Interval: fc.Interval, FullText: fc.FullText}
	}
	sink := feed.SinkFunc(func(ctx context.Context, origin string, arts []chronicle.Article) (feed.PutResult, error) {
		rep, err := ix.Put(ctx, origin, arts)
		if err != nil {
			return feed.PutResult{}, fmt.Errorf("put feed articles: %w", err)
		}
		// The items refused for a corpus file's ID are offered again at
		// each fetch, and the fetcher says so once: not a warning each
		// time; which file holds each is said at debug level.
		var problems []corpus.Problem
		for _, p := range rep.Problems {
			if p.Reason == corpus.ReasonDuplicateID {
				log.DebugContext(ctx, "feed item problem", "problem", p.String())
				continue
			}
			problems = append(problems, p)
		}
		logProblems(ctx, log, "feed item", "", problems)
		if onPut != nil {
			onPut(rep)
		}
		return feed.PutResult{Changed: rep.Added + rep.Updated, Refused: rep.RefusedIDs}, nil
	})
	f, err := feed.New(feeds, sink, feed.Options{StatePath: feedStatePath(cfg.Index.Path), Logger: log,
		AllowPrivateAddresses: cfg.Feed.AllowPrivateAddresses, Generation: ix.Generation})
	if err != nil {
		return nil, err // it names the feed state file
	}
	return f, nil
}

// feedHealth reports the fetcher's feeds for /sources.
type feedHealth struct{ f healthReporter }

// healthReporter gives the state of every feed; *feed.Fetcher is one.
type healthReporter interface{ Health() []feed.FeedHealth }

// FeedHealth implements commands.FeedHealthSource.
func (h feedHealth) FeedHealth(context.Context) ([]commands.FeedStatus, error) {
	hs := h.f.Health()
	out := make([]commands.FeedStatus, len(hs))
	for i, x := range hs {
		// /sources is seen by every member of every server: the user
		// name and password of a feed's URL (HTTP Basic authentication)
		// are not shown, as the feed's name or in its fetch error, in
		// whichever form the error writes the URL (as configured, as Go
		// writes it, or starred by Go's HTTP client, `Get
		// "http://user:***@host/"`).
		shown := replaceURLUsers(x.URL, "")
		name := strings.TrimSpace(x.Title)
		if name == "" {
			name = shown
		}
		// The feed keeps its last error after it recovers: shown, it
		// marked a feed that failed once as failing for ever.
		var lastError string
		switch {
		case x.Failing() && x.OwnFailure:
			// Its text is the bot's and may name the host's paths.
			lastError = "the bot could not store what it fetched; its log says why"
		case x.Failing():
			lastError = x.LastError
		}
		lastError = replaceURLUsers(lastError, "")
		out[i] = commands.FeedStatus{Name: name, URL: shown, LastSuccess: x.LastSuccess, LastError: lastError}
		if x.LastDeferred > 0 {
			out[i].Waiting, out[i].WaitUntil = x.LastDeferred, x.DayEnds()
		}
	}
	return out, nil
}
