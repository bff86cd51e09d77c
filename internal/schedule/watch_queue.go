package schedule

// The watches' queues: the inbox of arrived articles, each watch's pending
// matches and its record of taken articles, and each channel's posts of
// the last hour (for the hourly cap).

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"
)

// inboxEntry is an indexed article waiting to be matched: At is when it
// was indexed (added or updated), First when it was first indexed, as far
// as the watches know (see addInbox); First is At when they know no
// earlier time.
type inboxEntry struct {
	ID    string
	At    time.Time
	First time.Time
	key   []byte
}

// addInbox records articles to match, indexed at at: added are new to the
// index, updated were in it before (changed, or indexed again by a
// rebuild). The time each article was first indexed is kept beside the
// inbox (arrivedBucket), so that a watch takes only the articles that
// first reached the index after it was made (matchArticle): an added
// article's first indexing is now, unless an earlier one is recorded (it
// left the index and came back). An updated article with no record was
// first indexed while no watch was enabled, or so long ago that the record
// went (pruneArrived): it is news to no watch, and is not recorded at all.
func (st *Store) addInbox(added, updated []string, at time.Time) error {
	stamp := []byte(at.UTC().Format(time.RFC3339Nano))
	return st.db.Update(func(tx *bolt.Tx) error {
		b, err := bucketOf(tx, inboxBucket)
		if err != nil {
			return err
		}
		arrived, err := bucketOf(tx, arrivedBucket)
		if err != nil {
			return err
		}
		put := func(id string) error {
			if b.Get([]byte(id)) != nil {
				return nil // the earlier arrival counts
			}
			return putOver(b, []byte(id), stamp)
		}
		for _, id := range added {
			if arrived.Get([]byte(id)) == nil {
				if err := putOver(arrived, []byte(id), stamp); err != nil {
					return err
				}
			}
			if err := put(id); err != nil {
				return err
			}
		}
		for _, id := range updated {
			if arrived.Get([]byte(id)) == nil {
				continue // indexed before any watch took articles: no news
			}
			if err := put(id); err != nil {
				return err
			}
		}
		return nil
	})
}

// inbox returns up to limit articles waiting to be matched.
func (st *Store) inbox(limit int) ([]inboxEntry, error) {
	var out []inboxEntry
	err := st.db.View(func(tx *bolt.Tx) error {
		b, _ := bucketOf(tx, inboxBucket)
		if b == nil {
			return nil
		}
		arrived, _ := bucketOf(tx, arrivedBucket)
		c := b.Cursor()
		for k, v := c.First(); k != nil && len(out) < limit; k, v = c.Next() {
			at, _ := time.Parse(time.RFC3339Nano, string(v))
			first := at
			if arrived != nil {
				if v := arrived.Get(k); v != nil {
					if t, err := time.Parse(time.RFC3339Nano, string(v)); err == nil && t.Before(at) {
						first = t
					}
				}
			}
			out = append(out, inboxEntry{ID: string(k), At: at, First: first, key: bytes.Clone(k)})
		}
		return nil
	})
	return out, err
}

// match is an article a watch takes.
type match struct {
	watchID string
	item    WatchItem
}

// queue takes the matches of some inbox entries and removes those entries,
// in one transaction. An article a watch took before is not taken again.
// It returns how many matches were queued.
func (st *Store) queue(done []inboxEntry, matches []match) (int, error) {
	n := 0
	err := st.db.Update(func(tx *bolt.Tx) error {
		n = 0
		seen, err := bucketOf(tx, seenBucket)
		if err != nil {
			return err
		}
		pending, err := bucketOf(tx, pendingBucket)
		if err != nil {
			return err
		}
		watches, err := bucketOf(tx, watchBucket)
		if err != nil {
			return err
		}
		for _, m := range matches {
			key := watchKey(m.watchID, m.item.ArticleID)
			if watches.Get([]byte(m.watchID)) == nil {
				continue
			}
			// The article's latest date decides when the record can go
			// (pruneSeen): an article taken before and redated since keeps
			// its record as long as it is news.
			stamp := []byte(m.item.Published.UTC().Format(time.RFC3339Nano))
			taken := false
			for _, k := range [][]byte{key, watchKey(m.watchID, contentKey(m.item))} {
				if old := seen.Get(k); old != nil {
					taken = true
					if t, err := time.Parse(time.RFC3339Nano, string(old)); err == nil && !m.item.Published.After(t) {
						continue
					}
				}
				if err := putOver(seen, k, stamp); err != nil {
					return err
				}
			}
			if taken {
				continue
			}
			if err := putJSON(pending, key, m.item); err != nil {
				return err
			}
			n++
		}
		inbox, err := bucketOf(tx, inboxBucket)
		if err != nil {
			return err
		}
		for _, e := range done {
			if err := deleteKey(inbox, e.key); err != nil {
				return err
			}
		}
		return nil
	})
	return n, err
}

