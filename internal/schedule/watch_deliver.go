package schedule

// Delivery: posting each watch's pending matches when their group is due
// and their channel's hour allows, with the Attempt marker around a post.

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"
)

// deliverAll posts every watch whose group is due and whose channel's hour
// allows it, and returns when the next post may be due. The watch whose
// matches have waited longest goes first, so that when a channel's hour
// frees a slot, a busy watch cannot keep it from the others.
func (w *Watcher) deliverAll(ctx context.Context) (time.Time, error) {
	all, err := w.Store.ListWatches(ctx, "")
	if err != nil {
		return time.Time{}, err
	}
	var next time.Time
	later := func(t time.Time) {
		if !t.IsZero() && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	type queued struct {
		watch Watch
		items []WatchItem
	}
	var waiting []queued
	var errs []error
	for _, x := range all {
		if x.Disabled {
			continue
		}
		x, items, err := w.queued(ctx, x)
		if err != nil {
			errs = append(errs, fmt.Errorf("watch %s: %w", x.ID, err))
		} else if len(items) > 0 {
			waiting = append(waiting, queued{x, items})
		}
	}
	slices.SortStableFunc(waiting, func(a, b queued) int { return a.items[0].Matched.Compare(b.items[0].Matched) })
	for _, q := range waiting {
		if err := ctx.Err(); err != nil {
			return next, err
		}
		due, err := w.deliver(ctx, q.watch, q.items)
		later(due)
		if err != nil {
			errs = append(errs, fmt.Errorf("watch %s: %w", q.watch.ID, err))
		}
	}
	return next, errors.Join(errs...)
}

// queued returns a watch's pending articles, after reporting a post that
// a previous process left unfinished.
func (w *Watcher) queued(ctx context.Context, x Watch) (Watch, []WatchItem, error) {
	if x.Attempt != nil { // a previous process stopped while posting
		a := *x.Attempt
		w.logger().Warn("watch post interrupted; not repeated", "watch", x.ID, "channel", x.ChannelID, "articles", a.count())
		var err error
		if x, err = w.Store.UpdateWatch(ctx, x.ID, func(y *Watch) {
			y.Attempt = nil
			y.LastError = fmt.Sprintf("a post of %d article(s) started %s was interrupted; it may not have been posted and was not repeated",
				a.count(), a.Started.UTC().Format(time.DateTime+" MST"))
		}); err != nil {
			return x, nil, ignoreGone(err)
		}
	}
	items, err := w.Store.pending(x.ID)
	return x, items, err
}

// deliver posts one watch's pending articles if they are due, and returns
// when they will be due otherwise. Times after now (the clock went back)
// hold nothing up.
func (w *Watcher) deliver(ctx context.Context, x Watch, items []WatchItem) (time.Time, error) {
	log := w.logger().With("watch", x.ID, "channel", x.ChannelID)
	now := w.now()
	if age := now.Sub(items[0].Matched); age >= 0 && age < w.groupWindow() {
		return items[0].Matched.Add(w.groupWindow()), nil
	}
	if now.Before(x.RetryAt) && x.RetryAt.Sub(now) <= Backoff(x.Failures) {
		return x.RetryAt, nil
	}
	posts, err := w.Store.channelPosts(x.ChannelID, now)
	if err != nil {
		return time.Time{}, err
	}
	if len(posts) >= w.hourlyCap() {
		free := posts[len(posts)-w.hourlyCap()].Add(time.Hour)
		log.Debug("channel at its hourly cap; matches wait", "pending", len(items), "until", free)
		return free, nil
	}
	return time.Time{}, w.post(ctx, x, items)
}

// post sends one post of items, recording each step (see the comment at
// the top of watch.go).
func (w *Watcher) post(ctx context.Context, x Watch, items []WatchItem) error {
	log := w.logger().With("watch", x.ID, "channel", x.ChannelID)
	timeout := w.PostTimeout
	if timeout <= 0 {
		timeout = time.Minute
	}
	if err := ctx.Err(); err != nil {
		return err // stopping: claim nothing that would not be posted
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := w.Store.claim(x.ID, items, w.now()); err != nil {
		if errors.Is(err, errWatchGone) {
			return nil
		}
		return fmt.Errorf("claim matches: %w", err)
	}
	// The best matches are shown, the oldest first among equals.
	shown := slices.Clone(items)
	slices.SortStableFunc(shown, func(a, b WatchItem) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), a.Published.Compare(b.Published))
	})
	p := WatchPost{Watch: x, Items: shown[:min(len(shown), MaxWatchCards)], More: max(len(shown)-MaxWatchCards, 0)}
	postErr := w.Poster.PostWatch(ctx, x.ChannelID, p)
	switch {
	case postErr == nil:
		log.Info("watch posted", "articles", len(items))
		return w.Store.posted(x, len(items), w.now())
	case Permanent(postErr):
		log.Warn("channel refuses posts; watch disabled", "err", postErr)
		err := w.Store.dropPending(x.ID, func(y *Watch) {
			y.Attempt, y.Disabled = nil, true
			y.DisabledReason = refusedReason(postErr, w.now())
		})
		if errors.Is(err, errWatchGone) {
			return nil
		}
		return err
	case errors.Is(postErr, context.Canceled) || errors.Is(postErr, context.DeadlineExceeded):
		log.Warn("watch post cut off; outcome unknown, not repeated", "err", postErr)
		return nil
	}
	log.Error("watch post", "err", postErr)
	now := w.now()
	if x.Failures+1 >= maxWatchFailures {
		log.Error("watch post failed too often; its articles are dropped", "articles", len(items), "failures", x.Failures+1)
		_, err := w.Store.UpdateWatch(ctx, x.ID, func(y *Watch) {
			y.Attempt, y.Failures, y.RetryAt = nil, 0, time.Time{}
			y.LastError = fmt.Sprintf("%d article(s) dropped after %d failed posts to Discord (the bot's log has the details)", len(items), maxWatchFailures)
		})
		return ignoreGone(err)
	}
	err := w.Store.unclaim(x.ID, items, func(y *Watch) {
		y.Attempt = nil
		y.Failures++
		y.RetryAt = now.Add(Backoff(y.Failures))
		y.LastError = retryNote("posting to Discord", y.Failures, y.RetryAt)
	})
	if errors.Is(err, errWatchGone) {
		return nil
	}
	return err
}
