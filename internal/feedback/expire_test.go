package feedback

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/chronicle-bot/chronicle/internal/boltfile"
	"github.com/chronicle-bot/chronicle/internal/boltfile/bolttest"
)

// countAnswers counts the answers in the closed store file at path.
func countAnswers(tb testing.TB, path string) int {
	tb.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	n := 0
	err = db.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket(answersBucket); b != nil {
			n = b.Stats().KeyN
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return n
}

// TestAnswersExpire: an answer is kept MaxAge after it was last shown
// (and removed a day after that at most); a vote on an older one is ErrUnknownAnswer (the button has expired), and
// later answers stored remove it from the file. Showing it again keeps it.
func TestAnswersExpire(t *testing.T) {
	const maxAge = 30 * 24 * time.Hour
	tests := []struct {
		name string
		// shown are the days (after the first showing, day 0) the answer
		// is shown again; vote the day of the vote.
		shown []int
		vote  int
		want  error
	}{
		{name: "voted the next day", vote: 1},
		{name: "voted on the last day", vote: 30},
		{name: "voted after MaxAge and a day", vote: 32, want: ErrUnknownAnswer},
		{name: "shown again on day 20", shown: []int{20}, vote: 50},
		{name: "shown again on day 20, voted after MaxAge and a day from then", shown: []int{20}, vote: 52, want: ErrUnknownAnswer},
		{name: "shown again hourly on day 0", shown: []int{0, 0, 0}, vote: 32, want: ErrUnknownAnswer},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			c := &clock{now: day}
			path := filepath.Join(t.TempDir(), "feedback.db")
			st, err := Open(path, Options{MaxAge: maxAge, Now: c.Now, Monotonic: c.Mono})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			at := func(d int) time.Time { return day.Add(time.Duration(d) * 24 * time.Hour) }
			key, err := st.PutAnswer(ctx, claimed)
			if err != nil {
				t.Fatal(err)
			}
			for i, d := range tt.shown {
				c.passTo(at(d).Add(time.Duration(i+1) * time.Hour))
				if k, err := st.PutAnswer(ctx, claimed); err != nil || k != key {
					t.Fatalf("PutAnswer on day %d = %q, %v; want %q", d, k, err, key)
				}
			}
			c.passTo(at(tt.vote))
			_, err = st.Vote(ctx, key, "u1", Helpful, c.now)
			if !errors.Is(err, tt.want) || (tt.want == nil && err != nil) {
				t.Fatalf("Vote on day %d: %v, want %v", tt.vote, err, tt.want)
			}
			// Answers stored now remove the expired one from the file.
			if _, err := st.PutAnswer(ctx, toll); err != nil {
				t.Fatal(err)
			}
			_, ok, err := st.Answer(ctx, key)
			if err != nil || ok != (tt.want == nil) {
				t.Errorf("Answer on day %d: ok %v, %v; want ok %v", tt.vote, ok, err, tt.want == nil)
			}
			st.Close()
			if n, want := countAnswers(t, path), map[bool]int{true: 2, false: 1}[tt.want == nil]; n != want {
				t.Errorf("the file holds %d answers on day %d, want %d", n, tt.vote, want)
			}
		})
	}
}

// TestPruneBounded: one PutAnswer removes at most pruneBatch expired
// answers, so that its cost does not depend on how many expired at once;
// the answers that come after remove the rest.
func TestPruneBounded(t *testing.T) {
	ctx := context.Background()
	c := &clock{now: time.Now()}
	path := filepath.Join(t.TempDir(), "feedback.db")
	st, err := Open(path, Options{Now: c.Now, Monotonic: c.Mono})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	const n = 2*pruneBatch + 10
	for i := range n {
		a := claimed
		a.Question = fmt.Sprint("question ", i)
		if _, err := st.PutAnswer(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	c.pass(DefaultMaxAge + 2*refreshAfter + time.Hour)
	for i, want := range []int{n - pruneBatch + 1, n - 2*pruneBatch + 2, 3} {
		a := toll
		a.Question = fmt.Sprint("later question ", i)
		if _, err := st.PutAnswer(ctx, a); err != nil {
			t.Fatal(err)
		}
		var got int
		err := st.view(ctx, func(tx *bolt.Tx) error {
			got = tx.Bucket(answersBucket).Stats().KeyN
			return nil
		})
		if err != nil || got != want {
			t.Errorf("after %d later answers the file holds %d answers, %v; want %d", i+1, got, err, want)
		}
	}
}

// TestChangedFileCheckedAgain: the walk of every page is made once, not
// at every operation, but a file another process wrote since the last
// operation is walked again, so that damage it holds is found and the file
// moved aside as before (OnDamage), instead of trusted.
func TestChangedFileCheckedAgain(t *testing.T) {
	ctx := context.Background()
	var damage *boltfile.Damage
	path := filepath.Join(t.TempDir(), "feedback.db")
	st, err := Open(path, Options{OnDamage: func(d *boltfile.Damage) { damage = d }})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for i := range 60 {
		a := claimed
		a.Question += fmt.Sprint(" ", i)
		if _, err := st.PutAnswer(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	bolttest.SmashLeaf(t, path)
	key, err := st.PutAnswer(ctx, claimed)
	if err != nil {
		t.Fatalf("PutAnswer after the file was damaged: %v", err)
	}
	if damage == nil || damage.Path != path {
		t.Fatalf("OnDamage told %+v, want the damage of %s", damage, path)
	}
	if _, err := st.Vote(ctx, key, "u1", Helpful, day); err != nil {
		t.Errorf("vote on the fresh file: %v", err)
	}
}

// TestPutAnswerWatchesItsContext: PutAnswer waited for the operation in
// progress (here one waiting for another process's lock on the file) for
// as long as that took, whatever its context said; a timed-out /ask
// handler stayed blocked. It now returns once its context ends, with the
// context's error.
func TestPutAnswerWatchesItsContext(t *testing.T) {
	path := filepath.Join(t.TempDir(), "feedback.db")
	st, err := Open(path, Options{Timeout: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// Another process holds the file (a writable bbolt open locks it).
	other, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	released := false
	release := func() {
		if !released {
			other.Close()
			released = true
		}
	}
	defer release()

	first := make(chan error, 1)
	go func() {
		_, err := st.PutAnswer(context.Background(), claimed)
		first <- err
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	second := make(chan error, 1)
	go func() {
		_, err := st.PutAnswer(ctx, toll)
		second <- err
	}()
	select {
	case err := <-second:
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("PutAnswer whose context ended: %v, want context.DeadlineExceeded", err)
		}
	case <-time.After(time.Minute): // a guard against a hang, not a measure
		t.Error("PutAnswer still waits, its context long ended")
	}
	select {
	case err := <-first:
		t.Errorf("the PutAnswer without a deadline returned (%v) while the file is held", err)
	default:
	}
	release()
	if err := <-first; err != nil {
		t.Errorf("PutAnswer once the file is released: %v", err)
	}
}
