package schedule

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/terms"
)

// fakeSource is an index of a few articles; reading one in broken fails
// with its error.
type fakeSource struct {
	mu     sync.Mutex
	arts   map[string]chronicle.Article
	broken map[string]error
}

func (f *fakeSource) put(arts ...chronicle.Article) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.arts == nil {
		f.arts = map[string]chronicle.Article{}
	}
	var ids []string
	for _, a := range arts {
		f.arts[a.ID] = a
		ids = append(ids, a.ID)
	}
	return ids
}

func (f *fakeSource) Article(ctx context.Context, id string) (chronicle.Article, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.broken[id]; err != nil {
		return chronicle.Article{}, err
	}
	a, ok := f.arts[id]
	if !ok {
		return a, chronicle.Errorf(chronicle.ENOTFOUND, "no article %s", id)
	}
	return a, nil
}

func (f *fakeSource) DocFreqs(ctx context.Context, stems []string) (int, map[string]int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	an := terms.New()
	df := map[string]int{}
	for _, a := range f.arts {
		has := map[string]bool{}
		for _, p := range a.Paragraphs {
			for _, s := range an.Stems(p.Text) {
				has[s] = true
			}
		}
		for _, s := range stems {
			if has[s] {
				df[s]++
			}
		}
	}
	return len(f.arts), df, nil
}

// fakeWatchPoster records posts; fail, when set, decides a call's error
// (returned after the post went out when sent is set).
type fakeWatchPoster struct {
	mu    sync.Mutex
	posts []WatchPost
	fail  func(call int) (err error, sent bool)
	calls int
}

func (p *fakeWatchPoster) PostWatch(ctx context.Context, channelID string, wp WatchPost) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls++
	if p.fail != nil {
		if err, sent := p.fail(p.calls); err != nil {
			if sent {
				p.posts = append(p.posts, wp)
			}
			return err
		}
	}
	p.posts = append(p.posts, wp)
	return nil
}

func (p *fakeWatchPoster) Posts() []WatchPost {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]WatchPost(nil), p.posts...)
}

// watchEnv is a Watcher over a store in a temporary directory.
type watchEnv struct {
	path   string
	store  *Store
	clock  *clock
	src    *fakeSource
	poster *fakeWatchPoster
	w      *Watcher
}

func newWatchEnv(tb testing.TB) *watchEnv {
	tb.Helper()
	e := &watchEnv{path: filepath.Join(tb.TempDir(), "schedule.db"), clock: &clock{t: mustTime(tb, "2024-03-22T18:00:00Z")},
		src: &fakeSource{}, poster: &fakeWatchPoster{}}
	e.open(tb)
	tb.Cleanup(func() { e.store.Close() })
	return e
}

// open (re)opens the store with a new Watcher, as a restart does.
func (e *watchEnv) open(tb testing.TB) {
	tb.Helper()
	st, err := Open(e.path)
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	e.store = st
	e.w = &Watcher{Store: st, Articles: e.src, Poster: e.poster, Now: e.clock.Now, HourlyCap: 2}
}

func (e *watchEnv) restart(tb testing.TB) {
	tb.Helper()
	if err := e.store.Close(); err != nil {
		tb.Fatal(err)
	}
	e.open(tb)
}

func (e *watchEnv) add(tb testing.TB, query string) Watch {
	tb.Helper()
	x, err := e.w.AddWatch(context.Background(), Watch{GuildID: "g1", ChannelID: "c1", Query: query})
	if err != nil {
		tb.Fatalf("AddWatch(%q): %v", query, err)
	}
	return x
}

// ingest indexes articles and tells the watcher, as the feed and folder
// hooks do. An undated article is dated an hour ago, news.
func (e *watchEnv) ingest(tb testing.TB, arts ...chronicle.Article) {
	tb.Helper()
	arts = slices.Clone(arts)
	for i := range arts {
		if arts[i].Published.IsZero() {
			arts[i].Published = e.clock.Now().Add(-time.Hour)
		}
	}
	if err := e.w.Notify(context.Background(), e.src.put(arts...)); err != nil {
		tb.Fatalf("Notify: %v", err)
	}
}

// after advances the clock by d and runs a pass.
func (e *watchEnv) after(tb testing.TB, d time.Duration) {
	tb.Helper()
	e.clock.Set(e.clock.Now().Add(d))
	if err := e.w.RunOnce(context.Background()); err != nil {
		tb.Fatalf("RunOnce: %v", err)
	}
}

