package feedback

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// shownBucket indexes the answers by when they were last shown: its keys
// are the time (Unix seconds, 8 bytes big-endian) and the answer's key,
// its values empty; one key for each answer. Oldest first, the expired
// answers are found without reading the others.
var shownBucket = []byte("answers-shown")

// refreshAfter is how often at most an answer shown again is marked as
// shown then (a commit and its fsync).
const refreshAfter = 24 * time.Hour

// pruneBatch is how many expired answers one PutAnswer removes at most,
// so that its cost does not depend on how many expired at once.
const pruneBatch = 64

// record is an answer as stored: the answer as first shown and when it was
// last shown. Decoded as an Answer (a Vote's copy) it is the answer.
type record struct {
	Answer
	Shown time.Time `json:"shown,omitzero"`
}

// shown is when r was last shown; zero for a record of the release before
// expiry, which kept only when an answer was first shown (Answered), not
// whether it was shown since. Such a record counts as shown when setUp
// indexed it (the upgrade): its index key in shownBucket says when it
// expires.
func (r record) shown() time.Time { return r.Shown }

// shownKey is the key of the answer key shown at t in shownBucket.
func shownKey(t time.Time, key string) []byte {
	b := make([]byte, 8, 8+len(key))
	binary.BigEndian.PutUint64(b, uint64(max(t.Unix(), 0)))
	return append(b, key...)
}

// expired reports whether an answer last shown at shown has expired at
// now: shown more than MaxAge before the last time it was marked as shown
// (refreshAfter at most before), so that its buttons work at least MaxAge
// after it was last shown. One of unknown time has not.
func (st *Store) expired(shown, now time.Time) bool {
	return !shown.IsZero() && shown.Unix() < st.cutoff(now).Unix()
}

// cutoff is the time before which answers shown have expired at now.
func (st *Store) cutoff(now time.Time) time.Time {
	return now.Add(-st.opts.MaxAge - refreshAfter)
}

// stored returns the answer stored under key; found is false when there
// is none or it expired.
func (st *Store) stored(tx *bolt.Tx, key string, now time.Time) (r record, found bool, err error) {
	var data []byte
	if b := tx.Bucket(answersBucket); b != nil {
		data = b.Get([]byte(key))
	}
	if data == nil {
		return r, false, nil
	}
	if err := json.Unmarshal(data, &r); err != nil {
		return r, false, fmt.Errorf("answer %s: %w", key, err)
	}
	return r, !st.expired(r.shown(), now), nil
}

// shownLately reports whether the answer under key is stored and was last
// shown less than refreshAfter before now.
func (st *Store) shownLately(tx *bolt.Tx, key string, now time.Time) bool {
	r, found, err := st.stored(tx, key, now)
	return err == nil && found && now.Sub(r.shown()) < refreshAfter
}

// put stores a under key as shown at now (keeping the answer first
// stored under key, if any) and removes up to pruneBatch expired answers.
func (st *Store) put(tx *bolt.Tx, key string, a Answer, now time.Time) error {
	answers, err := tx.CreateBucketIfNotExists(answersBucket)
	if err != nil {
		return err
	}
	shown, err := tx.CreateBucketIfNotExists(shownBucket)
	if err != nil {
		return err
	}
	r := record{Answer: a, Shown: now}
	if old := answers.Get([]byte(key)); old != nil {
		var was record
		if json.Unmarshal(old, &was) == nil {
			r.Answer = was.Answer
			if err := shown.Delete(shownKey(was.shown(), key)); err != nil {
				return err
			}
		}
	}
	data, err := json.Marshal(r)
	if err != nil {
		return err
	}
	if err := answers.Put([]byte(key), data); err != nil {
		return err
	}
	if err := shown.Put(shownKey(now, key), []byte{}); err != nil {
		return err
	}
	return st.prune(tx, now, pruneBatch)
}

// prune removes up to limit (all, when limit is 0) of the answers that
// expired at now, oldest first. An index key whose answer was shown later
// than it says (marked by an earlier version) goes, the answer stays; an
// answer that does not say when it was shown (indexed at the upgrade)
// goes with its key.
func (st *Store) prune(tx *bolt.Tx, now time.Time, limit int) error {
	shown, answers := tx.Bucket(shownBucket), tx.Bucket(answersBucket)
	if shown == nil || answers == nil {
		return nil
	}
	cutoff := shownKey(st.cutoff(now), "")
	var old [][]byte
	c := shown.Cursor()
	for k, _ := c.First(); k != nil && bytes.Compare(k, cutoff) < 0 && (limit == 0 || len(old) < limit); k, _ = c.Next() {
		old = append(old, bytes.Clone(k))
	}
	for _, k := range old {
		if err := shown.Delete(k); err != nil {
			return err
		}
		key := k[min(8, len(k)):]
		var r record
		if data := answers.Get(key); data != nil && json.Unmarshal(data, &r) == nil && !r.shown().IsZero() && !st.expired(r.shown(), now) {
			continue
		}
		if err := answers.Delete(key); err != nil {
			return err
		}
	}
	return nil
}

// setUp makes the buckets a store lacks; for a file of the release before
// expiry, which kept every answer for good, it indexes the answers as shown
// now, the upgrade: that release kept when an answer was first shown, not
// when it was last, so an answer first shown long ago may have been shown
// yesterday, and the upgrade itself must not expire it. Then it removes
// every expired answer.
func (st *Store) setUp(tx *bolt.Tx) error {
	for _, name := range [][]byte{answersBucket, votesBucket, metaBucket} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("set up the store: %w", err)
		}
	}
	now, err := st.clockAt(tx, st.read())
	if err != nil {
		return fmt.Errorf("set up the store: %w", err)
	}
	if tx.Bucket(shownBucket) == nil {
		shown, err := tx.CreateBucket(shownBucket)
		if err != nil {
			return fmt.Errorf("set up the store: %w", err)
		}
		err = tx.Bucket(answersBucket).ForEach(func(k, data []byte) error {
			var r record
			at := now
			if data != nil && json.Unmarshal(data, &r) == nil && !r.shown().IsZero() {
				at = r.shown()
			}
			return shown.Put(shownKey(at, string(k)), []byte{})
		})
		if err != nil {
			return fmt.Errorf("index the stored answers: %w", err)
		}
	}
	if err := st.prune(tx, now, 0); err != nil {
		return fmt.Errorf("remove expired answers: %w", err)
	}
	return nil
}
