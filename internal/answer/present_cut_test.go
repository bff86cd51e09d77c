package answer

import (
	"strings"
	"testing"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/terms"
)

// Two sentences of one paragraph widen to the same text, which Trim cuts to
// the same "… Snook …" quote around different words. present must not show
// one sentence's quote made whole around the other's words: the quote the
// answer stands for kept "okapi", and so must the text shown.
func TestPresentTwoSentencesCutAlike(t *testing.T) {
	s1 := "Sarah Snook says the long day went on with more of the same talk and then at last the census began in the reserve at dawn with many rangers out."
	para := s1 + " After that the rangers walked the northern trails for hours and met the others by the lake late in the day to count the "
	const last = "okapi."
	for len(para)+len(last) < 315 {
		para += "x"
		if len(para)+len(last) < 315 {
			para += " "
		}
	}
	para = strings.TrimRight(para, " ") + " " + last
	s2 := para[len(s1)+1:]
	art := &chronicle.Article{ID: "a", Paragraphs: []chronicle.Paragraph{{Text: para}}}
	at := func(s, w string) []chronicle.Span {
		i := strings.Index(s, w)
		return []chronicle.Span{{Start: i, End: i + len(w)}}
	}
	sc1 := scored{art: art, text: s1, score: 1, matched: at(s1, "census")}
	sc2 := scored{art: art, text: s2, start: len(s1) + 1, score: 2, matched: at(s2, "okapi")}

	q := newQuoter([]scored{sc2, sc1})
	c2 := q.quote(sc2)
	c1 := q.quote(sc1) // as the lead's choice quotes the best sentences in turn
	if c1.Text != c2.Text || !strings.HasPrefix(c2.Text, "… ") {
		t.Fatalf("the two sentences are not cut alike (%q, %q): the test needs them to be", c1.Text, c2.Text)
	}
	q.present(&c2, "")
	if !strings.Contains(c2.Text, "okapi") {
		t.Errorf("shown %q: the quote lost its own word %q once another sentence was cut to the same text", c2.Text, "okapi")
	}
}

// present moves the window back to a name's first word and its end with it:
// the answer's value, near the end of its quote, must not fall out of the
// text shown.
func TestPresentKeepsTheAnswersValue(t *testing.T) {
	filler := strings.Repeat("and the long day went on with more of the same talk ", 4)
	mid := "enter the final week with a long and quiet run of practice in town "[:61] + " "
	head := filler + "as the Kansas City Chiefs " + mid + "the okapi census of the northern reserve counted "
	focus := strings.Index(head, "okapi")
	tried := 0
	for pad := 0; pad < 120; pad++ {
		sentence := head + strings.Repeat("x ", pad) + "1204 okapi in all, rangers said " + filler + "."
		plain, _ := terms.Trim(sentence, nil, focus, MaxQuote-8)
		named, _ := terms.TrimNames(sentence, nil, focus, MaxQuote-8)
		if !strings.Contains(plain, "1204") || strings.Contains(named, "1204") {
			continue // making the name whole keeps the value here
		}
		a := New(newFakeIndex(
			article("long", "2024-03-20", "Reserve news", sentence),
			article("x", "2024-03-01", "Weather", "Rain fell on the reserve for a week."),
		))
		a.Threshold = 0
		ans, err := a.Ask(t.Context(), "How many okapi did the census in the northern reserve count?", day("2024-03-21"))
		if err != nil || ans.Best == nil {
			t.Fatalf("pad %d: no answer (%v)", pad, err)
		}
		if ans.Value == "" {
			continue
		}
		tried++
		if !strings.Contains(ans.Best.Text, ans.Value) {
			t.Errorf("pad %d: the answer %q is not in its own quote as shown, %q (the quote as cut held it)", pad, ans.Value, ans.Best.Text)
		}
	}
	if tried == 0 {
		t.Fatal("no padding put the value where making the name whole drops it: the test checks nothing")
	}
}
