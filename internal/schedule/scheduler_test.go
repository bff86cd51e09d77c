package schedule

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// runEvery ticks the clock from start to end in steps and returns the posts.
func (e *env) runEvery(tb testing.TB, start, end time.Time, step time.Duration) []post {
	tb.Helper()
	for at := start; !at.After(end); at = at.Add(step) {
		e.tick(tb, at)
	}
	return e.poster.Posts()
}

func TestRunFiresAtLocalTimesAcrossDST(t *testing.T) {
	tests := []struct {
		name, from, to string
		want           []string // UTC post times
	}{
		{"spring forward", "2024-03-29T12:00:00Z", "2024-04-01T12:00:00Z",
			[]string{"2024-03-30T07:00:00Z", "2024-03-31T06:00:00Z", "2024-04-01T06:00:00Z"}},
		{"fall back", "2024-10-25T12:00:00Z", "2024-10-28T12:00:00Z",
			[]string{"2024-10-26T06:00:00Z", "2024-10-27T07:00:00Z", "2024-10-28T07:00:00Z"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, tt.from)
			e.add(t, Schedule{Spec: "daily 08:00", Timezone: "Europe/Paris"})
			posts := e.runEvery(t, mustTime(t, tt.from), mustTime(t, tt.to), 15*time.Minute)
			var got []string
			for i, p := range posts {
				got = append(got, p.At.UTC().Format(time.RFC3339))
				if !p.To.Equal(p.At) {
					t.Errorf("digest window ends %s, want the due time %s", p.To, p.At)
				}
				// Each window starts where the one before ended: none
				// overlaps and no hour is in none (helper 94).
				if i > 0 && !p.From.Equal(posts[i-1].To) {
					t.Errorf("digest window %d starts %s, want the previous window's end %s", i, p.From, posts[i-1].To)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("post times (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRunCatchesUpOnceAfterRestart(t *testing.T) {
	e := newEnv(t, "2024-03-01T09:00:00Z")
	s := e.add(t, Schedule{Spec: "daily 08:00", Topic: "moscow"})
	e.tick(t, mustTime(t, "2024-03-02T08:00:00Z"))
	e.store.Close() // down for four days
	e.open(t)
	e.tick(t, mustTime(t, "2024-03-06T10:30:00Z"))
	e.tick(t, mustTime(t, "2024-03-06T10:31:00Z"))
	posts := e.poster.Posts()
	if len(posts) != 2 || !posts[1].To.Equal(mustTime(t, "2024-03-06T08:00:00Z")) {
		t.Fatalf("posts = %+v, want the 2 March run and one catch-up for 6 March 08:00", posts)
	}
	opts := e.builder.calls[1]
	if opts.Topic != "moscow" || !opts.From.Equal(mustTime(t, "2024-03-05T08:00:00Z")) {
		t.Errorf("Build options = %+v, want topic moscow and one day before the due time", opts)
	}
	if got := e.get(t, s.ID); !got.LastRun.Equal(mustTime(t, "2024-03-06T10:30:00Z")) || got.Attempt != nil {
		t.Errorf("after catch-up LastRun = %s, Attempt = %v", got.LastRun, got.Attempt)
	}
}

// TestRestartBetweenPostAndRecord: the process dies after Discord accepted
// the message but before LastRun was written (simulated by closing the
// store inside the post). The next process does not post it again.
func TestRestartBetweenPostAndRecord(t *testing.T) {
	tests := []struct {
		name string
		fail func(e *env) func(int)
	}{
		{"crash after post", func(e *env) func(int) {
			return func(call int) {
				if call == 1 {
					e.store.Close()
				}
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, "2024-03-01T09:00:00Z")
			s := e.add(t, Schedule{Spec: "daily 08:00"})
			e.poster.after = tt.fail(e)
			e.clock.Set(mustTime(t, "2024-03-02T08:00:00Z"))
			if err := e.sched.RunOnce(context.Background()); err == nil {
				t.Fatal("RunOnce: recording after the crash succeeded, want an error")
			}
			e.poster.after = nil
			e.open(t) // restart
			e.tick(t, mustTime(t, "2024-03-02T08:01:00Z"))
			e.tick(t, mustTime(t, "2024-03-02T12:00:00Z"))
			if n := len(e.poster.Posts()); n != 1 {
				t.Fatalf("%d posts after restart, want 1 (never twice)", n)
			}
			got := e.get(t, s.ID)
			if got.Attempt != nil || !got.LastDue.Equal(mustTime(t, "2024-03-02T08:00:00Z")) || !strings.Contains(got.LastError, "interrupted") {
				t.Errorf("after restart: Attempt %v, LastDue %s, LastError %q", got.Attempt, got.LastDue, got.LastError)
			}
			e.tick(t, mustTime(t, "2024-03-03T08:00:00Z"))
			if n := len(e.poster.Posts()); n != 2 {
				t.Errorf("%d posts, want the next day's run to post normally", n)
			}
			if got := e.get(t, s.ID); got.LastError != "" {
				t.Errorf("LastError = %q after a success, want it cleared", got.LastError)
			}
		})
	}
}

func TestPostTimeoutIsNotRepeated(t *testing.T) {
	e := newEnv(t, "2024-03-01T09:00:00Z")
	e.add(t, Schedule{Spec: "daily 08:00"})
	e.sched.PostTimeout = 10 * time.Millisecond
	e.poster.after = func(int) { time.Sleep(50 * time.Millisecond) } // sent, then too slow
	e.tick(t, mustTime(t, "2024-03-02T08:00:00Z"))
	e.poster.after = nil
	e.tick(t, mustTime(t, "2024-03-02T09:00:00Z"))
	if n := len(e.poster.Posts()); n != 1 {
		t.Errorf("%d posts, want 1", n)
	}
}

// permanentErr is an error type of another package that knows it is final.
type permanentErr struct{}

func (permanentErr) Error() string   { return "404 Unknown Channel" }
func (permanentErr) Permanent() bool { return true }

func TestChannelGoneDisables(t *testing.T) {
	tests := []struct {
		name string
		err  error
	}{
		{"403 ChannelError", fmt.Errorf("post: %w", &ChannelError{ChannelID: "c1", Status: 403, Err: errors.New("Missing Access")})},
		{"Permanent method", permanentErr{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, "2024-03-01T09:00:00Z")
			s := e.add(t, Schedule{Spec: "daily 08:00"})
			e.poster.fail = func(int) error { return tt.err }
			e.tick(t, mustTime(t, "2024-03-02T08:00:00Z"))
			e.tick(t, mustTime(t, "2024-03-03T08:00:00Z"))
			if e.poster.calls != 1 {
				t.Errorf("%d post attempts, want 1 (no retry after %v)", e.poster.calls, tt.err)
			}
			got := e.get(t, s.ID)
			if !got.Disabled || got.DisabledReason == "" || !strings.Contains(got.Describe(e.clock.Now()), "DISABLED") {
				t.Errorf("schedule = %+v, want disabled with a reason in Describe", got)
			}
		})
	}
}

func TestTransientErrorRetriesWithBackoff(t *testing.T) {
	e := newEnv(t, "2024-03-01T09:00:00Z")
	s := e.add(t, Schedule{Spec: "daily 08:00"})
	e.poster.fail = func(call int) error {
		if call <= 2 {
			return errors.New("502 Bad Gateway")
		}
		return nil
	}
	due := mustTime(t, "2024-03-02T08:00:00Z")
	steps := []struct {
		after time.Duration
		calls int
	}{
		{0, 1}, {30 * time.Second, 1}, {time.Minute, 2}, {2 * time.Minute, 2}, {3 * time.Minute, 3}, {time.Hour, 3},
	}
	for _, st := range steps {
		e.tick(t, due.Add(st.after))
		if e.poster.calls != st.calls {
			t.Errorf("at due+%v: %d post attempts, want %d", st.after, e.poster.calls, st.calls)
		}
	}
	if got := e.get(t, s.ID); got.Failures != 0 || got.LastError != "" || !got.LastDue.Equal(due) {
		t.Errorf("after retry success: %+v", got)
	}
	if n := len(e.poster.Posts()); n != 1 {
		t.Errorf("%d posts, want 1", n)
	}
}

func TestEmptyDigest(t *testing.T) {
	tests := []struct {
		name      string
		postEmpty bool
		wantPosts int
	}{
		{"skipped", false, 0},
		{"posted when asked", true, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, "2024-03-01T09:00:00Z")
			e.builder.empty = true
			s := e.add(t, Schedule{Spec: "daily 08:00", PostWhenEmpty: tt.postEmpty})
			e.tick(t, mustTime(t, "2024-03-02T08:00:00Z"))
			e.tick(t, mustTime(t, "2024-03-02T08:05:00Z"))
			if n := len(e.poster.Posts()); n != tt.wantPosts {
				t.Errorf("%d posts, want %d", n, tt.wantPosts)
			}
			if got := e.get(t, s.ID); !got.LastDue.Equal(mustTime(t, "2024-03-02T08:00:00Z")) {
				t.Errorf("LastDue = %s, want the run served", got.LastDue)
			}
		})
	}
}

func TestStorePersistsAcrossReopen(t *testing.T) {
	e := newEnv(t, "2024-03-01T09:00:00Z")
	want := e.add(t, Schedule{Spec: "weekly mon 08:00", Timezone: "Europe/Paris", Topic: "elections", CreatedBy: "u1"})
	if want.Days != 7 || want.ID == "" {
		t.Errorf("Add = %+v, want an ID and a 7-day window", want)
	}
	e.store.Close()
	e.open(t)
	got, err := e.sched.List(context.Background(), "g1")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]Schedule{want}, got); diff != "" {
		t.Errorf("List after reopen (-want +got):\n%s", diff)
	}
	if err := e.sched.Remove(context.Background(), "other-guild", want.ID); err == nil {
		t.Error("Remove from another guild succeeded")
	}
	if err := e.sched.Remove(context.Background(), "g1", want.ID); err != nil {
		t.Errorf("Remove: %v", err)
	}
	if got, _ := e.sched.List(context.Background(), "g1"); len(got) != 0 {
		t.Errorf("List after Remove = %+v", got)
	}
}

