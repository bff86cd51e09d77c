package schedule

import (
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// TestWeeklyDayNames: "weekly DAY HH:MM" takes a weekday's name, its plural
// or one of its usual abbreviations, in any case, with or without a dot,
// and nothing else: "month" and "mondayxyz" were taken for Monday. The
// release before that rule took "mondays", "weds" and "Fridays", and so
// does this one. A word that is not a day is told so.
func TestWeeklyDayNames(t *testing.T) {
	tests := []struct {
		day  string
		want time.Weekday // -1: refused
	}{
		{"mon", time.Monday}, {"Monday", time.Monday},
		{"tue", time.Tuesday}, {"tues", time.Tuesday}, {"tuesday", time.Tuesday},
		{"wed", time.Wednesday}, {"WEDNESDAY", time.Wednesday},
		{"thu", time.Thursday}, {"thur", time.Thursday}, {"thurs", time.Thursday}, {"thursday", time.Thursday},
		{"fri", time.Friday}, {"friday", time.Friday},
		{"sat", time.Saturday}, {"saturday", time.Saturday},
		{"sun", time.Sunday}, {"sunday", time.Sunday},
		{"mondays", time.Monday}, {"Fridays", time.Friday}, {"thursdays", time.Thursday}, {"SATURDAYS", time.Saturday},
		{"weds", time.Wednesday}, {"Weds", time.Wednesday},
		{"mon.", time.Monday}, {"Tues.", time.Tuesday}, {"weds.", time.Wednesday}, {"thurs.", time.Thursday},
		{"Sundays.", time.Sunday}, {"friday.", time.Friday},
		{"month", -1}, {"mondayxyz", -1}, {"sunny", -1}, {"satellite", -1}, {"saturn", -1},
		{"mo", -1}, {"wedding", -1}, {"days", -1}, {"mondayss", -1}, {"mon..", -1}, {"wedss", -1},
	}
	from := mustTime(t, "2024-03-20T12:00:00Z") // a Wednesday
	for _, tt := range tests {
		t.Run(tt.day, func(t *testing.T) {
			spec := "weekly " + tt.day + " 08:00"
			tm, err := ParseTiming(spec, "")
			if tt.want < 0 {
				if chronicle.ErrorCode(err) != chronicle.EINVALID || !strings.Contains(chronicle.ErrorMessage(err), "is not a day of the week") {
					t.Errorf("ParseTiming(%q) = %v, want EINVALID saying it is not a day of the week", spec, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseTiming(%q): %v", spec, err)
			}
			if got := tm.Next(from); got.Weekday() != tt.want || got.Hour() != 8 {
				t.Errorf("ParseTiming(%q).Next = %s (%s), want %s 08:00", spec, got, got.Weekday(), tt.want)
			}
		})
	}
}
