package digest

import (
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// TestDigestDatesInUTC: a digest and a timeline show an article dated
// with an offset on its UTC day, the day their windows put it on (helper
// 132: listed as 2 May in the digest of 3 May).
func TestDigestDatesInUTC(t *testing.T) {
	pub := time.Date(2024, 5, 2, 23, 30, 0, 0, time.FixedZone("", -5*3600))
	p := Point{Citation: chronicle.Citation{Text: "The bridge was closed.", Source: "Wire", Published: pub}}
	if got := p.Byline(); got != "Wire, 3 May 2024" {
		t.Errorf("Byline = %q, want Wire, 3 May 2024", got)
	}
	tl := Timeline{Query: "bridge", Developments: []Development{{Date: "2024-05-03", First: pub, Reports: 1,
		Citation: chronicle.Citation{Text: "The bridge was closed.", Title: "Marlow bridge", Source: "Wire", Published: pub}}}}
	if got := tl.Text(); strings.Contains(got, "2 May") || !strings.Contains(got, "3 May") {
		t.Errorf("Timeline.Text = %q, want 3 May, not 2 May", got)
	}
}
