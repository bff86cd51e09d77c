package schedule

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/discordtext"
)

// The watches' buckets, beside the schedules in the same file. They are
// made on the first write, so a file from before watches opens as it is.
var (
	watchBucket    = []byte("watches")        // ID -> Watch
	inboxBucket    = []byte("watch-inbox")    // article ID -> time it arrived
	arrivedBucket  = []byte("watch-arrived")  // article ID -> time it was first indexed (see addInbox)
	seenBucket     = []byte("watch-seen")     // watch ID \0 article ID -> time it was taken
	pendingBucket  = []byte("watch-pending")  // watch ID \0 article ID -> WatchItem
	channelsBucket = []byte("watch-channels") // channel ID -> post times of the last hour
)

// errWatchGone is returned inside a transaction when the watch was removed.
var errWatchGone = errors.New("watch removed")

func watchKey(watchID, articleID string) []byte {
	return []byte(watchID + "\x00" + articleID)
}

// bucketOf returns a watch bucket, creating it in a writable transaction;
// in a read-only one it is nil until the first write.
func bucketOf(tx *bolt.Tx, name []byte) (*bolt.Bucket, error) {
	if tx.Writable() {
		return tx.CreateBucketIfNotExists(name)
	}
	return tx.Bucket(name), nil
}

// AddWatch stores a new watch, assigning its ID (a small number).
func (st *Store) AddWatch(ctx context.Context, x Watch) (Watch, error) {
	return st.addWatch(ctx, x, nil)
}

// addWatch stores a new watch unless check, given the guild's watches in
// the same transaction, refuses it (so that two adds at once cannot both
// pass a limit or a duplicate test).
func (st *Store) addWatch(ctx context.Context, x Watch, check func(guild []Watch) error) (Watch, error) {
	if err := ctx.Err(); err != nil {
		return Watch{}, err
	}
	err := st.db.Update(func(tx *bolt.Tx) error {
		b, err := bucketOf(tx, watchBucket)
		if err != nil {
			return err
		}
		if check != nil {
			var guild []Watch
			_ = b.ForEach(func(k, v []byte) error {
				if y, err := decodeWatch(k, v); err == nil && y.GuildID == x.GuildID {
					guild = append(guild, y)
				}
				return nil
			})
			sortWatches(guild)
			if err := check(guild); err != nil {
				return err
			}
		}
		id, err := freeID(b)
		if err != nil {
			return err
		}
		x.ID = id
		return putWatch(b, x)
	})
	var ce *chronicle.Error
	if errors.As(err, &ce) {
		return Watch{}, err
	} else if err != nil {
		return Watch{}, fmt.Errorf("add watch: %w", err)
	}
	return x, nil
}

// decodeWatch decodes the watch record stored under key, refusing what
// decode refuses of a schedule: a nested bucket, an oversized record, and
// a record whose own ID is not its key (it would be listed as another
// watch, and post, read pending articles and write its state as that one).
func decodeWatch(key, v []byte) (Watch, error) {
	var x Watch
	if err := checkRecord(v, "a watch"); err != nil {
		return x, err
	}
	if err := json.Unmarshal(v, &x); err != nil {
		return x, err
	}
	if x.ID != string(key) {
		return x, fmt.Errorf("the record says it is watch %q", x.ID)
	}
	return x, nil
}

// putWatch writes a watch record under its ID, refusing one that
// decodeWatch would refuse as oversized.
func putWatch(b *bolt.Bucket, x Watch) error {
	data, err := json.Marshal(x)
	if err != nil {
		return err
	}
	if len(data) > maxRecordBytes {
		return fmt.Errorf("watch %s: a record of %d bytes, more than a watch can be (%d)", x.ID, len(data), maxRecordBytes)
	}
	return b.Put([]byte(x.ID), data)
}

// putJSON writes v encoded under key of a queue bucket (see putOver).
func putJSON(b *bolt.Bucket, key []byte, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return putOver(b, key, data)
}

