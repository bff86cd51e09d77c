package schedule

import "strings"

// legacyDay is how releases before c6186d1 read the day word of "weekly
// DAY HH:MM" (sugarWeekly): any word of letters starting with a day's
// first three letters was that day ("month" was Monday, "sundae" Sunday).
// They stored and ran such schedules. It returns those three letters, or
// false.
func legacyDay(word string) (string, bool) {
	if len(word) < 3 || strings.ContainsRune(word, '.') {
		return "", false
	}
	if _, ok := weekdayFields[word[:3]]; !ok {
		return "", false
	}
	return word[:3], true
}

// parseStored parses a stored schedule's expression in the zone tz: as
// ParseTiming does, or, when ParseTiming refuses it and an earlier release
// took it (see legacyDay), as that release read it, so that a schedule
// which ran before an upgrade is not disabled for a stricter parser. old is
// then the expression it was read as ("weekly mon 08:00"), "" otherwise.
// The error is ParseTiming's when neither reading parses the expression.
func parseStored(spec, tz string) (t Timing, old string, err error) {
	t, err = ParseTiming(spec, tz)
	if err == nil {
		return t, "", nil
	}
	m := sugarWeekly.FindStringSubmatch(strings.ToLower(strings.Join(strings.Fields(spec), " ")))
	if m == nil {
		return Timing{}, "", err
	}
	day, ok := legacyDay(m[1])
	if !ok {
		return Timing{}, "", err
	}
	old = "weekly " + day + " " + m[2] + ":" + m[3]
	t, lerr := ParseTiming(old, tz)
	if lerr != nil {
		return Timing{}, "", err
	}
	return t, old, nil
}
