package feed

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"

	"github.com/chronicle-bot/chronicle"
)

// ErrTooLarge is returned (wrapped) when a response body exceeds the size
// limit.
var ErrTooLarge = errors.New("response body exceeds size limit")

const acceptFeeds = "application/rss+xml, application/atom+xml, application/feed+json, " +
	"application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"

// fetchResult is the outcome of fetching one feed.
type fetchResult struct {
	err         error
	notModified bool
	taken       int
	unchanged   int
	duplicates  int
	deferred    int
}

// response is a successful HTTP answer for a feed.
type response struct {
	notModified  bool
	body         []byte
	etag         string
	lastModified string
	contentType  string // the Content-Type header, for its charset
}

// item is an article with the hash of its content as the feed gave it
// (before any full-text extraction), which decides whether it changed.
type item struct {
	article  chronicle.Article
	feedHash string
	// waits marks an item whose page was not read because the fetch had
	// taken its page text (Options.MaxFullText): it is left for the next
	// fetch, not taken with its summary.
	waits bool
	// page is what became of its page (fillFullText).
	page pageOutcome
}

// pageOutcome is what became of an item's page in one fetch.
type pageOutcome int

const (
	pageNotAsked pageOutcome = iota // no page is fetched for the item
	pageRead                        // read (its text taken when longer than the summary)
	pageFailed                      // it did not load, or was refused
	pageLate                        // not read: the deadline passed, or the day's room was used
)

// fetchFeed fetches, parses and ingests one feed and records its health.
func (f *Fetcher) fetchFeed(ctx context.Context, fd Feed) fetchResult {
	start := f.opts.Now()
	f.mu.Lock()
	etag, lastMod := f.state[fd.URL].ETag, f.state[fd.URL].LastModified
	if retry := f.state[fd.URL].Retry; !retry.IsZero() && !start.Before(retry) {
		// An item the sink refused is due again: it is in the body a
		// "not modified" would keep from this fetch.
		etag, lastMod = "", ""
	}
	f.mu.Unlock()

	resp, err := f.download(ctx, fd.URL, etag, lastMod)
	if err != nil {
		return f.failed(fd, start, err)
	}
	if resp.notModified {
		return f.ingest304(fd, start, resp)
	}
	body, problems, dropped := dropBadJSONItems(resp.body)
	for _, p := range problems {
		f.log.Warn("feed item skipped", "feed", fd.URL, "reason", p)
	}
	if more := dropped - len(problems); more > 0 {
		f.log.Warn("more feed items skipped, not named one by one", "feed", fd.URL, "items", more, "skipped_in_all", dropped)
	}
	parsed, err := parseFeed(body)
	if err != nil && strings.Contains(err.Error(), "invalid UTF-8") && !utf8.Valid(body) {
		// A feed whose charset only the HTTP header names (the XML has
		// no encoding declaration) is read in that charset; otherwise a
		// byte of another encoding in a UTF-8 feed (a Windows-1252 curly
		// quote, common in real feeds), which failed the whole feed
		// (helper 75), is read as Windows-1252.
		if decoded, cs, ok := decodeCharset(body, resp.contentType); ok {
			f.log.Info("feed read in the charset its HTTP header names", "feed", fd.URL, "charset", cs)
			parsed, err = parseFeed(decoded)
		} else {
			fixed, n := fixUTF8(body)
			f.log.Warn("feed text is not all UTF-8: bytes read as Windows-1252", "feed", fd.URL, "bytes", n)
			parsed, err = parseFeed(fixed)
		}
	}
	if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
		if label, at := xmlEncoding(body); label != "" && !plainLabels[strings.ToLower(label)] {
			// The parser knows few encoding names ("latin-1", "utf-16"
			// are not among them) and then calls the document no feed.
			// Text all in ASCII reads the same in any of them.
			if ascii(body) {
				f.log.Info("feed read as UTF-8: its text is all ASCII, and the parser does not know the encoding its XML declaration names",
					"feed", fd.URL, "encoding", label)
				parsed, err = parseFeed(slices.Concat(body[:at[0]], []byte("UTF-8"), body[at[1]:]))
			}
			if err != nil {
				err = fmt.Errorf("%w (its XML declaration names the encoding %q, which may be why)", err, label)
			}
		}
	}
	if err != nil {
		return f.failed(fd, start, fmt.Errorf("parse feed %s: %w", fd.URL, err))
	}
	arts, repeats := articles(parsed, fd.URL)
	if len(arts) > f.opts.MaxItems {
		f.log.Warn("feed lists more items than are taken from one fetch; the rest are left out",
			"feed", fd.URL, "items", len(arts), "taken", f.opts.MaxItems)
		arts = arts[:f.opts.MaxItems]
	}
	if repeats > 0 {
		f.log.Warn("feed items dropped: each differs from an earlier item of the feed with the same ID (GUID or link)",
			"feed", fd.URL, "items", repeats)
	}
	items := make([]item, len(arts))
	for i, a := range arts {
		items[i] = item{article: a, feedHash: a.Hash}
	}
	// Pages are fetched for as many new items as the feed may still put
	// today: the others wait for the next period, and their pages with them
	// (a feed at its limit fetched every page of its items at every fetch;
	// review rev37).
	if room := f.roomToday(fd.URL, f.opts.Now()); fd.FullText && room > 0 {
		f.fillFullText(ctx, fd.URL, start, items, room)
	}
	res := f.ingestItems(ctx, fd, start, resp, PlainText(parsed.Title), items)
	if res.err == nil {
		// Counted as dropped, as the summary says: they were in a log
		// line alone (helper 102).
		res.duplicates += repeats
	}
	return res
}

