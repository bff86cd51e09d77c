package feedback

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	bolt "go.etcd.io/bbolt"

	"github.com/chronicle-bot/chronicle/internal/boltfile"
	"github.com/chronicle-bot/chronicle/internal/boltfile/bolttest"
)

var (
	day     = time.Date(2024, 3, 26, 10, 0, 0, 0, time.UTC)
	claimed = Answer{Question: "Who claimed the Moscow attack?", AsOf: "2024-03-26", ArticleID: "seed-1",
		Quote: "Islamic State claimed responsibility for the attack.", Value: "Islamic State", Answered: day}
	toll = Answer{Question: "How many people died?", AsOf: "2024-03-26", ArticleID: "seed-2",
		Quote: "The death toll rose to 137 on Sunday.", Answered: day}
)

// openStore opens a store in a new temporary folder.
func openStore(tb testing.TB) *Store {
	tb.Helper()
	st, err := Open(filepath.Join(tb.TempDir(), "feedback.db"), Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

// click is one vote in a table.
type click struct {
	answer Answer
	user   string
	kind   Kind
	want   error // nil, ErrAlreadyVoted, ErrUnknownAnswer
}

func TestVoteOncePerUser(t *testing.T) {
	tests := []struct {
		name   string
		clicks []click
		// want is each recorded vote's answer key and kind, oldest first.
		want [][2]string
	}{
		{name: "one vote", clicks: []click{{claimed, "u1", Helpful, nil}},
			want: [][2]string{{claimed.Key(), "helpful"}}},
		{name: "same user twice", clicks: []click{{claimed, "u1", Helpful, nil}, {claimed, "u1", Helpful, ErrAlreadyVoted}},
			want: [][2]string{{claimed.Key(), "helpful"}}},
		{name: "same user changes their mind", clicks: []click{{claimed, "u1", Helpful, nil}, {claimed, "u1", Wrong, ErrAlreadyVoted}},
			want: [][2]string{{claimed.Key(), "helpful"}}},
		{name: "two users", clicks: []click{{claimed, "u1", Helpful, nil}, {claimed, "u2", Wrong, nil}},
			want: [][2]string{{claimed.Key(), "helpful"}, {claimed.Key(), "wrong"}}},
		{name: "one user, two answers", clicks: []click{{claimed, "u1", Helpful, nil}, {toll, "u1", Wrong, nil}},
			want: [][2]string{{claimed.Key(), "helpful"}, {toll.Key(), "wrong"}}},
		{name: "unknown answer", clicks: []click{{Answer{Question: "never shown"}, "u1", Helpful, ErrUnknownAnswer}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			st := openStore(t)
			for _, a := range []Answer{claimed, toll} {
				if _, err := st.PutAnswer(ctx, a); err != nil {
					t.Fatal(err)
				}
			}
			for i, c := range tt.clicks {
				_, err := st.Vote(ctx, c.answer.Key(), c.user, c.kind, day.Add(time.Duration(i)*time.Minute))
				if !errors.Is(err, c.want) || (c.want == nil && err != nil) {
					t.Fatalf("click %d: Vote(%s, %s) error = %v, want %v", i, c.user, c.kind, err, c.want)
				}
			}
			votes, err := st.Votes(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var got [][2]string
			for _, v := range votes {
				got = append(got, [2]string{v.Key, string(v.Kind)})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("votes (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAlreadyVotedReturnsTheFirstVote(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	key, _ := st.PutAnswer(ctx, claimed)
	if _, err := st.Vote(ctx, key, "u1", Wrong, day); err != nil {
		t.Fatal(err)
	}
	v, err := st.Vote(ctx, key, "u1", Helpful, day.Add(time.Hour))
	if !errors.Is(err, ErrAlreadyVoted) || v.Kind != Wrong || !v.At.Equal(day) {
		t.Errorf("second Vote = %+v, %v; want the first (wrong at %v) and ErrAlreadyVoted", v, err, day)
	}
}

// TestRestart: answers and votes survive closing and reopening the file,
// and a user who voted before still cannot vote again.
func TestRestart(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "state", "feedback.db")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	st, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	key, err := st.PutAnswer(ctx, claimed)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Vote(ctx, key, "u1", Helpful, day); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if _, err := st.Votes(ctx); err == nil {
		t.Error("Votes after Close succeeded")
	}

	st, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if a, ok, err := st.Answer(ctx, key); err != nil || !ok || a.Question != claimed.Question {
		t.Errorf("Answer(%s) after reopening = %+v, %v, %v; want the stored answer", key, a, ok, err)
	}
	if _, err := st.Vote(ctx, key, "u1", Wrong, day); !errors.Is(err, ErrAlreadyVoted) {
		t.Errorf("vote of u1 again after reopening: %v, want ErrAlreadyVoted", err)
	}
	if _, err := st.Vote(ctx, key, "u2", Wrong, day.Add(time.Minute)); err != nil {
		t.Errorf("vote of u2 on an answer from before the restart: %v", err)
	}
	if votes, _ := st.Votes(ctx); len(votes) != 2 {
		t.Errorf("after the restart %d votes, want 2", len(votes))
	}
}

// TestNoUserInFile: the user's ID is not in the file, nor in a vote.
func TestNoUserInFile(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	key, _ := st.PutAnswer(ctx, claimed)
	const user = "300000000000000003"
	if _, err := st.Vote(ctx, key, user, Helpful, day); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(st.Path())
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte(user)) {
		t.Error("the file holds the raw user ID")
	}
	votes, _ := st.Votes(ctx)
	var buf bytes.Buffer
	if err := Export(&buf, votes); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), user) {
		t.Errorf("the export holds the user ID: %s", buf.String())
	}
}

func TestSameAnswerSameKey(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	k1, _ := st.PutAnswer(ctx, claimed)
	later := claimed
	later.Answered = day.Add(time.Hour)
	k2, _ := st.PutAnswer(ctx, later)
	if k1 != k2 || len(k1) != KeyLen {
		t.Errorf("keys %q and %q, want one key of %d characters", k1, k2, KeyLen)
	}
	if a, _, _ := st.Answer(ctx, k1); !a.Answered.Equal(day) {
		t.Errorf("Answered = %v, want the first time %v kept", a.Answered, day)
	}
	other := claimed
	other.AsOf = "2024-03-27"
	if other.Key() == k1 {
		t.Error("another as-of day gives the same key")
	}
}

func TestExport(t *testing.T) {
	votes := []Vote{
		{Key: claimed.Key(), Answer: claimed, Kind: Helpful, At: day},
		{Key: claimed.Key(), Answer: claimed, Kind: Helpful, At: day.Add(time.Minute)},
		{Key: claimed.Key(), Answer: claimed, Kind: Wrong, At: day.Add(2 * time.Minute)},
		{Key: toll.Key(), Answer: toll, Kind: Wrong, At: day.Add(3 * time.Minute)},
	}
	var buf bytes.Buffer
	if err := Export(&buf, votes); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	var got []map[string]any
	for _, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		got = append(got, m)
	}
	want := []map[string]any{
		{"id": "feedback-" + claimed.Key() + "-helpful", "question": claimed.Question, "as_of": "2024-03-26",
			"answers": []any{"Islamic State"}, "article_id": "seed-1", "quote": claimed.Quote, "votes": 2.0},
		{"id": "feedback-" + claimed.Key() + "-wrong", "question": claimed.Question, "as_of": "2024-03-26",
			"wrong_answers": []any{"Islamic State"}, "article_id": "seed-1", "quote": claimed.Quote, "votes": 1.0},
		{"id": "feedback-" + toll.Key() + "-wrong", "question": toll.Question, "as_of": "2024-03-26",
			"wrong_answers": []any{toll.Quote}, "article_id": "seed-2", "quote": toll.Quote, "votes": 1.0},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("export (-want +got):\n%s", diff)
	}
	if s, want := Count(votes), (Stats{Helpful: 2, Wrong: 2, Questions: 2, Answers: 2}); s != want {
		t.Errorf("Count = %+v, want %+v", s, want)
	}
}

// TestDamagedFile: a damaged file is moved aside, OnDamage is told, and
// the fresh file takes votes.
func TestDamagedFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "feedback.db")
	st, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 60 {
		a := claimed
		a.Question += strings.Repeat("?", i)
		if _, err := st.PutAnswer(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	bolttest.SmashLeaf(t, path)
	// Read-only (bot feedback export), the damage is an error that says
	// what bot serve will do with the file (helper 83: it did not).
	if ro, err := Open(path, Options{ReadOnly: true}); err == nil {
		if _, err := ro.Votes(ctx); !errors.Is(err, boltfile.ErrDamaged) || !strings.Contains(err.Error(), "bot serve moves a damaged file aside") {
			t.Errorf("read-only Votes of a damaged file: %v; want the damage and what serve does", err)
		}
		ro.Close()
	} else if !errors.Is(err, boltfile.ErrDamaged) || !strings.Contains(err.Error(), "bot serve moves a damaged file aside") {
		t.Errorf("read-only Open of a damaged file: %v; want the damage and what serve does", err)
	}
	var damage *boltfile.Damage
	st, err = Open(path, Options{OnDamage: func(d *boltfile.Damage) { damage = d }})
	if err != nil {
		t.Fatalf("Open of a damaged file: %v", err)
	}
	defer st.Close()
	if damage == nil || damage.Path != path {
		t.Fatalf("OnDamage told %+v, want the damage of %s", damage, path)
	}
	key, err := st.PutAnswer(ctx, claimed)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Vote(ctx, key, "u1", Helpful, day); err != nil {
		t.Errorf("vote on the fresh file: %v", err)
	}
}

func TestReadOnly(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "feedback.db")
	if _, err := Open(path, Options{ReadOnly: true}); err == nil {
		t.Fatal("read-only Open of a missing file succeeded")
	}
	if _, err := os.Stat(path); err == nil {
		t.Error("read-only Open created the file")
	}
	st, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	key, _ := st.PutAnswer(ctx, claimed)
	if _, err := st.Vote(ctx, key, "u1", Helpful, day); err != nil {
		t.Fatal(err)
	}
	st.Close()
	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if votes, err := ro.Votes(ctx); err != nil || len(votes) != 1 {
		t.Errorf("read-only Votes = %d votes, %v; want 1", len(votes), err)
	}
	if _, err := ro.Vote(ctx, key, "u2", Helpful, day); err == nil {
		t.Error("read-only Vote succeeded")
	}
}

// TestEmptyFile: an empty (0-byte) file is a new store, as bbolt takes
// it: a writable Open sets it up. A read-only Open (bot feedback stats)
// cannot, and failed with "write ...: bad file descriptor"; it now says
// the file is empty (ErrEmptyFile) and leaves it as it is.
func TestEmptyFile(t *testing.T) {
	for _, tt := range []struct {
		name     string
		readOnly bool
		want     error
	}{
		{name: "read-only", readOnly: true, want: ErrEmptyFile},
		{name: "writable", readOnly: false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "empty.jsonl")
			if err := os.WriteFile(path, nil, 0o600); err != nil {
				t.Fatal(err)
			}
			st, err := Open(path, Options{ReadOnly: tt.readOnly})
			if tt.want != nil {
				if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), path) {
					t.Errorf("Open(%s, ReadOnly: %v) error = %v, want %v naming the file", path, tt.readOnly, err, tt.want)
				}
				if fi, err := os.Stat(path); err != nil || fi.Size() != 0 {
					t.Errorf("the empty file is now %v, %v; want it left as it was", fi, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Open(%s, ReadOnly: %v): %v", path, tt.readOnly, err)
			}
			defer st.Close()
			ctx := context.Background()
			key, err := st.PutAnswer(ctx, claimed)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := st.Vote(ctx, key, "u1", Helpful, day); err != nil {
				t.Errorf("vote in the file set up from an empty one: %v", err)
			}
		})
	}
}

