package schedule

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/boltfile"
	"github.com/chronicle-bot/chronicle/internal/discordtext"
	bolt "go.etcd.io/bbolt"
)

// Schedule is one channel's recurring digest and its run state.
type Schedule struct {
	ID        string `json:"id"`
	GuildID   string `json:"guild_id"`
	ChannelID string `json:"channel_id"`
	// Spec is the expression as the user gave it (see ParseTiming).
	Spec string `json:"spec"`
	// Topic narrows the digest; "" covers everything.
	Topic string `json:"topic,omitempty"`
	// Days is the digest window: the Days days before each run, on the
	// wall clock of the schedule's zone (not Days×24 hours across a
	// daylight-saving change).
	Days int `json:"days"`
	// Timezone is the IANA zone Spec is read in ("" is UTC).
	Timezone string `json:"timezone,omitempty"`
	// PostWhenEmpty posts "No coverage ..." for an empty window instead of
	// skipping the run.
	PostWhenEmpty bool      `json:"post_when_empty,omitempty"`
	CreatedBy     string    `json:"created_by"`
	Created       time.Time `json:"created"`
	// Disabled schedules do not run; DisabledReason says why (shown in
	// /schedule list), e.g. the channel answered 403.
	Disabled       bool   `json:"disabled,omitempty"`
	DisabledReason string `json:"disabled_reason,omitempty"`
	// LastRun is when the last successful post (or skip of an empty
	// digest) happened, and LastDue the scheduled time it served.
	LastRun time.Time `json:"last_run"`
	LastDue time.Time `json:"last_due"`
	// LastError describes the last failed or interrupted run; it is
	// cleared by a success.
	LastError string `json:"last_error,omitempty"`
	// Failures counts consecutive failed attempts; RetryAt is the earliest
	// next attempt (backoff).
	Failures int       `json:"failures,omitempty"`
	RetryAt  time.Time `json:"retry_at"`
	// Attempt marks a post in progress: written before posting, cleared
	// when the outcome is recorded. Finding it set at the start of a pass
	// means the process stopped mid-post (see the package comment).
	Attempt *Attempt `json:"attempt,omitempty"`
}

// Attempt records a post that was started.
type Attempt struct {
	Due     time.Time `json:"due"`
	Started time.Time `json:"started"`
}

// Timing parses the schedule's expression in its time zone. An expression
// an earlier release stored that ParseTiming now refuses is read as that
// release read it ("weekly month 08:00" ran on Mondays; see parseStored).
func (s Schedule) Timing() (Timing, error) {
	t, _, err := parseStored(s.Spec, s.Timezone)
	return t, err
}

var bucket = []byte("schedules")

// damagedBucket keeps the schedule records that did not decode, as they
// were (see Open).
var damagedBucket = []byte("schedules-damaged")

// SetAside is a schedule record that did not decode, which Open moved out
// of the schedules into the schedules-damaged bucket of the same file.
type SetAside struct {
	// Key is the record's key (the schedule ID it was stored under); its
	// bytes are kept under Key in the schedules-damaged bucket, or under
	// Key.N when Key was already taken there by other bytes.
	Key string
	// Err says why it did not decode.
	Err error
}

// Store keeps schedules in a bbolt file. It is safe for concurrent use.
type Store struct {
	db       *boltfile.DB
	setAside []SetAside    // by Open; not changed after
	strays   []StrayBucket // by Open; not changed after
}

