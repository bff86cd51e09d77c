package schedule

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// TestStoredSpecsOfEarlierRelease: a schedule the release before c6186d1
// stored and ran (it took any word starting with a day's three letters, so
// "weekly month 08:00" ran on Mondays) keeps running at the day it ran on,
// where the first pass after the upgrade disabled it as invalid; a spec
// read that old way is logged once, however many passes read it. A spec
// neither reading parses is still disabled.
func TestStoredSpecsOfEarlierRelease(t *testing.T) {
	tests := []struct {
		spec   string
		day    time.Weekday // -1: disabled as invalid
		hhmm   string
		legacy bool // read the old way, and logged so
	}{
		{"weekly month 08:00", time.Monday, "08:00", true},
		{"weekly Wednes 18:00", time.Wednesday, "18:00", true},
		{"weekly  sundae 09:15", time.Sunday, "09:15", true},
		{"weekly thursdayy 12:00", time.Thursday, "12:00", true},
		{"weekly sats 10:00", time.Saturday, "10:00", true},
		{"weekly mondays 09:00", time.Monday, "09:00", false},
		{"weekly weds 18:00", time.Wednesday, "18:00", false},
		{"weekly Fridays 17:30", time.Friday, "17:30", false},
		{"weekly xyz 08:00", -1, "", false},
		{"weekly monthly 25:00", -1, "", false},
		{"weekly", -1, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			e := newEnv(t, "2024-03-04T00:00:00Z") // a Monday
			var logs bytes.Buffer
			e.sched.Logger = slog.New(slog.NewTextHandler(&logs, nil))
			// As the earlier release's Scheduler.Add stored it.
			sch, err := e.store.Add(context.Background(), Schedule{
				GuildID: "g1", ChannelID: "c1", Spec: tt.spec, Days: 7, CreatedBy: "u1", Created: e.clock.Now(),
			})
			if err != nil {
				t.Fatalf("Store.Add: %v", err)
			}
			e.tick(t, mustTime(t, "2024-03-08T00:00:00Z"))
			e.tick(t, mustTime(t, "2024-03-11T00:00:00Z"))
			got := e.get(t, sch.ID)
			if tt.day < 0 {
				if !got.Disabled || !strings.HasPrefix(got.DisabledReason, "invalid schedule: ") {
					t.Errorf("after RunOnce, %q: Disabled %v, DisabledReason %q; want disabled as an invalid schedule", tt.spec, got.Disabled, got.DisabledReason)
				}
				if n := len(e.poster.Posts()); n != 0 {
					t.Errorf("%q posted %d digests, want none", tt.spec, n)
				}
				return
			}
			if got.Disabled {
				t.Fatalf("after RunOnce, %q is disabled: %s", tt.spec, got.DisabledReason)
			}
			due := got.LastDue.UTC()
			if n := len(e.poster.Posts()); n != 1 || due.Weekday() != tt.day || due.Format("15:04") != tt.hhmm {
				t.Errorf("%q posted %d digests, last due %s (%s); want 1, due %s %s", tt.spec, n, due, due.Weekday(), tt.day, tt.hhmm)
			}
			if line := got.Describe(e.clock.Now()); !strings.Contains(line, "; next "+tt.day.String()[:3]) {
				t.Errorf("Describe = %q, want its next run on a %s", line, tt.day)
			}
			n := strings.Count(logs.String(), "read the way earlier releases did")
			if want := map[bool]int{true: 1, false: 0}[tt.legacy]; n != want {
				t.Errorf("%q: %d log lines saying it was read the old way, want %d; log:\n%s", tt.spec, n, want, logs.String())
			}
		})
	}
}

// TestNewSchedulesReadStrictly: the old reading is for stored schedules
// only; a new schedule whose day is no day is refused.
func TestNewSchedulesReadStrictly(t *testing.T) {
	for _, spec := range []string{"weekly month 08:00", "weekly sundae 09:15"} {
		t.Run(spec, func(t *testing.T) {
			e := newEnv(t, "2024-03-04T00:00:00Z")
			_, err := e.sched.Add(context.Background(), Schedule{GuildID: "g1", ChannelID: "c1", Spec: spec})
			if chronicle.ErrorCode(err) != chronicle.EINVALID || !strings.Contains(chronicle.ErrorMessage(err), "is not a day of the week") {
				t.Errorf("Add(%q) = %v, want EINVALID saying it is not a day of the week", spec, err)
			}
		})
	}
}