// TestForeignFile: a bbolt file of another program (a copy of an index's
// store.db) given as the store was read as a store with no votes, and a
// writable Open added the store's buckets to it. Both opens now refuse it
// (ErrForeignFile) and leave it as it is; a bbolt file with no buckets is
// a store never written to.
func TestForeignFile(t *testing.T) {
	for _, tt := range []struct {
		name    string
		buckets []string
		want    error
	}{
		{name: "an index's store", buckets: []string{"articles", "catalog", "files", "meta"}, want: ErrForeignFile},
		{name: "one other bucket", buckets: []string{"schedules"}, want: ErrForeignFile},
		{name: "no bucket", buckets: nil},
		{name: "a store's votes", buckets: []string{"votes", "meta"}},
	} {
		for _, readOnly := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s/read-only=%v", tt.name, readOnly), func(t *testing.T) {
				path := filepath.Join(t.TempDir(), "store.db")
				db, err := bolt.Open(path, 0o600, nil)
				if err != nil {
					t.Fatal(err)
				}
				err = db.Update(func(tx *bolt.Tx) error {
					for _, b := range tt.buckets {
						if _, err := tx.CreateBucket([]byte(b)); err != nil {
							return err
						}
					}
					return nil
				})
				db.Close()
				if err != nil {
					t.Fatal(err)
				}
				before, _ := os.ReadFile(path)
				st, err := Open(path, Options{ReadOnly: readOnly})
				if tt.want == nil {
					if err != nil {
						t.Fatalf("Open: %v", err)
					}
					defer st.Close()
					if _, err := st.Votes(context.Background()); err != nil {
						t.Errorf("Votes: %v", err)
					}
					return
				}
				if err == nil {
					st.Close()
				}
				if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), `"`+tt.buckets[0]+`"`) {
					t.Errorf("Open of a file with the buckets %q: %v; want %v naming the file and its buckets", tt.buckets, err, tt.want)
				}
				if after, _ := os.ReadFile(path); !bytes.Equal(after, before) {
					t.Error("the file changed")
				}
			})
		}
	}
}
