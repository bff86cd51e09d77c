package feed

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/chronicle-bot/chronicle/internal/boltfile"
)

const (
	bucketFeeds = "feeds" // feed URL -> feedState (JSON)
	bucketSeen  = "seen"  // article ID -> seenRecord (JSON)
	bucketSigs  = "sigs"  // big-endian sequence -> ID length, ID, signature
	// bucketFeedsDamaged keeps, as they were, the feeds records that did
	// not decode (see setAsideFeeds); nothing reads it again.
	bucketFeedsDamaged = "feeds-damaged"

	// maxSigs bounds the signatures kept for near-duplicate detection.
	maxSigs = 20000
	// seenTTL is how long a seen item is remembered. An item still in its
	// feed after that is put again, which the idempotent sink ignores.
	seenTTL = 180 * 24 * time.Hour
	// lockTimeout bounds the wait for another process holding the file.
	lockTimeout = 2 * time.Second
)

// feedState is what is kept per feed.
type feedState struct {
	ETag         string     `json:"etag,omitempty"`
	LastModified string     `json:"last_modified,omitempty"`
	Health       FeedHealth `json:"health"`
	// Retry is when the first of the feed's items the sink refused is
	// offered again (zero when none waits): a fetch from then on names no
	// validator, so that a "not modified" does not hide the item.
	Retry time.Time `json:"retry,omitzero"`
}

// seenRecord says an item was taken (or dropped as a duplicate, or
// refused by the sink) from Origin with the given feed-content hash.
type seenRecord struct {
	Origin string    `json:"o"`
	Hash   string    `json:"h"`
	First  time.Time `json:"t"`
	Dup    bool      `json:"d,omitempty"`
	// Of is the ID of the article a Dup item repeats.
	Of string `json:"of,omitempty"`
	// Rule is the recordRule the record was written under; 0 in the
	// records of releases before it.
	Rule int `json:"v,omitempty"`
	// Refused is why the sink did not take the item (reasonHeld), empty
	// for an item taken or dropped as a duplicate. Tries counts the
	// refusals in a row of the item as it is, and Retry is when it is
	// offered again although unchanged (refusal.go).
	Refused string    `json:"r,omitempty"`
	Tries   int       `json:"n,omitempty"`
	Retry   time.Time `json:"rt,omitzero"`
}

// store persists feed state in a bbolt file and caches the signatures.
type store struct {
	db *boltfile.DB // db.Damaged() says when a damaged file was set aside

	// setAside are the feed records that did not decode, which openStore
	// moved into bucketFeedsDamaged; not changed after.
	setAside []setAsideFeed

	// upgraded says the file was written by a release before recordRule:
	// its feeds' validators were dropped, so that every item is looked at
	// once more (upgradeRule).
	upgraded bool

	mu   sync.Mutex
	sigs []sigEntry // oldest first
}

// setAsideFeed is a feed record that did not decode: the bytes once kept
// under URL in the feeds bucket are under Key in bucketFeedsDamaged.
type setAsideFeed struct {
	URL, Key string
	Err      error
}