// Open opens (creating if needed) the bbolt file at path. Only one process
// can hold it; Open waits at most 5 seconds for another holder.
//
// A damaged file (see package boltfile) is moved aside and a fresh, empty
// one takes its place: the schedules it held are lost, and Damaged says so.
// An empty (0-byte) file is set up as a new store where it is, and
// WasEmpty says so: it may be a store cut short.
// A file that is clearly no bbolt file at all (an article, the config file)
// was never a store: Open refuses it with an error matching
// boltfile.ErrNotBolt and leaves it as it is.
//
// A schedule record that does not decode (a bit flip, a hand edit, a
// record from a later version) is moved, with its bytes as they were, into
// the schedules-damaged bucket, in the write transaction Open makes anyway,
// so that it stops no other schedule; SetAside returns those records, for
// the caller to report once (a later Open finds them no more). Nothing
// reads that bucket again; it is kept for an operator to recover the bytes.
// The store is always opened for writing (records are only ever written by
// the process holding the file, always encoded), so doing it here leaves
// List a read-only transaction; a record that still does not decode later
// is skipped as if absent.
//
// A top-level bucket under a name no version writes (a flipped bit in
// "schedules" made the store look empty) is restored when it can be and
// reported otherwise, in the same transaction and before anything else
// (see findStrays); Strays returns them, for the caller to report.
func Open(path string) (*Store, error) {
	var aside []SetAside
	var strays []StrayBucket
	db, err := boltfile.Open(path, 0o600, boltfile.Options{
		Bolt: &bolt.Options{Timeout: 5 * time.Second},
		Init: func(tx *bolt.Tx) error {
			aside = nil // Init runs again on a fresh file after damage
			var err error
			if strays, err = findStrays(tx); err != nil {
				return fmt.Errorf("buckets under unknown names: %w", err)
			}
			b, err := tx.CreateBucketIfNotExists(bucket)
			if err != nil {
				return err
			}
			aside, err = setAsideUndecodable(tx, b)
			return err
		},
	})
	if err != nil {
		if errors.Is(err, bolt.ErrTimeout) {
			return nil, fmt.Errorf("open schedule store %q: it is in use by another process (a running bot serve?)", path)
		}
		if errors.Is(err, boltfile.ErrNotBolt) {
			return nil, fmt.Errorf("open schedule store %q: %w: give schedule.path a file of its own (bot serve makes a missing one)", path, err)
		}
		return nil, fmt.Errorf("open schedule store %q: %w", path, err)
	}
	return &Store{db: db, setAside: aside, strays: strays}, nil
}

// decode decodes the schedule record stored under key. A record whose own
// ID is not its key (a flipped bit in either) does not decode: it would be
// listed under another schedule's ID and every update of it would go to
// that schedule.
func decode(key, v []byte) (Schedule, error) {
	var s Schedule
	if err := checkRecord(v, "a schedule"); err != nil {
		return s, err
	}
	if err := json.Unmarshal(v, &s); err != nil {
		return s, err
	}
	if s.ID != string(key) {
		return s, fmt.Errorf("the record says it is schedule %q", s.ID)
	}
	return s, nil
}

// checkRecord refuses, before decoding, what cannot be a record of what
// (a schedule, a watch): a nested bucket (v is nil), or more bytes than
// maxRecordBytes, which would take several times its size in memory to
// decode, on every pass.
func checkRecord(v []byte, what string) error {
	if v == nil {
		return errors.New("not a record (a nested bucket)")
	}
	if len(v) > maxRecordBytes {
		return fmt.Errorf("a record of %d bytes, more than %s can be (%d)", len(v), what, maxRecordBytes)
	}
	return nil
}

// putAside keeps data, a record set aside from key, in aside: under key,
// or under key.2, key.3 ... when key is held there by other bytes or by a
// nested bucket (which a damaged file can have), never overwriting them.
func putAside(aside *bolt.Bucket, key string, data []byte) error {
	k := []byte(key)
	for n := 2; ; n++ {
		held, old := aside.Cursor().Seek(k)
		if !bytes.Equal(held, k) || (old != nil && bytes.Equal(old, data)) {
			break
		}
		k = []byte(key + "." + strconv.Itoa(n))
	}
	return aside.Put(k, data)
}

// setAsideUndecodable moves the records of b that do not decode into
// damagedBucket, as they were, and returns them. A nested bucket (which
// no version writes) is left where it is: it is skipped as not a record.
func setAsideUndecodable(tx *bolt.Tx, b *bolt.Bucket) ([]SetAside, error) {
	var bad []SetAside
	err := b.ForEach(func(k, v []byte) error {
		if v == nil {
			return nil
		}
		if _, err := decode(k, v); err != nil {
			bad = append(bad, SetAside{Key: string(k), Err: err})
		}
		return nil
	})
	if err != nil || len(bad) == 0 {
		return nil, err
	}
	aside, err := tx.CreateBucketIfNotExists(damagedBucket)
	if err != nil {
		return nil, err
	}
	for _, r := range bad {
		if err := putAside(aside, r.Key, bytes.Clone(b.Get([]byte(r.Key)))); err != nil {
			return nil, err
		}
		if err := b.Delete([]byte(r.Key)); err != nil {
			return nil, err
		}
	}
	return bad, nil
}

