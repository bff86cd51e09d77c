package answer

import (
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle/internal/terms"
)

// TestOffersMoney: a figure after a currency sign is money, whichever the
// sign.
func TestOffersMoney(t *testing.T) {
	tests := []struct {
		sentence string
		want     bool
	}{
		{"The grants are worth $5,000 each.", true},
		{"The grants are worth US$5,000 each.", true},
		{"The grants are worth £5,000 each.", true},
		{"The grants are worth €5,000 each.", true},
		{"The grants are worth ¥5,000 each.", true},
		{"The grants number 5,000 this year.", false},
		{"The grants rose by 5,000 – a record.", false},
	}
	an := terms.New()
	r := newRanker(Analyze(an, "How much are the grants worth?"), an, 0, nil, time.Time{}, defaultModel)
	for _, tt := range tests {
		t.Run(tt.sentence, func(t *testing.T) {
			st := an.Tokens(tt.sentence)
			if got := r.offers(tt.sentence, st, r.lookUp(nil, st), 0).money; got != tt.want {
				t.Errorf("offers(%q).money = %v, want %v", tt.sentence, got, tt.want)
			}
		})
	}
}
