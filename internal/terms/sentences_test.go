package terms

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"simple", "ISIS claimed it. France raised its alert.", []string{"ISIS claimed it.", "France raised its alert."}},
		{"abbreviation", "Mr. Macron spoke in the U.S. on Monday. He left.", []string{"Mr. Macron spoke in the U.S. on Monday.", "He left."}},
		{"initial", "John F. Kennedy was shot. It was 1963.", []string{"John F. Kennedy was shot.", "It was 1963."}},
		{"quote", `"We are ready," he said. "Go!" She left.`, []string{`"We are ready," he said.`, `"Go!"`, "She left."}},
		{"decimal", "It rose 5.5 percent. Prices fell.", []string{"It rose 5.5 percent.", "Prices fell."}},
		{"lowercase after period", "It cost $5 a gal. on average.", []string{"It cost $5 a gal. on average."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, s := range Sentences(tt.in) {
				got = append(got, tt.in[s.Start:s.End])
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("Sentences(%q) (-want +got):\n%s", tt.in, d)
			}
		})
	}
}
