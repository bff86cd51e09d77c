package answer

import (
	"context"
	"strings"
	"testing"

	"github.com/chronicle-bot/chronicle/internal/corpus"
)

// TestClaimQuotesItsSentence: a claim checked in the sources ("Check in
// sources": a statement, not a question for a name or figure) is answered by
// the passage that speaks of it. Agreement on names (support) is evidence for
// an answer that is a name; for a claim it favoured the bundled article's
// first sentence, whose names (Macron, ISIS, Moscow) the rest of the article
// repeats, over the one that says France raised its alert (review nu39).
func TestClaimQuotesItsSentence(t *testing.T) {
	arts, _, err := corpus.Load(context.Background(), []string{"../../corpus"})
	if err != nil || len(arts) == 0 {
		t.Fatalf("load the bundled corpus: %v (%d articles)", err, len(arts))
	}
	a := New(newFakeIndex(arts...))
	a.Threshold = 0
	for _, tt := range []struct{ text, want string }{
		{"France raised its terror alert to the highest level after the Moscow attack.", "heighten its terror alert"},
		{"Who claimed the Moscow attack?", "ISIS was behind"}, // a question for a name keeps its support
	} {
		ans, err := a.Ask(context.Background(), tt.text, day("2024-03-26"))
		if err != nil || ans.Best == nil {
			t.Fatalf("Ask(%q) = %v, %v", tt.text, ans.Best, err)
		}
		if !strings.Contains(ans.Best.Text, tt.want) {
			t.Errorf("Ask(%q) quotes %q, want the passage with %q", tt.text, ans.Best.Text, tt.want)
		}
	}
}