// putOver writes data under key of a queue bucket (inbox, taken, pending,
// channels). A nested bucket there, which no version writes but a damaged
// file can hold, would fail the write and with it the whole transaction
// at every pass; it is removed instead.
func putOver(b *bolt.Bucket, key, data []byte) error {
	if k, v := b.Cursor().Seek(key); v == nil && bytes.Equal(k, key) {
		if err := b.DeleteBucket(key); err != nil {
			return err
		}
	}
	return b.Put(key, data)
}

// deleteKey deletes key of a queue bucket, a record or a nested bucket (see
// putOver).
func deleteKey(b *bolt.Bucket, key []byte) error {
	if k, v := b.Cursor().Seek(key); v == nil && bytes.Equal(k, key) {
		return b.DeleteBucket(key)
	}
	return b.Delete(key)
}

// GetWatch returns one watch; ENOTFOUND when there is none with that ID
// (or its record does not decode).
func (st *Store) GetWatch(ctx context.Context, id string) (Watch, error) {
	var x Watch
	err := st.db.View(func(tx *bolt.Tx) error {
		b, _ := bucketOf(tx, watchBucket)
		var data []byte
		if b != nil {
			data = b.Get([]byte(id))
		}
		var err error
		if x, err = decodeWatch([]byte(id), data); err != nil {
			return chronicle.Errorf(chronicle.ENOTFOUND, "There is no watch %s.", discordtext.Escape(id))
		}
		return nil
	})
	return x, err
}

// ListWatches returns the watches of a guild ("" for all), by ID. A record
// that does not decode is left out (see setAsideDamaged).
func (st *Store) ListWatches(ctx context.Context, guildID string) ([]Watch, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []Watch
	err := st.db.View(func(tx *bolt.Tx) error {
		b, _ := bucketOf(tx, watchBucket)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			x, err := decodeWatch(k, v)
			if err != nil {
				return nil
			}
			if guildID == "" || x.GuildID == guildID {
				out = append(out, x)
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("list watches: %w", err)
	}
	sortWatches(out)
	return out, nil
}

func sortWatches(ws []Watch) {
	slices.SortFunc(ws, func(a, b Watch) int {
		x, _ := strconv.Atoi(a.ID)
		y, _ := strconv.Atoi(b.ID)
		return x - y
	})
}

// damagedWatchBucket keeps watch records that did not decode, as they were.
var damagedWatchBucket = []byte("watches-damaged")

// setAsideDamaged moves the watch records that do not decode out of the
// watches, with their pending articles dropped, into damagedWatchBucket
// (under their key, or key.2 ... when that is taken there: see putAside),
// and returns their IDs. Nothing reads them again; they are kept for an
// operator to look at. A nested bucket (which no version writes) is left
// where it is: it is skipped as not a record.
func (st *Store) setAsideDamaged() ([]string, error) {
	var bad []string
	err := st.db.View(func(tx *bolt.Tx) error {
		b, _ := bucketOf(tx, watchBucket)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			if v == nil {
				return nil
			}
			if _, err := decodeWatch(k, v); err != nil {
				bad = append(bad, string(k))
			}
			return nil
		})
	})
	if err != nil || len(bad) == 0 {
		return nil, err
	}
	err = st.db.Update(func(tx *bolt.Tx) error {
		b, err := bucketOf(tx, watchBucket)
		if err != nil {
			return err
		}
		aside, err := bucketOf(tx, damagedWatchBucket)
		if err != nil {
			return err
		}
		for _, id := range bad {
			data := b.Get([]byte(id))
			if data == nil {
				continue
			}
			if err := putAside(aside, id, bytes.Clone(data)); err != nil {
				return err
			}
			if err := deletePrefix(tx, pendingBucket, []byte(id+"\x00")); err != nil {
				return err
			}
			if err := b.Delete([]byte(id)); err != nil {
				return err
			}
		}
		return nil
	})
	return bad, err
}

