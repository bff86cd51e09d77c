package feedback

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// clock is a settable clock for Options.Now and Options.Monotonic: time
// passing moves both (pass, passTo); a step of the system clock moves now
// alone.
type clock struct {
	now  time.Time
	mono time.Duration
}

func (c *clock) Now() time.Time { return c.now }

func (c *clock) Mono() time.Duration { return c.mono }

// pass lets d pass.
func (c *clock) pass(d time.Duration) { c.now, c.mono = c.now.Add(d), c.mono+d }

// passTo lets the time pass until t.
func (c *clock) passTo(t time.Time) { c.pass(t.Sub(c.now)) }

// TestClockStep: the store's clock counts the time between writes as time
// passing, across idle periods and restarts, so that the answers of a
// quiet bot expire (it counted none when the gap was longer than MaxAge,
// taken for a step of the clock: an answer every 25 hours with MaxAge 24
// hours, or 40 days idle, expired nothing, and every write was told as a
// step). A step of the system clock is told apart where it can be, within
// one process, by the monotonic clock: a step forward is not counted as
// time passing, a step back never runs the store's clock back, and
// OnClockStep is told once per step. A step made while the bot was stopped
// cannot be told from time passing, but for a step back: the clock is then
// behind the store's last write.
func TestClockStep(t *testing.T) {
	const month = 30 * 24 * time.Hour
	days := func(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }
	type event struct {
		// pass lets time pass (both clocks), then the system clock steps by
		// step; restart closes the store and opens it again (a new process,
		// whose monotonic clock starts anew), dropClock first removing the
		// store's clock from the file, as the release before it left it.
		// refused votes first on an answer the store does not hold (its
		// write is rolled back). Then an answer is shown.
		pass, step         time.Duration
		restart, dropClock bool
		refused            bool
	}
	every := func(n int, e event) []event {
		s := make([]event, n)
		for i := range s {
			s[i] = e
		}
		return s
	}
	tests := []struct {
		name   string
		maxAge time.Duration // default a month
		// At each event answer i+1 is shown (answer 0 before the first);
		// after the last, answer target is voted on.
		events    []event
		target    int
		want      error
		wantSteps int // OnClockStep calls
		wantHeld  int // answers in the file at the end; 0: not checked
	}{
		{name: "an answer every 25 hours, MaxAge 24 hours", maxAge: 24 * time.Hour,
			events: every(30, event{pass: 25 * time.Hour}), want: ErrUnknownAnswer, wantHeld: 2},
		{name: "an answer every 25 hours, MaxAge 24 hours, the last one", maxAge: 24 * time.Hour,
			events: every(30, event{pass: 25 * time.Hour}), target: 30, wantHeld: 2},
		{name: "idle 40 days", events: []event{{pass: days(40)}}, want: ErrUnknownAnswer, wantHeld: 1},
		{name: "idle 29 days", events: []event{{pass: days(29)}}, wantHeld: 2},
		{name: "stopped 40 days", events: []event{{pass: days(40), restart: true}}, want: ErrUnknownAnswer, wantHeld: 1},
		{name: "stopped 20 days, then idle 20", events: []event{{pass: days(20), restart: true}, {pass: days(20)}},
			want: ErrUnknownAnswer, wantHeld: 2},
		{name: "stopped 40 days, a file without the store's clock",
			events: []event{{pass: days(40), restart: true, dropClock: true}}, want: ErrUnknownAnswer, wantHeld: 1},
		{name: "a year forward while serving", events: []event{{pass: time.Second, step: days(365)}}, wantSteps: 1, wantHeld: 2},
		{name: "a year forward while serving, then a restart", events: []event{{pass: time.Second, step: days(365)},
			{pass: time.Hour, restart: true}}, wantSteps: 1, wantHeld: 3},
		{name: "a year forward, told once though a vote's write was rolled back",
			events: []event{{pass: time.Second, step: days(365), refused: true}, {pass: time.Hour}}, wantSteps: 1},
		{name: "a year forward, then 32 days", events: []event{{pass: time.Second, step: days(365)}, {pass: days(2)}, {pass: days(30)}},
			want: ErrUnknownAnswer, wantSteps: 1},
		{name: "a year forward, then 32 days, an answer shown 2 days after the step",
			events: []event{{pass: time.Second, step: days(365)}, {pass: days(2)}, {pass: days(30)}}, target: 2, wantSteps: 1},
		{name: "20 days forward while serving, then 12", events: []event{{pass: time.Hour, step: days(20)}, {pass: days(12)}},
			wantSteps: 1},
		{name: "a year forward while stopped counts as time passing",
			events: []event{{pass: time.Hour, step: days(365), restart: true}}, want: ErrUnknownAnswer},
		{name: "30 seconds forward and back is no step",
			events: []event{{pass: time.Hour, step: 30 * time.Second}, {pass: time.Hour, step: -30 * time.Second}}},
		{name: "a year back while serving, then set right",
			events: []event{{pass: time.Hour, step: -days(365)}, {pass: time.Hour, step: days(365)}},
			target: 1, wantSteps: 2},
		{name: "20 days back while serving, set right, then 15 days",
			events: []event{{pass: time.Hour, step: -days(20)}, {pass: time.Hour, step: days(20)}, {pass: days(15)}},
			target: 1, wantSteps: 2},
		{name: "20 days back while serving, set right, then 15 days, the first answer",
			events:    []event{{pass: time.Hour, step: -days(20)}, {pass: time.Hour, step: days(20)}, {pass: days(15)}},
			wantSteps: 2},
		{name: "a year back while stopped, then set right while serving",
			events: []event{{pass: time.Hour, step: -days(365), restart: true}, {pass: time.Hour, step: days(365)}},
			target: 1, wantSteps: 2},
		{name: "a year back while stopped, then 32 days", events: []event{{pass: time.Hour, step: -days(365), restart: true},
			{pass: days(32)}}, want: ErrUnknownAnswer, wantSteps: 1},
		{name: "a year back while stopped, a file without the store's clock",
			events: []event{{pass: time.Hour, step: -days(365), restart: true, dropClock: true}}, wantSteps: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			path := filepath.Join(t.TempDir(), "feedback.db")
			c := &clock{now: day}
			var steps []ClockStep
			opts := Options{MaxAge: tt.maxAge, Now: c.Now, Monotonic: c.Mono,
				OnClockStep: func(s ClockStep) { steps = append(steps, s) }}
			if opts.MaxAge == 0 {
				opts.MaxAge = month
			}
			st, err := Open(path, opts)
			if err != nil {
				t.Fatal(err)
			}
			defer func() { st.Close() }()
			answer := func(i int) Answer {
				a := claimed
				a.Question = fmt.Sprint("question ", i)
				return a
			}
			if _, err := st.PutAnswer(ctx, answer(0)); err != nil {
				t.Fatal(err)
			}
			for i, e := range tt.events {
				c.pass(e.pass)
				c.now = c.now.Add(e.step)
				if e.restart {
					st.Close()
					if e.dropClock {
						dropStoreClock(t, path)
					}
					c.mono = 0
					if st, err = Open(path, opts); err != nil {
						t.Fatal(err)
					}
				}
				if e.refused {
					if _, err := st.Vote(ctx, "nosuchanswer2345", "u1", Helpful, c.now); !errors.Is(err, ErrUnknownAnswer) {
						t.Fatalf("Vote on no answer: %v, want ErrUnknownAnswer", err)
					}
				}
				if _, err := st.PutAnswer(ctx, answer(i+1)); err != nil {
					t.Fatal(err)
				}
			}
			key := answer(tt.target).Key()
			_, err = st.Vote(ctx, key, "u1", Helpful, c.now)
			if !errors.Is(err, tt.want) || (tt.want == nil && err != nil) {
				t.Errorf("Vote on answer %d: %v, want %v", tt.target, err, tt.want)
			}
			if _, ok, err := st.Answer(ctx, key); err != nil || ok != (tt.want == nil) {
				t.Errorf("Answer %d: ok %v, %v; want ok %v", tt.target, ok, err, tt.want == nil)
			}
			if len(steps) != tt.wantSteps {
				t.Errorf("OnClockStep told %d steps %v, want %d", len(steps), steps, tt.wantSteps)
			}
			st.Close()
			if n := countAnswers(t, path); tt.wantHeld != 0 && n != tt.wantHeld {
				t.Errorf("the file holds %d answers, want %d", n, tt.wantHeld)
			}
		})
	}
}