// ingest304 records a successful fetch that found nothing new.
func (f *Fetcher) ingest304(fd Feed, start time.Time, resp response) fetchResult {
	f.mu.Lock()
	st := *f.state[fd.URL]
	st.ETag = cmp.Or(resp.etag, st.ETag)
	st.LastModified = cmp.Or(resp.lastModified, st.LastModified)
	f.markSuccess(&st, fd, start, 0, 0)
	err := f.store.saveFeed(fd.URL, st)
	if err == nil {
		*f.state[fd.URL] = st
	}
	f.mu.Unlock()
	if err != nil {
		// As in ingestItems: a state that cannot be saved is a failure
		// that backs off, not a feed left due at once (helper 76).
		return fetchResult{err: f.failed(fd, start, ownFailure{err}).err, notModified: true}
	}
	return fetchResult{notModified: true}
}

// ingestItems drops unchanged and duplicate items, puts the rest into the
// sink and, only if that succeeded, records them as seen together with the
// feed's new validators. Ingestion is serialised across feeds so that
// near-duplicate detection sees every article taken before.
func (f *Fetcher) ingestItems(ctx context.Context, fd Feed, start time.Time, resp response,
	title string, items []item) fetchResult {
	f.ingest.Lock()
	defer f.ingest.Unlock()

	ids := make([]string, len(items))
	for i, it := range items {
		ids[i] = it.article.ID
	}
	recs, err := f.store.seen(ids)
	if err != nil {
		return f.failed(fd, start, ownFailure{err})
	}
	now := f.opts.Now()
	f.mu.Lock()
	health := f.state[fd.URL].Health
	f.mu.Unlock()
	room := f.room(health, now)
	misdated := 0      // items dated after they were seen, dated when first seen
	refusedWaits := 0  // items the sink refused, not offered before their retry
	deferred := 0      // new or updated items left for the next period
	waiting := 0       // new or updated items whose page waits for the next fetch
	var sigs *sigIndex // earlier articles' and this batch's, built when first needed
	var (
		res     fetchResult
		put     []chronicle.Article
		newSigs []sigEntry
		seen    = make(map[string]seenRecord)
		dupOf   = make(map[string]string) // items dropped as near-duplicates, by the ID of the article they repeat
		heldBy  = make(map[string]int)    // items whose ID another feed holds, by that feed
		held    []string                  // those feeds, in the order met
	)
	defer func() {
		// Which feed holds the items dropped as its duplicates: a feed
		// whose GUIDs name another outlet's links takes their articles
		// when it is fetched first, and that was not said (helper 75).
		// The feed lists them again at every fetch: the same drops are
		// said once, then at debug level until they change.
		var said strings.Builder
		for _, o := range held {
			fmt.Fprintf(&said, "%d %s\n", heldBy[o], o)
		}
		level := slog.LevelInfo
		if f.heldSaid[fd.URL] == said.String() {
			level = slog.LevelDebug
		}
		if said.Len() == 0 {
			delete(f.heldSaid, fd.URL)
		} else {
			f.heldSaid[fd.URL] = said.String()
		}
		for _, o := range held {
			f.log.Log(ctx, level, "feed items dropped: another feed holds their IDs", "feed", fd.URL, "items", heldBy[o], "held_by", o)
		}
	}()
	again := false      // items are left unrecorded for the next fetch
	var retry time.Time // the first Retry of the items refused and waiting
	waitRetry := func(t time.Time) {
		if retry.IsZero() || t.Before(retry) {
			retry = t
		}
	}
	for _, it := range items {
		a := it.article
		r, ok := recs[a.ID]
		switch standingOf(r, ok, fd.URL, it.feedHash, start, recs) {
		case heldElsewhere:
			res.duplicates++
			if heldBy[r.Origin] == 0 {
				held = append(held, r.Origin)
			}
			heldBy[r.Origin]++
			continue
		case unchanged:
			res.unchanged++
			continue
		case refusedWaiting:
			// Counted as a refusal is: a duplicate dropped.
			res.duplicates++
			refusedWaits++
			waitRetry(r.Retry)
			continue
		}
		if it.waits {
			// Not recorded as seen: the next fetch reads its page.
			waiting++
			continue
		}
		if fd.FullText && reconsidered(r, ok, fd.URL, it.feedHash) && (it.page == pageFailed || it.page == pageLate) {
			// An earlier release took the item as it is, with its
			// page's text, or refused it. Offered with its summary, it
			// would replace that text in the index: it is offered only
			// with its page. A page that failed leaves it as taken (it
			// is not fetched again at each fetch); one not read in
			// time is read by the next fetch.
			res.unchanged++
			if it.page == pageFailed {
				r.Rule = recordRule
				seen[a.ID] = r
			} else {
				again = true
			}
			continue
		}
		rec := seenRecord{Origin: fd.URL, Hash: it.feedHash, First: now, Rule: recordRule}
		if ok {
			rec.First = r.First
		}
		sig, hasSig := fingerprint(a)
		if hasSig {
			if sigs == nil {
				sigs = newSigIndex(f.store.signatures())
			}
			if of, dup := sigs.nearDuplicate(&sig, a.ID); dup {
				res.duplicates++
				rec.Dup, rec.Of = true, of
				seen[a.ID] = rec
				dupOf[a.ID] = of
				continue
			}
		}
		if len(put) >= room {
			// Not recorded as seen: a fetch after the period takes it.
			deferred++
			continue
		}
		if hasSig {
			newSigs = append(newSigs, sigEntry{id: a.ID, sig: sig})
			sigs.add(sigEntry{id: a.ID, sig: sig})
		}
		if a.Dated() && a.Published.After(now.Add(day)) {
			// An item dated more than a day after it is fetched is news
			// as of when it was first seen: one item of 2029 made every
			// question without an as-of day answered as of 2029 (nu43).
			// (Against the fetch, not the first sight: an item updated
			// days later with its new date keeps it; helper 94.) An item
			// with no date stays undated: dated when seen, a feed's
			// undated back catalogue would post to every watch.
			misdated++
			a.Published = rec.First.UTC()
			a.Hash = articleHash(a)
		}
		seen[a.ID] = rec
		put = append(put, a)
	}
	if misdated > 0 {
		f.log.Warn("feed items dated after they were fetched are dated when they were first seen",
			"feed", fd.URL, "items", misdated)
	}
	taken := 0
	var refused map[string]bool // the IDs the sink refused
	if len(put) > 0 {
		pr, err := f.sink.Put(ctx, fd.URL, put)
		if err != nil {
			return f.failed(fd, start, ownFailure{fmt.Errorf("put %d articles from %s: %w", len(put), fd.URL, err)})
		}
		refused = f.refused(ctx, fd.URL, put, pr.Refused)
		// Items the sink refused (a corpus file holds their IDs) are
		// dropped duplicates, not added (they were counted "added or
		// updated"). They are remembered as refused, not as seen: they
		// are offered again when they change or after a back-off
		// (refusal.go), so that one is taken once the file lets its ID
		// go (helper 102: remembered as seen, it was never offered
		// again; not remembered, its page was fetched at every fetch).
		// Their fingerprints go, those an earlier fetch kept included:
		// another feed's copy of the story is no duplicate.
		for id := range refused {
			prev, hadPrev := recs[id]
			rec := refusedRecord(seen[id], prev, hadPrev, now, fd.Interval, f.opts.MaxBackoff)
			seen[id] = rec
			waitRetry(rec.Retry)
		}
		for id, of := range dupOf {
			if refused[of] {
				// It repeats a story the sink refused: it is no
				// duplicate of an article taken, and the next fetch
				// takes it (helper 103: it was dropped for good).
				delete(seen, id)
				again = true
			}
		}
		newSigs = slices.DeleteFunc(newSigs, func(e sigEntry) bool { return refused[e.id] })
		taken = min(max(pr.Changed, 0), len(put)-len(refused))
		res.duplicates += len(refused)
		res.unchanged += len(put) - len(refused) - taken
	}
	if len(refused) == 0 && refusedWaits == 0 {
		delete(f.refusedSaid, fd.URL)
	}
	res.taken, res.deferred = taken, deferred
	if deferred > 0 {
		start := health.DayStart
		if health.takenToday(now) == 0 {
			start = now // this fetch begins the period
		}
		level := slog.LevelWarn
		if f.limitSaid[fd.URL].Equal(start) {
			level = slog.LevelDebug // said at the first fetch of the period
		}
		f.limitSaid[fd.URL] = start
		f.log.Log(ctx, level, "feed put as many items as it may in a day; the rest are left for later",
			"feed", fd.URL, "items_left", deferred, "limit", f.opts.MaxItemsPerDay,
			"until", start.Add(day).Format(time.RFC3339))
	}

	if waiting > 0 {
		f.log.Warn("full text of some items left for the next fetch: this fetch read as much page text as one fetch may",
			"feed", fd.URL, "items_waiting", waiting, "limit_bytes", f.opts.MaxFullText)
	}

	f.mu.Lock()
	st := *f.state[fd.URL]
	if deferred == 0 && waiting == 0 && !again {
		st.ETag, st.LastModified = resp.etag, resp.lastModified
	} else {
		// The items left out (or dropped as copies of a refused one, to
		// be offered again) are in this body: a conditional request
		// would be answered "not modified" until the feed changes, and
		// they would never be taken (helper 103).
		st.ETag, st.LastModified = "", ""
	}
	// The items refused wait for their retry; from then on the fetch asks
	// unconditionally (fetchFeed).
	st.Retry = retry
	st.Health.Title = cmp.Or(cutTitle(title), st.Health.Title)
	f.markSuccess(&st, fd, start, res.taken, res.deferred)
	err = f.store.commit(commit{feedURL: fd.URL, state: st, seen: seen, sigs: newSigs, unsig: refused})
	if err == nil {
		*f.state[fd.URL] = st
	}
	f.mu.Unlock()
	if err != nil {
		// The items are in the index, but what was seen is not saved: the
		// feed failed, and backs off as any failure does. It was left due
		// at once, so that a full disk had every item fetched and put
		// again about every second (helper 75).
		res.err = f.failed(fd, start, ownFailure{err}).err
	}
	return res
}

