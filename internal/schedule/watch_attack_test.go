package schedule

// Tests of /watch under hostile or careless use: index resets, floods,
// duplicate and excess watches, a clock that goes back, damaged records,
// a channel hogged by one watch, a post Discord keeps refusing.

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
	bolt "go.etcd.io/bbolt"
)

func TestFresh(t *testing.T) {
	now := mustTime(t, "2024-03-22T18:00:00Z")
	monthOld := now.AddDate(0, -1, 0)
	tests := []struct {
		name                        string
		published, arrived, created time.Time
		want                        bool
	}{
		{"published an hour before it arrived", now.Add(-time.Hour), now, monthOld, true},
		{"published two days before it arrived", now.Add(-WatchMaxAge), now, monthOld, true},
		{"published a week before it arrived (index reset)", now.AddDate(0, 0, -7), now, monthOld, false},
		{"undated", time.Time{}, now, monthOld, false},
		{"dated an hour ahead", now.Add(time.Hour), now, monthOld, true},
		{"dated a week ahead (bad date)", now.AddDate(0, 0, 7), now, monthOld, false},
		{"published the morning of the day the watch was made", now.Add(-10 * time.Hour), now.Add(time.Hour), now, true},
		{"published two days before the watch was made", now.Add(-40 * time.Hour), now.Add(time.Hour), now, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Fresh(tt.published, tt.arrived, tt.created); got != tt.want {
				t.Errorf("Fresh(%s, %s, %s) = %v, want %v", tt.published, tt.arrived, tt.created, got, tt.want)
			}
		})
	}
}

// dated returns a copy of a dated d before the clock.
func (e *watchEnv) dated(a chronicle.Article, d time.Duration) chronicle.Article {
	a.Published = e.clock.Now().Add(-d)
	return a
}

// TestWatchIndexReset: when the index is rebuilt from scratch every article
// arrives again as new; old coverage is not posted, and what was posted is
// not posted again, even after the record of taken articles was pruned.
func TestWatchIndexReset(t *testing.T) {
	e := newWatchEnv(t)
	e.w.GroupWindow = -1
	e.add(t, "Moscow attack")
	e.clock.Set(e.clock.Now().AddDate(0, 1, 0)) // a month later
	old := []chronicle.Article{e.dated(hit1, 10*24*time.Hour), e.dated(hit2, 5*24*time.Hour)}
	fresh := e.dated(hit3, time.Hour)
	e.ingest(t, append(old, fresh)...)
	e.after(t, time.Second)
	if got := postedIDs(e.poster.Posts()); len(got) != 1 || strings.Join(got[0], ",") != "hit3" {
		t.Fatalf("posts = %v, want hit3 only (the others are days old)", got)
	}
	for _, d := range []time.Duration{time.Minute, 5 * 24 * time.Hour} { // before and after pruning
		e.ingest(t, append(old, fresh)...)
		e.after(t, d)
		if n := len(e.poster.Posts()); n != 1 {
			t.Errorf("posts after an index reset %s later = %d, want still 1", d, n)
		}
	}
}

// TestWatchSeenBounded: the record of taken articles keeps only what could
// still be news.
func TestWatchSeenBounded(t *testing.T) {
	e := newWatchEnv(t)
	e.w.GroupWindow = -1
	e.w.HourlyCap = 1000
	e.add(t, "Moscow attack")
	var arts []chronicle.Article
	for i := range 300 {
		a := article(fmt.Sprintf("a%03d", i), fmt.Sprintf("Moscow attack: report %d", i), "The attack in Moscow.")
		arts = append(arts, e.dated(a, time.Hour))
	}
	e.ingest(t, arts...)
	e.after(t, time.Second)
	if n := e.store.seenCount(); n != 300 {
		t.Fatalf("records after taking 300 articles = %d, want 300", n)
	}
	e.after(t, 2*time.Hour)
	if n := e.store.seenCount(); n != 300 {
		t.Errorf("records 2 hours later = %d, want 300 (still news)", n)
	}
	e.after(t, 4*24*time.Hour)
	if n := e.store.seenCount(); n != 0 {
		t.Errorf("records 4 days later = %d, want 0", n)
	}
	e.ingest(t, arts...)
	e.after(t, time.Minute)
	if x := e.watch(t, "1"); x.Posted != 300 {
		t.Errorf("articles posted = %d, want 300 (none again after pruning)", x.Posted)
	}
}