// openStore opens the feed state file, prunes old seen items and loads
// the signatures. A damaged file is moved aside and a fresh one started
// (s.db.Damaged() says so): the feeds are then fetched as if new, and the
// index's idempotent Put ignores what it already has; so is an empty
// (0-byte) file, set up where it is (s.db.WasEmpty() says so). A signature record
// that does not decode is dropped. A feed's record that does not decode is
// moved into bucketFeedsDamaged (s.setAside says which), so that it stops
// neither New nor the other feeds: that feed starts afresh. A file of a
// release before recordRule has its feeds' validators dropped once
// (upgradeRule, s.upgraded).
func openStore(path string, now time.Time) (*store, error) {
	s := &store{}
	load := func(tx *bolt.Tx) error {
		s.sigs, s.setAside, s.upgraded = nil, nil, false // a damaged file's partial load is discarded
		for _, b := range []string{bucketFeeds, bucketSeen, bucketSigs} {
			if _, err := tx.CreateBucketIfNotExists([]byte(b)); err != nil {
				return err
			}
		}
		aside, err := setAsideFeeds(tx)
		if err != nil {
			return fmt.Errorf("set aside feed records that do not decode: %w", err)
		}
		s.setAside = aside
		if s.upgraded, err = upgradeRule(tx); err != nil {
			return fmt.Errorf("drop the validators of a feed state of an earlier release: %w", err)
		}
		if err := pruneSeen(tx.Bucket([]byte(bucketSeen)), now.Add(-seenTTL)); err != nil {
			return err
		}
		sigs := tx.Bucket([]byte(bucketSigs))
		var bad [][]byte
		err = sigs.ForEach(func(k, v []byte) error {
			e, err := decodeSig(k, v)
			if err != nil {
				bad = append(bad, append([]byte(nil), k...))
				return nil
			}
			s.sigs = append(s.sigs, e)
			return nil
		})
		for _, k := range bad {
			if err == nil {
				err = sigs.Delete(k)
			}
		}
		return err
	}
	db, err := boltfile.Open(path, 0o600, boltfile.Options{
		Bolt: &bolt.Options{Timeout: lockTimeout},
		Init: load,
		Now:  func() time.Time { return now },
	})
	if err != nil {
		if errors.Is(err, bolt.ErrTimeout) {
			return nil, fmt.Errorf("open feed state %q: it is in use by another process", path)
		}
		return nil, fmt.Errorf("open feed state %q: %w", path, err)
	}
	s.db = db
	return s, nil
}

func (s *store) close() error { return s.db.Close() }

// setAsideFeeds moves the records of the feeds bucket that do not decode
// into bucketFeedsDamaged, as they were, and returns them. A record is
// put there under its feed's URL, or under URL.2, URL.3 ... when that key
// holds other bytes already: nothing kept there is overwritten.
func setAsideFeeds(tx *bolt.Tx) ([]setAsideFeed, error) {
	feeds := tx.Bucket([]byte(bucketFeeds))
	var bad []setAsideFeed
	err := feeds.ForEach(func(k, v []byte) error {
		if v == nil {
			return nil // a nested bucket, which no version writes: not a record
		}
		if err := json.Unmarshal(v, new(feedState)); err != nil {
			bad = append(bad, setAsideFeed{URL: string(k), Err: err})
		}
		return nil
	})
	if err != nil || len(bad) == 0 {
		return nil, err
	}
	aside, err := tx.CreateBucketIfNotExists([]byte(bucketFeedsDamaged))
	if err != nil {
		return nil, err
	}
	for i, r := range bad {
		v := bytes.Clone(feeds.Get([]byte(r.URL)))
		key := r.URL
		for n := 2; ; n++ {
			held := aside.Get([]byte(key))
			if held == nil || bytes.Equal(held, v) {
				break
			}
			key = r.URL + "." + strconv.Itoa(n)
		}
		if err := aside.Put([]byte(key), v); err != nil {
			return nil, err
		}
		if err := feeds.Delete([]byte(r.URL)); err != nil {
			return nil, err
		}
		bad[i].Key = key
	}
	return bad, nil
}

func pruneSeen(b *bolt.Bucket, before time.Time) error {
	var old [][]byte
	err := b.ForEach(func(k, v []byte) error {
		var r seenRecord
		if json.Unmarshal(v, &r) != nil || r.First.Before(before) {
			old = append(old, append([]byte(nil), k...))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range old {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// loadFeed returns the saved state of a feed, or a fresh one.
func (s *store) loadFeed(url string) (*feedState, error) {
	st := &feedState{}
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket([]byte(bucketFeeds)).Get([]byte(url))
		if v == nil {
			return nil
		}
		return json.Unmarshal(v, st)
	})
	if err != nil {
		return nil, fmt.Errorf("load state of feed %s: %w", url, err)
	}
	return st, nil
}

// seen returns the records of the given IDs that exist, and those of the
// articles their Dup records say they repeat (Of).
func (s *store) seen(ids []string) (map[string]seenRecord, error) {
	out := make(map[string]seenRecord)
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(bucketSeen))
		read := func(ids []string) error {
			for _, id := range ids {
				if _, done := out[id]; done {
					continue
				}
				v := b.Get([]byte(id))
				if v == nil {
					continue
				}
				var r seenRecord
				if err := json.Unmarshal(v, &r); err != nil {
					return fmt.Errorf("seen record %s: %w", id, err)
				}
				out[id] = r
			}
			return nil
		}
		if err := read(ids); err != nil {
			return err
		}
		var ofs []string
		for _, r := range out {
			if r.Dup && r.Of != "" {
				ofs = append(ofs, r.Of)
			}
		}
		return read(ofs)
	})
	return out, err
}

