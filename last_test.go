package chronicle

import (
	"testing"
	"time"
)

// TestLastUndoubted: the last instant a date is not taken for a mistake is
// the end of the UTC day after now's UTC day, whatever now's location.
func TestLastUndoubted(t *testing.T) {
	kiritimati := time.FixedZone("UTC+14", 14*3600)
	baker := time.FixedZone("UTC-12", -12*3600)
	want := time.Date(2024, 3, 27, 23, 59, 59, 999999999, time.UTC)
	for _, tc := range []struct {
		name string
		now  time.Time
		want time.Time
	}{
		{"start of a UTC day", time.Date(2024, 3, 26, 0, 0, 0, 0, time.UTC), want},
		{"end of a UTC day", time.Date(2024, 3, 26, 23, 59, 59, 0, time.UTC), want},
		{"east of UTC, a day ahead", time.Date(2024, 3, 27, 9, 0, 0, 0, kiritimati), want},
		{"west of UTC, a day behind", time.Date(2024, 3, 25, 13, 0, 0, 0, baker), want},
		{"end of a year", time.Date(2024, 12, 31, 12, 0, 0, 0, time.UTC), time.Date(2025, 1, 1, 23, 59, 59, 999999999, time.UTC)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := LastUndoubted(tc.now); !got.Equal(tc.want) || got.Location() != time.UTC {
				t.Errorf("LastUndoubted(%v) = %v, want %v", tc.now, got, tc.want)
			}
		})
	}
}