func (e *watchEnv) watch(tb testing.TB, id string) Watch {
	tb.Helper()
	x, err := e.store.GetWatch(context.Background(), id)
	if err != nil {
		tb.Fatal(err)
	}
	return x
}

func postedIDs(posts []WatchPost) [][]string {
	out := make([][]string, len(posts))
	for i, p := range posts {
		for _, it := range p.Items {
			out[i] = append(out[i], it.ArticleID)
		}
	}
	return out
}

var (
	hit1 = article("hit1", "Moscow attack: gunmen storm concert hall", "Gunmen opened fire in a concert hall near Moscow.")
	hit2 = article("hit2", "Moscow attack toll rises", "The toll of the Moscow attack rose to 137.")
	hit3 = article("hit3", "Arrests after the Moscow attack", "Four men were charged over the attack in Moscow.")
	miss = article("miss", "Rail strike ends", "Rail workers ended their strike in Moscow after a pay deal.")
)

func TestWatchAddValidation(t *testing.T) {
	tests := []struct {
		name, channel, query, want string
	}{
		{"no channel", "", "Moscow attack", "channel"},
		{"empty query", "c1", "   ", "what to watch"},
		{"only stop words", "c1", "the of and", "no words to match"},
		{"too long", "c1", strings.Repeat("word ", 30), "The query is 149 characters long; a watch takes at most 100."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newWatchEnv(t)
			_, err := e.w.AddWatch(context.Background(), Watch{GuildID: "g1", ChannelID: tt.channel, Query: tt.query})
			if chronicle.ErrorCode(err) != chronicle.EINVALID || !strings.Contains(chronicle.ErrorMessage(err), tt.want) {
				t.Errorf("AddWatch(%q) = %v, want EINVALID saying %q", tt.query, err, tt.want)
			}
		})
	}
	e := newWatchEnv(t)
	x := e.add(t, "  Moscow   attack ")
	if x.ID != "1" || x.Query != "Moscow attack" || !x.Created.Equal(e.clock.Now()) {
		t.Errorf("AddWatch = %+v, want ID 1, query tidied, created now", x)
	}
}

// TestWatchGroupsAndPostsOnce: matches within the group window share one
// post; a near-miss is not posted; an article ingested again (unchanged or
// changed) is not posted again.
func TestWatchGroupsAndPostsOnce(t *testing.T) {
	e := newWatchEnv(t)
	e.add(t, "Moscow attack")
	e.ingest(t, hit1, miss)
	e.after(t, time.Minute)
	e.ingest(t, hit2)
	e.after(t, time.Minute)
	if n := len(e.poster.Posts()); n != 0 {
		t.Fatalf("posts before the group window passed = %d, want 0", n)
	}
	e.after(t, 2*time.Minute) // the first match is now 3 minutes old
	got := postedIDs(e.poster.Posts())
	if len(got) != 1 || strings.Join(got[0], ",") != "hit1,hit2" {
		t.Fatalf("posts = %v, want one post of hit1 and hit2", got)
	}
	if c := e.poster.Posts()[0].Items[0].Citation(); c.Text == "" || len(c.Highlights) == 0 || c.URL != hit1.URL {
		t.Errorf("first card's citation = %+v, want the quote with its highlights kept through the store", c)
	}
	changed := hit1
	changed.Paragraphs = append(changed.Paragraphs, chronicle.Paragraph{Text: "Update: the toll rose."})
	e.ingest(t, hit1, changed)
	e.after(t, time.Second)
	e.after(t, time.Hour)
	if n := len(e.poster.Posts()); n != 1 {
		t.Errorf("posts after re-ingesting hit1 = %d, want still 1", n)
	}
	if x := e.watch(t, "1"); x.Posted != 2 || !strings.Contains(x.Describe(e.clock.Now()), "2 articles posted") {
		t.Errorf("watch = %q, want 2 articles posted", x.Describe(e.clock.Now()))
	}
}

