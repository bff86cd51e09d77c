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

// tick is a write of the store at its clock's time that stores no answer
// (the bot used, a vote, say): the store's clock is kept there.
func tick(tb testing.TB, st *Store) {
	tb.Helper()
	err := st.update(context.Background(), func(tx *bolt.Tx) error {
		_, err := st.clockAt(tx, st.opts.Now())
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// advance moves c to the time to, writing the store (tick) every 5 days
// on the way, as a bot in use does: a longer pause is taken for a step of
// the clock (TestClockStep).
func advance(tb testing.TB, st *Store, c *clock, to time.Time) {
	tb.Helper()
	for c.now.Before(to) {
		c.now = c.now.Add(5 * 24 * time.Hour)
		if c.now.After(to) {
			c.now = to
		}
		tick(tb, st)
	}
}

// TestClockStep: a step of the system clock forward by more than MaxAge
// (NTP setting right a clock months off, a VM restored, a date typed by
// hand) made every stored answer expire at once: its buttons said
// expired and the next PutAnswer calls removed them (their votes stayed).
// Such a step is now not counted as time passing, and OnClockStep is
// told; time that passes after it counts as before, and a step of less
// than MaxAge counts as time that passed. A step back is not counted
// either, so an answer shown while the clock was behind does not expire
// when it is set right.
func TestClockStep(t *testing.T) {
	const maxAge = 30 * 24 * time.Hour
	days := func(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }
	type step struct {
		at time.Duration // after the first answer was shown
		// reopen closes the store and opens it again (a restart) at the
		// step; dropClock first removes the store's clock from the file,
		// as the release before it left the file. refused votes first on
		// an answer the store does not hold (its write rolled back).
		reopen, dropClock, refused bool
	}
	every5 := func(from, to int) []step {
		var s []step
		for d := from; d <= to; d += 5 {
			s = append(s, step{at: days(d)})
		}
		return append(s, step{at: days(to)})
	}
	tests := []struct {
		name string
		// At each step an answer is shown (answer i at step i; answer 0
		// before the first); after the last, answer target is voted on.
		steps     []step
		target    int
		want      error
		wantSteps int // OnClockStep calls
	}{
		{name: "a year ahead while serving", steps: []step{{at: days(365)}}, wantSteps: 1},
		{name: "a year ahead at a restart", steps: []step{{at: days(365), reopen: true}}, wantSteps: 1},
		{name: "a year ahead at a restart of a file without the store's clock",
			steps: []step{{at: days(365), reopen: true, dropClock: true}}, wantSteps: 1},
		{name: "a year ahead, told once though a vote's write was rolled back",
			steps: []step{{at: days(365), refused: true}, {at: days(365) + time.Hour}}, wantSteps: 1},
		{name: "a year ahead, then 32 days", steps: append([]step{{at: days(365)}}, every5(367, 397)...),
			want: ErrUnknownAnswer, wantSteps: 1},
		{name: "a year ahead, then 32 days, an answer shown 2 days after the step", steps: append([]step{{at: days(365)}}, every5(367, 397)...),
			target: 2, wantSteps: 1},
		{name: "20 days ahead counts as time passing", steps: []step{{at: days(20)}, {at: days(32)}}, want: ErrUnknownAnswer},
		{name: "a year back, then set right", steps: []step{{at: -days(365)}, {at: time.Hour}}, target: 1, wantSteps: 2},
		{name: "a minute back", steps: []step{{at: -time.Minute}, {at: days(1)}}, target: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			path := filepath.Join(t.TempDir(), "feedback.db")
			c := &clock{now: day}
			var steps []ClockStep
			opts := Options{MaxAge: maxAge, Now: c.Now, OnClockStep: func(s ClockStep) { steps = append(steps, s) }}
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
			for i, s := range tt.steps {
				c.now = day.Add(s.at)
				if s.reopen {
					st.Close()
					if s.dropClock {
						dropStoreClock(t, path)
					}
					if st, err = Open(path, opts); err != nil {
						t.Fatal(err)
					}
				}
				if s.refused {
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
