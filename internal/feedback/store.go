// Package feedback keeps the votes people give answers in Discord
// (helpful or wrong) in a bbolt file, and exports them as evaluation
// questions.
//
// When /ask shows an answer, PutAnswer stores what a vote needs (the
// question, the as-of day, the cited article and quote) under a short key,
// a hash of those fields, so the Helpful and Wrong buttons carry only the
// key. A click calls Vote with the key and the user's ID: the vote is
// stored once per user and answer, keyed by a keyed hash (HMAC with a
// secret kept in the file) of the user ID; neither the ID nor its hash is
// ever in a Vote or an export. The answers and votes are in the file, so a
// button keeps working after a restart.
//
// An answer is kept for Options.MaxAge (30 days by default) after it was
// last shown, then, within a day, removed (a few at a time, by the PutAnswer calls that
// come later; all at once by a writable Open); a vote on it then finds it
// unknown (ErrUnknownAnswer), and /ask says the button has expired. So
// the file holds the answers of the last MaxAge, not of every day the bot
// ever ran. Votes are kept for good: each holds a copy of its answer. A
// known answer shown again is marked as shown then at most once a day, so
// that its buttons keep working; otherwise showing it writes nothing.
// Time is told by the store's own clock (clock.go), which counts the
// system time between writes, idle or stopped, but for a step of the
// system clock: one found within a process by the monotonic clock, or a
// step back (the clock behind the file's last write); such a step expires
// nothing, runs nothing back, and Options.OnClockStep is told.
//
// The file is opened for each operation and closed after it, so that `bot
// feedback export` and `stats` can read it while `bot serve` runs: bbolt
// lets only one process hold a file open for writing (an exclusive lock),
// and serve holding it for its life would lock them out. The open is cheap
// because the walk of every page that package boltfile makes before
// bbolt trusts a file (open.go) is made only when the file is not as this
// Store's last operation left it: at the first operation, and after
// another process wrote it, replaced it or moved it aside. Within a process
// a Store serialises its operations, and a caller waiting for its turn
// gives up when its context ends; a second process waits (Options.Timeout,
// or less, by the context's deadline) for the file's lock. A damaged file
// is moved aside by package boltfile and a fresh one takes its place;
// Options.OnDamage is told; an empty (0-byte) file is set up where it is,
// and Options.OnEmpty is told. A bbolt file that is not a feedback store is
// refused (ErrForeignFile), and so is a file that is no bbolt file at all
// (ErrNotBolt): neither is moved.
package feedback

import (
	"context"
	"crypto/sha256"
	"encoding/base32"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/chronicle-bot/chronicle/internal/boltfile"
	bolt "go.etcd.io/bbolt"
)

// Kind is a vote: Helpful or Wrong.
type Kind string

// The votes.
const (
	Helpful Kind = "helpful"
	Wrong   Kind = "wrong"
)

// Valid reports whether k is Helpful or Wrong.
func (k Kind) Valid() bool { return k == Helpful || k == Wrong }

// Answer is an answer people can vote on.
type Answer struct {
	Question string `json:"question"`
	// AsOf is the day (YYYY-MM-DD) the answer holds for: the as-of day
	// asked for, or the day it was asked.
	AsOf      string `json:"as_of"`
	ArticleID string `json:"article_id"`
	// Quote is the quoted answer text; Value the figure or name it gives
	// ("" when the question asks for none).
	Quote string `json:"quote"`
	Value string `json:"value,omitempty"`
	// Answered is when it was first shown.
	Answered time.Time `json:"answered"`
}

// KeyLen is the length of an answer's key.
const KeyLen = 16

var keyEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// Key is the answer's short key: KeyLen characters (a-z, 2-7) of a hash
// of its question, as-of day, article ID and quote. The same answer to
// the same question on the same day has the same key.
func (a Answer) Key() string {
	h := sha256.New()
	for _, s := range []string{a.Question, a.AsOf, a.ArticleID, a.Quote} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return keyEncoding.EncodeToString(h.Sum(nil))[:KeyLen]
}

// Vote is one user's vote on an answer. It names no user.
type Vote struct {
	Key    string `json:"key"`
	Answer Answer `json:"answer"`
	Kind   Kind   `json:"vote"`
	// At is when the vote was given.
	At time.Time `json:"at"`
}

// Errors of Vote.
var (
	// ErrUnknownAnswer: no answer is stored under the key: it expired
	// (Options.MaxAge), or the button is from another file, or a damaged
	// file was replaced by a fresh one.
	ErrUnknownAnswer = errors.New("feedback: unknown answer")
	// ErrAlreadyVoted: the user has voted on this answer; the vote
	// returned with it is the one recorded.
	ErrAlreadyVoted = errors.New("feedback: already voted")
	// ErrForeignFile: the file is a bbolt file that holds buckets, but
	// none of a feedback store's answers or votes: another program's
	// (an index's store.db, say). It is left as it is.
	ErrForeignFile = errors.New("not a feedback store")
	// ErrNotBolt: the file is no bbolt file at all (a text file, an
	// export, another program's data), so not a feedback store, damaged
	// or not. It is left as it is: only a damaged bbolt file is moved
	// aside. It is boltfile.ErrNotBolt, which every state file shares.
	ErrNotBolt = boltfile.ErrNotBolt
	// ErrEmptyFile: a read-only store's file is empty (0 bytes). It holds
	// no votes: bbolt, and so a writable Open (bot serve), takes such a
	// file for a new store and sets it up, as it does a missing one. A
	// read-only store cannot set it up.
	ErrEmptyFile = errors.New("the file is empty (0 bytes), so it holds no votes yet; bot serve sets it up as a new feedback store")
)

var (
	answersBucket = []byte("answers")
	votesBucket   = []byte("votes")
	metaBucket    = []byte("meta")
	secretKey     = []byte("user-hash-secret")
)