// TestWatchRenamedNotPostedAgain: the same article under another ID (a
// Markdown file's ID is its path, and a file renamed in a watched folder
// got a new one) is not posted again (nu43), nor when republished with a
// new ID minutes later (nu44); an article that says something else is.
func TestWatchRenamedNotPostedAgain(t *testing.T) {
	e := newWatchEnv(t)
	e.w.GroupWindow = -1
	e.add(t, "Moscow attack")
	first := e.dated(hit1, time.Hour)
	e.ingest(t, first)
	e.after(t, time.Second)
	renamed := first // the same file, its date kept
	renamed.ID = "hit1-renamed"
	e.ingest(t, renamed)
	e.after(t, time.Hour)
	// The same story republished by a feed under a new ID, minutes later
	// the same day (nu44).
	republished := first
	republished.ID, republished.Published = "hit1-republished", first.Published.Add(4*time.Minute)
	if republished.Published.YearDay() != first.Published.YearDay() {
		republished.Published = first.Published.Add(-4 * time.Minute)
	}
	e.ingest(t, republished)
	e.after(t, time.Hour)
	if got := postedIDs(e.poster.Posts()); len(got) != 1 {
		t.Fatalf("posts = %v, want hit1 once", got)
	}
	e.ingest(t, hit2)
	e.after(t, time.Hour)
	if got := postedIDs(e.poster.Posts()); len(got) != 2 || strings.Join(got[1], ",") != "hit2" {
		t.Errorf("posts = %v, want hit1, then hit2", got)
	}
}

// TestWatchHourlyCap: a channel gets at most HourlyCap posts in any hour;
// later matches wait and go out together when the hour allows.
func TestWatchHourlyCap(t *testing.T) {
	e := newWatchEnv(t)
	e.w.GroupWindow = -1 // post at once
	e.add(t, "Moscow attack")
	for i, a := range []chronicle.Article{hit1, hit2, hit3} {
		e.ingest(t, a)
		e.after(t, time.Minute)
		if n, want := len(e.poster.Posts()), min(i+1, 2); n != want {
			t.Fatalf("posts after %d matches = %d, want %d (cap 2)", i+1, n, want)
		}
	}
	more := article("hit4", "Moscow attack: Putin speaks", "Putin spoke about the attack in Moscow.")
	e.ingest(t, more)
	e.after(t, 50*time.Minute)
	if n := len(e.poster.Posts()); n != 2 {
		t.Fatalf("posts 53 minutes after the first = %d, want 2", n)
	}
	e.after(t, 10*time.Minute) // the first post is now over an hour old
	got := postedIDs(e.poster.Posts())
	if len(got) != 3 || strings.Join(got[2], ",") != "hit3,hit4" {
		t.Errorf("posts = %v, want a third post with hit3 and hit4", got)
	}
}

// TestWatchRestart: matches pending at a stop are posted once after the
// restart, and nothing posted before it is posted again.
func TestWatchRestart(t *testing.T) {
	e := newWatchEnv(t)
	e.w.GroupWindow = -1
	e.add(t, "Moscow attack")
	e.ingest(t, hit1)
	e.after(t, time.Second)
	e.ingest(t, hit2) // not matched before the stop
	e.restart(t)
	e.w.GroupWindow = -1
	e.after(t, time.Second)
	e.ingest(t, hit1, hit2)
	e.restart(t)
	e.w.GroupWindow = -1
	e.after(t, time.Hour)
	got := postedIDs(e.poster.Posts())
	if len(got) != 2 || got[0][0] != "hit1" || got[1][0] != "hit2" || len(got[1]) != 1 {
		t.Errorf("posts = %v, want hit1 then hit2, each once", got)
	}
}

// TestWatchInterruptedPost: a post cut off after it may have reached
// Discord is not repeated, and the watch says so.
func TestWatchInterruptedPost(t *testing.T) {
	e := newWatchEnv(t)
	e.w.GroupWindow = -1
	e.poster.fail = func(call int) (error, bool) {
		if call == 1 {
			return context.DeadlineExceeded, true
		}
		return nil, false
	}
	e.add(t, "Moscow attack")
	e.ingest(t, hit1)
	e.after(t, time.Second)
	e.restart(t)
	e.w.GroupWindow = -1
	e.after(t, time.Minute)
	if n := len(e.poster.Posts()); n != 1 {
		t.Errorf("posts = %d, want 1 (the cut-off one, not repeated)", n)
	}
	if x := e.watch(t, "1"); x.Attempt != nil || !strings.Contains(x.LastError, "interrupted") {
		t.Errorf("watch after restart = %+v, want the attempt consumed and reported", x)
	}
}

