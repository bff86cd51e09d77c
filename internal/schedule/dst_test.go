package schedule

import (
	"log/slog"
	"testing"
	"time"
)

// TestRunsAcrossDaylightSaving steps a fake clock every 5 minutes through
// both daylight-saving changes of 2024 in a zone whose clocks move by 30
// minutes (Australia/Lord_Howe: back from 02:00 LHDT to 01:30 LHST on 7
// April, forward from 02:00 LHST to 02:30 LHDT on 6 October), in a zone
// whose clocks move by an hour (Europe/Paris: forward on 31 March, back on
// 27 October) and in UTC, and lists every run the scheduler posts. A daily
// time runs once per calendar day: at its first occurrence when it happens
// twice, at the first instant after the gap when it does not exist. An
// hourly schedule runs every hour of real time: never two runs less than an
// hour apart, no hour of real time left out where the zone's clock allows
// a run (where clocks move by 30 minutes, one run is 90 minutes after the
// one before it).
func TestRunsAcrossDaylightSaving(t *testing.T) {
	const (
		lhFallDays   = "2024-04-05T12:00:00Z/2024-04-07T18:00:00Z"
		lhFallHours  = "2024-04-06T11:00:00Z/2024-04-06T19:00:00Z"
		lhSpringDays = "2024-10-04T12:00:00Z/2024-10-06T18:00:00Z"
		lhSpringHrs  = "2024-10-05T11:00:00Z/2024-10-05T19:00:00Z"
		paFallDays   = "2024-10-25T12:00:00Z/2024-10-28T06:00:00Z"
		paFallHours  = "2024-10-26T21:00:00Z/2024-10-27T05:00:00Z"
		paSpringDays = "2024-03-29T12:00:00Z/2024-04-01T06:00:00Z"
		paSpringHrs  = "2024-03-30T21:00:00Z/2024-03-31T05:00:00Z"
	)
	tests := []struct {
		name, tz, spec string
		window         string   // from/to, UTC; the schedule is added at from
		want           []string // every due time posted, UTC
	}{
		// Lord_Howe, clocks back 30 minutes at 15:00Z on 6 April.
		{"Lord_Howe back hourly", "Australia/Lord_Howe", "0 * * * *", lhFallHours, []string{
			"12:00", "13:00", "14:00", "15:30", "16:30", "17:30", "18:30"}},
		{"Lord_Howe back hourly at :45", "Australia/Lord_Howe", "45 * * * *", lhFallHours, []string{
			"11:45", "12:45", "13:45", "14:45", // 01:45 LHDT; 01:45 LHST (15:15Z) is 30 minutes later
			"16:15", "17:15", "18:15"}},
		{"Lord_Howe back every 1h", "Australia/Lord_Howe", "@every 1h", lhFallHours, []string{
			"12:00", "13:00", "14:00", "15:00", "16:00", "17:00", "18:00", "19:00"}},
		{"Lord_Howe back daily 02:15", "Australia/Lord_Howe", "daily 02:15", lhFallDays, []string{
			"2024-04-05T15:15:00Z", "2024-04-06T15:45:00Z", "2024-04-07T15:45:00Z"}},
		{"Lord_Howe back daily 01:45 (twice) runs once", "Australia/Lord_Howe", "daily 01:45", lhFallDays, []string{
			"2024-04-05T14:45:00Z", "2024-04-06T14:45:00Z", "2024-04-07T15:15:00Z"}},
		// Lord_Howe, clocks forward 30 minutes at 15:30Z on 5 October.
		{"Lord_Howe forward hourly", "Australia/Lord_Howe", "0 * * * *", lhSpringHrs, []string{
			"11:30", "12:30", "13:30", "14:30", // 01:00 LHST; 02:00 does not exist, 02:30 LHDT is 30 minutes before 03:00
			"16:00", "17:00", "18:00", "19:00"}},
		{"Lord_Howe forward hourly at :45", "Australia/Lord_Howe", "45 * * * *", lhSpringHrs, []string{
			"11:15", "12:15", "13:15", "14:15", "15:15", // 01:45 LHST; 02:45 LHDT (15:45Z) is 30 minutes later
			"16:45", "17:45", "18:45"}},
		{"Lord_Howe forward every 1h", "Australia/Lord_Howe", "@every 1h", lhSpringHrs, []string{
			"12:00", "13:00", "14:00", "15:00", "16:00", "17:00", "18:00", "19:00"}},
		{"Lord_Howe forward daily 02:15 (missing) runs after the gap", "Australia/Lord_Howe", "daily 02:15", lhSpringDays, []string{
			"2024-10-04T15:45:00Z", "2024-10-05T15:30:00Z", "2024-10-06T15:15:00Z"}},
		{"Lord_Howe forward daily 01:45", "Australia/Lord_Howe", "daily 01:45", lhSpringDays, []string{
			"2024-10-04T15:15:00Z", "2024-10-05T15:15:00Z", "2024-10-06T14:45:00Z"}},
		// Paris, clocks back an hour at 01:00Z on 27 October.
		{"Paris back hourly", "Europe/Paris", "0 * * * *", paFallHours, []string{
			"2024-10-26T22:00:00Z", "2024-10-26T23:00:00Z", "00:00", "01:00", // 02:00 CEST and 02:00 CET
			"02:00", "03:00", "04:00", "05:00"}},
		{"Paris back daily 02:15 (twice) runs once", "Europe/Paris", "daily 02:15", paFallDays, []string{
			"2024-10-26T00:15:00Z", "2024-10-27T00:15:00Z", "2024-10-28T01:15:00Z"}},
		{"Paris back daily 01:45", "Europe/Paris", "daily 01:45", paFallDays, []string{
			"2024-10-25T23:45:00Z", "2024-10-26T23:45:00Z", "2024-10-28T00:45:00Z"}},
		// Paris, clocks forward an hour at 01:00Z on 31 March.
		{"Paris forward hourly", "Europe/Paris", "0 * * * *", paSpringHrs, []string{
			"2024-03-30T22:00:00Z", "2024-03-30T23:00:00Z", "00:00", "01:00", "02:00", "03:00", "04:00", "05:00"}},
		{"Paris forward daily 02:15 (missing) runs after the gap", "Europe/Paris", "daily 02:15", paSpringDays, []string{
			"2024-03-30T01:15:00Z", "2024-03-31T01:00:00Z", "2024-04-01T00:15:00Z"}},
		{"Paris forward daily 01:45", "Europe/Paris", "daily 01:45", paSpringDays, []string{
			"2024-03-30T00:45:00Z", "2024-03-31T00:45:00Z", "2024-03-31T23:45:00Z"}},
		// UTC has no changes.
		{"UTC hourly", "UTC", "0 * * * *", lhFallHours, []string{
			"12:00", "13:00", "14:00", "15:00", "16:00", "17:00", "18:00", "19:00"}},
		{"UTC daily 02:15", "UTC", "daily 02:15", lhFallDays, []string{"2024-04-06T02:15:00Z", "2024-04-07T02:15:00Z"}},
		{"UTC daily 01:45", "UTC", "daily 01:45", lhFallDays, []string{"2024-04-06T01:45:00Z", "2024-04-07T01:45:00Z"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			from, to := mustTime(t, tt.window[:20]), mustTime(t, tt.window[21:])
			var want []time.Time
			for _, w := range tt.want {
				if len(w) == len("15:04") { // a time on the window's last day
					w = to.Format("2006-01-02T") + w + ":00Z"
				}
				want = append(want, mustTime(t, w))
			}
			e := newEnv(t, from.Format(time.RFC3339))
			e.sched.Logger = slog.New(slog.DiscardHandler)
			e.add(t, Schedule{Spec: tt.spec, Timezone: tt.tz})
			for at := from.Add(5 * time.Minute); !at.After(to); at = at.Add(5 * time.Minute) {
				e.tick(t, at)
			}
			var got []time.Time
			seen := map[time.Time]int{}
			for _, p := range e.poster.Posts() {
				due := p.To.UTC()
				if seen[due]++; seen[due] == 2 {
					t.Errorf("the run due %s (%s) was posted twice", due.Format(time.RFC3339), local(due, tt.tz))
				}
				if n := len(got); n > 0 && due.Sub(got[n-1]) < MinInterval {
					t.Errorf("the run due %s (%s) is %s after the one before it, less than an hour",
						due.Format(time.RFC3339), local(due, tt.tz), due.Sub(got[n-1]))
				}
				got = append(got, due)
			}
			if !equalTimes(got, want) {
				t.Errorf("runs due\n%s\nwant\n%s", listTimes(got, tt.tz), listTimes(want, tt.tz))
			}
		})
	}
}

