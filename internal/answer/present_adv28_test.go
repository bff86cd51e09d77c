package answer

import (
	"context"
	"strings"
	"testing"
)

// TestPresentKeepsEachQuotesOwnSentence: two articles (a rewrite of the
// same wire story) whose long sentences differ only before the cut are
// quoted with the same text ("… City Chiefs enter …"). present finds the
// sentence to remake a quote from by that text alone, so the answer's
// quote was remade from the other article's sentence and showed words its
// article does not hold ("Xansas" in the "Kansas" article).
func TestPresentKeepsEachQuotesOwnSentence(t *testing.T) {
	filler := strings.Repeat("and the long day went on with more of the same talk ", 4)
	mid := "enter the final week with a long and quiet run of practice in town "
	mid = mid[:61] + " "
	sentence := func(team string) string {
		return filler + "as the " + team + " City Chiefs " + mid + "okapi census results came in from the northern reserve and " + filler + "."
	}
	a := New(newFakeIndex(
		article("kansas", "2024-03-20", "Reserve news", sentence("Kansas")),
		article("xansas", "2024-03-19", "Reserve news, again", sentence("Xansas")),
		article("x", "2024-03-01", "Weather", "Rain fell on the reserve for a week."),
	))
	a.Threshold = 0
	ans, err := a.Ask(context.Background(), "What did the okapi census in the northern reserve show?", day("2024-03-21"))
	if err != nil {
		t.Fatal(err)
	}
	if ans.Best == nil {
		t.Fatal("no answer")
	}
	texts := map[string]string{"kansas": sentence("Kansas"), "xansas": sentence("Xansas")}
	cites := []struct{ id, text string }{{ans.Best.ArticleID, ans.Best.Text}}
	for _, s := range ans.Sources {
		cites = append(cites, struct{ id, text string }{s.ArticleID, s.Text})
	}
	for _, c := range cites {
		art, ok := texts[c.id]
		if !ok {
			continue
		}
		body := strings.TrimSuffix(strings.TrimPrefix(c.text, "… "), " …")
		t.Logf("%s: %q", c.id, c.text[:min(len(c.text), 50)])
		if !strings.Contains(art, body) {
			t.Errorf("the quote of %s, %q…, is not a piece of its article", c.id, c.text[:min(len(c.text), 50)])
		}
	}
}
