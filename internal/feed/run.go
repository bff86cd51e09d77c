package feed

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/chronicle-bot/chronicle/internal/terms"
)

// Report summarises one FetchAll or FetchDue.
type Report struct {
	// Feeds is how many feeds were attempted.
	Feeds int
	// NotModified counts feeds that answered 304.
	NotModified int
	// Failed counts feeds whose fetch failed.
	Failed int
	// Taken counts articles put (new or changed).
	Taken int
	// Unchanged counts items already taken with the same content.
	Unchanged int
	// Duplicates counts items dropped as duplicates of another feed's article.
	Duplicates int
	// Deferred counts new or changed items left for a later fetch: their
	// feed had put all Options.MaxItemsPerDay allows in the period.
	Deferred int
}

// Summary is the one-line account of a FetchAll, as bot index prints it.
func (r Report) Summary() string {
	// "4 fetched" of four feeds that all failed read oddly (nu43).
	s := fmt.Sprintf("%d of %d fetched, %s added or updated, %d unchanged, %s dropped, %d not modified, %d failed",
		r.Feeds-r.Failed, r.Feeds, terms.Counted(r.Taken, "article", "articles"), r.Unchanged, terms.Counted(r.Duplicates, "duplicate", "duplicates"), r.NotModified, r.Failed)
	if r.Deferred > 0 {
		s += fmt.Sprintf(", %d left for later (a feed reached its daily limit)", r.Deferred)
	}
	return s
}

func (r *Report) add(o fetchResult) {
	r.Feeds++
	if o.err != nil {
		r.Failed++
	}
	if o.notModified {
		r.NotModified++
	}
	r.Taken += o.taken
	r.Unchanged += o.unchanged
	r.Duplicates += o.duplicates
	r.Deferred += o.deferred
}

// FetchAll fetches every feed once, whether due or not (used by `bot index`).
// The returned error joins every feed's error; the report is valid either way.
func (f *Fetcher) FetchAll(ctx context.Context) (Report, error) {
	return f.fetchFeeds(ctx, f.feeds)
}

// FetchDue fetches the feeds whose next attempt is due at Now.
func (f *Fetcher) FetchDue(ctx context.Context) (Report, error) {
	now := f.opts.Now()
	var due []Feed
	f.mu.Lock()
	for _, fd := range f.feeds {
		if !f.state[fd.URL].Health.NextAttempt.After(now) {
			due = append(due, fd)
		}
	}
	f.mu.Unlock()
	return f.fetchFeeds(ctx, due)
}

func (f *Fetcher) fetchFeeds(ctx context.Context, feeds []Feed) (Report, error) {
	if forgot, err := f.syncGeneration(ctx); err != nil {
		return Report{}, err
	} else if forgot {
		f.log.Info("the feed state does not match this index (the index is new or was reset, or the feed state file is new): feed items will be taken again")
	}
	results := make([]fetchResult, len(feeds))
	sem := make(chan struct{}, f.opts.Concurrency)
	var wg sync.WaitGroup
	for i, fd := range feeds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
				defer func() { <-sem }()
				results[i] = f.fetchFeed(ctx, fd)
			case <-ctx.Done():
				results[i] = fetchResult{err: fmt.Errorf("feed %s: %w", fd.URL, ctx.Err())}
			}
		}()
	}
	wg.Wait()
	var rep Report
	var errs []error
	for _, r := range results {
		rep.add(r)
		if r.err != nil {
			errs = append(errs, r.err)
		}
	}
	return rep, errors.Join(errs...)
}

// Run fetches each feed whenever it is due until ctx is done, and returns
// ctx's error. Per-feed errors are recorded in Health and logged.
func (f *Fetcher) Run(ctx context.Context) error {
	for {
		if _, err := f.FetchDue(ctx); err != nil && ctx.Err() == nil {
			f.log.Warn("feed fetch failed", "err", err)
		}
		timer := time.NewTimer(max(f.untilNext(), time.Second))
		select {
		case <-ctx.Done():
			timer.Stop()
			return ctx.Err()
		case <-timer.C:
		}
	}
}

// untilNext returns the time from Now to the earliest next attempt.
func (f *Fetcher) untilNext() time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.opts.Now()
	var next []time.Time
	for _, fd := range f.feeds {
		next = append(next, f.state[fd.URL].Health.NextAttempt)
	}
	if len(next) == 0 {
		return time.Hour
	}
	sort.Slice(next, func(i, j int) bool { return next[i].Before(next[j]) })
	return next[0].Sub(now)
}
