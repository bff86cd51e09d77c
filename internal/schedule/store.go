package schedule

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
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
	// Days is the digest window: the Days×24 hours before each run.
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

// Timing parses the schedule's expression in its time zone.
func (s Schedule) Timing() (Timing, error) { return ParseTiming(s.Spec, s.Timezone) }

var bucket = []byte("schedules")

// Store keeps schedules in a bbolt file. It is safe for concurrent use.
type Store struct {
	db *boltfile.DB
}

// Open opens (creating if needed) the bbolt file at path. Only one process
// can hold it; Open waits at most 5 seconds for another holder.
//
// A damaged file (see package boltfile) is moved aside and a fresh, empty
// one takes its place: the schedules it held are lost, and Damaged says so.
func Open(path string) (*Store, error) {
	db, err := boltfile.Open(path, 0o600, boltfile.Options{
		Bolt: &bolt.Options{Timeout: 5 * time.Second},
		Init: func(tx *bolt.Tx) error {
			_, err := tx.CreateBucketIfNotExists(bucket)
			return err
		},
	})
	if err != nil {
		if errors.Is(err, bolt.ErrTimeout) {
			return nil, fmt.Errorf("open schedule store %q: it is in use by another process (a running bot serve?)", path)
		}
		return nil, fmt.Errorf("open schedule store %q: %w", path, err)
	}
	return &Store{db: db}, nil
}

// Damaged returns what Open found when the file was damaged and replaced
// by an empty one (its schedules are lost), or nil.
func (st *Store) Damaged() *boltfile.Damage { return st.db.Damaged() }

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
			var y Schedule
			if json.Unmarshal(v, &y) == nil && y.GuildID == s.GuildID {
				n++
			}
			return nil
		})
		if n >= MaxGuildSchedules {
			return chronicle.Errorf(chronicle.EINVALID, "This server already has %d schedules, the most it can have: remove one with /schedule remove first.", n)
		}
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		s.ID = strconv.FormatUint(seq, 10)
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

func put(b *bolt.Bucket, s Schedule) error {
	data, err := json.Marshal(s)
	if err != nil {
		return err
	}
	return b.Put([]byte(s.ID), data)
}

// Get returns one schedule; ENOTFOUND when there is none with that ID.
func (st *Store) Get(ctx context.Context, id string) (Schedule, error) {
	var s Schedule
	err := st.db.View(func(tx *bolt.Tx) error {
		data := tx.Bucket(bucket).Get([]byte(id))
		if data == nil {
			return chronicle.Errorf(chronicle.ENOTFOUND, "There is no schedule %s.", id)
		}
		return json.Unmarshal(data, &s)
	})
	return s, err
}

// List returns the schedules of a guild ("" for all), by ID.
func (st *Store) List(ctx context.Context, guildID string) ([]Schedule, error) {
	var out []Schedule
	err := st.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucket).ForEach(func(k, v []byte) error {
			var s Schedule
			if err := json.Unmarshal(v, &s); err != nil {
				return fmt.Errorf("schedule %s: %w", k, err)
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
		var s Schedule
		data := b.Get([]byte(id))
		if data == nil || json.Unmarshal(data, &s) != nil || (guildID != "" && s.GuildID != guildID) {
			return chronicle.Errorf(chronicle.ENOTFOUND, "This server has no schedule %s.", discordtext.Escape(id))
		}
		return b.Delete([]byte(id))
	})
}

// errGone is returned inside Update when the schedule disappeared.
var errGone = errors.New("schedule removed")

// Update applies fn to the stored schedule in one transaction and returns
// the result. It returns an ENOTFOUND error if the schedule was removed.
func (st *Store) Update(ctx context.Context, id string, fn func(*Schedule)) (Schedule, error) {
	var s Schedule
	err := st.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucket)
		data := b.Get([]byte(id))
		if data == nil {
			return errGone
		}
		if err := json.Unmarshal(data, &s); err != nil {
			return err
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