// TestWatchClockBack: a clock that goes back a day holds nothing up for a
// day: not a group, not a channel's hour, not a retry.
func TestWatchClockBack(t *testing.T) {
	tests := []struct {
		name  string
		setup func(e *watchEnv)
	}{
		{"group window", func(e *watchEnv) {
			e.w.GroupWindow = 3 * time.Minute
			e.ingest(t, hit1)
			e.after(t, time.Second) // queued, not due yet
		}},
		{"hourly cap", func(e *watchEnv) {
			e.w.HourlyCap = 1
			e.ingest(t, hit2)
			e.after(t, time.Second) // posted, the hour is full
			e.ingest(t, hit1)
		}},
		{"retry", func(e *watchEnv) {
			e.poster.fail = func(call int) (error, bool) {
				if call == 1 {
					return errors.New("HTTP 500"), false
				}
				return nil, false
			}
			e.ingest(t, hit1)
			e.after(t, time.Second) // failed, retry in a minute
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newWatchEnv(t)
			e.w.GroupWindow = -1
			e.add(t, "Moscow attack")
			tt.setup(e)
			e.after(t, -24*time.Hour)
			e.after(t, 2*time.Hour)
			found := false
			for _, p := range e.poster.Posts() {
				for _, it := range p.Items {
					found = found || it.ArticleID == "hit1"
				}
			}
			if !found {
				t.Errorf("posts two hours after the clock went back a day = %v, want hit1 posted", postedIDs(e.poster.Posts()))
			}
		})
	}
}

// TestWatchAddLimits: a server cannot add the same watch twice for a
// channel (same words, any order or form), nor more than MaxGuildWatches,
// even with adds at the same time.
func TestWatchAddLimits(t *testing.T) {
	e := newWatchEnv(t)
	ctx := context.Background()
	e.add(t, "Moscow attack")
	tests := []struct {
		name, guild, channel, query, want string
	}{
		{"same query", "g1", "c1", "Moscow attack", "Watch 1 already posts “Moscow attack” in <#c1>"},
		{"same words otherwise", "g1", "c1", "the ATTACKS in moscow", "Watch 1 already posts"},
		{"another channel", "g1", "c2", "Moscow attack", ""},
		{"another server", "g2", "c9", "Moscow attack", ""},
		{"markdown echoed escaped", "g1", "c1", "**the** of", "“\\*\\*the\\*\\* of” has no words"},
	}
	off, err := e.w.AddWatch(ctx, Watch{GuildID: "g1", ChannelID: "c3", Query: "rail strike"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.UpdateWatch(ctx, off.ID, func(x *Watch) { x.Disabled, x.DisabledReason = true, "HTTP 403" }); err != nil {
		t.Fatal(err)
	}
	tests = append(tests, struct{ name, guild, channel, query, want string }{
		"same as a disabled watch", "g1", "c3", "Rail strikes", "Watch " + off.ID + " for “rail strike” in <#c3> is disabled (HTTP 403): resume it with /watch resume id:" + off.ID + ", or remove it"})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.w.AddWatch(ctx, Watch{GuildID: tt.guild, ChannelID: tt.channel, Query: tt.query})
			if tt.want == "" {
				if err != nil {
					t.Errorf("AddWatch(%q in %s/%s) = %v, want it added", tt.query, tt.guild, tt.channel, err)
				}
				return
			}
			if chronicle.ErrorCode(err) != chronicle.EINVALID || !strings.Contains(chronicle.ErrorMessage(err), tt.want) {
				t.Errorf("AddWatch(%q) = %v, want EINVALID saying %q", tt.query, err, tt.want)
			}
		})
	}

	f := newWatchEnv(t)
	var wg sync.WaitGroup
	var mu sync.Mutex
	added, refused := 0, 0
	for i := range MaxGuildWatches + 10 {
		wg.Go(func() {
			_, err := f.w.AddWatch(ctx, Watch{GuildID: "g1", ChannelID: "c1", Query: fmt.Sprintf("story%d", i%(MaxGuildWatches+5))})
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				added++
			case chronicle.ErrorCode(err) == chronicle.EINVALID:
				refused++
			default:
				t.Errorf("AddWatch: %v", err)
			}
		})
	}
	wg.Wait()
	all, err := f.w.ListWatches(ctx, "g1")
	if err != nil || added != MaxGuildWatches || refused != 10 || len(all) != MaxGuildWatches {
		t.Errorf("concurrent adds: %d added, %d refused, %d stored (%v); want %d, 10, %d", added, refused, len(all), err, MaxGuildWatches, MaxGuildWatches)
	}
	seen := map[string]bool{}
	for _, x := range all {
		if seen[x.Query] {
			t.Errorf("watch %q stored twice", x.Query)
		}
		seen[x.Query] = true
	}
}