// Damaged returns what Open found when the file was damaged and replaced
// by an empty one (its schedules are lost), or nil.
func (st *Store) Damaged() *boltfile.Damage { return st.db.Damaged() }

// WasEmpty says whether the file was empty (0 bytes) and Open set it up as
// a new store (see boltfile.Empty), or nil.
func (st *Store) WasEmpty() *boltfile.Empty { return st.db.WasEmpty() }

// Mended says whether Open mended the file in place (top-level buckets
// that had lost their bucket flag, their flag set again), or nil.
func (st *Store) Mended() *boltfile.Mended { return st.db.Mended() }

// SetAside returns the records that did not decode and that this Open
// moved into the schedules-damaged bucket (see Open), or nil.
func (st *Store) SetAside() []SetAside { return slices.Clone(st.setAside) }

// Strays returns the top-level buckets of the file that this version does
// not write, as Open found them: restored (reported by this Open only) or
// left as they are (reported by every Open); nil when there are none.
func (st *Store) Strays() []StrayBucket { return slices.Clone(st.strays) }

// Close closes the file.
func (st *Store) Close() error { return st.db.Close() }

// MaxGuildSchedules is how many schedules one server may have (as
// MaxGuildWatches is for watches).
const MaxGuildSchedules = 25

// Add stores a new schedule, assigning its ID (a small number). A server
// has at most MaxGuildSchedules: the count is taken in the same write
// transaction, so that adds at the same time cannot both pass it, and a
// server that already has as many (a store from before the limit may have
// more) gets an EINVALID error whose message suits the user. Only records
// that decode are counted: a damaged one does not refuse every add.
func (st *Store) Add(ctx context.Context, s Schedule) (Schedule, error) {
	if err := ctx.Err(); err != nil {
		return Schedule{}, err
	}
	err := st.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucket)
		n := 0
		_ = b.ForEach(func(k, v []byte) error {
			if y, err := decode(k, v); err == nil && y.GuildID == s.GuildID {
				n++
			}
			return nil
		})
		if n >= MaxGuildSchedules {
			return chronicle.Errorf(chronicle.EINVALID, "This server already has %d schedules, the most it can have: remove one with /schedule remove first.", n)
		}
		id, err := freeID(b)
		if err != nil {
			return err
		}
		s.ID = id
		return put(b, s)
	})
	var ce *chronicle.Error
	if errors.As(err, &ce) {
		return Schedule{}, err
	} else if err != nil {
		return Schedule{}, fmt.Errorf("add schedule: %w", err)
	}
	return s, nil
}

// freeID is the next ID of b's sequence that no record holds. The sequence
// can be behind the records (a damaged bucket header, records put back by
// hand): an ID already taken is skipped, never overwritten.
func freeID(b *bolt.Bucket) (string, error) {
	for {
		seq, err := b.NextSequence()
		if err != nil {
			return "", err
		}
		if id := strconv.FormatUint(seq, 10); !taken(b, id) {
			return id, nil
		}
	}
}

// taken reports whether b holds key, as a record or a nested bucket.
func taken(b *bolt.Bucket, key string) bool {
	k, _ := b.Cursor().Seek([]byte(key))
	return k != nil && string(k) == key
}

// maxRecordBytes bounds a schedule or watch record: a topic or query, an
// error and the rest take a few kilobytes at most. A larger record is not written, and one
// found in the file (damage, a hand edit) does not decode.
const maxRecordBytes = 1 << 20

func put(b *bolt.Bucket, s Schedule) error {
	data, err := json.Marshal(s)
	if err != nil {
		return err
	}
	if len(data) > maxRecordBytes {
		return fmt.Errorf("schedule %s: a record of %d bytes, more than a schedule can be (%d)", s.ID, len(data), maxRecordBytes)
	}
	return b.Put([]byte(s.ID), data)
}