// refused returns the IDs of put that the sink refused (ids), and says so:
// at info level, then at debug level while the same items are refused
// (ingestItems forgets what was said once no item of the feed is).
func (f *Fetcher) refused(ctx context.Context, url string, put []chronicle.Article, ids []string) map[string]bool {
	offered := make(map[string]bool, len(put))
	for _, a := range put {
		offered[a.ID] = true
	}
	refused := make(map[string]bool, len(ids))
	for _, id := range ids {
		if offered[id] {
			refused[id] = true
		}
	}
	if len(refused) == 0 {
		return refused
	}
	said := slices.Sorted(maps.Keys(refused))
	key := strings.Join(said, "\n")
	level := slog.LevelInfo
	if f.refusedSaid[url] == key {
		level = slog.LevelDebug
	}
	f.refusedSaid[url] = key
	f.log.Log(ctx, level, "feed items not taken: a corpus file gives articles of their IDs; each is offered again when it changes, after a wait that doubles from the feed's interval up to max_wait, or after bot index --rebuild",
		"feed", url, "items", len(refused), "first", said[0], "max_wait", f.opts.MaxBackoff.String())
	return refused
}

// roomToday is how many more items the feed at url may put in the period
// that holds now (Options.MaxItemsPerDay).
func (f *Fetcher) roomToday(url string, now time.Time) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.room(f.state[url].Health, now)
}

