package schedule

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// TestResumeSchedule: a schedule disabled because its channel refused
// posts was disabled for good (remove it and add it again). Resume
// enables it again: it keeps its ID, timing, topic and channel, loses its
// reason and last problem, and counts its runs from the resume, so the
// runs it missed while disabled are not posted (a catch-up would post the
// latest at once); its next run is posted as usual. An unknown ID, another
// server's, one that is not disabled and one disabled for a timing that
// does not parse (which resuming would not mend) are refused in words for
// users; a replica that does not run the schedules refuses it.
func TestResumeSchedule(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, "2024-03-01T09:00:00Z")
	s := e.add(t, Schedule{Spec: "daily 08:00", Topic: "moscow"})
	e.poster.fail = func(int) error { return permanentErr{} }
	e.tick(t, mustTime(t, "2024-03-02T08:00:00Z"))
	e.poster.fail = nil
	e.tick(t, mustTime(t, "2024-03-03T08:00:00Z"))
	e.tick(t, mustTime(t, "2024-03-04T08:00:00Z"))
	if got := e.get(t, s.ID); !got.Disabled || len(e.poster.Posts()) != 0 {
		t.Fatalf("schedule = %+v, %d posts; want it disabled, nothing posted", got, len(e.poster.Posts()))
	}

	e.clock.Set(mustTime(t, "2024-03-04T12:00:00Z"))
	if _, err := e.sched.Resume(ctx, "g2", s.ID); chronicle.ErrorCode(err) != chronicle.ENOTFOUND {
		t.Errorf("Resume of another server's schedule = %v, want ENOTFOUND", err)
	}
	if _, err := e.sched.Resume(ctx, "g1", "9"); chronicle.ErrorCode(err) != chronicle.ENOTFOUND || chronicle.ErrorMessage(err) != "This server has no schedule 9." {
		t.Errorf("Resume of an unknown schedule = %v, want ENOTFOUND", err)
	}
	if _, err := (ReadOnly{Scheduler: e.sched}).Resume(ctx, "g1", s.ID); !errors.Is(err, ErrNotScheduler) {
		t.Errorf("ReadOnly.Resume = %v, want ErrNotScheduler", err)
	}
	got, err := e.sched.Resume(ctx, "g1", " #"+s.ID)
	if err != nil {
		t.Fatalf("Resume: %v", err)
	}
	if stored := e.get(t, s.ID); stored != got {
		t.Errorf("Resume returned %+v, stored %+v", got, stored)
	}
	if got.Disabled || got.DisabledReason != "" || got.LastError != "" || got.Failures != 0 || got.Attempt != nil ||
		got.ID != s.ID || got.Spec != s.Spec || got.Topic != s.Topic || got.ChannelID != s.ChannelID || got.Days != s.Days || !got.Created.Equal(s.Created) {
		t.Errorf("resumed = %+v; want it enabled, without reason or problem, and otherwise as added (%+v)", got, s)
	}
	if line := got.Describe(e.clock.Now()); !strings.Contains(line, "next Tue 5 Mar 08:00 UTC") || strings.Contains(line, "DISABLED") {
		t.Errorf("Describe after Resume = %q, want its next run", line)
	}
	if _, err := e.sched.Resume(ctx, "g1", s.ID); chronicle.ErrorCode(err) != chronicle.EINVALID ||
		chronicle.ErrorMessage(err) != "Schedule 1 is not disabled: it runs at its times (see /schedule list)." {
		t.Errorf("Resume of a running schedule = %v, want EINVALID saying it is not disabled", err)
	}

	e.tick(t, mustTime(t, "2024-03-04T12:00:00Z"))
	e.tick(t, mustTime(t, "2024-03-04T12:01:00Z"))
	if n := len(e.poster.Posts()); n != 0 {
		t.Errorf("%d posts right after the resume; want none (the runs missed while disabled are not caught up)", n)
	}
	e.tick(t, mustTime(t, "2024-03-05T08:00:00Z"))
	posts := e.poster.Posts()
	if len(posts) != 1 || !posts[0].To.Equal(mustTime(t, "2024-03-05T08:00:00Z")) || !posts[0].From.Equal(mustTime(t, "2024-03-04T08:00:00Z")) {
		t.Errorf("posts at the next run = %+v; want the digest of 4 to 5 March", posts)
	}

	// A timing that does not parse disabled it; resuming would not mend it.
	bad, err := e.store.Add(ctx, Schedule{GuildID: "g1", ChannelID: "c1", Spec: "bogus", Days: 1, Created: e.clock.Now()})
	if err != nil {
		t.Fatal(err)
	}
	e.tick(t, mustTime(t, "2024-03-05T09:00:00Z"))
	if x := e.get(t, bad.ID); !x.Disabled || !strings.HasPrefix(x.DisabledReason, invalidReason) {
		t.Fatalf("schedule of a bad timing = %+v, want it disabled", x)
	}
	_, err = e.sched.Resume(ctx, "g1", bad.ID)
	if msg := chronicle.ErrorMessage(err); chronicle.ErrorCode(err) != chronicle.EINVALID ||
		!strings.HasPrefix(msg, "Schedule "+bad.ID+" cannot run again: ") || !strings.HasSuffix(msg, ". Remove it (/schedule remove id:"+bad.ID+") and add it again.") {
		t.Errorf("Resume of a schedule of a bad timing = %v, want EINVALID saying to remove it and add it again", err)
	}
	if x := e.get(t, bad.ID); !x.Disabled {
		t.Errorf("schedule of a bad timing enabled: %+v", x)
	}
}

