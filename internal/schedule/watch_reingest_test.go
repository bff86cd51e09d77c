package schedule

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// update indexes articles again, changed, and tells the watcher, as a sync
// of an edited file, a feed's update or a rebuild does (NotifyChanges with
// the articles as updated).
func (e *watchEnv) update(tb testing.TB, arts ...chronicle.Article) {
	tb.Helper()
	if err := e.w.NotifyChanges(context.Background(), nil, e.src.put(arts...)); err != nil {
		tb.Fatalf("NotifyChanges: %v", err)
	}
}

// TestWatchUpdatedIndexedBefore: an article that first reached the index
// before a watch was made is no news to it when indexed again, changed or
// by a rebuild, whether or not another watch was enabled when it first
// came; an article first indexed after the watch, that did not match then,
// is posted when an update makes it match; and an article first indexed
// longer ago than the watcher remembers is no news when updated.
func TestWatchUpdatedIndexedBefore(t *testing.T) {
	e := newWatchEnv(t)
	e.w.GroupWindow = -1
	early := e.dated(hit1, time.Hour)
	e.ingest(t, early) // no watch yet: nothing recorded
	e.add(t, "volcano")
	recorded := e.dated(hit2, time.Hour)
	e.ingest(t, recorded) // a watch enabled: its first indexing recorded
	e.after(t, time.Second)
	e.add(t, "Moscow attack")
	e.after(t, time.Second)
	e.update(t, early, recorded)
	e.after(t, time.Second)
	if got := postedIDs(e.poster.Posts()); len(got) != 0 {
		t.Fatalf("posts after updating articles indexed before the watch = %v, want none", got)
	}

	// First indexed after the watch, a near miss; an update makes it a match.
	late := e.dated(article("late", "Concert hall news", filler), time.Minute)
	e.ingest(t, late)
	e.after(t, time.Second)
	late.Title = "Moscow attack: concert hall reopens"
	late.Paragraphs = []chronicle.Paragraph{{Text: "The hall hit in the Moscow attack reopened."}}
	e.update(t, late)
	e.after(t, time.Second)
	if got := postedIDs(e.poster.Posts()); len(got) != 1 || strings.Join(got[0], ",") != "late" {
		t.Fatalf("posts = %v, want the article first indexed after the watch", got)
	}

	// Forgotten once too old to be news: an update then is no news either.
	old := e.dated(hit3, time.Minute)
	old.Title, old.Paragraphs = "Concert season opens", []chronicle.Paragraph{{Text: filler}}
	e.ingest(t, old)
	e.after(t, WatchMaxAge+25*time.Hour)
	if n := e.store.arrivedCount(); n != 0 {
		t.Errorf("first indexings recorded after %v = %d, want none", WatchMaxAge+25*time.Hour, n)
	}
	e.update(t, e.dated(hit3, time.Minute))
	e.after(t, time.Second)
	if got := postedIDs(e.poster.Posts()); len(got) != 1 {
		t.Errorf("posts = %v, want none more", got)
	}
	if slices.ContainsFunc(e.poster.Posts(), func(p WatchPost) bool { return p.Items[0].ArticleID == hit3.ID }) {
		t.Errorf("hit3 posted")
	}
}