// room is how many more items a feed of health h may put in the period
// that holds now.
func (f *Fetcher) room(h FeedHealth, now time.Time) int {
	return max(0, f.opts.MaxItemsPerDay-h.takenToday(now))
}

// markSuccess updates the health in st after a successful fetch that put
// taken items and left deferred for the next period.
func (f *Fetcher) markSuccess(st *feedState, fd Feed, start time.Time, taken, deferred int) {
	now := f.opts.Now()
	h := &st.Health
	h.URL = fd.URL
	h.LastAttempt = start
	h.LastSuccess = now
	h.ConsecutiveFailures = 0
	h.ItemsTaken += taken
	h.LastItems = taken
	h.LastDeferred = deferred
	h.addTaken(now, taken)
	h.NextAttempt = now.Add(fd.Interval)
}

// failed records a failed fetch, backs the feed off and returns err.
func (f *Fetcher) failed(fd Feed, start time.Time, err error) fetchResult {
	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.opts.Now()
	st := *f.state[fd.URL]
	h := &st.Health
	h.URL = fd.URL
	h.LastAttempt = start
	h.LastError = err.Error()
	h.LastErrorAt = now
	h.OwnFailure = errors.As(err, new(ownFailure))
	h.ConsecutiveFailures++
	wait := backoff(fd.Interval, h.ConsecutiveFailures, f.opts.MaxBackoff)
	var busy *busyError
	if errors.As(err, &busy) {
		// The server said when to come back (429 or 503 with
		// Retry-After): it is asked no sooner (helper 79).
		wait = max(wait, busy.wait)
	}
	h.NextAttempt = now.Add(wait)
	*f.state[fd.URL] = st
	if serr := f.store.saveFeed(fd.URL, st); serr != nil {
		err = errors.Join(err, serr)
	}
	return fetchResult{err: err}
}

