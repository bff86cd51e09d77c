package schedule

import (
	"errors"
	"testing"
	"time"
)

// TestRunAfterClockWentBack: a clock that was years ahead for a while (a
// wrong RTC, a bad NTP answer) and is then set right used to stop a
// schedule until the clock caught up again: its last due time, its
// creation or its retry time lay after now, so no run was due for years,
// and /schedule list still showed a next run. Now such a time counts as
// now: the schedule runs at its next times from now, each once, and says
// what happened in its last problem.
func TestRunAfterClockWentBack(t *testing.T) {
	ahead := mustTime(t, "2031-03-02T08:00:00Z")
	back := mustTime(t, "2024-03-02T09:00:00Z")
	tests := []struct {
		name  string
		ahead func(e *env) Schedule
		// told: nothing is due when the clock goes back, so the last
		// problem still says what happened.
		told bool
	}{
		{"last run ahead", func(e *env) Schedule {
			s := e.add(t, Schedule{Spec: "daily 08:00"})
			e.tick(t, ahead) // posts the run due in 2031
			return s
		}, true},
		{"created ahead", func(e *env) Schedule {
			e.clock.Set(ahead)
			return e.add(t, Schedule{Spec: "daily 08:00"})
		}, true},
		{"retry ahead", func(e *env) Schedule {
			s := e.add(t, Schedule{Spec: "daily 08:00"})
			e.poster.fail = func(call int) error {
				if call == 1 {
					return errors.New("502 Bad Gateway")
				}
				return nil
			}
			e.tick(t, ahead) // fails; retry a minute later, in 2031
			return s
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, "2024-03-01T09:00:00Z")
			s := tt.ahead(e)
			before := len(e.poster.Posts())
			e.tick(t, back)
			if x := e.get(t, s.ID); tt.told && x.LastError == "" {
				t.Errorf("after the clock went back, the schedule says nothing: %+v", x)
			}
			for d := 1; d <= 3; d++ {
				e.tick(t, back.Add(time.Duration(d)*24*time.Hour-time.Hour)) // 08:00 on the next days
				e.tick(t, back.Add(time.Duration(d)*24*time.Hour))
			}
			got := map[time.Time]int{}
			for _, p := range e.poster.Posts()[before:] {
				got[p.To.UTC()]++
			}
			for d := 1; d <= 3; d++ {
				due := mustTime(t, "2024-03-02T08:00:00Z").AddDate(0, 0, d)
				if got[due] != 1 {
					t.Errorf("posts for the run due %s = %d, want 1 (all posts after the clock went back: %v)", due, got[due], got)
				}
			}
		})
	}
}

// TestRunAfterClockWentBackALittle: a clock set back by less than the time
// to the next run (an NTP step) does not make the run just served due
// again.
func TestRunAfterClockWentBackALittle(t *testing.T) {
	e := newEnv(t, "2024-03-01T09:00:00Z")
	s := e.add(t, Schedule{Spec: "daily 08:00"})
	e.tick(t, mustTime(t, "2024-03-02T08:00:00Z"))
	for _, at := range []string{"2024-03-02T06:00:00Z", "2024-03-02T08:00:00Z", "2024-03-02T08:30:00Z", "2024-03-03T08:00:00Z"} {
		e.tick(t, mustTime(t, at))
	}
	var dues []time.Time
	for _, p := range e.poster.Posts() {
		dues = append(dues, p.To.UTC())
	}
	want := []time.Time{mustTime(t, "2024-03-02T08:00:00Z"), mustTime(t, "2024-03-03T08:00:00Z")}
	if len(dues) != len(want) || !dues[0].Equal(want[0]) || !dues[1].Equal(want[1]) {
		t.Errorf("posts for the runs due %v, want %v", dues, want)
	}
	if x := e.get(t, s.ID); x.LastError != "" {
		t.Errorf("last problem %q after a small step back, want none", x.LastError)
	}
}
