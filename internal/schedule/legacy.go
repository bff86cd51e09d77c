package schedule

import (
	"regexp"
	"strings"
)

// legacyWeekly is how releases before c6186d1 read "weekly DAY HH:MM": any
// word starting with a day's first three letters was that day ("month" was
// Monday, "sundae" Sunday). They stored and ran such schedules.
var legacyWeekly = regexp.MustCompile(`^weekly\s+(mon|tue|wed|thu|fri|sat|sun)[a-z]*\s+(\d{1,2}):(\d{2})$`)

// parseStored parses a stored schedule's expression in the zone tz: as
// ParseTiming does, or, when ParseTiming refuses it and an earlier release
// took it (see legacyWeekly), as that release read it, so that a schedule
// which ran before an upgrade is not disabled for a stricter parser. old is
// then the expression it was read as ("weekly mon 08:00"), "" otherwise.
// The error is ParseTiming's when neither reading parses the expression.
func parseStored(spec, tz string) (t Timing, old string, err error) {
	t, err = ParseTiming(spec, tz)
	if err == nil {
		return t, "", nil
	}
	m := legacyWeekly.FindStringSubmatch(strings.ToLower(strings.Join(strings.Fields(spec), " ")))
	if m == nil {
		return Timing{}, "", err
	}
	old = "weekly " + m[1] + " " + m[2] + ":" + m[3]
	t, lerr := ParseTiming(old, tz)
	if lerr != nil {
		return Timing{}, "", err
	}
	return t, old, nil
}
