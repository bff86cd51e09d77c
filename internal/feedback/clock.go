package feedback

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// The store's clock. Answers expire by the time that passed since they
// were last shown, and the system clock can step: NTP setting right a
// clock that was months off, a VM restored from a snapshot, a date typed
// by hand. Taken at its word, a step forward of more than MaxAge expired
// every answer at once (their buttons all said so, and the next operations
// removed them), and after a step back the answers shown meanwhile expired
// as soon as the clock was set right.
//
// So the store keeps a clock of its own, in the file (metaBucket,
// clockKey): at each write, the system time and the store's time. An
// operation adds to the store's time of the last write the system time
// that passed since; a step back counts as none (the store's time never
// runs back), and so does a step forward of more than MaxAge, which is
// taken for a step of the clock, not for time passing: OnClockStep is
// told, and the store goes on from its time of the last write. The cost
// of a mistake is small: a bot stopped, or not used, for more than MaxAge
// keeps its answers one period longer than it would have. A step forward
// of less than MaxAge counts as time that passed; it cannot be told from a
// bot stopped that long. When answers were last shown (record.Shown and
// the index, shownBucket) is told by the store's clock.
var clockKey = []byte("clock")

// stepBackQuiet is how far back the system clock may step between two
// writes without OnClockStep being told (NTP steps of a second).
const stepBackQuiet = time.Minute

// storeClock is the store's clock at its last write.
type storeClock struct {
	// Wall is the system time at the last write; Store the store's time.
	Wall  time.Time `json:"wall"`
	Store time.Time `json:"store"`
}

// ClockStep is a step of the system clock that the store did not count as
// time passing (Options.OnClockStep).
type ClockStep struct {
	// From is the system time at the store's last write; To the time now.
	From, To time.Time
	// MaxAge is the period answers are kept for (Options.MaxAge).
	MaxAge time.Duration
}

// String is the sentence for the log.
func (s ClockStep) String() string {
	if s.To.Before(s.From) {
		return fmt.Sprintf("the system clock is %s behind the last write of the feedback store (%s, now %s): "+
			"not counted as time passing; the store's clock goes on from the last write", approx(s.From.Sub(s.To)),
			s.From.Format(time.RFC3339), s.To.Format(time.RFC3339))
	}
	return fmt.Sprintf("the system clock is %s ahead of the last write of the feedback store (%s, now %s), more than "+
		"the %s answers are kept for: taken for a step of the clock, not time passing, so no answer expires for it "+
		"(if the bot was in fact stopped or unused that long, its answers are kept that much longer)",
		approx(s.To.Sub(s.From)), s.From.Format(time.RFC3339), s.To.Format(time.RFC3339), approx(s.MaxAge))
}

// approx is d in days when it is two or more, else to the second.
func approx(d time.Duration) string {
	if d >= 48*time.Hour {
		return fmt.Sprintf("%d days", d/(24*time.Hour))
	}
	return d.Round(time.Second).String()
}

// clockAt returns the store's time at system time wall; in a writable tx
// it keeps both in the file, and keeps a step it did not count for
// OnClockStep, told once the write is committed (with): a write rolled
// back (a vote refused) leaves the step to the next.
func (st *Store) clockAt(tx *bolt.Tx, wall time.Time) (time.Time, error) {
	wall = wall.Round(0) // no monotonic reading: the file keeps none
	last, ok := lastClock(tx)
	now, counted := wall, true
	if ok {
		switch gap := wall.Sub(last.Wall); {
		case gap < 0:
			now, counted = last.Store, gap >= -stepBackQuiet
		case gap > st.opts.MaxAge:
			now, counted = last.Store, false
		default:
			now = last.Store.Add(gap)
		}
	}
	if !tx.Writable() {
		return now, nil
	}
	meta, err := tx.CreateBucketIfNotExists(metaBucket)
	if err != nil {
		return now, fmt.Errorf("the store's clock: %w", err)
	}
	data, err := json.Marshal(storeClock{Wall: wall.UTC(), Store: now.UTC()})
	if err != nil {
		return now, fmt.Errorf("the store's clock: %w", err)
	}
	if err := meta.Put(clockKey, data); err != nil {
		return now, fmt.Errorf("the store's clock: %w", err)
	}
	st.step = nil
	if !counted {
		st.step = &ClockStep{From: last.Wall, To: wall, MaxAge: st.opts.MaxAge}
	}
	return now, nil
}

// lastClock is the store's clock at its last write. A file of the
// release before the store's clock (or one whose clock does not decode)
// has none: the latest time an answer was last shown stands for it, told
// by both clocks, which were one then; ok is false when no answer is
// stored either.
func lastClock(tx *bolt.Tx) (c storeClock, ok bool) {
	if meta := tx.Bucket(metaBucket); meta != nil {
		if data := meta.Get(clockKey); data != nil && json.Unmarshal(data, &c) == nil && !c.Wall.IsZero() && !c.Store.IsZero() {
			return c, true
		}
	}
	if shown := tx.Bucket(shownBucket); shown != nil {
		if k, _ := shown.Cursor().Last(); len(k) >= 8 {
			t := time.Unix(int64(binary.BigEndian.Uint64(k)), 0)
			return storeClock{Wall: t, Store: t}, true
		}
	}
	return c, false
}