// TestWatchFailures: a post that sent nothing is retried after a backoff;
// a channel that answers 403 or 404 disables the watch with the reason.
func TestWatchFailures(t *testing.T) {
	t.Run("retried", func(t *testing.T) {
		e := newWatchEnv(t)
		e.w.GroupWindow = -1
		e.poster.fail = func(call int) (error, bool) {
			if call == 1 {
				return errors.New("HTTP 500"), false
			}
			return nil, false
		}
		e.add(t, "Moscow attack")
		e.ingest(t, hit1)
		e.after(t, time.Second)
		if x := e.watch(t, "1"); x.Failures != 1 || x.RetryAt.IsZero() {
			t.Fatalf("watch after a failed post = %+v, want a retry scheduled", x)
		}
		e.after(t, 30*time.Second)
		if e.poster.calls != 1 {
			t.Fatalf("post attempts before the backoff = %d, want 1", e.poster.calls)
		}
		e.after(t, time.Minute)
		if got := postedIDs(e.poster.Posts()); len(got) != 1 || got[0][0] != "hit1" {
			t.Errorf("posts = %v, want hit1 once after the retry", got)
		}
	})
	for _, status := range []int{http.StatusForbidden, http.StatusNotFound} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			e := newWatchEnv(t)
			e.w.GroupWindow = -1
			e.poster.fail = func(int) (error, bool) {
				return &ChannelError{ChannelID: "c1", Status: status, Err: errors.New(http.StatusText(status))}, false
			}
			e.add(t, "Moscow attack")
			e.ingest(t, hit1)
			e.after(t, time.Second)
			x := e.watch(t, "1")
			if !x.Disabled || !strings.Contains(x.DisabledReason, "Discord refused posts in the channel") || !strings.Contains(x.Describe(e.clock.Now()), "DISABLED") {
				t.Fatalf("watch = %+v, want it disabled with the reason", x)
			}
			e.ingest(t, hit2)
			e.after(t, time.Hour)
			if e.poster.calls != 1 {
				t.Errorf("post attempts = %d, want 1 (none once disabled)", e.poster.calls)
			}
		})
	}
}

// TestWatchScope: an article that arrived before the watch existed is not
// matched, and removing a watch forgets its pending articles.
func TestWatchScope(t *testing.T) {
	e := newWatchEnv(t)
	e.w.GroupWindow = -1
	e.add(t, "volcano") // so that Notify records the arrivals
	e.ingest(t, hit1)
	e.clock.Set(e.clock.Now().Add(time.Second))
	e.add(t, "Moscow attack")
	e.after(t, time.Second)
	if n := len(e.poster.Posts()); n != 0 {
		t.Errorf("posts = %d, want none for an article older than the watch", n)
	}
	e.w.GroupWindow = time.Hour
	e.ingest(t, hit2)
	e.after(t, time.Second)
	if err := e.w.RemoveWatch(context.Background(), "g2", "2"); chronicle.ErrorCode(err) != chronicle.ENOTFOUND {
		t.Errorf("RemoveWatch from another server = %v, want ENOTFOUND", err)
	}
	if err := e.w.RemoveWatch(context.Background(), "g1", "#2"); err != nil {
		t.Fatalf("RemoveWatch: %v", err)
	}
	if items, err := e.store.pending("2"); err != nil || len(items) != 0 {
		t.Errorf("pending after remove = %v, %v; want none", items, err)
	}
	e.after(t, 2*time.Hour)
	if n := len(e.poster.Posts()); n != 0 {
		t.Errorf("posts = %d, want none from a removed watch", n)
	}
}

// TestWatchPostShowsBest: a post shows at most MaxWatchCards articles, the
// best matches first, and counts the rest, which are not posted again.
func TestWatchPostShowsBest(t *testing.T) {
	e := newWatchEnv(t)
	e.w.GroupWindow = -1
	e.add(t, "Moscow attack")
	var arts []chronicle.Article
	for i := range 4 { // "attack" only further down, twice: 0.75
		arts = append(arts, article(fmt.Sprintf("weak%d", i), fmt.Sprintf("Moscow mourns, day %d", i), filler, filler, "The attack shocked the city.", "Another attack was feared."))
	}
	arts = append(arts, hit1, hit2, hit3) // both words in the headline: 1
	e.ingest(t, arts...)
	e.after(t, time.Second)
	posts := e.poster.Posts()
	if len(posts) != 1 {
		t.Fatalf("posts = %d, want 1", len(posts))
	}
	got := strings.Join(postedIDs(posts)[0], ",")
	if got != "hit1,hit2,hit3,weak0,weak1" || posts[0].More != 2 {
		t.Errorf("post shows %s and %d more, want hit1,hit2,hit3,weak0,weak1 and 2 more", got, posts[0].More)
	}
	e.ingest(t, arts...)
	e.after(t, time.Hour)
	if x := e.watch(t, "1"); x.Posted != 7 || len(e.poster.Posts()) != 1 {
		t.Errorf("watch posted %d articles in %d posts, want 7 in 1", x.Posted, len(e.poster.Posts()))
	}
}
