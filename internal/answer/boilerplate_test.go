package answer

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chronicle-bot/chronicle"
)

// TestBoilerplateNeverQuoted: a newsletter promotion repeated under many
// articles shares the question's words ("news", "election", "results") but
// is never the answer, never a source and never joins a quote; an agency
// story printed by several outlets (every sentence repeated) still answers.
func TestBoilerplateNeverQuoted(t *testing.T) {
	const promo = "Sign up for our election newsletter to get the latest news and results of every election in your inbox."
	idx := newFakeIndex(
		article("answer", "2024-11-06", "Harbour town counts ballots",
			"The mayoral election in Harbourview was won by Maria Lopez, the results showed on Wednesday.", promo),
	)
	for i := range 8 {
		idx.articles = append(idx.articles, article(fmt.Sprintf("other%d", i), "2024-11-0"+fmt.Sprint(1+i%5),
			fmt.Sprintf("Weather story %d", i),
			fmt.Sprintf("Rain is expected across the valley on day %d of the week.", i), promo))
	}
	// An agency story carried by three outlets: its sentences repeat too.
	for i := range 3 {
		idx.articles = append(idx.articles, article(fmt.Sprintf("wire%d", i), "2024-11-05", "Ferry strike ends",
			"The ferry strike in Harbourview ended after the union accepted a pay offer of 6 percent.",
			"Ferries will run again on Friday, the operator said."))
	}
	a := New(idx)
	a.Threshold = 0
	ctx := context.Background()

	ans, err := a.Ask(ctx, "Who won the mayoral election results in Harbourview?", day("2024-11-07"))
	if err != nil {
		t.Fatal(err)
	}
	if ans.Best == nil || !strings.Contains(ans.Best.Text, "Maria Lopez") {
		t.Fatalf("Best = %+v, want the quote naming Maria Lopez", ans.Best)
	}
	for _, c := range append(ans.Sources, *ans.Best) {
		if strings.Contains(c.Text, "Sign up for our election newsletter") {
			t.Errorf("a quote takes in the boilerplate: %q", c.Text)
		}
	}

	ans, err = a.Ask(ctx, "What pay offer ended the ferry strike in Harbourview?", day("2024-11-07"))
	if err != nil {
		t.Fatal(err)
	}
	if ans.Best == nil || !strings.Contains(ans.Best.Text, "6 percent") {
		t.Errorf("Best = %+v, want the agency story's sentence (repeated by 3 outlets) quoted", ans.Best)
	}
}

