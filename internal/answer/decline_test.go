package answer

import (
	"context"
	"slices"
	"testing"
)

// TestDeclineUncoveredNames: a question whose names or years no candidate
// article holds is declined with those words listed; the closest sources
// are still given. A question whose names one article holds is answered.
func TestDeclineUncoveredNames(t *testing.T) {
	idx := newFakeIndex(
		article("a1", "2024-03-25", "Moscow concert hall attack",
			"Islamic State claimed the attack on the Crocus City Hall in Moscow, which killed 137 people."),
		article("a2", "2024-03-20", "Harbour festival",
			"The harbour festival in Portsmouth drew 20,000 people over the weekend."),
		article("a3", "2024-02-01", "Festival season",
			"Music festival organisers in Europe expect record crowds in 2024."),
	)
	a := New(idx)
	a.Threshold = 0
	tests := []struct {
		name, question string
		wantMissing    []string // nil: answered
	}{
		{"names present", "Who claimed the attack on the Crocus City Hall in Moscow?", nil},
		{"unknown name", "How many people attended the Quillfeather festival?", []string{"Quillfeather"}},
		{"names never together", "How many people attended the Portsmouth festival in Moscow?", []string{"Portsmouth", "Moscow"}},
		{"year absent", "How many people attended the festival in 2031?", []string{"2031"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ans, err := a.Ask(context.Background(), tt.question, day("2024-03-26"))
			if err != nil {
				t.Fatal(err)
			}
			if tt.wantMissing == nil {
				if ans.Best == nil || ans.Missing != nil {
					t.Errorf("Ask(%q): Best %v, Missing %q; want an answer", tt.question, ans.Best, ans.Missing)
				}
				return
			}
			if ans.Best != nil {
				t.Errorf("Ask(%q) answered %q; want it declined", tt.question, ans.Best.Text)
			}
			if len(ans.Missing) == 0 || !slices.ContainsFunc(tt.wantMissing, func(w string) bool { return slices.Contains(ans.Missing, w) }) {
				t.Errorf("Ask(%q).Missing = %q, want it to name %q", tt.question, ans.Missing, tt.wantMissing)
			}
			if len(ans.Sources) == 0 {
				t.Errorf("Ask(%q) lists no closest sources", tt.question)
			}
			if ans.Confidence != 0 {
				t.Errorf("Ask(%q).Confidence = %v, want 0 for a declined answer", tt.question, ans.Confidence)
			}
		})
	}
}
