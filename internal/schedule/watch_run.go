package schedule

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// inboxBatch is how many arrived articles a pass matches at a time.
const inboxBatch = 256

// Notify records articles that were just added to or updated in the index,
// to be matched against the watches by the next pass, and wakes Run. It
// does nothing when no watch is enabled.
func (w *Watcher) Notify(ctx context.Context, ids []string) error {
	w.init()
	if len(ids) == 0 {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	all, err := w.Store.ListWatches(ctx, "")
	if err != nil {
		return err
	}
	if !anyEnabled(all) {
		return nil
	}
	if err := w.Store.addInbox(ids, w.now()); err != nil {
		return fmt.Errorf("record new articles for watches: %w", err)
	}
	select {
	case w.wake <- struct{}{}:
	default:
	}
	return nil
}

func anyEnabled(all []Watch) bool {
	for _, x := range all {
		if !x.Disabled {
			return true
		}
	}
	return false
}

// Run runs passes until ctx is done: at once, after each Notify, when a
// group or an hourly cap is due, and at least every minute. It returns
// ctx's error.
func (w *Watcher) Run(ctx context.Context) error {
	w.init()
	for {
		next, err := w.pass(ctx)
		if err != nil && ctx.Err() == nil {
			w.logger().Error("watch pass", "err", err)
		}
		wait := time.Minute
		if !next.IsZero() {
			wait = min(wait, max(10*time.Millisecond, next.Sub(w.now())))
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-w.wake:
			t.Stop()
		case <-t.C:
		}
	}
}

// RunOnce matches the articles that arrived against the watches and posts
// what is due now.
func (w *Watcher) RunOnce(ctx context.Context) error {
	_, err := w.pass(ctx)
	return err
}

// pass is RunOnce; it also returns when the next post may be due (zero
// when nothing waits).
func (w *Watcher) pass(ctx context.Context) (time.Time, error) {
	w.init()
	w.mu.Lock()
	defer w.mu.Unlock()
	for {
		n, err := w.matchInbox(ctx)
		if err != nil {
			return time.Time{}, err
		}
		if n < inboxBatch {
			break
		}
	}
	return w.deliverAll(ctx)
}

// matchInbox matches one batch of arrived articles and returns its size.
func (w *Watcher) matchInbox(ctx context.Context) (int, error) {
	entries, err := w.Store.inbox(inboxBatch)
	if err != nil || len(entries) == 0 {
		return 0, err
	}
	all, err := w.Store.ListWatches(ctx, "")
	if err != nil {
		return 0, err
	}
	type query struct {
		watch Watch
		stems []string
	}
	var queries []query
	var stems []string
	for _, x := range all {
		if x.Disabled {
			continue
		}
		q := query{watch: x, stems: QueryStems(w.analyzer, x.Query)}
		queries = append(queries, q)
		stems = append(stems, q.stems...)
	}
	var matches []match
	if len(queries) > 0 {
		n, df, err := w.Articles.DocFreqs(ctx, stems)
		if err != nil {
			return 0, fmt.Errorf("watch: document frequencies: %w", err)
		}
		idf := make(map[string]float64, len(df))
		for s, d := range df {
			idf[s] = IDF(n, d)
		}
		for _, e := range entries {
			art, err := w.Articles.Article(ctx, e.ID)
			if chronicle.ErrorCode(err) == chronicle.ENOTFOUND {
				continue // removed since
			} else if err != nil {
				return 0, fmt.Errorf("watch: read article %q: %w", e.ID, err)
			}
			for _, q := range queries {
				if q.watch.Created.After(e.At) {
					continue // it arrived before the watch existed
				}
				score, quote := MatchScore(w.analyzer, q.stems, idf, art)
				if score < w.minScore() {
					continue
				}
				matches = append(matches, match{watchID: q.watch.ID, item: WatchItem{
					ArticleID: art.ID, Matched: w.now(), Score: score, Quote: quote, Published: art.Published,
					Highlights: quote.Highlights}})
			}
		}
	}
	queued, err := w.Store.queue(entries, matches)
	if err != nil {
		return 0, fmt.Errorf("watch: queue matches: %w", err)
	}
	if queued > 0 {
		w.logger().Info("new articles match watches", "articles", len(entries), "queued", queued)
	}
	return len(entries), nil
}

// deliverAll posts every watch whose group is due and whose channel's hour
// allows it, and returns when the next post may be due.
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
	var errs []error
	for _, x := range all {
		if err := ctx.Err(); err != nil {
			return next, err
		}
		if x.Disabled {
			continue
		}
		due, err := w.deliver(ctx, x)
		later(due)
		if err != nil {
			errs = append(errs, fmt.Errorf("watch %s: %w", x.ID, err))
		}
	}
	return next, errors.Join(errs...)
}

// deliver posts one watch's pending articles if they are due, and returns
// when they will be due otherwise.
func (w *Watcher) deliver(ctx context.Context, x Watch) (time.Time, error) {
	log := w.logger().With("watch", x.ID, "channel", x.ChannelID)
	if x.Attempt != nil { // a previous process stopped while posting
		a := *x.Attempt
		log.Warn("watch post interrupted; not repeated", "articles", len(a.Articles))
		var err error
		if x, err = w.Store.UpdateWatch(ctx, x.ID, func(y *Watch) {
			y.Attempt = nil
			y.LastError = fmt.Sprintf("a post of %d article(s) started %s was interrupted; it may not have been posted and was not repeated",
				len(a.Articles), a.Started.UTC().Format(time.DateTime+" MST"))
		}); err != nil {
			return time.Time{}, ignoreGone(err)
		}
	}
	items, err := w.Store.pending(x.ID)
	if err != nil || len(items) == 0 {
		return time.Time{}, err
	}
	now := w.now()
	if due := items[0].Matched.Add(w.groupWindow()); now.Before(due) {
		return due, nil
	}
	if now.Before(x.RetryAt) {
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
			y.DisabledReason = fmt.Sprintf("cannot post in the channel (%v); disabled on %s", postErr, w.now().UTC().Format(time.DateTime))
			y.LastError = postErr.Error()
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
	err := w.Store.unclaim(x.ID, items, func(y *Watch) {
		y.Attempt = nil
		y.Failures++
		y.LastError = postErr.Error()
		y.RetryAt = now.Add(Backoff(y.Failures))
	})
	if errors.Is(err, errWatchGone) {
		return nil
	}
	return err
}