// Options tune Open.
type Options struct {
	// Timeout bounds the wait for another process holding the file
	// (default 5s); an operation waits no longer than its context allows.
	Timeout time.Duration
	// MaxAge is how long at least an answer is kept after it was last
	// shown (default DefaultMaxAge); it is removed within a day after
	// that, and a vote on it is then refused with ErrUnknownAnswer.
	MaxAge time.Duration
	// Now is the system clock (default time.Now); MaxAge is told by the
	// store's own clock, which follows it but for its steps (clock.go).
	Now func() time.Time
	// Monotonic reads a monotonic clock, for tests: the time since a fixed
	// instant of this process. By default the store uses the monotonic
	// readings that Go keeps in the times time.Now returns; with a Now
	// whose times carry none (a test's clock) and no Monotonic, no step
	// forward is found.
	Monotonic func() time.Duration
	// OnDamage is told when a damaged file was moved aside and replaced by
	// an empty one (its votes are then in the moved file only).
	OnDamage func(*boltfile.Damage)
	// OnEmpty is told when the file was empty (0 bytes) and was set up
	// as a new store: it may have been a store cut short.
	OnEmpty func(*boltfile.Empty)
	// OnMend is told when a damaged file was mended in place without
	// losing a vote (boltfile.Mended).
	OnMend func(*boltfile.Mended)
	// OnClockStep is told of a step of the system clock that the store did
	// not count as time passing (clock.go): one of more than a minute,
	// forward or back, found by the monotonic clock since this Store's last
	// write, or the system clock behind the file's last write by more than
	// a minute. Time between writes, however long, is not a step.
	OnClockStep func(ClockStep)
	// OnBadVote is told of each vote record that Votes skipped, by its key
	// in the votes bucket: it does not decode, or its kind of vote is not
	// one this version knows. The record is left in the file as it is.
	OnBadVote func(key string, err error)
	// ReadOnly opens the file for reading only (`bot feedback export`): it
	// must exist, it is never created, set up, pruned or moved aside, and
	// PutAnswer and Vote fail.
	ReadOnly bool
}

// DefaultMaxAge is how long at least an answer is kept after it was last
// shown when Options.MaxAge is not set.
const DefaultMaxAge = 30 * 24 * time.Hour

// Store keeps answers and votes in a bbolt file. It is safe for concurrent
// use.
type Store struct {
	path string
	opts Options

	// turn holds the one operation running; a caller waiting for it
	// watches its context.
	turn chan struct{}
	// closed, known, mark, next and step are used only by the operation
	// holding turn. known is the file as the last operation left it; nil:
	// check it whole.
	closed bool
	known  fs.FileInfo
	// mark is this Store's last write of the file's clock (clockAt); next
	// the operation's, and step a step of the system clock it did not
	// count: mark and OnClockStep once it is committed.
	mark, next *lastWrite
	step       *ClockStep
}

// Open checks the file at path (creating it when needed, unless
// Options.ReadOnly) and returns a Store over it. A damaged file is moved
// aside (Options.OnDamage is told). A writable Open sets the file up,
// counting the answers of a release that did not record when they were
// last shown as shown at this upgrade, and removes the answers older than
// Options.MaxAge.
func Open(path string, opts Options) (*Store, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = 5 * time.Second
	}
	if opts.MaxAge <= 0 {
		opts.MaxAge = DefaultMaxAge
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	st := &Store{path: path, opts: opts, turn: make(chan struct{}, 1)}
	ctx := context.Background()
	var err error
	if opts.ReadOnly {
		err = st.view(ctx, func(*bolt.Tx) error { return nil })
	} else {
		err = st.update(ctx, st.setUp)
	}
	if err != nil {
		return nil, err
	}
	return st, nil
}

// Path is the file's path.
func (st *Store) Path() string { return st.path }

// MaxAge is how long at least the store keeps an answer after it was last
// shown: Options.MaxAge, or DefaultMaxAge.
func (st *Store) MaxAge() time.Duration { return st.opts.MaxAge }

// Close waits for the operation in progress; later ones fail.
func (st *Store) Close() error {
	st.turn <- struct{}{}
	st.closed = true
	<-st.turn
	return nil
}

// PutAnswer stores a (unless its key is stored already) and returns its
// key. An answer stored already keeps the one first stored, and is marked
// as shown now when it was last marked a day ago or more. Answers older
// than Options.MaxAge are removed, a few with each answer stored.
func (st *Store) PutAnswer(ctx context.Context, a Answer) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	key := a.Key()
	clocks := st.read()
	err := st.with(ctx, func(f file) error {
		var fresh bool
		err := f.View(func(tx *bolt.Tx) error {
			now, err := st.clockAt(tx, clocks)
			fresh = err == nil && st.shownLately(tx, key, now)
			return err
		})
		if err != nil || fresh {
			return err // a commit (and its fsync) only for a new answer, or once a day
		}
		return f.Update(func(tx *bolt.Tx) error {
			now, err := st.clockAt(tx, clocks)
			if err != nil {
				return err
			}
			return st.put(tx, key, a, now)
		})
	})
	if err != nil {
		return "", fmt.Errorf("store answer: %w", err)
	}
	return key, nil
}

// Answer returns the answer stored under key; ok is false when there is
// none, or it is older than Options.MaxAge.
func (st *Store) Answer(ctx context.Context, key string) (a Answer, ok bool, err error) {
	clocks := st.read()
	err = st.view(ctx, func(tx *bolt.Tx) error {
		now, err := st.clockAt(tx, clocks)
		if err != nil {
			return err
		}
		r, found, err := st.stored(tx, key, now)
		a, ok = r.Answer, found
		return err
	})
	return a, ok, err
}
