package schedule

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/discordtext"
	"github.com/robfig/cron/v3"
)

// MinInterval is the shortest allowed time between two runs of a schedule.
const MinInterval = time.Hour

// Timing is a parsed schedule expression in its time zone.
type Timing struct {
	sched cron.Schedule
	loc   *time.Location
}

var (
	sugarDaily  = regexp.MustCompile(`^(daily|weekdays)\s+(\d{1,2}):(\d{2})$`)
	sugarWeekly = regexp.MustCompile(`^weekly\s+([a-z][a-z.]*)\s+(\d{1,2}):(\d{2})$`)
	cronParser  = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)
	// weekdayFields are the day names "weekly DAY HH:MM" takes, full and
	// in their usual abbreviations, with their cron day-of-week (see
	// weekdayField for plurals and a dot).
	weekdayFields = map[string]string{
		"mon": "1", "monday": "1",
		"tue": "2", "tues": "2", "tuesday": "2",
		"wed": "3", "weds": "3", "wednesday": "3",
		"thu": "4", "thur": "4", "thurs": "4", "thursday": "4",
		"fri": "5", "friday": "5",
		"sat": "6", "saturday": "6",
		"sun": "0", "sunday": "0",
	}
)

// weekdayField is the cron day-of-week of a day word of "weekly DAY HH:MM"
// in lower case: a day's name or its plural ("mondays"), or one of its
// usual abbreviations, each with or without a dot ("tues.").
func weekdayField(word string) (string, bool) {
	w := strings.TrimSuffix(word, ".")
	if one, ok := strings.CutSuffix(w, "s"); ok && strings.HasSuffix(one, "day") {
		w = one
	}
	dow, ok := weekdayFields[w]
	return dow, ok
}

// expand turns the sugar "daily HH:MM", "weekdays HH:MM" and
// "weekly DAY HH:MM" into a cron expression; other text is returned as is.
func expand(spec string) (string, error) {
	s := strings.ToLower(strings.Join(strings.Fields(spec), " "))
	hm := func(h, m string) (string, string, error) {
		hh, _ := strconv.Atoi(h) // the patterns admit digits only
		mm, _ := strconv.Atoi(m)
		if hh > 23 || mm > 59 {
			return "", "", chronicle.Errorf(chronicle.EINVALID, "“%s” is not a time of day: use HH:MM from 00:00 to 23:59.", h+":"+m)
		}
		return fmt.Sprint(mm), fmt.Sprint(hh), nil
	}
	if m := sugarDaily.FindStringSubmatch(s); m != nil {
		mm, hh, err := hm(m[2], m[3])
		if m[1] == "weekdays" {
			return mm + " " + hh + " * * 1-5", err
		}
		return mm + " " + hh + " * * *", err
	}
	if m := sugarWeekly.FindStringSubmatch(s); m != nil {
		dow, ok := weekdayField(m[1])
		if !ok { // "month" and "mondayxyz" were Monday
			return "", chronicle.Errorf(chronicle.EINVALID,
				"“%s” is not a day of the week: write mon, tue, wed, thu, fri, sat or sun, or the day's full name, for example \"weekly mon 08:00\".", m[1])
		}
		mm, hh, err := hm(m[2], m[3])
		return mm + " " + hh + " * * " + dow, err
	}
	return strings.TrimSpace(spec), nil
}

// ParseTiming parses a schedule expression in the IANA time zone tz ("" is
// UTC). The expression is a five-field cron expression (minute hour
// day-of-month month day-of-week), a descriptor such as "@daily", or the
// sugar "daily 08:00", "weekdays 08:00" or "weekly mon 08:00" (a day's
// name or its plural, or mon, tue, tues, wed, weds, thu, thur, thurs, fri,
// sat, sun, in any case, with or without a dot). Errors are
// *chronicle.Error with code EINVALID and a message for the user.
func ParseTiming(spec, tz string) (Timing, error) {
	loc, err := LoadLocation(tz)
	if err != nil {
		return Timing{}, err
	}
	if strings.HasPrefix(spec, "CRON_TZ=") || strings.HasPrefix(spec, "TZ=") {
		return Timing{}, chronicle.Errorf(chronicle.EINVALID, "Give the time zone with the timezone option, not in the expression.")
	}
	expr, err := expand(spec)
	if err != nil {
		return Timing{}, err
	}
	// The expression is evaluated on wall-clock time (see Next), so it is
	// parsed in UTC, which has no daylight-saving changes.
	sched, err := cronParser.Parse("CRON_TZ=UTC " + expr)
	if err != nil {
		// "weekdays 8am" got the cron parser's "expected exactly 5
		// fields" (nu43): a word of the sugar with another time is told
		// how to write the time.
		switch f := strings.Fields(strings.ToLower(spec)); {
		case len(f) >= 2 && (f[0] == "daily" || f[0] == "weekdays"):
			return Timing{}, chronicle.Errorf(chronicle.EINVALID,
				"“%s” is not a schedule: write the time as HH:MM on a 24-hour clock, for example \"%s 08:00\" or \"%s 18:30\".", discordtext.Escape(spec), f[0], f[0])
		case len(f) >= 2 && f[0] == "weekly":
			return Timing{}, chronicle.Errorf(chronicle.EINVALID,
				"“%s” is not a schedule: write a day and the time as HH:MM on a 24-hour clock, for example \"weekly mon 08:00\".", discordtext.Escape(spec))
		}
		// The cron parser's words ("expected exactly 5 fields, found 4")
		// help only with what was meant as a cron expression: five
		// fields, or a descriptor such as "@daily" (nu44: "every day at
		// 8am" got them).
		why := ""
		if f := strings.Fields(spec); len(f) == 5 || strings.HasPrefix(spec, "@") {
			why = fmt.Sprintf(": %v", err)
		}
		return Timing{}, chronicle.Errorf(chronicle.EINVALID,
			"“%s” is not a schedule%s. Use \"daily 08:00\", \"weekdays 08:00\", \"weekly mon 08:00\" or a cron expression such as \"0 8 * * 1-5\".", discordtext.Escape(spec), discordtext.Escape(why))
	}
	t := Timing{sched: sched, loc: loc}
	if err := t.checkInterval(); err != nil {
		return Timing{}, err
	}
	return t, nil
}

