package corpus

import (
	"net/url"
	"strconv"
	"strings"
	"time"
)

// dateLayouts are tried in order by parseDate; the common ones come first.
// Times without a zone are taken as UTC. When parsing, Go accepts
// fractional seconds after the seconds field even where a layout has none.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04:05Z0700",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 -0700 MST",
	"2006-01-02T15:04",
	"2006-01-02 15:04",
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"Mon, 2 Jan 2006 15:04 -0700",
	"2 Jan 2006 15:04:05 -0700",
	time.RFC822Z,
	time.RFC822,
	time.RFC850,
	time.ANSIC,
	time.UnixDate,
	"2-Jan-2006 15:04:05", // Reuters: "26-FEB-1987 15:01:01.79"
	"2-Jan-2006",
	"January 2, 2006 15:04",
	"January 2, 2006",
	"Jan 2, 2006",
	"2 January 2006",
	"2 Jan 2006",
	"2006/01/02 15:04:05",
	"2006/01/02",
	"20060102",
}

// parseDate parses a date in any of dateLayouts, or a Unix time in seconds
// or milliseconds. ok is false when s is not empty and matches nothing.
func parseDate(s string) (t time.Time, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, true
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	if n, err := strconv.ParseFloat(s, 64); err == nil && len(s) >= 9 {
		return unixTime(n), true
	}
	return time.Time{}, false
}

// unixTime converts seconds (or milliseconds, for values too large to be
// seconds) since 1970 to a UTC time.
func unixTime(n float64) time.Time {
	if n > 1e11 {
		return time.UnixMilli(int64(n)).UTC()
	}
	return time.Unix(int64(n), 0).UTC()
}

// outletFromURL derives a source name from a link's host:
// "https://www.usatoday.com/story/..." gives "usatoday.com".
func outletFromURL(link string) string {
	u, err := url.Parse(strings.TrimSpace(link))
	if err != nil || u.Host == "" {
		return ""
	}
	host := strings.ToLower(u.Hostname())
	return strings.TrimPrefix(host, "www.")
}
