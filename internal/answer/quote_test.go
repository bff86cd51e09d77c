package answer

import (
	"context"
	"testing"
	"time"
)

// TestPresentLead: for a question about the present, the newest report that
// offers an answer of the kind asked for leads over an older one that
// matches the words better; an undated report is never taken for the newer
// one (its day is unknown); without a present cue the better match leads.
func TestPresentLead(t *testing.T) {
	const older = "Springfield mayor Alice Smith is the mayor of Springfield."
	const newer = "Bob Jones became mayor of Springfield on Monday after a long count of the votes in the town hall."
	tests := []struct {
		name, question, oldDay, newDay string
		asOf                           time.Time
		want                           string
	}{
		{"now: the newer report", "Who is the mayor of Springfield now?", "2019-01-01", "2024-07-05", day("2024-08-01"), newer},
		{"now, no as-of day: the newer report", "Who is the mayor of Springfield now?", "2019-01-01", "2024-07-05", time.Time{}, newer},
		{"no cue: the better match", "Who is the mayor of Springfield?", "2019-01-01", "2024-07-05", time.Time{}, older},
		{"now, the other report undated: the dated one", "Who is the mayor of Springfield now?", "2019-01-01", "", time.Time{}, older},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			idx := newFakeIndex(
				article("old", tt.oldDay, "Springfield mayor", older),
				article("new", tt.newDay, "Springfield election", newer),
				article("x", "2020-01-01", "Weather", "Rain fell on Springfield for a week."),
			)
			a := New(idx)
			a.Threshold = 0
			ans, err := a.Ask(context.Background(), tt.question, tt.asOf)
			if err != nil {
				t.Fatal(err)
			}
			if ans.Best == nil || ans.Best.Text != tt.want {
				t.Errorf("Ask(%q) quotes %+v, want %q", tt.question, ans.Best, tt.want)
			}
		})
	}
}