func TestRunStopsOnCancel(t *testing.T) {
	e := newEnv(t, "2024-03-01T09:00:00Z")
	e.add(t, Schedule{Spec: "daily 08:00"})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- e.sched.Run(ctx) }()
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Run = %v, want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop")
	}
}

// TestDigestHeadingInScheduleZone: a schedule's digest is headed in the
// schedule's zone (nu43: a Tokyo server's daily digest read "3 Dec 2026
// 17:53 UTC – 4 Dec 2026 17:53 UTC"); a schedule without one stays UTC.
func TestDigestHeadingInScheduleZone(t *testing.T) {
	for _, tc := range []struct {
		tz, spec, want string
	}{
		{"Asia/Tokyo", "daily 02:53", "Digest, 1 Mar 2024 02:53 JST – 2 Mar 2024 02:53 JST"},
		{"Asia/Tokyo", "daily 00:00", "Digest, 1 Mar 2024 – 2 Mar 2024"},
		{"", "daily 08:30", "Digest, 1 Mar 2024 08:30 UTC – 2 Mar 2024 08:30 UTC"},
	} {
		t.Run(tc.tz+" "+tc.spec, func(t *testing.T) {
			e := newEnv(t, "2024-03-01T00:00:00Z")
			e.add(t, Schedule{Spec: tc.spec, Timezone: tc.tz})
			posts := e.runEvery(t, mustTime(t, "2024-03-01T00:00:00Z"), mustTime(t, "2024-03-02T12:00:00Z"), 15*time.Minute)
			if len(posts) == 0 {
				t.Fatal("no digest posted")
			}
			if got := posts[len(posts)-1].Heading; got != tc.want {
				t.Errorf("heading %q, want %q", got, tc.want)
			}
		})
	}
}
