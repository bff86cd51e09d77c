package jsonout

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/digest"
)

// TestFromDigest: the digest object carries the points given, shaped like
// ask's citations (with their date), and how many were left out to fit one
// message, in the order `digest --json` has always printed.
func TestFromDigest(t *testing.T) {
	day := time.Date(2024, 3, 23, 10, 0, 0, 0, time.UTC)
	d := digest.Digest{From: day, To: day, Articles: 9, Stories: 4, Points: []digest.Point{{
		Citation: chronicle.Citation{ArticleID: "a1", Text: "Gunmen attacked a hall.", Source: "BBC", Published: day},
		Date:     "2024-03-23", Articles: 3, Outlets: []string{"BBC", "CNN"},
	}}}
	tests := []struct {
		name    string
		dropped int
		want    string
	}{
		{"nothing left out", 0, `"stories":4,"dropped":0,"points":[{"citation":{"text":"Gunmen attacked a hall.","article_id":"a1","title":"","source":"BBC","date":"2024-03-23"`},
		{"three left out", 3, `"stories":4,"dropped":3,"points":[{`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(FromDigest(d, tt.dropped))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(b), tt.want) || strings.Count(string(b), `"dropped"`) != 1 {
				t.Errorf("FromDigest(d, %d) = %s, want %s in it", tt.dropped, b, tt.want)
			}
		})
	}
}
