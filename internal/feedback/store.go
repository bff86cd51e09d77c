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
// The file is opened for each operation and closed after it, so that `bot
// feedback export` can read it while `bot serve` runs: votes are rare and
// the file small. Within a process a Store serialises its operations; a
// second process waits (Options.Timeout) for the lock. A damaged file is
// moved aside by package boltfile and a fresh one takes its place;
// Options.OnDamage is told.
package feedback

import (
	"context"
	"crypto/sha256"
	"encoding/base32"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
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
	// ErrUnknownAnswer: no answer is stored under the key (a button from
	// another file, or a damaged file replaced by a fresh one).
	ErrUnknownAnswer = errors.New("feedback: unknown answer")
	// ErrAlreadyVoted: the user has voted on this answer; the vote
	// returned with it is the one recorded.
	ErrAlreadyVoted = errors.New("feedback: already voted")
	// ErrEmptyFile: a read-only store's file is empty (0 bytes). It holds
	// no votes: bbolt, and so a writable Open (bot serve), takes such a
	// file for a new store and sets it up, as it does a missing one. A
	// read-only store cannot set it up.
	// ErrForeignFile: the file is a bbolt file that holds buckets, but
	// none of a feedback store's answers or votes: another program's
	// (an index's store.db, say). It is left as it is.
	ErrForeignFile = errors.New("not a feedback store")
	ErrEmptyFile   = errors.New("the file is empty (0 bytes), so it holds no votes yet; bot serve sets it up as a new feedback store")
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
	// (default 5s).
	Timeout time.Duration
	// OnDamage is told when a damaged file was moved aside and replaced by
	// an empty one (its votes are then in the moved file only).
	OnDamage func(*boltfile.Damage)
	// OnMend is told when a damaged file was mended in place without
	// losing a vote (boltfile.Mended).
	OnMend func(*boltfile.Mended)
	// OnBadVote is told of each vote record that Votes skipped, by its key
	// in the votes bucket: it does not decode, or its kind of vote is not
	// one this version knows. The record is left in the file as it is.
	OnBadVote func(key string, err error)
	// ReadOnly opens the file for reading only (`bot feedback export`): it
	// must exist, it is never created or moved aside, and PutAnswer and
	// Vote fail.
	ReadOnly bool
}

// Store keeps answers and votes in a bbolt file. It is safe for concurrent
// use.
type Store struct {
	path string
	opts Options

	mu     sync.Mutex
	closed bool
}

// Open checks that the file at path can be opened (creating it when
// needed, unless Options.ReadOnly) and returns a Store over it. A damaged file is moved aside
// (Options.OnDamage is told).
func Open(path string, opts Options) (*Store, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = 5 * time.Second
	}
	st := &Store{path: path, opts: opts}
	check := st.update
	if opts.ReadOnly {
		check = st.view
	}
	if err := check(func(*bolt.Tx) error { return nil }); err != nil {
		return nil, err
	}
	return st, nil
}

// Path is the file's path.
func (st *Store) Path() string { return st.path }

// Close waits for the operation in progress; later ones fail.
func (st *Store) Close() error {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.closed = true
	return nil
}

// errClosed is returned after Close.
var errClosed = errors.New("feedback store closed")