// TestClockDefaults: without Options.Monotonic the store takes the
// monotonic readings of the times Now gives: time.Now's agree with its
// wall times, so no step is told; a test's clock carries none, so its
// steps forward count as time passing, as before the monotonic clock.
func TestClockDefaults(t *testing.T) {
	c := &clock{now: day}
	tests := []struct {
		name      string
		now       func() time.Time
		step      time.Duration
		wantKept  bool
		wantSteps int
	}{
		{name: "time.Now", wantKept: true},
		{name: "a Now without monotonic readings, a year forward", now: c.Now, step: 365 * 24 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			var steps int
			st, err := Open(filepath.Join(t.TempDir(), "feedback.db"), Options{Now: tt.now, OnClockStep: func(ClockStep) { steps++ }})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			key, err := st.PutAnswer(ctx, claimed)
			if err != nil {
				t.Fatal(err)
			}
			c.now = c.now.Add(tt.step)
			if _, err := st.PutAnswer(ctx, toll); err != nil {
				t.Fatal(err)
			}
			if _, ok, err := st.Answer(ctx, key); err != nil || ok != tt.wantKept {
				t.Errorf("Answer: ok %v, %v; want ok %v", ok, err, tt.wantKept)
			}
			if steps != tt.wantSteps {
				t.Errorf("OnClockStep told %d steps, want %d", steps, tt.wantSteps)
			}
		})
	}
}