// TestContactIsNeverQuoted: a sentence that gives an e-mail address (a
// reporter's sign-off) is page furniture: it was quoted as the answer to
// "How do I subscribe to the newsletter?" at a confidence of 0.84 (nu43).
func TestContactIsNeverQuoted(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want bool
	}{
		{"Reach Rachel Barber at rbarber@usatoday.com, follow her on X and subscribe to her newsletter.", true},
		{"Send tips to news.desk@example.co.uk.", true},
		{"Email the newsroom at news@example.com.", true},
		{"The singer posted @taylorswift13 on Instagram.", false},
		// An address in a report is news (helper 94).
		{"The scam e-mails came from refund@irs-gov.com, officials said.", false},
		{"Prices rose 4% at 9 a.m.", false},
	} {
		if got := contact(tc.s); got != tc.want {
			t.Errorf("contact(%q) = %v, want %v", tc.s, got, tc.want)
		}
	}
	a := New(newFakeIndex(article("a1", "2024-03-25", "Newsletter",
		"The newsletter launched on Monday with a look at the harbour strike.",
		"Reach Rachel Barber at rbarber@usatoday.com, follow her on X, and subscribe to her newsletter.")))
	ans, err := a.Ask(context.Background(), "How do I subscribe to the newsletter?", day("2024-03-26"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range append(ans.Sources, func() []chronicle.Citation {
		if ans.Best != nil {
			return []chronicle.Citation{*ans.Best}
		}
		return nil
	}()...) {
		if strings.Contains(c.Text, "@") {
			t.Errorf("the sign-off was quoted: %q", c.Text)
		}
	}
}

// TestTeaserIsNeverQuoted: a link to another article set among the
// paragraphs, a label glued to its headline by a colon, is furniture; a
// roundup's item under a glued place name, a time and a sentence that
// quotes a word with a colon are read.
func TestTeaserIsNeverQuoted(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want bool
	}{
		{"More:TikTok CEO expected to attend Trump inauguration as ban looms", true},
		{"GRAPHICS:'Rivers in the sky': Graphics show atmospheric river soaking California's Bay Area", true},
		{"Election 2022 recap:Fetterman flips Pennsylvania Senate seat for Dems; several seats pending", true},
		{"► More:Nashville construction workers call for safer job sites", true},
		{"Related:Here's who lawmakers are bringing to Trump's State of the Union address", true},
		{"Reno:Teachers in Washoe County will receive free COVID-19 testing, the district said Friday.", false},
		{"Jones scored a critical touchdown with 7:17 left in the fourth quarter", false},
		{"The harbour reopened on Monday: ships queued for hours", false},
		{"Officials said the vote was close", false},
		// A list's line with its space lost (helper 98).
		{"Best NFL player:Saquon Barkley", false},
		{`Will win:Jessie Buckley, "Hamnet"`, false},
		{"Where to watch:Paramount+", false},
		{strings.Repeat("► ", 1<<18) + "More:Nashville construction workers call for safer job sites", false},
	} {
		if got := teaser(tc.s); got != tc.want {
			t.Errorf("teaser(%q) = %v, want %v", tc.s, got, tc.want)
		}
	}
	a := New(newFakeIndex(article("a1", "2024-03-25", "Harbour strike",
		"Dock workers at the harbour of Quillon ended their strike on Monday after a pay deal.",
		"Harbour strike:Quillon dock workers walk out over pay as ships queue",
		"The union said the deal raises pay by 6% over two years.")))
	ans, err := a.Ask(context.Background(), "Why did the Quillon dock workers strike?", day("2024-03-26"))
	if err != nil {
		t.Fatal(err)
	}
	cites := ans.Sources
	if ans.Best != nil {
		cites = append(cites, *ans.Best)
	}
	if len(cites) == 0 {
		t.Fatal("no answer and no sources")
	}
	for _, c := range cites {
		if strings.Contains(c.Text, "strike:") {
			t.Errorf("the teaser was quoted: %q", c.Text)
		}
	}
}

// TestGluedColonKeepsEveryTeaser checks that teaser's cheap test passes
// every head the label's pattern matches: the pattern is run only when it
// does, so a head it turned away would be a teaser quoted again.
func TestGluedColonKeepsEveryTeaser(t *testing.T) {
	for _, s := range []string{
		"More:TikTok CEO expected to attend Trump inauguration as ban looms",
		"GRAPHICS:'Rivers in the sky': Graphics show atmospheric river soaking the bay",
		`Watch:"We will rebuild," the mayor says of the flooded town centre today`,
		"Opinion:‘The deal is done’ and the mayor says so again to the council",
		"Opinion:“The deal is done” and the mayor says so again to the council",
		"Live:Él dijo que la votación se retrasa hasta el lunes por la mañana",
		"• Related:Here's who lawmakers are bringing to the State of the Union address",
		"(Video):Crowds gather outside the court as the jury returns its verdict",
	} {
		if !teaserLabel.MatchString(s) {
			t.Fatalf("the case %q does not match the pattern: it tests nothing", s)
		}
		if !gluedColon(s) {
			t.Errorf("gluedColon(%q) = false, but the pattern matches", s)
		}
	}
	for _, s := range []string{
		"Officials said the vote was close",
		"Jones scored with 7:17 left in the fourth quarter and the crowd stood",
		"The harbour reopened on Monday: ships queued for hours",
		"Ratio 3:1",
		"Ends with a colon:",
	} {
		if teaserLabel.MatchString(s) {
			t.Fatalf("the case %q matches the pattern: it tests nothing", s)
		}
		if gluedColon(s) {
			t.Errorf("gluedColon(%q) = true, want false: the pattern need not run", s)
		}
	}
}