// contentPrefix starts the key of what an article says (contentKey), in a
// watch's record of taken articles: no article ID holds a control byte.
const contentPrefix = "\x01"

// contentKey names what item says (its title, day and quote, and its
// outlet and link), so that the
// same article under another ID is not posted again: a Markdown file's ID
// is its path, and a file renamed in a watched folder (as editors that save
// by renaming do) was posted a second time (nu43).
func contentKey(item WatchItem) string {
	h := sha256.New()
	// The outlet and link too: two outlets' articles of one title, date
	// and sentence are two posts (helper 94).
	// The day, not the time: a feed that gives the same story a new ID
	// and a time minutes later posted it again (nu44).
	for _, s := range []string{item.Quote.Title, item.Published.UTC().Format(time.DateOnly), item.Quote.Text, item.Quote.Source, item.Quote.URL} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return contentPrefix + hex.EncodeToString(h.Sum(nil)[:12])
}

// pruneSeen forgets the articles taken that were published before before:
// Fresh refuses them whatever happens, so the record is no longer needed.
// A record that does not parse goes too. It returns how many went.
func (st *Store) pruneSeen(before time.Time) (int, error) {
	return st.pruneStamped(seenBucket, before, nil)
}

// pruneArrived forgets when the articles indexed before before were first
// indexed, but for those still in the inbox; a record that does not parse
// goes too. Forgotten, an article indexed again is no news to any watch
// (addInbox), as Fresh would mostly have it anyway: it reached the index
// days ago. It returns how many went.
func (st *Store) pruneArrived(before time.Time) (int, error) {
	return st.pruneStamped(arrivedBucket, before, inboxBucket)
}

// pruneStamped deletes the records of bucket, each a time stamp, that are
// before before or do not parse, but for those whose key is also in the
// bucket keep (when given), in one transaction. It returns how many went.
func (st *Store) pruneStamped(bucket []byte, before time.Time, keep []byte) (int, error) {
	n := 0
	err := st.db.Update(func(tx *bolt.Tx) error {
		n = 0
		b, err := bucketOf(tx, bucket)
		if err != nil {
			return err
		}
		var kept *bolt.Bucket
		if keep != nil {
			if kept, err = bucketOf(tx, keep); err != nil {
				return err
			}
		}
		var drop [][]byte
		err = b.ForEach(func(k, v []byte) error {
			if t, err := time.Parse(time.RFC3339Nano, string(v)); (err != nil || t.Before(before)) && (kept == nil || kept.Get(k) == nil) {
				drop = append(drop, bytes.Clone(k))
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range drop {
			if err := deleteKey(b, k); err != nil {
				return err
			}
		}
		n = len(drop)
		return nil
	})
	return n, err
}

// seenCount is how many taken articles are recorded, for tests.
func (st *Store) seenCount() int {
	n := 0
	_ = st.db.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket(seenBucket); b != nil {
			_ = b.ForEach(func(k, _ []byte) error {
				if !bytes.Contains(k, []byte("\x00"+contentPrefix)) {
					n++
				}
				return nil
			})
		}
		return nil
	})
	return n
}

// pending returns a watch's articles waiting to be posted, oldest match
// first. An item that does not decode is left out, as is one whose own
// article ID is not the one in its key (it would be posted as another
// article), or one too large for any item; the next claim drops them.
func (st *Store) pending(watchID string) ([]WatchItem, error) {
	var out []WatchItem
	prefix := []byte(watchID + "\x00")
	err := st.db.View(func(tx *bolt.Tx) error {
		b, _ := bucketOf(tx, pendingBucket)
		if b == nil {
			return nil
		}
		c := b.Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			var it WatchItem
			if checkRecord(v, "a pending article") != nil || json.Unmarshal(v, &it) != nil {
				continue
			}
			if it.ArticleID != "" && it.ArticleID == string(k[len(prefix):]) {
				out = append(out, it)
			}
		}
		return nil
	})
	slices.SortStableFunc(out, func(a, b WatchItem) int { return a.Matched.Compare(b.Matched) })
	return out, err
}