// TestClockStepString: the sentence for the log says which way the
// system clock stepped, by how much, and what the store made of it.
func TestClockStepString(t *testing.T) {
	at := func(s string) time.Time {
		t.Helper()
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name string
		step ClockStep
		want string
	}{
		{name: "forward while serving", step: ClockStep{From: at("2025-03-26T10:00:00Z"), To: at("2026-03-26T10:00:05Z"), Elapsed: 5 * time.Second},
			want: "the system clock stepped 365 days forward since the last write of the feedback store (at 2025-03-26T10:00:00Z, " +
				"now 2026-03-26T10:00:05Z, though 5s passed): the step is not counted as time passing, so it expires no answer"},
		{name: "back while serving", step: ClockStep{From: at("2025-03-26T10:00:00Z"), To: at("2024-03-26T11:00:00Z"), Elapsed: time.Hour},
			want: "the system clock stepped 365 days back since the last write of the feedback store (at 2025-03-26T10:00:00Z, " +
				"now 2024-03-26T11:00:00Z, though 1h0m0s passed): the store's clock does not run back; it counts the time that passed"},
		{name: "behind at a start", step: ClockStep{From: at("2025-03-26T10:00:00Z"), To: at("2025-03-26T09:58:00Z")},
			want: "the system clock is 2m0s behind the last write of the feedback store (at 2025-03-26T10:00:00Z, " +
				"now 2025-03-26T09:58:00Z): the store's clock does not run back; it goes on from the last write"},
		{name: "behind by a year less 5ms", step: ClockStep{From: at("2025-03-26T10:00:00Z"), To: at("2024-03-26T10:00:00Z").Add(5 * time.Millisecond)},
			want: "the system clock is 365 days behind the last write of the feedback store (at 2025-03-26T10:00:00Z, " +
				"now 2024-03-26T10:00:00Z): the store's clock does not run back; it goes on from the last write"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.step.String(); got != tt.want {
				t.Errorf("String() =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// dropStoreClock removes the store's clock from the closed file at path.
func dropStoreClock(tb testing.TB, path string) {
	tb.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error { return tx.Bucket(metaBucket).Delete(clockKey) })
	if err != nil {
		tb.Fatal(err)
	}
}
