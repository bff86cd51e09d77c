package answer

import (
	"strings"
	"testing"
	"time"
)

// TestExplanationDateInUTC: --explain shows an article dated with an
// offset on its UTC day, as the answer's citation does (helper 132).
func TestExplanationDateInUTC(t *testing.T) {
	pub := time.Date(2024, 5, 2, 23, 30, 0, 0, time.FixedZone("", -5*3600))
	if got := (Explanation{ArticleID: "tz", Published: pub, Text: "The bridge was closed."}).String(); !strings.Contains(got, "[tz 2024-05-03 ") {
		t.Errorf("Explanation = %q, want it dated 2024-05-03", got)
	}
}