// TestResumeWatch: a watch disabled because its channel refused posts is
// enabled again by ResumeWatch, under its ID, with its query and channel.
// It takes only what arrives after the resume: an article that arrived
// while it was disabled and waits in the inbox (another watch is enabled)
// is not posted, as it would be were the watch's creation still its start;
// the next one is. Refusals as for schedules.
func TestResumeWatch(t *testing.T) {
	ctx := context.Background()
	e := newWatchEnv(t)
	e.w.GroupWindow = -1
	w := e.add(t, "Moscow attack")
	e.add(t, "rail strike") // enabled throughout: arrivals are kept for matching
	e.poster.fail = func(int) (error, bool) { return refusedErr{}, false }
	e.ingest(t, hit1)
	e.after(t, time.Minute)
	if x := e.watch(t, w.ID); !x.Disabled {
		t.Fatalf("watch = %+v, want it disabled", x)
	}
	e.poster.fail = nil
	e.ingest(t, hit2) // while it is disabled; no pass before the resume

	e.clock.Set(e.clock.Now().Add(time.Minute))
	if _, err := e.w.ResumeWatch(ctx, "g2", w.ID); chronicle.ErrorCode(err) != chronicle.ENOTFOUND {
		t.Errorf("ResumeWatch of another server's watch = %v, want ENOTFOUND", err)
	}
	if _, err := e.w.ResumeWatch(ctx, "g1", "9"); chronicle.ErrorCode(err) != chronicle.ENOTFOUND || chronicle.ErrorMessage(err) != "This server has no watch 9." {
		t.Errorf("ResumeWatch of an unknown watch = %v, want ENOTFOUND", err)
	}
	if _, err := (WatchReadOnly{Watcher: e.w}).ResumeWatch(ctx, "g1", w.ID); !errors.Is(err, ErrWatchNotScheduler) {
		t.Errorf("WatchReadOnly.ResumeWatch = %v, want ErrWatchNotScheduler", err)
	}
	got, err := e.w.ResumeWatch(ctx, "g1", "#"+w.ID)
	if err != nil {
		t.Fatalf("ResumeWatch: %v", err)
	}
	if got.Disabled || got.DisabledReason != "" || got.LastError != "" || got.Failures != 0 || got.Attempt != nil ||
		got.ID != w.ID || got.Query != w.Query || got.ChannelID != w.ChannelID || !got.Created.Equal(w.Created) || !got.Resumed.Equal(e.clock.Now()) {
		t.Errorf("resumed = %+v; want it enabled since now, and otherwise as added (%+v)", got, w)
	}
	if _, err := e.w.ResumeWatch(ctx, "g1", w.ID); chronicle.ErrorCode(err) != chronicle.EINVALID ||
		chronicle.ErrorMessage(err) != "Watch 1 is not disabled: it posts what matches (see /watch list)." {
		t.Errorf("ResumeWatch of a running watch = %v, want EINVALID saying it is not disabled", err)
	}
	e.after(t, time.Minute)
	if posts := e.poster.Posts(); len(posts) != 0 {
		t.Errorf("posts after the resume = %q; want none (hit2 came while the watch was disabled)", postedIDs(posts))
	}
	e.ingest(t, hit3)
	e.after(t, time.Minute)
	if got := postedIDs(e.poster.Posts()); len(got) != 1 || strings.Join(got[0], ",") != "hit3" {
		t.Errorf("posts = %q; want hit3 alone", got)
	}
}

