package index

import (
	"strings"
	"testing"
)

// TestCountedLongWordSharesATerm: a word longer than maxStemWord is never
// kept in the table, so its term is counted apart when the table has no
// number for it; a shorter word met later in the same text with the same
// term gets one, and both counts must add up, as in Bleve's analysis.
func TestCountedLongWordSharesATerm(t *testing.T) {
	word := strings.Repeat("a", maxStemWord-1) // with "'s", one byte too long
	kelvin := strings.Repeat("\u212a", maxStemWord/3+1)
	for _, tc := range []struct{ name, text string }{
		{"possessive first", word + "'s " + word},
		{"possessive around", word + "'s " + word + " " + word + "'s"},
		{"curly possessive", word + "’s and " + word + "’s then " + word},
		// The Kelvin sign (3 bytes) lowercases to k (1 byte).
		{"kelvin signs", kelvin + " " + strings.Repeat("k", maxStemWord/3+1)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, bleveEn := counter(t)
			for range 2 { // the second time from the table
				checkCounted(t, c, bleveEn, tc.text)
			}
		})
	}
}
