package schedule

import (
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle/internal/digest"
)

// TestDescribeYear: a list line gives the year of its next run and last
// post when it is not the current year, so that a run 292 years away
// ("@every 2562047h") or on the next 29 February does not read as this
// year's; this year's times read as before, without it.
func TestDescribeYear(t *testing.T) {
	now := mustTime(t, "2026-12-05T10:00:00Z")
	tests := []struct {
		name    string
		now     time.Time
		s       Schedule
		want    string
		notWant string
	}{
		{"daily", now, Schedule{Spec: "daily 08:00"}, "next Sun 6 Dec 08:00 UTC", "2026"},
		{"29 February", now, Schedule{Spec: "0 0 29 2 *"}, "next Tue 29 Feb 2028 00:00 UTC", ""},
		{"292 years", now, Schedule{Spec: "@every 2562047h"},
			"next " + now.Add(2562047*time.Hour).Format("Mon 2 Jan 2006 15:04 MST"), ""},
		{"new year, in the schedule's zone", mustTime(t, "2026-12-31T12:00:00Z"), Schedule{Spec: "daily 08:00", Timezone: "Asia/Tokyo"},
			"next Fri 1 Jan 2027 08:00 JST", ""},
		{"posted last year", now, Schedule{Spec: "daily 08:00", LastRun: mustTime(t, "2025-03-02T08:00:00Z")},
			"last posted 2 Mar 2025 08:00 UTC", ""},
		{"topic quoted as typed", now, Schedule{Spec: "daily 08:00", Topic: `"unterminated`}, `topic “"unterminated”`, `\"`},
		{"posted this year", now, Schedule{Spec: "daily 08:00", LastRun: mustTime(t, "2026-12-05T08:00:00Z")},
			"last posted 5 Dec 08:00 UTC", "2026"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.s.ID, tt.s.Days = "1", 1
			got := tt.s.Describe(tt.now)
			if !strings.Contains(got, tt.want) || tt.notWant != "" && strings.Contains(got, tt.notWant) {
				t.Errorf("Describe(%s) = %q, want %q in it (and not %q)", tt.now, got, tt.want, tt.notWant)
			}
		})
	}
}

// TestWatchDescribeYear: a watch's list line gives the year of its last
// post when it is not the current year, as a schedule's does; this year's
// reads without it.
func TestWatchDescribeYear(t *testing.T) {
	now := mustTime(t, "2026-01-02T10:00:00Z")
	tests := []struct {
		name    string
		w       Watch
		want    string
		notWant string
	}{
		{"posted last year", Watch{Posted: 3, LastPosted: mustTime(t, "2025-12-31T23:30:00Z")}, "3 articles posted, last 31 Dec 2025 23:30 UTC", ""},
		{"one, last year", Watch{Posted: 1, LastPosted: mustTime(t, "2024-03-02T08:00:00Z")}, "1 article posted, last 2 Mar 2024 08:00 UTC", ""},
		{"posted this year", Watch{Posted: 2, LastPosted: mustTime(t, "2026-01-01T00:10:00Z")}, "2 articles posted, last 1 Jan 00:10 UTC", "2026"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.w.ID, tt.w.Query = "1", "moscow"
			got := tt.w.Describe(now)
			if !strings.Contains(got, tt.want) || tt.notWant != "" && strings.Contains(got, tt.notWant) {
				t.Errorf("Describe(%s) = %q, want %q in it (and not %q)", now, got, tt.want, tt.notWant)
			}
		})
	}
}

// TestDescribeQuotesAsDigest: a schedule's topic and a watch's query are
// quoted in their list lines as a digest's heading quotes its topic
// (digest.Quoted): in curly quotes, as typed, a control character or a
// direction mark a space. A watch's query went raw, a direction mark and
// all, into /watch list.
func TestDescribeQuotesAsDigest(t *testing.T) {
	now := mustTime(t, "2026-12-05T10:00:00Z")
	for _, tt := range []struct {
		name, typed, want string
	}{
		{"plain", "moscow", "“moscow”"},
		{"a quote", `"unterminated`, `“"unterminated”`},
		{"a direction mark", "moscow\u200e attack", "“moscow  attack”"},
		{"a control character", "moscow\x01attack", "“moscow attack”"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := digest.Quoted(tt.typed); got != tt.want {
				t.Errorf("digest.Quoted(%q) = %q, want %q", tt.typed, got, tt.want)
			}
			s := Schedule{ID: "1", Spec: "daily 08:00", Days: 1, Topic: tt.typed}
			if got := s.Describe(now); !strings.Contains(got, ", topic "+tt.want+",") {
				t.Errorf("Schedule.Describe = %q, want topic %s in it", got, tt.want)
			}
			w := Watch{ID: "1", Query: tt.typed}
			if got := w.Describe(now); !strings.HasPrefix(got, "watch 1: "+tt.want+";") {
				t.Errorf("Watch.Describe = %q, want it to begin watch 1: %s;", got, tt.want)
			}
		})
	}
}
