package schedule

import (
	"slices"
	"time"

	"github.com/robfig/cron/v3"
)

// wallSlack is more than any zone's change of offset (Antarctica/Troll
// moves by two hours): an instant and its wall-clock reading are never
// further apart in time than the reading of another instant near it.
const wallSlack = 3 * time.Hour

// candidate returns the first instant strictly after after at which the
// expression matches the zone's clock (see occurrences), before spacing runs
// by MinInterval, or the zero time if none.
func (t Timing) candidate(after time.Time) time.Time {
	var best time.Time
	wall := toWall(after, t.loc).Add(-wallSlack)
	for range 1000 {
		wall = t.sched.Next(wall)
		if wall.IsZero() || (!best.IsZero() && wall.Sub(toWall(best, t.loc)) > wallSlack) {
			break // later readings are all later in time than best
		}
		for _, at := range t.occurrences(wall) {
			if at.After(after) && (best.IsZero() || at.Before(best)) {
				best = at
			}
		}
	}
	return best
}

// occurrences returns the instants at which the timing runs for the
// wall-clock reading wall: every instant the clock reads it for an
// expression that runs every hour (none in a gap), else the first of them,
// or the end of the gap when clocks jumped over it.
func (t Timing) occurrences(wall time.Time) []time.Time {
	at := instants(wall, t.loc)
	switch {
	case t.hourly():
		return at
	case len(at) == 0:
		return []time.Time{gapEnd(wall, t.loc)}
	default:
		return at[:1]
	}
}

// allHours is the cron bits of hours 0 to 23.
const allHours = 1<<24 - 1

// hourly reports whether the expression runs every hour of the days it
// runs on.
func (t Timing) hourly() bool {
	s, ok := t.sched.(*cron.SpecSchedule)
	return ok && s.Hour&allHours == allHours
}

// toWall returns the wall-clock reading of t in loc as a UTC time.
func toWall(t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	return time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), l.Nanosecond(), time.UTC)
}

// offsets returns the UTC offsets loc has within a day of the wall-clock
// reading wall (a UTC time holding the reading).
func offsets(wall time.Time, loc *time.Location) []time.Duration {
	var offs []time.Duration
	for _, probe := range []time.Duration{-24 * time.Hour, 0, 24 * time.Hour} {
		_, off := wall.Add(probe).In(loc).Zone()
		if d := time.Duration(off) * time.Second; !slices.Contains(offs, d) {
			offs = append(offs, d)
		}
	}
	return offs
}

// instants returns, in order, the instants at which loc's clock reads wall:
// none in a gap when clocks go forward, two when clocks go back over it.
func instants(wall time.Time, loc *time.Location) []time.Time {
	var at []time.Time
	for _, off := range offsets(wall, loc) {
		if a := wall.Add(-off); toWall(a, loc).Equal(wall) && !slices.ContainsFunc(at, a.Equal) {
			at = append(at, a)
		}
	}
	slices.SortFunc(at, time.Time.Compare)
	return at
}

// gapEnd returns the first instant after the gap that loc's clock jumped
// over wall in: the instant the new offset began.
func gapEnd(wall time.Time, loc *time.Location) time.Time {
	offs := offsets(wall, loc)
	// Read with the offset before the jump (the smaller one), wall is an
	// instant inside the new offset's span.
	start, _ := wall.Add(-slices.Min(offs)).In(loc).ZoneBounds()
	if start.IsZero() { // no change of offset: not a gap after all
		return time.Date(wall.Year(), wall.Month(), wall.Day(), wall.Hour(), wall.Minute(), wall.Second(), wall.Nanosecond(), loc)
	}
	return start
}
