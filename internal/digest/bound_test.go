package digest

import (
	"testing"
	"time"
)

// TestHeadingWindow: a window of whole days is written as days; one that
// starts or ends within a day (the default window, the last 24 hours) with
// its times, so that it does not read as two whole days (nu42: "3 Dec 2026 –
// 4 Dec 2026" for both the last 24 hours and --since 2026-12-03).
func TestHeadingWindow(t *testing.T) {
	day := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	endOf := func(s string) time.Time { return day(s).Add(24*time.Hour - time.Nanosecond) }
	now := time.Date(2026, 12, 4, 15, 16, 0, 0, time.UTC)
	for _, tc := range []struct {
		name     string
		from, to time.Time
		want     string
	}{
		{"whole days", day("2026-12-03"), endOf("2026-12-04"), "Digest, 3 Dec 2026 – 4 Dec 2026"},
		{"one whole day", day("2024-03-25"), endOf("2024-03-25"), "Digest, 25 Mar 2024"},
		{"the last 24 hours", now.Add(-24 * time.Hour), now, "Digest, 3 Dec 2026 15:16 UTC – 4 Dec 2026 15:16 UTC"},
		{"since a day, until now", day("2026-12-03"), now, "Digest, 3 Dec 2026 – 4 Dec 2026 15:16 UTC"},
		{"open end", day("2026-12-03"), time.Time{}, "Digest, since 3 Dec 2026"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := (Digest{From: tc.from, To: tc.to}).Heading(); got != tc.want {
				t.Errorf("Heading() = %q, want %q", got, tc.want)
			}
		})
	}
}
