package answer

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/chronicle-bot/chronicle/internal/terms"
)

// TestRetrievalQuery: words most articles contain are left out of the
// query, but never so many that fewer than minRetrievalWords of the
// question's own words remain: the rarest of the common ones come back.
func TestRetrievalQuery(t *testing.T) {
	const n = 1000
	tests := []struct {
		name     string
		question string
		df       map[string]int // by stem; absent: rare
		want     []string       // the query's own words, in question order
	}{
		{
			name:     "rare words: every word",
			question: "Which volcano erupted in Iceland?",
			df:       map[string]int{},
			want:     []string{"volcano", "erupted", "iceland"},
		},
		{
			name:     "one rare word: the rarest common one comes back",
			question: "Which country elected its first woman president?",
			df:       map[string]int{"countri": 600, "elect": 300, "first": 700, "woman": 50, "presid": 400},
			want:     []string{"elected", "woman"},
		},
		{
			name:     "two rare words: the common ones stay out",
			question: "How many people were detained after the attack?",
			df:       map[string]int{"peopl": 600, "detain": 10, "attack": 100},
			want:     []string{"detained", "attack"},
		},
		{
			name:     "enough rare words: the common ones stay out",
			question: "Which country banned e-scooters in its capital city?",
			df:       map[string]int{"countri": 600, "ban": 30, "e": 10, "scooter": 5, "capit": 80, "citi": 500},
			want:     []string{"banned", "e", "scooters", "capital"},
		},
	}
	an := terms.New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := Analyze(an, tt.question)
			rq := retrieval(q, time.Time{}, 20, n, tt.df)
			var got []string
			for _, w := range rq.Terms {
				if w.Boost >= 1 { // own words (expansions weigh 0.3)
					got = append(got, w.Text)
				}
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("query words (-want +got):\n%s", d)
			}
		})
	}
}
