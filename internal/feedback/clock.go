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
// every answer at once, and after a step back the answers shown meanwhile
// expired early once the clock was set right.
//
// So the store keeps a clock of its own, in the file (metaBucket,
// clockKey): at each write, the system time and the store's time. An
// operation adds to the store's time of the last write the system time
// that passed since: time between writes counts as time passing, however
// long, across idle periods and restarts, so that the answers of a quiet
// bot expire. (An earlier rule took a gap of more than MaxAge for a step
// and counted none of it: a bot writing less often than that never
// expired an answer.) Wall time alone cannot tell a step from a bot idle
// or stopped that long; a step is told apart only where it can be:
//
//   - Within one process, when the file's last write was this Store's
//     (Store.mark), the system time that passed is compared with the time that
//     passed by the monotonic clock. When they differ by more than
//     stepQuiet, the system clock stepped: the monotonic time is counted,
//     so a step forward expires nothing and a step back runs nothing back.
//   - Across a restart (or a write by another process) only a step back
//     shows: the system clock is behind the store's last write. The store's
//     clock does not run back; it goes on from the last write.
//
// OnClockStep is told once per step so told, once its write is committed.
// The price: a step forward while the bot was stopped counts as time
// passing (answers shown before it may expire early), and so does a step
// back set right while it was stopped; and the monotonic clock of Linux
// stops while the machine is suspended, so a machine asleep keeps its
// answers that much longer (its sleep is told as a step). When answers
// were last shown (record.Shown and the index, shownBucket) is told by the
// store's clock.
var clockKey = []byte("clock")

// stepQuiet is how far the system clock may move from the monotonic one
// between two writes without a step being told or left uncounted (NTP
// steps of a second).
const stepQuiet = time.Minute

// storeClock is the store's clock at its last write.
type storeClock struct {
	// Wall is the system time at the last write; Store the store's time.
	Wall  time.Time `json:"wall"`
	Store time.Time `json:"store"`
}

// reading is the clocks read at the start of an operation: the system time
// (Options.Now, with Go's monotonic reading when it keeps one) and
// Options.Monotonic's reading, when set.
type reading struct {
	wall time.Time
	mono time.Duration
}

// read reads the clocks.
func (st *Store) read() reading {
	r := reading{wall: st.opts.Now()}
	if st.opts.Monotonic != nil {
		r.mono = st.opts.Monotonic()
	}
	return r
}

// lastWrite is a Store's write of the file's clock: the clocks read
// then and the clock it wrote.
type lastWrite struct {
	at    reading
	clock storeClock
}

// elapsed is the time from m to r by the monotonic clock: Options.Monotonic,
// or the monotonic readings of the times Options.Now gave (time.Time.Sub
// uses them when both have one; without, it is the system time that
// passed, and no step is found). Never less than 0.
func (st *Store) elapsed(m lastWrite, r reading) time.Duration {
	d := r.wall.Sub(m.at.wall)
	if st.opts.Monotonic != nil {
		d = r.mono - m.at.mono
	}
	return max(d, 0)
}

// ClockStep is a step of the system clock that the store did not count as
// time passing (Options.OnClockStep).
type ClockStep struct {
	// From is the system time at the store's last write; To the time now.
	From, To time.Time
	// Elapsed is the time that passed meanwhile by the monotonic clock,
	// which the store counted; 0 for a step told across a restart, when
	// the system clock is behind the last write (the monotonic clock of a
	// process that ended says nothing).
	Elapsed time.Duration
}

// Step is how far the system clock stepped: forward when positive.
func (s ClockStep) Step() time.Duration { return s.To.Sub(s.From) - s.Elapsed }

// String is the sentence for the log.
func (s ClockStep) String() string {
	from, to := s.From.Format(time.RFC3339), s.To.Format(time.RFC3339)
	switch step := s.Step(); {
	case s.Elapsed == 0 && step < 0:
		return fmt.Sprintf("the system clock is %s behind the last write of the feedback store (at %s, now %s): "+
			"the store's clock does not run back; it goes on from the last write", approx(-step), from, to)
	case step < 0:
		return fmt.Sprintf("the system clock stepped %s back since the last write of the feedback store (at %s, now %s, "+
			"though %s passed): the store's clock does not run back; it counts the time that passed",
			approx(-step), from, to, approx(s.Elapsed))
	default:
		return fmt.Sprintf("the system clock stepped %s forward since the last write of the feedback store (at %s, now %s, "+
			"though %s passed): the step is not counted as time passing, so it expires no answer",
			approx(step), from, to, approx(s.Elapsed))
	}
}

// approx is d in days (the nearest) when it is two or more, else to the
// second.
func approx(d time.Duration) string {
	if d >= 48*time.Hour {
		return fmt.Sprintf("%d days", d.Round(24*time.Hour)/(24*time.Hour))
	}
	return d.Round(time.Second).String()
}

// clockAt returns the store's time at the clocks' reading r. In a
// writable tx it keeps both times in the file, and keeps for the operation
// the mark of this write and the step it did not count, if any: once the
// write is committed (with), the mark is this Store's and OnClockStep is
// told; a write rolled back (a vote refused) leaves both to the next.
func (st *Store) clockAt(tx *bolt.Tx, r reading) (time.Time, error) {
	wall := r.wall.Round(0) // no monotonic reading: the file keeps none
	last, ok := lastClock(tx)
	now, step := wall, (*ClockStep)(nil)
	if ok {
		gap := wall.Sub(last.Wall)
		switch m := st.mark; {
		case m != nil && m.clock.Wall.Equal(last.Wall) && m.clock.Store.Equal(last.Store):
			// The last write was this Store's: the monotonic clock tells.
			elapsed := st.elapsed(*m, r)
			if d := gap - elapsed; d > stepQuiet || d < -stepQuiet {
				gap = elapsed
				step = &ClockStep{From: last.Wall, To: wall, Elapsed: elapsed}
			}
		case gap < -stepQuiet:
			step = &ClockStep{From: last.Wall, To: wall}
		}
		now = last.Store.Add(max(gap, 0))
	}
	if !tx.Writable() {
		return now, nil
	}
	meta, err := tx.CreateBucketIfNotExists(metaBucket)
	if err != nil {
		return now, fmt.Errorf("the store's clock: %w", err)
	}
	c := storeClock{Wall: wall.UTC(), Store: now.UTC()}
	data, err := json.Marshal(c)
	if err != nil {
		return now, fmt.Errorf("the store's clock: %w", err)
	}
	if err := meta.Put(clockKey, data); err != nil {
		return now, fmt.Errorf("the store's clock: %w", err)
	}
	st.next, st.step = &lastWrite{at: r, clock: c}, step
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