// RemoveWatch deletes a guild's watch with its pending articles and its
// record of taken articles; ENOTFOUND when the guild has no such watch.
func (st *Store) RemoveWatch(ctx context.Context, guildID, id string) error {
	return st.db.Update(func(tx *bolt.Tx) error {
		b, err := bucketOf(tx, watchBucket)
		if err != nil {
			return err
		}
		x, err := decodeWatch([]byte(id), b.Get([]byte(id)))
		if err != nil || (guildID != "" && x.GuildID != guildID) {
			return chronicle.Errorf(chronicle.ENOTFOUND, "This server has no watch %s.", discordtext.Escape(id))
		}
		for _, name := range [][]byte{seenBucket, pendingBucket} {
			if err := deletePrefix(tx, name, []byte(id+"\x00")); err != nil {
				return err
			}
		}
		return b.Delete([]byte(id))
	})
}

// ResumeWatch enables again a guild's watch that was disabled, in one
// transaction, keeping its ID, query, channel and record of the articles
// it took (none is posted twice): its disabled state, last problem and
// retry state are cleared, anything pending is dropped, and Resumed is set
// to now, so that it takes only the articles that arrive from now on, as
// a watch made now would (the ones that came while it was disabled are not
// posted). ENOTFOUND when the guild has no such watch; EINVALID, with a
// message for users, when it is not disabled.
func (st *Store) ResumeWatch(ctx context.Context, guildID, id string, now time.Time) (Watch, error) {
	if err := ctx.Err(); err != nil {
		return Watch{}, err
	}
	var x Watch
	err := st.db.Update(func(tx *bolt.Tx) error {
		b, err := bucketOf(tx, watchBucket)
		if err != nil {
			return err
		}
		x, err = decodeWatch([]byte(id), b.Get([]byte(id)))
		if err != nil || (guildID != "" && x.GuildID != guildID) {
			return chronicle.Errorf(chronicle.ENOTFOUND, "This server has no watch %s.", discordtext.Escape(id))
		}
		if !x.Disabled {
			return chronicle.Errorf(chronicle.EINVALID, "Watch %s is not disabled: it posts what matches (see /watch list).", x.ID)
		}
		if err := deletePrefix(tx, pendingBucket, []byte(id+"\x00")); err != nil {
			return err
		}
		x.Disabled, x.DisabledReason, x.Resumed = false, "", now
		x.Attempt, x.Failures, x.LastError, x.RetryAt = nil, 0, "", time.Time{}
		return putWatch(b, x)
	})
	var ce *chronicle.Error
	if errors.As(err, &ce) {
		return Watch{}, err
	} else if err != nil {
		return Watch{}, fmt.Errorf("resume watch %s: %w", id, err)
	}
	return x, nil
}

func deletePrefix(tx *bolt.Tx, name, prefix []byte) error {
	b, err := bucketOf(tx, name)
	if err != nil {
		return err
	}
	for k, _ := b.Cursor().Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = b.Cursor().Seek(prefix) {
		if err := deleteKey(b, bytes.Clone(k)); err != nil {
			return err
		}
	}
	return nil
}

// UpdateWatch applies fn to the stored watch in one transaction and returns
// the result; ENOTFOUND if the watch was removed.
func (st *Store) UpdateWatch(ctx context.Context, id string, fn func(*Watch)) (Watch, error) {
	var x Watch
	err := st.db.Update(func(tx *bolt.Tx) error {
		return updateWatchTx(tx, id, func(w *Watch) { fn(w); x = *w })
	})
	if errors.Is(err, errWatchGone) {
		return Watch{}, chronicle.Errorf(chronicle.ENOTFOUND, "There is no watch %s.", discordtext.Escape(id))
	} else if err != nil {
		return Watch{}, fmt.Errorf("update watch %s: %w", id, err)
	}
	return x, nil
}

func updateWatchTx(tx *bolt.Tx, id string, fn func(*Watch)) error {
	b, err := bucketOf(tx, watchBucket)
	if err != nil {
		return err
	}
	// A record that does not decode is left as it is, for the next pass to
	// set aside.
	x, err := decodeWatch([]byte(id), b.Get([]byte(id)))
	if err != nil {
		return errWatchGone
	}
	fn(&x)
	return putWatch(b, x)
}