// with opens the file, runs fn and closes it.
func (st *Store) with(fn func(db *boltfile.DB) error) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.closed {
		return errClosed
	}
	if st.opts.ReadOnly {
		// bbolt would write its first pages into the file opened for
		// reading: "write ...: bad file descriptor".
		if fi, err := os.Stat(st.path); err == nil && fi.Mode().IsRegular() && fi.Size() == 0 {
			return fmt.Errorf("open feedback store %q: %w", st.path, ErrEmptyFile)
		}
	}
	db, err := boltfile.Open(st.path, 0o600, boltfile.Options{Bolt: &bolt.Options{Timeout: st.opts.Timeout, ReadOnly: st.opts.ReadOnly}})
	if err != nil {
		if errors.Is(err, bolt.ErrTimeout) {
			return fmt.Errorf("open feedback store %q: it is in use by another process", st.path)
		}
		if errors.Is(err, boltfile.ErrDamaged) && st.opts.ReadOnly {
			// What comes next was not said (helper 83).
			return fmt.Errorf("open feedback store %q: %w; bot serve moves a damaged file aside (beside it, as %s.damaged-<time>) "+
				"and starts a new one with no votes, so copy it first to keep it", st.path, err, filepath.Base(st.path))
		}
		return fmt.Errorf("open feedback store %q: %w", st.path, err)
	}
	if d := db.Damaged(); d != nil && st.opts.OnDamage != nil {
		st.opts.OnDamage(d)
	}
	if m := db.Mended(); m != nil && st.opts.OnMend != nil {
		st.opts.OnMend(m)
	}
	if err = db.View(foreign); err != nil {
		err = fmt.Errorf("open feedback store %q: %w", st.path, err)
	} else {
		err = fn(db)
	}
	if cerr := db.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("close feedback store %q: %w", st.path, cerr)
	}
	return err
}

// foreign fails with ErrForeignFile when tx's file holds buckets and
// neither an answers nor a votes bucket: a store holds answers before any
// vote, and one never written to holds no bucket at all. bbolt keeps only
// buckets at the top level; "meta" alone is not enough, as other files of
// the bot (the index's store.db) have one too.
func foreign(tx *bolt.Tx) error {
	if tx.Bucket(answersBucket) != nil || tx.Bucket(votesBucket) != nil {
		return nil
	}
	var names []string
	_ = tx.ForEach(func(name []byte, _ *bolt.Bucket) error {
		names = append(names, fmt.Sprintf("%q", name))
		return nil
	})
	if len(names) == 0 {
		return nil
	}
	if len(names) > 5 {
		names = append(names[:5], "...")
	}
	return fmt.Errorf("%w: it holds the buckets %s and neither %q nor %q "+
		"(another program's bbolt file, or another of the bot's state files?); it is left as it is: give feedback.path a file of its own",
		ErrForeignFile, strings.Join(names, ", "), answersBucket, votesBucket)
}

func (st *Store) update(fn func(*bolt.Tx) error) error {
	return st.with(func(db *boltfile.DB) error { return db.Update(fn) })
}

func (st *Store) view(fn func(*bolt.Tx) error) error {
	return st.with(func(db *boltfile.DB) error { return db.View(fn) })
}

// PutAnswer stores a (unless its key is stored already) and returns its
// key.
func (st *Store) PutAnswer(ctx context.Context, a Answer) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	key := a.Key()
	data, err := json.Marshal(a)
	if err != nil {
		return "", err
	}
	err = st.with(func(db *boltfile.DB) error {
		var known bool
		err := db.View(func(tx *bolt.Tx) error {
			b := tx.Bucket(answersBucket)
			known = b != nil && b.Get([]byte(key)) != nil
			return nil
		})
		if err != nil || known {
			return err // a commit (and its fsync) only for a new answer
		}
		return db.Update(func(tx *bolt.Tx) error {
			b, err := tx.CreateBucketIfNotExists(answersBucket)
			if err != nil {
				return err
			}
			return b.Put([]byte(key), data)
		})
	})
	if err != nil {
		return "", fmt.Errorf("store answer: %w", err)
	}
	return key, nil
}

// Answer returns the answer stored under key; ok is false when there is
// none.
func (st *Store) Answer(ctx context.Context, key string) (a Answer, ok bool, err error) {
	err = st.view(func(tx *bolt.Tx) error {
		var data []byte
		if b := tx.Bucket(answersBucket); b != nil {
			data = b.Get([]byte(key))
		}
		if data == nil {
			return nil
		}
		ok = true
		return json.Unmarshal(data, &a)
	})
	return a, ok, err
}
