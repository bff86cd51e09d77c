package feedback

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// writeOldStore writes a store file as the release before expiry wrote
// it: the answers, votes and meta buckets, each answer the JSON of an
// Answer (no time it was last shown) and no index by that time; one vote
// on the first answer.
func writeOldStore(tb testing.TB, path string, answers ...Answer) {
	tb.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{answersBucket, votesBucket, metaBucket} {
			if _, err := tx.CreateBucket(name); err != nil {
				return err
			}
		}
		secret := []byte("0123456789abcdef0123456789abcdef")
		if err := tx.Bucket(metaBucket).Put(secretKey, secret); err != nil {
			return err
		}
		for i, a := range answers {
			data, err := json.Marshal(a)
			if err != nil {
				return err
			}
			if err := tx.Bucket(answersBucket).Put([]byte(a.Key()), data); err != nil {
				return err
			}
			if i > 0 {
				continue
			}
			v, err := json.Marshal(Vote{Key: a.Key(), Answer: a, Kind: Helpful, At: a.Answered})
			if err != nil {
				return err
			}
			if err := tx.Bucket(votesBucket).Put([]byte(a.Key()+"/"+userHash(secret, "u0")), v); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// TestUpgradeKeepsAnswers: the release before expiry kept no time an
// answer was last shown, only when it was first shown (Answered), and the
// upgrade took that for the last time shown: it removed every answer first
// shown more than MaxAge before, even one shown yesterday, and their
// buttons said they had expired. An answer of such a file now counts as
// shown at the upgrade: its buttons work MaxAge from then, and it is
// removed (its votes kept) once that has passed, not kept for good.
func TestUpgradeKeepsAnswers(t *testing.T) {
	const maxAge = 30 * 24 * time.Hour
	days := func(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }
	upgrade := day.Add(days(100))
	tests := []struct {
		name string
		// firstShown is how long before the upgrade the answer was first
		// shown; voteAfter how long after the upgrade it is voted on.
		firstShown, voteAfter time.Duration
		want                  error
	}{
		{name: "first shown 60 days before, voted at the upgrade", firstShown: days(60), voteAfter: time.Hour},
		{name: "first shown 400 days before, voted at the upgrade", firstShown: days(400), voteAfter: time.Hour},
		{name: "first shown 60 days before, voted 30 days after", firstShown: days(60), voteAfter: days(30)},
		{name: "first shown 60 days before, voted 32 days after", firstShown: days(60), voteAfter: days(32), want: ErrUnknownAnswer},
		{name: "first shown 2 days before, voted 32 days after", firstShown: days(2), voteAfter: days(32), want: ErrUnknownAnswer},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			path := filepath.Join(t.TempDir(), "feedback.db")
			old, other := claimed, toll
			old.Answered = upgrade.Add(-tt.firstShown)
			other.Answered = upgrade.Add(-days(1))
			writeOldStore(t, path, old, other)

			c := &clock{now: upgrade}
			st, err := Open(path, Options{MaxAge: maxAge, Now: c.Now})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if n := countAnswers(t, path); n != 2 {
				t.Errorf("after the upgrade the file holds %d answers, want both", n)
			}
			// The bot is used every few days until the vote.
			end := upgrade.Add(tt.voteAfter)
			for i := 0; c.now.Before(end); i++ {
				c.now = c.now.Add(days(5))
				if c.now.After(end) {
					c.now = end
				}
				fresh := toll
				fresh.Question = fmt.Sprint("question ", i)
				if _, err := st.PutAnswer(ctx, fresh); err != nil {
					t.Fatal(err)
				}
			}
			_, err = st.Vote(ctx, old.Key(), "u1", Wrong, c.now)
			if !errors.Is(err, tt.want) || (tt.want == nil && err != nil) {
				t.Errorf("Vote on the answer first shown %s before the upgrade, %s after it: %v, want %v",
					tt.firstShown, tt.voteAfter, err, tt.want)
			}
			_, ok, err := st.Answer(ctx, old.Key())
			if err != nil || ok != (tt.want == nil) {
				t.Errorf("Answer %s after the upgrade: ok %v, %v; want ok %v", tt.voteAfter, ok, err, tt.want == nil)
			}
			votes, err := st.Votes(ctx)
			if wantN := map[bool]int{true: 2, false: 1}[tt.want == nil]; err != nil || len(votes) != wantN {
				t.Errorf("Votes = %d votes, %v; want %d (the one the old release stored kept)", len(votes), err, wantN)
			}
		})
	}
}
