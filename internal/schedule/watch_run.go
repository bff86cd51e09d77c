package schedule

import (
	"cmp"
	"context"
	"fmt"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// inboxBatch is how many arrived articles a pass matches at a time.
const inboxBatch = 256

// maxWatchFailures is how many failed posts in a row a watch's pending
// articles survive; then they are dropped, so that a post Discord keeps
// refusing does not hold back the watch for ever.
const maxWatchFailures = 8

// pruneEvery is how often a pass forgets the taken articles that can no
// longer be news (pruneSeen).
const pruneEvery = time.Hour

// Notify records articles that were just added to the index (new to it:
// index.SyncReport.AddedIDs), to be matched against the watches by the
// next pass, and wakes Run. It does nothing when no watch is enabled.
func (w *Watcher) Notify(ctx context.Context, ids []string) error {
	return w.NotifyChanges(ctx, ids, nil)
}

// NotifyChanges is Notify of the articles added to the index and those
// updated in it: indexed again, changed (or as they were, by a rebuild,
// which need not be told). An updated article is news only to the
// watches made before it first reached the index, which the watcher
// recorded when it was added while a watch was enabled (addInbox): an
// article indexed before a watch was made is never new coverage to it,
// whatever indexes it again later (an edit of its file, a feed's update,
// /reindex).
func (w *Watcher) NotifyChanges(ctx context.Context, added, updated []string) error {
	w.init()
	if len(added)+len(updated) == 0 {
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
	if err := w.Store.addInbox(added, updated, w.now()); err != nil {
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
	w.setAsideDamaged()
	for {
		done, full, err := w.matchInbox(ctx)
		if err != nil {
			return time.Time{}, err
		}
		if !full || done == 0 {
			break
		}
	}
	w.prune() // after the inbox: every later arrival is after now
	return w.deliverAll(ctx)
}

// setAsideDamaged sets damaged watch records aside, so that they stop
// nothing; a failure is logged.
func (w *Watcher) setAsideDamaged() {
	log := w.logger()
	if bad, err := w.Store.setAsideDamaged(); err != nil {
		log.Error("watch: set damaged records aside", "err", err)
	} else if len(bad) > 0 {
		log.Error("watch records damaged; set aside (add those watches again)", "watches", bad, "bucket", string(damagedWatchBucket))
	}
}

// prune, at most every pruneEvery (or when the clock went back), forgets
// the taken articles that Fresh would refuse anyway; a failure is logged.
func (w *Watcher) prune() {
	log := w.logger()
	now := w.now()
	if !w.pruned.IsZero() && now.Sub(w.pruned) < pruneEvery && !now.Before(w.pruned) {
		return
	}
	w.pruned = now
	// Fresh refuses an article published before arrival-WatchMaxAge, and
	// every later arrival is after now; a day more allows for the clock.
	n, err := w.Store.pruneSeen(now.Add(-WatchMaxAge - 24*time.Hour))
	if err != nil {
		log.Error("watch: forget old articles", "err", err)
	} else if n > 0 {
		log.Debug("watch: forgot articles too old to be news", "records", n)
	}
	// An article first indexed as long ago is no news when indexed
	// again (addInbox).
	n, err = w.Store.pruneArrived(now.Add(-WatchMaxAge - 24*time.Hour))
	if err != nil {
		log.Error("watch: forget when old articles were indexed", "err", err)
	} else if n > 0 {
		log.Debug("watch: forgot when articles too old to be news were indexed", "records", n)
	}
}

// watchQuery is an enabled watch with its query's stems.
type watchQuery struct {
	watch Watch
	stems []string
}

// matchInbox matches one batch of arrived articles. It returns how many
// entries it took out of the inbox and whether the batch was full (more
// may wait). An article that cannot be read stays in the inbox for the
// next pass, and is given up after inboxRetry.
func (w *Watcher) matchInbox(ctx context.Context) (done int, full bool, err error) {
	entries, err := w.Store.inbox(inboxBatch)
	if err != nil || len(entries) == 0 {
		return 0, false, err
	}
	all, err := w.Store.ListWatches(ctx, "")
	if err != nil {
		return 0, false, err
	}
	var queries []watchQuery
	var stems []string
	for _, x := range all {
		if !x.Disabled {
			q := watchQuery{watch: x, stems: QueryStems(w.analyzer, x.Query)}
			queries = append(queries, q)
			stems = append(stems, q.stems...)
		}
	}
	var matches []match
	taken := entries
	if len(queries) > 0 {
		n, df, err := w.Articles.DocFreqs(ctx, stems)
		if err != nil {
			return 0, false, fmt.Errorf("watch: document frequencies: %w", err)
		}
		idf := make(map[string]float64, len(df))
		for s, d := range df {
			idf[s] = IDF(n, d)
		}
		taken = nil
		now := w.now()
		var unread []string
		var unreadErr error
		defer func() {
			if len(unread) > 0 {
				w.logger().Warn("watch: cannot read new articles; retried next pass", "articles", len(unread), "first", unread[0], "err", unreadErr)
			}
		}()
		for _, e := range entries {
			art, err := w.Articles.Article(ctx, e.ID)
			switch {
			case chronicle.ErrorCode(err) == chronicle.ENOTFOUND: // removed since
			case err != nil && ctx.Err() != nil:
				return 0, false, ctx.Err()
			case err != nil && now.Sub(e.At) < inboxRetry:
				unread, unreadErr = append(unread, e.ID), cmp.Or(unreadErr, err)
				continue
			case err != nil:
				w.logger().Error("watch: cannot read a new article; given up", "article", e.ID, "since", e.At, "err", err)
			default:
				matches = append(matches, w.matchArticle(art, e.First, e.At, now, queries, idf)...)
			}
			taken = append(taken, e)
		}
	}
	queued, err := w.Store.queue(taken, matches)
	if err != nil {
		return 0, false, fmt.Errorf("watch: queue matches: %w", err)
	}
	if queued > 0 {
		w.logger().Info("new articles match watches", "articles", len(taken), "queued", queued)
	}
	return len(taken), len(entries) == inboxBatch, nil
}

// inboxRetry is how long an article that cannot be read is retried.
const inboxRetry = time.Hour

// matchArticle returns the watches an article that arrived at arrived, and
// first reached the index at first, is news for and matches, with its
// quote for each.
func (w *Watcher) matchArticle(art chronicle.Article, first, arrived, now time.Time, queries []watchQuery, idf map[string]float64) []match {
	var out []match
	var x *analysed // read once, for the first watch that needs it
	for _, q := range queries {
		since := q.watch.since()
		if since.After(now) {
			// The clock went back since: what arrived after the step is
			// dated before the start too, and cannot be told from what
			// came before it. Taken as now, the start refused every
			// arrival older than the pass (all of them), and the watch
			// posted nothing until the clock caught up; every arrival
			// counts, as one after the start.
			since = now
			if arrived.Before(now) {
				since = arrived
			}
		}
		if since.After(first) || !Fresh(art.Published, arrived, since) {
			continue // it reached the index before the watch existed (or resumed), or is not news
		}
		if x == nil {
			x = analyse(w.analyzer, art)
		}
		score := x.score(q.stems, idf)
		if score < w.minScore() {
			continue
		}
		quote := boundQuote(x.quote(q.stems))
		out = append(out, match{watchID: q.watch.ID, item: WatchItem{
			ArticleID: art.ID, Matched: now, Score: score, Quote: quote, Published: art.Published,
			Highlights: quote.Highlights}})
	}
	return out
}

// maxItemText bounds each text of a queued item: its quote, its article's
// title and outlet (cut at a character boundary), and its link (left out
// when longer). A card shows at most 300 characters of the quote, 256 of
// the title and a link of at most discordtext.MaxURL characters, and a
// Discord message is at most 2,000 characters (8,000 bytes of UTF-8), so
// 8 KiB changes nothing posted. Without it a sentence or title of a
// megabyte made a pending record larger than maxRecordBytes, which every
// read skips: the article was taken but never posted. Bounded, an item's
// record is a few tens of kilobytes at most, JSON escapes and a highlight
// per word of the quote included.
const maxItemText = 8 << 10

// boundQuote bounds a match's quote to what an item keeps (maxItemText):
// the highlights past the cut go with it.
func boundQuote(c chronicle.Citation) chronicle.Citation {
	c.Text, c.Title, c.Source = cutText(c.Text), cutText(c.Title), cutText(c.Source)
	if len(c.URL) > maxItemText {
		c.URL = "" // cut, it would link elsewhere; the card would drop it anyway
	}
	kept := c.Highlights[:0:0]
	for _, h := range c.Highlights {
		if h.End <= len(c.Text) {
			kept = append(kept, h)
		}
	}
	c.Highlights = kept
	return c
}

// cutText returns s cut to at most maxItemText bytes, at a character
// boundary.
func cutText(s string) string {
	return s[:chronicle.RuneCut(s, maxItemText)]
}
