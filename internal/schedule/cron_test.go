package schedule

import (
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
)

func TestParseTiming(t *testing.T) {
	tests := []struct {
		name, spec, tz string
		wantCode       string
	}{
		{"daily sugar", "daily 08:00", "Europe/Paris", ""},
		{"weekly sugar", "weekly mon 8:30", "America/New_York", ""},
		{"weekdays sugar", "Weekdays 07:15", "", ""},
		{"cron", "0 8 * * 1-5", "UTC", ""},
		{"descriptor", "@daily", "", ""},
		{"bad expression", "every morning", "", chronicle.EINVALID},
		{"bad field", "0 25 * * *", "", chronicle.EINVALID},
		{"bad time", "daily 25:00", "", chronicle.EINVALID},
		{"unknown zone", "daily 08:00", "Mars/Olympus", chronicle.EINVALID},
		{"zone in expression", "CRON_TZ=Europe/Paris 0 8 * * *", "", chronicle.EINVALID},
		{"too often", "*/5 * * * *", "", chronicle.EINVALID},
		{"never", "0 0 30 2 *", "", chronicle.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseTiming(tt.spec, tt.tz)
			if code := chronicle.ErrorCode(err); code != tt.wantCode {
				t.Fatalf("ParseTiming(%q, %q) error = %v, want code %q", tt.spec, tt.tz, err, tt.wantCode)
			}
			if err != nil && chronicle.ErrorMessage(err) == "" {
				t.Errorf("ParseTiming(%q, %q): empty user message", tt.spec, tt.tz)
			}
		})
	}
}

// A time zone is typed by the user and echoed in the error: markup in it
// shows as typed (a mention does not render, bold does not bold).
func TestUnknownZoneEchoedEscaped(t *testing.T) {
	_, err := LoadLocation("<@123>**Mars**")
	want := "Unknown time zone “<\u200b@123>\\*\\*Mars\\*\\*”: use an IANA name such as Europe/Paris or America/New_York."
	if chronicle.ErrorCode(err) != chronicle.EINVALID || chronicle.ErrorMessage(err) != want {
		t.Errorf("LoadLocation error = %v (message %q), want EINVALID %q", err, chronicle.ErrorMessage(err), want)
	}
}