// signatures returns the cached signatures; the caller must not modify them.
func (s *store) signatures() []sigEntry {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sigs
}

// commit is the outcome of one successful fetch.
type commit struct {
	feedURL string
	state   feedState
	seen    map[string]seenRecord
	sigs    []sigEntry
	// unsig are IDs whose signatures are let go: the sink refused them,
	// and another copy of their story is no duplicate of an article taken.
	unsig map[string]bool
}

// commit writes c in one transaction: seen records, signatures (pruning the
// oldest beyond maxSigs, and those of c.unsig) and the feed's state.
func (s *store) commit(c commit) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	added := make([]sigEntry, 0, len(c.sigs))
	var drop int
	kept := s.sigs
	if len(c.unsig) > 0 {
		kept = slices.DeleteFunc(slices.Clone(s.sigs), func(e sigEntry) bool { return c.unsig[e.id] })
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		seen := tx.Bucket([]byte(bucketSeen))
		for id, r := range c.seen {
			v, err := json.Marshal(r)
			if err != nil {
				return err
			}
			if err := seen.Put([]byte(id), v); err != nil {
				return err
			}
		}
		sigs := tx.Bucket([]byte(bucketSigs))
		if len(kept) < len(s.sigs) {
			for _, e := range s.sigs {
				if c.unsig[e.id] {
					if err := sigs.Delete(seqKey(e.seq)); err != nil {
						return err
					}
				}
			}
		}
		for _, e := range c.sigs {
			seq, err := sigs.NextSequence()
			if err != nil {
				return err
			}
			e.seq = seq
			k, v := encodeSig(e)
			if err := sigs.Put(k, v); err != nil {
				return err
			}
			added = append(added, e)
		}
		// The oldest beyond maxSigs go, this commit's own included when
		// it alone brings more than maxSigs.
		drop = max(len(kept)+len(added)-maxSigs, 0)
		for i := range drop {
			var e sigEntry
			if i < len(kept) {
				e = kept[i]
			} else {
				e = added[i-len(kept)]
			}
			if err := sigs.Delete(seqKey(e.seq)); err != nil {
				return err
			}
		}
		return putFeed(tx, c.feedURL, c.state)
	})
	if err != nil {
		return fmt.Errorf("save feed state of %s: %w", c.feedURL, err)
	}
	all := append(append([]sigEntry(nil), kept...), added...)
	s.sigs = all[min(drop, len(all)):]
	return nil
}

// saveFeed writes the state of one feed.
func (s *store) saveFeed(url string, st feedState) error {
	err := s.db.Update(func(tx *bolt.Tx) error { return putFeed(tx, url, st) })
	if err != nil {
		return fmt.Errorf("save state of feed %s: %w", url, err)
	}
	return nil
}

func putFeed(tx *bolt.Tx, url string, st feedState) error {
	v, err := json.Marshal(st)
	if err != nil {
		return err
	}
	return tx.Bucket([]byte(bucketFeeds)).Put([]byte(url), v)
}

func seqKey(seq uint64) []byte { return binary.BigEndian.AppendUint64(nil, seq) }

func encodeSig(e sigEntry) (k, v []byte) {
	v = binary.AppendUvarint(nil, uint64(len(e.id)))
	v = append(v, e.id...)
	for _, x := range e.sig {
		v = binary.BigEndian.AppendUint32(v, x)
	}
	return seqKey(e.seq), v
}

func decodeSig(k, v []byte) (sigEntry, error) {
	var e sigEntry
	n, w := binary.Uvarint(v)
	// n is compared with what follows it before anything is added to it:
	// n+4*sigSize can wrap around.
	if len(k) != 8 || w <= 0 || uint64(len(v)-w) < 4*sigSize || n != uint64(len(v)-w)-4*sigSize {
		return e, errors.New("corrupt signature record")
	}
	e.seq = binary.BigEndian.Uint64(k)
	e.id = string(v[w : w+int(n)])
	rest := v[w+int(n):]
	for i := range e.sig {
		e.sig[i] = binary.BigEndian.Uint32(rest[4*i:])
	}
	return e, nil
}
