package commands

import (
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// TestDatesShownInUTC: a date given with an offset is shown on its UTC
// day, the day --as-of, --until and a digest's window put it on (helper
// 132): 23:30 on 2 May in New York is 3 May.
func TestDatesShownInUTC(t *testing.T) {
	pub := time.Date(2024, 5, 2, 23, 30, 0, 0, time.FixedZone("", -5*3600))
	c := chronicle.Citation{ArticleID: "tz", Title: "Marlow bridge", Source: "Wire", Published: pub}
	if got := CiteText(c); !strings.Contains(got, "2024-05-03") {
		t.Errorf("CiteText = %q, want 2024-05-03", got)
	}
	if got := sourceField(c); !strings.Contains(got.Name+got.Value, "2024-05-03") {
		t.Errorf("sourceField = %+v, want 2024-05-03", got)
	}
	if got := shortDate(pub, day(2024, 5, 4)); got != "3 May" {
		t.Errorf("shortDate = %q, want 3 May", got)
	}
	// The last hour of a year in New York is the next year in UTC.
	eve := time.Date(2023, 12, 31, 23, 30, 0, 0, time.FixedZone("", -5*3600))
	if got := shortDate(eve, day(2024, 5, 4)); got != "1 Jan" {
		t.Errorf("shortDate = %q, want 1 Jan (of the reference's year, 2024)", got)
	}
}