// TestWatchStartAheadOfClock: a watch whose start (its creation, or its
// resume) is recorded after now, because the clock went back since, still
// posts what arrives after the step. The start was taken as now, and every
// article arrives before the pass that matches it, so each was taken to
// have come before the watch began: the watch posted nothing until the
// clock caught up with its start (a day, for a clock set back a day).
func TestWatchStartAheadOfClock(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, e *watchEnv) Watch
	}{
		{"created", func(t *testing.T, e *watchEnv) Watch { return e.add(t, "Moscow attack") }},
		{"resumed", func(t *testing.T, e *watchEnv) Watch {
			w := e.add(t, "Moscow attack")
			e.poster.fail = func(int) (error, bool) { return refusedErr{}, false }
			e.ingest(t, hit1)
			e.after(t, time.Minute)
			e.poster.fail = nil
			e.clock.Set(e.clock.Now().Add(48 * time.Hour)) // resumed two days after it was made
			x, err := e.w.ResumeWatch(context.Background(), "g1", w.ID)
			if err != nil {
				t.Fatalf("ResumeWatch: %v", err)
			}
			return x
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newWatchEnv(t)
			e.w.GroupWindow = -1
			w := tt.setup(t, e)
			before := len(e.poster.Posts())
			e.clock.Set(e.clock.Now().Add(-24 * time.Hour)) // the clock is set back a day
			e.ingest(t, hit3)
			e.after(t, time.Minute)
			posts := e.poster.Posts()[before:]
			if got := postedIDs(posts); len(got) != 1 || strings.Join(got[0], ",") != "hit3" {
				t.Errorf("posts after the clock went back behind the watch's start (%s) = %q; want hit3", w.since().UTC(), got)
			}
		})
	}
}

// TestAddWatchStartsAfresh: AddWatch keeps only the new watch's server,
// channel and query from what it is given; its state, the resume time
// among it, starts afresh. A Resumed a year ahead was kept: the watch then
// counted its start from it, not from its creation.
func TestAddWatchStartsAfresh(t *testing.T) {
	e := newWatchEnv(t)
	now := e.clock.Now()
	got, err := e.w.AddWatch(context.Background(), Watch{GuildID: "g1", ChannelID: "c1", Query: "Moscow attack",
		Resumed: now.AddDate(1, 0, 0), Posted: 3, Disabled: true, LastError: "old"})
	if err != nil {
		t.Fatalf("AddWatch: %v", err)
	}
	stored := e.watch(t, got.ID)
	for _, x := range []Watch{got, stored} {
		if !x.Resumed.IsZero() || x.Posted != 0 || x.Disabled || x.LastError != "" || !x.since().Equal(now) {
			t.Errorf("added watch = %+v; want a new watch's state, since its creation (%s)", x, now)
		}
	}
}