// LoadLocation loads an IANA time zone ("" and "UTC" are UTC), with an
// EINVALID error naming the zone when it is unknown.
func LoadLocation(tz string) (*time.Location, error) {
	if tz == "" {
		return time.UTC, nil
	}
	loc, err := time.LoadLocation(tz)
	if err != nil || strings.EqualFold(tz, "local") {
		return nil, chronicle.Errorf(chronicle.EINVALID, "Unknown time zone “%s”: use an IANA name such as Europe/Paris or America/New_York.", discordtext.Escape(tz))
	}
	return loc, nil
}

// checkInterval rejects expressions that fire more often than MinInterval
// (judged over the next few runs) or never.
func (t Timing) checkInterval() error {
	tooOften := chronicle.Errorf(chronicle.EINVALID, "That schedule runs more often than once an hour; digests can run at most hourly.")
	// The expression's own runs first, on a clock without daylight-saving
	// changes: Next leaves out the runs that come too soon, so an
	// expression of every minute ("* * * * *") had none left within its
	// thousand tries and was told it never runs, after a second of CPU
	// (helper 73).
	start := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	if raw := t.sched.Next(start); !raw.IsZero() && !spaced(t.sched.Next, raw) {
		return tooOften
	}
	first := t.Next(start)
	if first.IsZero() {
		return chronicle.Errorf(chronicle.EINVALID, "That schedule never runs.")
	}
	if !spaced(t.Next, first) {
		return tooOften
	}
	return nil
}

// spaced reports whether the next 48 runs after first, as next gives them,
// come at least MinInterval apart.
func spaced(next func(time.Time) time.Time, first time.Time) bool {
	prev := first
	for range 48 {
		at := next(prev)
		if at.IsZero() {
			return true
		}
		if at.Sub(prev) < MinInterval {
			return false
		}
		prev = at
	}
	return true
}

// Location is the timing's time zone.
func (t Timing) Location() *time.Location { return t.loc }

// Next returns the first run strictly after after, or the zero time if none.
//
// The expression is matched against the local wall clock of the timing's
// zone, so "daily 08:00" runs at 08:00 local time in winter and in summer.
// Across daylight-saving changes (of an hour, or of 30 minutes as in
// Australia/Lord_Howe):
//   - A time of day runs once on its day: a time that happens twice when
//     clocks go back runs at its first occurrence only, and a time that
//     does not exist when clocks go forward (02:30 on the spring day in
//     Paris) runs at the first instant after the gap (03:00).
//   - An expression that runs every hour (its hour field is "*") runs in
//     real time: at every instant the clock reads one of its times, so the
//     hour that clocks go back over runs again (02:00 CEST and 02:00 CET in
//     Paris) and a time that the jump skips is not made up. An "@every"
//     delay is real time too.
//   - No run comes less than MinInterval after the one before it; such a
//     run is left out. Where clocks move by 30 minutes, an hourly run thus
//     comes 90 minutes after the one before it, never 30.
func (t Timing) Next(after time.Time) time.Time {
	if _, ok := t.sched.(cron.ConstantDelaySchedule); ok {
		return t.sched.Next(after)
	}
	for range 1000 {
		at := t.candidate(after)
		if at.IsZero() {
			return at
		}
		if prev := t.candidate(at.Add(-MinInterval)); prev.IsZero() || !prev.Before(at) {
			return at
		}
		after = at // too close to the run before it
	}
	return time.Time{}
}

// between returns the time from the run at to the run next: on the wall
// clock for an expression (runs a day apart are 24 hours apart even when
// clocks changed between them), in real time for "@every".
func (t Timing) between(at, next time.Time) time.Duration {
	if _, ok := t.sched.(cron.ConstantDelaySchedule); ok {
		return next.Sub(at)
	}
	return toWall(next, t.loc).Sub(toWall(at, t.loc))
}

// Prev returns the latest run at or before now and strictly after since, or
// the zero time when there is none. Catch-up uses it: however many runs were
// missed since the last one, only the most recent is due.
func (t Timing) Prev(since, now time.Time) time.Time {
	if oldest := now.AddDate(-1, 0, 0); since.Before(oldest) {
		since = oldest // bounds the walk; a year-old run is long superseded
	}
	var due time.Time
	for next := t.Next(since); !next.IsZero() && !next.After(now); next = t.Next(next) {
		due = next
	}
	return due
}