// backoff is the delay after n consecutive failures: interval*2^n, capped at
// the larger of limit and interval.
func backoff(interval time.Duration, n int, limit time.Duration) time.Duration {
	limit = max(limit, interval)
	d := interval
	for range n {
		if d >= limit/2 {
			return limit
		}
		d *= 2
	}
	return d
}

// download makes one conditional GET bounded by the timeout and size limit.
func (f *Fetcher) download(ctx context.Context, rawURL, etag, lastMod string) (response, error) {
	hdr := http.Header{"Accept": {acceptFeeds}}
	if etag != "" {
		hdr.Set("If-None-Match", etag)
	}
	if lastMod != "" {
		hdr.Set("If-Modified-Since", lastMod)
	}
	var (
		out     response
		refused error
	)
	err := f.get(ctx, rawURL, hdr, func(resp *http.Response, body []byte) {
		if resp.StatusCode == http.StatusNotModified && etag == "" && lastMod == "" {
			// Nothing was asked conditionally: "not modified" would be
			// a healthy fetch that never takes an item (helper 79).
			refused = fmt.Errorf("fetch %s: the server answered %s to a request that named no version it could be unchanged from", rawURL, resp.Status)
			return
		}
		out = response{
			notModified:  resp.StatusCode == http.StatusNotModified,
			body:         body,
			etag:         resp.Header.Get("ETag"),
			lastModified: resp.Header.Get("Last-Modified"),
			contentType:  resp.Header.Get("Content-Type"),
		}
	})
	if err == nil && refused != nil {
		return response{}, refused
	}
	return out, err
}

// get fetches rawURL and passes a 200 or 304 response with its body (read up
// to the size limit) to use; anything else is an error.
func (f *Fetcher) get(ctx context.Context, rawURL string, hdr http.Header, use func(*http.Response, []byte)) error {
	ctx, cancel := context.WithTimeout(ctx, f.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return fmt.Errorf("fetch %s: %w", rawURL, err)
	}
	req.Header = hdr
	req.Header.Set("User-Agent", f.opts.UserAgent)
	resp, err := f.opts.Client.Do(req)
	if err != nil {
		return f.fetchErr(ctx, rawURL, err)
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusOK:
	case http.StatusNotModified:
		use(resp, nil)
		return nil
	case http.StatusTooManyRequests, http.StatusServiceUnavailable:
		err := fmt.Errorf("fetch %s: unexpected status %s", rawURL, resp.Status)
		if wait, ok := retryAfter(resp.Header.Get("Retry-After"), f.opts.Now()); ok {
			return &busyError{err: fmt.Errorf("%w; the server asks to wait %v", err, wait), wait: wait}
		}
		return err
	default:
		return fmt.Errorf("fetch %s: unexpected status %s", rawURL, resp.Status)
	}
	limit := f.opts.MaxBodyBytes
	if resp.ContentLength > limit {
		return fmt.Errorf("fetch %s: %d bytes: %w (%d)", rawURL, resp.ContentLength, ErrTooLarge, limit)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return f.fetchErr(ctx, rawURL, err)
	}
	if int64(len(body)) > limit {
		return fmt.Errorf("fetch %s: %w (%d)", rawURL, ErrTooLarge, limit)
	}
	use(resp, body)
	return nil
}