// TestWatchDamagedRecords: a watch record, a pending item or a channel's
// hour that does not decode stops nothing: the other watches post, the
// list works, and the damaged watch is set aside.
func TestWatchDamagedRecords(t *testing.T) {
	e := newWatchEnv(t)
	e.w.GroupWindow = -1
	e.add(t, "Moscow attack")
	e.add(t, "rail strike")
	third, err := e.w.AddWatch(context.Background(), Watch{GuildID: "g1", ChannelID: "c2", Query: "Moscow attack"})
	if err != nil {
		t.Fatal(err)
	}
	err = e.store.db.Update(func(tx *bolt.Tx) error {
		for _, put := range []struct{ bucket, key, value string }{
			{"watches", "2", "{not json"},
			{"watch-pending", third.ID + "\x00zzz", "garbage"},
			{"watch-channels", "c1", "[1,2"},
		} {
			b, err := tx.CreateBucketIfNotExists([]byte(put.bucket))
			if err != nil {
				return err
			}
			if err := b.Put([]byte(put.key), []byte(put.value)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	e.ingest(t, hit1, miss)
	e.after(t, time.Second)
	if got := postedIDs(e.poster.Posts()); len(got) != 2 || got[0][0] != "hit1" || got[1][0] != "hit1" {
		t.Errorf("posts = %v, want hit1 in each of the two sound watches", got)
	}
	all, err := e.w.ListWatches(context.Background(), "g1")
	if err != nil || len(all) != 2 || all[0].ID != "1" || all[1].ID != third.ID {
		t.Errorf("ListWatches = %v, %v; want watches 1 and %s", all, err, third.ID)
	}
	var aside []byte
	_ = e.store.db.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket(damagedWatchBucket); b != nil {
			aside = b.Get([]byte("2"))
		}
		return nil
	})
	if string(aside) != "{not json" {
		t.Errorf("damaged record set aside = %q, want it kept as it was", aside)
	}
}

// TestWatchChannelFairness: when two watches share a channel at its hourly
// cap, the one whose matches waited longest gets the next slot, so a busy
// watch cannot starve the other.
func TestWatchChannelFairness(t *testing.T) {
	e := newWatchEnv(t)
	e.w.GroupWindow = -1
	e.w.HourlyCap = 1
	e.add(t, "Moscow attack")
	e.add(t, "rail strike")
	e.ingest(t, hit1, miss)
	e.after(t, time.Second) // watch 1 posts hit1; miss waits
	for i := range 3 {
		e.clock.Set(e.clock.Now().Add(61 * time.Minute))
		e.ingest(t, article(fmt.Sprintf("more%d", i), "Moscow attack: update", "The attack in Moscow."))
		e.after(t, time.Second)
	}
	var got []string
	for _, p := range e.poster.Posts() {
		got = append(got, p.Watch.ID)
	}
	if strings.Join(got, ",") != "1,2,1,1" {
		t.Errorf("posts by watch = %v, want 1,2,1,1 (watch 2's match waited longest)", got)
	}
}

// TestWatchGivesUp: a post that keeps failing is dropped after
// maxWatchFailures attempts, and the watch posts again afterwards.
func TestWatchGivesUp(t *testing.T) {
	e := newWatchEnv(t)
	e.w.GroupWindow = -1
	e.poster.fail = func(call int) (error, bool) {
		if call <= maxWatchFailures {
			return errors.New("HTTP 400: invalid form body"), false
		}
		return nil, false
	}
	e.add(t, "Moscow attack")
	e.ingest(t, hit1)
	for range maxWatchFailures {
		e.after(t, 2*time.Hour)
	}
	x := e.watch(t, "1")
	if e.poster.calls != maxWatchFailures || x.Failures != 0 || !strings.Contains(x.LastError, "dropped after") {
		t.Fatalf("after %d attempts: watch %+v; want the articles dropped and said so", e.poster.calls, x)
	}
	e.ingest(t, hit2)
	e.after(t, time.Second)
	if got := postedIDs(e.poster.Posts()); len(got) != 1 || strings.Join(got[0], ",") != "hit2" {
		t.Errorf("posts = %v, want hit2 alone", got)
	}
}

// TestWatchFlood: 2,000 matching articles at once make one post of the 5
// best and a count, and a post cut off mid-way leaves a small record that
// still counts them all.
func TestWatchFlood(t *testing.T) {
	e := newWatchEnv(t)
	e.w.GroupWindow = -1
	e.poster.fail = func(int) (error, bool) { return context.DeadlineExceeded, true }
	e.add(t, "Moscow attack")
	var arts []chronicle.Article
	for i := range 2000 {
		arts = append(arts, article(fmt.Sprintf("flood%04d", i), fmt.Sprintf("Moscow attack: report %d", i), "The attack in Moscow."))
	}
	e.ingest(t, arts...)
	e.after(t, time.Second)
	posts := e.poster.Posts()
	if len(posts) != 1 || len(posts[0].Items) != MaxWatchCards || posts[0].More != 2000-MaxWatchCards {
		t.Fatalf("posts = %d (first: %d shown, %d more), want 1 with %d shown and %d more", len(posts),
			len(posts[0].Items), posts[0].More, MaxWatchCards, 2000-MaxWatchCards)
	}
	var size int
	_ = e.store.db.View(func(tx *bolt.Tx) error { size = len(tx.Bucket(watchBucket).Get([]byte("1"))); return nil })
	if size > 2000 {
		t.Errorf("watch record during the post = %d bytes, want it small", size)
	}
	e.after(t, time.Second)
	if x := e.watch(t, "1"); !strings.Contains(x.LastError, "a post of 2000 article(s)") {
		t.Errorf("watch after the cut-off post = %q, want it to count 2000 articles", x.LastError)
	}
}

// TestWatchUnreadableArticle: an article the index cannot read holds up no
// other: the rest are matched and posted, it is retried while the error
// may pass, and given up after inboxRetry.
func TestWatchUnreadableArticle(t *testing.T) {
	e := newWatchEnv(t)
	e.w.GroupWindow = -1
	e.add(t, "Moscow attack")
	bad := article("bad", "Moscow attack: damaged record", "The attack in Moscow.")
	e.src.broken = map[string]error{"bad": errors.New("article store: unexpected end of JSON input")}
	e.ingest(t, bad, hit1)
	e.after(t, time.Second)
	if got := postedIDs(e.poster.Posts()); len(got) != 1 || strings.Join(got[0], ",") != "hit1" {
		t.Fatalf("posts = %v, want hit1 despite the unreadable article", got)
	}
	inbox := func() int {
		t.Helper()
		entries, err := e.store.inbox(100)
		if err != nil {
			t.Fatal(err)
		}
		return len(entries)
	}
	if n := inbox(); n != 1 {
		t.Errorf("inbox after the first pass = %d, want the unreadable article kept for a retry", n)
	}
	e.after(t, 2*inboxRetry)
	if n := inbox(); n != 0 {
		t.Errorf("inbox after %s = %d, want the unreadable article given up", 2*inboxRetry, n)
	}
}

// TestWatchLiveArticle: an article updated every day with a new date (a
// live page, a feed that redates its items) is posted once, however long
// it goes on: its record lasts as long as it is news.
func TestWatchLiveArticle(t *testing.T) {
	e := newWatchEnv(t)
	e.w.GroupWindow = -1
	e.add(t, "Moscow attack")
	for day := range 8 {
		live := e.dated(hit1, time.Hour)
		live.Paragraphs = append(live.Paragraphs, chronicle.Paragraph{Text: fmt.Sprintf("Update %d: more news.", day)})
		e.ingest(t, live)
		e.after(t, 24*time.Hour)
	}
	if n := len(e.poster.Posts()); n != 1 {
		t.Errorf("posts of an article updated and redated daily for 8 days = %d, want 1", n)
	}
}
