package jsonout

import (
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// TestCitationDateInUTC: the JSON date of a citation dated with an offset
// is its UTC day, the day --as-of and --until put it on (helper 132).
func TestCitationDateInUTC(t *testing.T) {
	pub := time.Date(2024, 5, 2, 23, 30, 0, 0, time.FixedZone("", -5*3600))
	if got := FromCitation(chronicle.Citation{ArticleID: "tz", Published: pub}).Date; got != "2024-05-03" {
		t.Errorf("date = %q, want 2024-05-03", got)
	}
}
