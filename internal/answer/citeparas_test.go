package answer

import (
	"context"
	"strings"
	"testing"
)

// TestQuoteNamesItsParagraphs: a quote widened with the sentences around its
// own across a paragraph break cites the paragraph it starts in and the one
// it ends in; the citation named only its own sentence's paragraph, so a
// reader looked for the quote's start in the wrong place.
func TestQuoteNamesItsParagraphs(t *testing.T) {
	a := New(newFakeIndex(article("a1", "2024-03-25", "Moscow attack",
		"Gunmen opened fire at a concert hall near Moscow on Friday evening.",
		"Islamic State claimed the attack on the Crocus City Hall, news agencies said.",
		"Russia's investigators said on Saturday that eleven people had been detained.")))
	ans, err := a.Ask(context.Background(), "Who claimed the attack on the Crocus City Hall?", day("2024-03-26"))
	if err != nil || ans.Best == nil {
		t.Fatalf("Ask = %+v, %v; want an answer", ans.Best, err)
	}
	c := ans.Best
	if !strings.Contains(c.Text, "Islamic State claimed") {
		t.Fatalf("quote %q; want the claim", c.Text)
	}
	// Every paragraph the quote holds a piece of, by its text.
	first, last := -1, -1
	for i, p := range []string{"Gunmen opened fire", "Islamic State claimed", "eleven people"} {
		if strings.Contains(c.Text, p) {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first == last {
		t.Fatalf("quote %q holds one paragraph; the test wants one widened across a break", c.Text)
	}
	if c.Paragraph != first || c.LastPara() != last {
		t.Errorf("quote %q cites paragraphs %d to %d, want %d to %d", c.Text, c.Paragraph, c.LastPara(), first, last)
	}
}

// TestParagraphsHeld: the paragraphs of the sentences a window of a widened
// quote's text holds a piece of, for windows cut at either end (terms.Trim).
func TestParagraphsHeld(t *testing.T) {
	// "aaaa bbbb cccc": sentences of paragraphs 3, 4 and 4, ending at 4, 9
	// and 14.
	parts := []part{{3, 4}, {4, 9}, {4, 14}}
	for _, tt := range []struct {
		name                string
		start, end          int
		wantFirst, wantLast int
	}{
		{"whole", 0, 14, 3, 4},
		{"first sentence alone", 0, 4, 3, 3},
		{"cut inside the first", 2, 14, 3, 4},
		{"past the first", 5, 14, 4, 4},
		{"from the break", 4, 14, 4, 4},
	} {
		t.Run(tt.name, func(t *testing.T) {
			first, last := paragraphsHeld(parts, tt.start, tt.end)
			if first != tt.wantFirst || last != tt.wantLast {
				t.Errorf("paragraphsHeld(%d, %d) = %d, %d; want %d, %d", tt.start, tt.end, first, last, tt.wantFirst, tt.wantLast)
			}
		})
	}
	for _, tt := range []struct {
		text, trimmed string
		start, end    int
	}{
		{"aaaa bbbb cccc", "aaaa bbbb cccc", 0, 14},
		{"aaaa bbbb cccc", "… bbbb cccc", 5, 14},
		{"aaaa bbbb cccc", "aaaa bbbb …", 0, 9},
		{"aaaa bbbb cccc", "… bbbb …", 5, 9},
	} {
		if start, end := window(tt.text, tt.trimmed); start != tt.start || end != tt.end {
			t.Errorf("window(%q, %q) = %d, %d; want %d, %d", tt.text, tt.trimmed, start, end, tt.start, tt.end)
		}
	}
}

// TestQuoteParagraphsAfterAStampIsCut: a quote widened back over a page's
// time stamp, which the text shown then leaves out, cites the paragraph
// its text starts in, not the stamp's (review rev40: "paragraphs 1–2" for
// a quote all in paragraph 2, 96 of 2,694 dev citations).
func TestQuoteParagraphsAfterAStampIsCut(t *testing.T) {
	a := New(newFakeIndex(article("a1", "2025-04-11", "Masters cut",
		"Updated April 11, 2025, 10:40 p.m. ET",
		"The sun set on Augusta National Golf Club on Friday evening, as did the championship hopes of 42 golfers who missed the cut.",
		"Tiger Woods did not play this year.")))
	ans, err := a.Ask(context.Background(), "How many golfers missed the cut at Augusta National?", day("2025-04-12"))
	if err != nil || ans.Best == nil {
		t.Fatalf("Ask = %+v, %v; want an answer", ans.Best, err)
	}
	c := ans.Best
	if strings.Contains(c.Text, "Updated") || !strings.HasPrefix(c.Text, "The sun set") {
		t.Fatalf("quote %q; want it to start after the stamp", c.Text)
	}
	if c.Paragraph != 1 {
		t.Errorf("quote %q cites paragraphs %d to %d; want it to start in 1", c.Text, c.Paragraph, c.LastPara())
	}
}
