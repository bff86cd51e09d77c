package jsonout

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
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

// batchNow is the time the batch tests run at.
func batchNow() time.Time { return time.Date(2026, 12, 5, 21, 30, 0, 0, time.UTC) }

// TestBatchAsOfToCome: a batch line whose as_of is a day to come (2099) is
// refused on its line, as bot ask --as-of refuses it, and the other lines
// are answered; before, it was answered as of 2099 without a word, every
// article counting as news of before that day. Tomorrow is taken: it is
// already today east of UTC.
func TestBatchAsOfToCome(t *testing.T) {
	tests := []struct {
		name, asOf, want string // want "" for an answer
	}{
		{"far future", "2099-01-01", "line 1: as_of (2099-01-01) is in the future; today is 2026-12-05 (UTC)"},
		{"after tomorrow", "2026-12-07", "line 1: as_of (2026-12-07) is in the future; today is 2026-12-05 (UTC)"},
		{"tomorrow", "2026-12-06", ""},
		{"today", "2026-12-05", ""},
		{"the past", "2024-03-26", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			line := `{"id":"q","question":"Who won?","as_of":"` + tt.asOf + `"}` + "\n"
			err := Batch(context.Background(), echoAnswerer{}, strings.NewReader(line), &out, time.Time{}, batchNow())
			var got Answer
			if jerr := json.Unmarshal(out.Bytes(), &got); jerr != nil {
				t.Fatalf("output %q: %v", out.String(), jerr)
			}
			if got.Error != tt.want || (tt.want != "") != (err != nil) {
				t.Errorf("error %q (Batch: %v); want %q", got.Error, err, tt.want)
			}
			if tt.want != "" && (got.Answer != nil || got.AsOf != tt.asOf || string(got.ID) != `"q"`) {
				t.Errorf("refused line = %s; want no answer, its id and as_of", out.String())
			}
		})
	}
}