func mustTime(tb testing.TB, s string) time.Time {
	tb.Helper()
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

// TestNextAcrossDST lists runs in Europe/Paris around the 2024 changes
// (31 March: 02:00 CET -> 03:00 CEST; 27 October: 03:00 CEST -> 02:00 CET).
func TestNextAcrossDST(t *testing.T) {
	tests := []struct {
		name, spec, from string
		want             []string // UTC
	}{
		{"daily 08:00 spring", "daily 08:00", "2024-03-29T12:00:00Z",
			[]string{"2024-03-30T07:00:00Z", "2024-03-31T06:00:00Z", "2024-04-01T06:00:00Z"}},
		{"daily 08:00 autumn", "daily 08:00", "2024-10-25T12:00:00Z",
			[]string{"2024-10-26T06:00:00Z", "2024-10-27T07:00:00Z", "2024-10-28T07:00:00Z"}},
		{"02:30 skipped by the jump runs when the gap ends", "30 2 * * *", "2024-03-29T12:00:00Z",
			[]string{"2024-03-30T01:30:00Z", "2024-03-31T01:00:00Z", "2024-04-01T00:30:00Z"}},
		{"02:30 twice runs once", "30 2 * * *", "2024-10-25T12:00:00Z",
			[]string{"2024-10-26T00:30:00Z", "2024-10-27T00:30:00Z", "2024-10-28T01:30:00Z"}},
		{"weekly sunday", "weekly sun 08:00", "2024-03-20T00:00:00Z",
			[]string{"2024-03-24T07:00:00Z", "2024-03-31T06:00:00Z", "2024-04-07T06:00:00Z"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			timing, err := ParseTiming(tt.spec, "Europe/Paris")
			if err != nil {
				t.Fatal(err)
			}
			at := mustTime(t, tt.from)
			for _, w := range tt.want {
				at = timing.Next(at)
				if !at.Equal(mustTime(t, w)) {
					t.Fatalf("Next = %s (%s), want %s", at.UTC().Format(time.RFC3339), at.In(timing.Location()), w)
				}
			}
		})
	}
}

func TestPrevCatchesUpOnce(t *testing.T) {
	timing, err := ParseTiming("daily 08:00", "")
	if err != nil {
		t.Fatal(err)
	}
	since, now := mustTime(t, "2024-03-01T09:00:00Z"), mustTime(t, "2024-03-06T07:59:00Z")
	if got, want := timing.Prev(since, now), mustTime(t, "2024-03-05T08:00:00Z"); !got.Equal(want) {
		t.Errorf("Prev = %s, want %s", got, want)
	}
	if got := timing.Prev(now, now.Add(30*time.Second)); !got.IsZero() {
		t.Errorf("Prev before the next run = %s, want zero", got)
	}
}

// TestTooOftenSaysSo: an expression that runs more often than hourly is
// told so. Every minute, every half hour and "0,59 * * * *" were told
// "That schedule never runs." (helper 73): Next leaves out the runs that
// come too soon and found none left.
func TestTooOftenSaysSo(t *testing.T) {
	const tooOften = "That schedule runs more often than once an hour; digests can run at most hourly."
	for _, tt := range []struct {
		spec, tz, want string
	}{
		{"* * * * *", "", tooOften},
		{"*/30 * * * *", "Europe/Paris", tooOften},
		{"0,59 * * * *", "", tooOften},
		{"0-59/1 * * * *", "Australia/Lord_Howe", tooOften},
		{"@every 30m", "", tooOften},
		{"0 0 30 2 *", "", "That schedule never runs."},
		{"0 * * * *", "Australia/Lord_Howe", ""},
		{"@hourly", "", ""},
	} {
		t.Run(tt.spec+" "+tt.tz, func(t *testing.T) {
			_, err := ParseTiming(tt.spec, tt.tz)
			if got := chronicle.ErrorMessage(err); got != tt.want {
				t.Errorf("ParseTiming(%q, %q) says %q, want %q", tt.spec, tt.tz, got, tt.want)
			}
		})
	}
}

// TestParseTimingSaysHowToWriteTheTime: "weekdays 8am" got the cron
// parser's "expected exactly 5 fields" (nu43); a word of the sugar with
// another way of writing the time is told how to write it.
func TestParseTimingSaysHowToWriteTheTime(t *testing.T) {
	for _, tc := range []struct{ spec, want string }{
		{"weekdays 8am", `write the time as HH:MM on a 24-hour clock, for example "weekdays 08:00"`},
		{"Daily 6pm", `for example "daily 08:00"`},
		{"weekly monday 8", `for example "weekly mon 08:00"`},
		{"every day", `Use "daily 08:00", "weekdays 08:00", "weekly mon 08:00"`},
		// nu44: words are not told the cron parser's "expected exactly 5
		// fields"; a cron expression of five fields is told what is wrong.
		{"every day at 8am", `“every day at 8am” is not a schedule. Use "daily 08:00"`},
		{"0 8 * * funday", `“0 8 \* \* funday” is not a schedule: `}, // escaped for Discord, as typed
	} {
		_, err := ParseTiming(tc.spec, "")
		if chronicle.ErrorCode(err) != chronicle.EINVALID || !strings.Contains(chronicle.ErrorMessage(err), tc.want) {
			t.Errorf("ParseTiming(%q) = %v, want EINVALID saying %q", tc.spec, err, tc.want)
		}
		if strings.Contains(chronicle.ErrorMessage(err), "fields") {
			t.Errorf("ParseTiming(%q) = %v, want no word of the cron parser's fields", tc.spec, err)
		}
	}
}
