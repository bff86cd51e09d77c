package feedback

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Vote records userID's vote on the answer stored under key and returns
// it. Each user votes once per answer: a second vote changes nothing and
// returns the first with ErrAlreadyVoted. ErrUnknownAnswer says no answer
// is stored under key, or it expired (Options.MaxAge).
func (st *Store) Vote(ctx context.Context, key, userID string, kind Kind, at time.Time) (Vote, error) {
	if err := ctx.Err(); err != nil {
		return Vote{}, err
	}
	if !kind.Valid() {
		return Vote{}, fmt.Errorf("feedback: %q is not a vote", kind)
	}
	if strings.TrimSpace(userID) == "" {
		return Vote{}, errors.New("feedback: a vote needs a user")
	}
	var v Vote
	clocks := st.read()
	err := st.update(ctx, func(tx *bolt.Tx) error {
		now, err := st.clockAt(tx, clocks)
		if err != nil {
			return err
		}
		r, found, err := st.stored(tx, key, now)
		if err != nil {
			return err
		}
		if !found {
			return ErrUnknownAnswer
		}
		secret, err := userSecret(tx)
		if err != nil {
			return err
		}
		votes, err := tx.CreateBucketIfNotExists(votesBucket)
		if err != nil {
			return err
		}
		id := []byte(key + "/" + userHash(secret, userID))
		if old := votes.Get(id); old != nil {
			if err := json.Unmarshal(old, &v); err != nil {
				return fmt.Errorf("vote %s: %w", key, err)
			}
			return ErrAlreadyVoted
		}
		v = Vote{Key: key, Answer: r.Answer, Kind: kind, At: at.UTC()}
		out, err := json.Marshal(v)
		if err != nil {
			return err
		}
		return votes.Put(id, out)
	})
	switch {
	case errors.Is(err, ErrAlreadyVoted):
		return v, err
	case err != nil:
		return Vote{}, err
	}
	return v, nil
}

// userSecret returns the file's secret for user hashes, creating it on
// first use. A secret in the file is used as it is, whatever its length
// (a later version may make longer ones; HMAC takes a key of any length):
// replacing it would let every user vote again on every answer voted on
// before.
func userSecret(tx *bolt.Tx) ([]byte, error) {
	meta, err := tx.CreateBucketIfNotExists(metaBucket)
	if err != nil {
		return nil, fmt.Errorf("user-hash secret: %w", err)
	}
	if s := meta.Get(secretKey); len(s) > 0 {
		return slices.Clone(s), nil
	}
	s := make([]byte, 32)
	_, _ = rand.Read(s) // crypto/rand.Read never fails (Go 1.24+)
	if err := meta.Put(secretKey, s); err != nil {
		return nil, fmt.Errorf("user-hash secret: %w", err)
	}
	return s, nil
}

// userHash is the keyed hash of a user ID that marks a vote as given.
func userHash(secret []byte, userID string) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(userID))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// Votes returns every vote, oldest first. A vote record that does not
// decode, or that gives a kind of vote this version does not know (a later
// version's), is skipped and left as it is in the file; Options.OnBadVote
// is told of each, after the file is read.
func (st *Store) Votes(ctx context.Context) ([]Vote, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []Vote
	var bad []badVote
	err := st.view(ctx, func(tx *bolt.Tx) error {
		out, bad = nil, nil
		b := tx.Bucket(votesBucket)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, data []byte) error {
			v, err := decodeVote(data)
			if err != nil {
				bad = append(bad, badVote{key: string(k), err: err})
				return nil
			}
			out = append(out, v)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("list votes: %w", err)
	}
	if st.opts.OnBadVote != nil {
		for _, b := range bad {
			st.opts.OnBadVote(b.key, b.err)
		}
	}
	slices.SortStableFunc(out, func(a, b Vote) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return strings.Compare(a.Key, b.Key)
	})
	return out, nil
}

// badVote is a vote record that Votes skipped.
type badVote struct {
	key string
	err error
}

// decodeVote decodes a vote record, refusing a kind of vote this version
// does not know: counted or exported as either, it would say what the
// voter did not.
func decodeVote(data []byte) (Vote, error) {
	var v Vote
	if data == nil {
		return v, errors.New("not a vote (a nested bucket)")
	}
	if err := json.Unmarshal(data, &v); err != nil {
		return v, err
	}
	if !v.Kind.Valid() {
		return v, fmt.Errorf("a vote of kind %q, which this version does not know", v.Kind)
	}
	return v, nil
}