// claim moves a watch's pending list (items, as pending read it) into its
// Attempt marker, durably, before they are posted. Only a pass queues
// items, so the list is all of them, but for damaged entries, which go.
func (st *Store) claim(watchID string, items []WatchItem, started time.Time) error {
	return st.db.Update(func(tx *bolt.Tx) error {
		var ids []string
		for _, it := range items[:min(len(items), MaxWatchCards)] {
			ids = append(ids, it.ArticleID)
		}
		if err := deletePrefix(tx, pendingBucket, []byte(watchID+"\x00")); err != nil {
			return err
		}
		return updateWatchTx(tx, watchID, func(x *Watch) { x.Attempt = &WatchAttempt{Articles: ids, Count: len(items), Started: started} })
	})
}

// unclaim puts items back in the pending list after a post that sent
// nothing, and applies fn to the watch.
func (st *Store) unclaim(watchID string, items []WatchItem, fn func(*Watch)) error {
	return st.db.Update(func(tx *bolt.Tx) error {
		pending, err := bucketOf(tx, pendingBucket)
		if err != nil {
			return err
		}
		if err := updateWatchTx(tx, watchID, fn); err != nil {
			return err
		}
		for _, it := range items {
			if err := putJSON(pending, watchKey(watchID, it.ArticleID), it); err != nil {
				return err
			}
		}
		return nil
	})
}

// dropPending discards a watch's pending articles and applies fn to it.
func (st *Store) dropPending(watchID string, fn func(*Watch)) error {
	return st.db.Update(func(tx *bolt.Tx) error {
		if err := deletePrefix(tx, pendingBucket, []byte(watchID+"\x00")); err != nil {
			return err
		}
		return updateWatchTx(tx, watchID, fn)
	})
}

// channelPosts returns the times of a channel's watch posts within the
// hour before now. Times after now (the clock went back) are stored as now.
func (st *Store) channelPosts(channelID string, now time.Time) ([]time.Time, error) {
	var out []time.Time
	read := func(b *bolt.Bucket) {
		out = nil
		if data := b.Get([]byte(channelID)); data != nil && json.Unmarshal(data, &out) != nil {
			out = nil // a damaged entry counts as no posts, as posted does
		}
	}
	ahead := false
	err := st.db.View(func(tx *bolt.Tx) error {
		if b, _ := bucketOf(tx, channelsBucket); b != nil {
			read(b)
		}
		ahead = slices.ContainsFunc(out, func(t time.Time) bool { return t.After(now) })
		return nil
	})
	if err == nil && ahead {
		err = st.db.Update(func(tx *bolt.Tx) error {
			b, err := bucketOf(tx, channelsBucket)
			if err != nil {
				return err
			}
			read(b)
			out = recent(out, now)
			return putJSON(b, []byte(channelID), out)
		})
	}
	if err != nil {
		return nil, fmt.Errorf("channel %s posts: %w", channelID, err)
	}
	return recent(out, now), nil
}

// recent keeps the times within the hour before now, in order. A time
// after now (the clock went back) counts as now, so that it holds a slot
// for an hour rather than until the clock catches up.
func recent(ts []time.Time, now time.Time) []time.Time {
	for i, t := range ts {
		if t.After(now) {
			ts[i] = now
		}
	}
	ts = slices.DeleteFunc(ts, func(t time.Time) bool { return !t.After(now.Add(-time.Hour)) })
	slices.SortFunc(ts, time.Time.Compare)
	return ts
}

// posted records a successful post: the watch's count and time, its marker
// cleared, and the post in its channel's hour.
func (st *Store) posted(x Watch, n int, at time.Time) error {
	return st.db.Update(func(tx *bolt.Tx) error {
		err := updateWatchTx(tx, x.ID, func(w *Watch) {
			w.Attempt, w.Failures, w.LastError, w.RetryAt = nil, 0, "", time.Time{}
			w.Posted += n
			w.LastPosted = at
		})
		if err != nil && !errors.Is(err, errWatchGone) {
			return err
		}
		b, err := bucketOf(tx, channelsBucket)
		if err != nil {
			return err
		}
		var ts []time.Time
		if data := b.Get([]byte(x.ChannelID)); data != nil {
			_ = json.Unmarshal(data, &ts) // a damaged entry starts afresh
		}
		return putJSON(b, []byte(x.ChannelID), append(recent(ts, at), at))
	})
}

// arrivedCount is how many first indexings are recorded, for tests.
func (st *Store) arrivedCount() int {
	n := 0
	_ = st.db.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket(arrivedBucket); b != nil {
			n = b.Stats().KeyN
		}
		return nil
	})
	return n
}
