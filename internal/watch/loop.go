package watch

import (
	"context"
	"errors"
	"time"
)

// loop is the state of Run's event loop: it debounces changes and keeps at
// most one sync running.
type loop struct {
	w        *Watcher
	now      func() time.Time
	timer    *time.Timer
	waiting  bool // the timer is set
	dirty    bool // changes not yet covered by a started sync
	running  bool
	failures int
	done     chan error
	started  time.Time
	first    time.Time // the first change not yet covered by a started sync; zero if none
	retryAt  time.Time // when a failed sync is retried (while failures > 0)

	rewatch         *time.Timer // to try again the folders that could not be watched
	rewatching      bool        // rewatch is set
	rewatchFailures int         // tries since a folder could not be watched
	rewatchPending  int         // the folders (and lost paths) pending when last counted
	rewatchFresh    int         // folders.fresh when last counted
}

// changed notes a change and (re)starts the quiet period.
func (l *loop) changed() {
	l.timer.Reset(l.wait())
	l.waiting = true
}

// wait notes a change and says how long until the sync that covers it: once
// changes have been quiet for the debounce delay, but no later than MaxWait
// after the first change not yet covered, so that changes coming more often
// than the debounce delay do not hold back every sync (helper 115). While a
// failed sync waits for its retry, the back-off holds against steady
// changes: only a change followed by the quiet period retries sooner.
func (l *loop) wait() time.Duration {
	now := l.now()
	if l.first.IsZero() {
		l.first = now
	}
	l.dirty = true
	latest := l.first.Add(l.w.opts.MaxWait)
	if l.failures > 0 && l.retryAt.After(latest) {
		latest = l.retryAt
	}
	return max(min(l.w.opts.Debounce, latest.Sub(now)), 0)
}

// retry sets the timer for the retry of a failed sync after delay.
func (l *loop) retry(delay time.Duration) {
	l.dirty, l.retryAt = true, l.now().Add(delay)
	l.timer.Reset(delay)
	l.waiting = true
}

// start runs one sync in the background.
func (l *loop) start(ctx context.Context) {
	l.dirty, l.running, l.started, l.first = false, true, l.now(), time.Time{}
	go func() { l.done <- l.w.syncer.Sync(ctx) }()
}

// finished handles the end of a sync: it retries a failure after a growing
// delay and starts the next sync if changes came in meanwhile and are quiet.
func (l *loop) finished(ctx context.Context, err error) {
	l.running = false
	took := l.now().Sub(l.started)
	quiet := errors.Is(err, ErrNothingSynced)
	if quiet {
		err = nil
	}
	switch {
	case err != nil && ctx.Err() != nil:
		return
	case err != nil:
		l.failures++
		delay := backoff(l.w.opts.RetryDelay, l.failures)
		l.w.log.Warn("corpus sync failed", "err", err, "took", took, "retry_in", delay)
		l.retry(delay)
		return
	}
	l.failures = 0
	if !quiet {
		l.w.log.Info("corpus synced", "took", took)
	}
	if l.dirty && !l.waiting {
		l.start(ctx)
	}
}

// rewatchLater sets the timer to try again to watch the folders that
// could not be watched, failed of them, after a delay that grows with
// every try as the delay before retrying a failed sync does. With none
// left, or with a new failure since the last count (fresh, the failures
// first seen, has grown, or more are pending: a configured path lost),
// the next delay is the shortest again: a new failure is tried soon
// however long the others have failed (a configured path missing for a
// day held a new failure's first try to 5 minutes).
func (l *loop) rewatchLater(failed, fresh int) {
	more := failed > l.rewatchPending || fresh > l.rewatchFresh
	l.rewatchPending, l.rewatchFresh = failed, fresh
	if failed == 0 {
		l.rewatchFailures = 0
		return
	}
	if more && l.rewatchFailures > 0 {
		l.rewatchFailures = 0
		l.rewatching = false // set again below, to the shortest delay
	}
	if !l.rewatching {
		l.rewatchFailures++
		l.rewatch.Reset(backoff(l.w.opts.RetryDelay, l.rewatchFailures))
		l.rewatching = true
	}
}