// Get returns one schedule; ENOTFOUND when there is none with that ID (or
// its record does not decode).
func (st *Store) Get(ctx context.Context, id string) (Schedule, error) {
	var s Schedule
	err := st.db.View(func(tx *bolt.Tx) error {
		var err error
		if s, err = decode([]byte(id), tx.Bucket(bucket).Get([]byte(id))); err != nil {
			return chronicle.Errorf(chronicle.ENOTFOUND, "There is no schedule %s.", id)
		}
		return nil
	})
	return s, err
}

// List returns the schedules of a guild ("" for all), by ID. A record
// that does not decode is left out (Open sets such records aside).
func (st *Store) List(ctx context.Context, guildID string) ([]Schedule, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []Schedule
	err := st.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucket).ForEach(func(k, v []byte) error {
			s, err := decode(k, v)
			if err != nil {
				return nil
			}
			if guildID == "" || s.GuildID == guildID {
				out = append(out, s)
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("list schedules: %w", err)
	}
	slices.SortFunc(out, func(a, b Schedule) int {
		x, _ := strconv.Atoi(a.ID)
		y, _ := strconv.Atoi(b.ID)
		return x - y
	})
	return out, nil
}

// Remove deletes a guild's schedule; ENOTFOUND when the guild has no
// schedule with that ID.
func (st *Store) Remove(ctx context.Context, guildID, id string) error {
	return st.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucket)
		s, err := decode([]byte(id), b.Get([]byte(id)))
		if err != nil || (guildID != "" && s.GuildID != guildID) {
			return chronicle.Errorf(chronicle.ENOTFOUND, "This server has no schedule %s.", discordtext.Escape(id))
		}
		return b.Delete([]byte(id))
	})
}

// Resume enables again a guild's schedule that was disabled, in one
// transaction, keeping its ID, timing, topic, window and channel: its
// disabled state, last problem and retry state are cleared, and its runs
// are counted from now (LastDue), so that the runs missed while it was
// disabled are not caught up. ENOTFOUND when the guild has no schedule
// with that ID; EINVALID, with a message for users, when it is not
// disabled, or when its timing does not parse (it was disabled for that,
// and would be again at the next pass).
func (st *Store) Resume(ctx context.Context, guildID, id string, now time.Time) (Schedule, error) {
	if err := ctx.Err(); err != nil {
		return Schedule{}, err
	}
	var s Schedule
	err := st.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucket)
		var err error
		s, err = decode([]byte(id), b.Get([]byte(id)))
		if err != nil || (guildID != "" && s.GuildID != guildID) {
			return chronicle.Errorf(chronicle.ENOTFOUND, "This server has no schedule %s.", discordtext.Escape(id))
		}
		if !s.Disabled {
			return chronicle.Errorf(chronicle.EINVALID, "Schedule %s is not disabled: it runs at its times (see /schedule list).", s.ID)
		}
		if _, err := s.Timing(); err != nil {
			return chronicle.Errorf(chronicle.EINVALID, "Schedule %s cannot run again: %s. Remove it (/schedule remove id:%s) and add it again.",
				s.ID, strings.TrimRight(strings.TrimSpace(chronicle.ErrorMessage(err)), "."), s.ID)
		}
		s.resume(now)
		return put(b, s)
	})
	var ce *chronicle.Error
	if errors.As(err, &ce) {
		return Schedule{}, err
	} else if err != nil {
		return Schedule{}, fmt.Errorf("resume schedule %s: %w", id, err)
	}
	return s, nil
}

// errGone is returned inside Update when the schedule disappeared.
var errGone = errors.New("schedule removed")

// Update applies fn to the stored schedule in one transaction and returns
// the result. It returns an ENOTFOUND error if the schedule was removed
// (or its record does not decode: it is left as it is).
func (st *Store) Update(ctx context.Context, id string, fn func(*Schedule)) (Schedule, error) {
	var s Schedule
	err := st.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucket)
		var err error
		if s, err = decode([]byte(id), b.Get([]byte(id))); err != nil {
			return errGone
		}
		fn(&s)
		return put(b, s)
	})
	if errors.Is(err, errGone) {
		return Schedule{}, chronicle.Errorf(chronicle.ENOTFOUND, "There is no schedule %s.", id)
	} else if err != nil {
		return Schedule{}, fmt.Errorf("update schedule %s: %w", id, err)
	}
	return s, nil
}