func local(at time.Time, tz string) string {
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return err.Error()
	}
	return at.In(loc).Format("Mon 2 Jan 15:04 MST")
}

func listTimes(ts []time.Time, tz string) string {
	var s string
	for _, at := range ts {
		s += "  " + at.UTC().Format(time.RFC3339) + " (" + local(at, tz) + ")\n"
	}
	return s
}

func equalTimes(a, b []time.Time) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !a[i].Equal(b[i]) {
			return false
		}
	}
	return true
}

// TestAddDaysAcrossDaylightSaving: a schedule added without Days gets the
// time between two runs in whole days. Counted in real time, a daily
// schedule added just before clocks go back (25 hours between its first two
// runs, 24.5 in Lord_Howe) got a window of 2 days for good; the days are
// counted on the wall clock.
func TestAddDaysAcrossDaylightSaving(t *testing.T) {
	tests := []struct {
		name, now, spec, tz string
		want                int
	}{
		{"daily, Paris, before clocks go back", "2024-10-25T12:00:00Z", "daily 08:00", "Europe/Paris", 1},
		{"daily, Paris, before clocks go forward", "2024-03-30T12:00:00Z", "daily 08:00", "Europe/Paris", 1},
		{"daily, Lord_Howe, before clocks go back", "2024-04-05T12:00:00Z", "daily 08:00", "Australia/Lord_Howe", 1},
		{"weekly, Paris, over the change", "2024-10-20T12:00:00Z", "weekly sat 08:00", "Europe/Paris", 7},
		{"hourly, Paris, over the change", "2024-10-27T00:30:00Z", "0 * * * *", "Europe/Paris", 1},
		{"every 36h", "2024-10-26T12:00:00Z", "@every 36h", "Europe/Paris", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, tt.now)
			if s := e.add(t, Schedule{Spec: tt.spec, Timezone: tt.tz}); s.Days != tt.want {
				t.Errorf("Add(%q in %s at %s).Days = %d, want %d", tt.spec, tt.tz, tt.now, s.Days, tt.want)
			}
		})
	}
}