// plainLabels are the encoding names of an XML declaration that the parser
// reads as UTF-8: not the cause when it finds no feed.
var plainLabels = map[string]bool{"utf-8": true, "utf8": true, "us-ascii": true, "ascii": true}

// busyError is a 429 or 503 whose Retry-After said how long to wait.
type busyError struct {
	err  error
	wait time.Duration
}

func (e *busyError) Error() string { return e.err.Error() }
func (e *busyError) Unwrap() error { return e.err }

// maxRetryAfter bounds the wait a server's Retry-After can ask for.
const maxRetryAfter = 24 * time.Hour

// retryAfter reads a Retry-After value, seconds or an HTTP date, as a wait
// from now of at most maxRetryAfter; ok is false for none, a bad one or a
// time past.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	var d time.Duration
	if n, err := strconv.ParseInt(v, 10, 64); err == nil || errors.Is(err, strconv.ErrRange) {
		// A number of seconds past int64 is as long a wait as there
		// is (ParseInt gives the nearest int64): it was taken for no
		// Retry-After, and the feed was asked again after the backoff.
		if n <= 0 {
			return 0, false
		}
		d = time.Duration(min(n, int64(maxRetryAfter/time.Second))) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
	} else {
		return 0, false
	}
	if d <= 0 {
		return 0, false
	}
	return min(d, maxRetryAfter), true
}

// fetchErr wraps a transport error, naming a timeout or a refused
// non-public address (and the redirect that led to it) as such.
func (f *Fetcher) fetchErr(ctx context.Context, rawURL string, err error) error {
	var blocked *BlockedAddressError
	if errors.As(err, &blocked) {
		var uerr *url.Error
		if errors.As(err, &uerr) && uerr.URL != rawURL {
			return fmt.Errorf("fetch %s: redirected to %s: %w", rawURL, uerr.URL, blocked)
		}
		return fmt.Errorf("fetch %s: %w", rawURL, blocked)
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("fetch %s: timed out after %s: %w", rawURL, f.opts.Timeout, err)
	}
	return fmt.Errorf("fetch %s: %w", rawURL, err)
}

// fixUTF8 returns b with each byte that is not part of valid UTF-8 read as
// the Windows-1252 character it stands for there (0x92 is ’), and how many
// bytes that was.
func fixUTF8(b []byte) ([]byte, int) {
	out := make([]byte, 0, len(b)+len(b)/8)
	n := 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size == 1 {
			out = utf8.AppendRune(out, charmap.Windows1252.DecodeByte(b[0]))
			n++
		} else {
			out = append(out, b[:size]...)
		}
		b = b[size:]
	}
	return out, n
}

// maxHealthTitle bounds the feed's title kept in its health: the title of
// megabytes a feed may send was saved with the state at every fetch and
// shown whole by /sources (helper 76).
const maxHealthTitle = 200

// cutTitle cuts title to maxHealthTitle bytes at a character boundary.
func cutTitle(title string) string {
	if len(title) <= maxHealthTitle {
		return title
	}
	return title[:chronicle.RuneCut(title, maxHealthTitle-len("…"))] + "…"
}

// decodeCharset decodes body from the charset that contentType names,
// when it names one other than UTF-8 that is known (htmlindex: the WHATWG
// names, windows-1251, koi8-r, shift_jis, ...). A windows-1251 feed that
// said so only in its HTTP header was read byte by byte as Windows-1252,
// and stored garbled (helper 76).
func decodeCharset(body []byte, contentType string) ([]byte, string, bool) {
	_, params, err := mime.ParseMediaType(contentType)
	cs := strings.ToLower(strings.TrimSpace(params["charset"]))
	if err != nil || cs == "" || cs == "utf-8" || cs == "utf8" {
		return nil, "", false
	}
	enc, err := htmlindex.Get(cs)
	if err != nil {
		return nil, "", false
	}
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return nil, "", false
	}
	return out, cs, true
}

// ownFailure marks a failed fetch as the bot's own (FeedHealth.OwnFailure).
type ownFailure struct{ err error }

func (e ownFailure) Error() string { return e.err.Error() }
func (e ownFailure) Unwrap() error { return e.err }
