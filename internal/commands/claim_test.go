package commands

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/chronicle-bot/chronicle"
)

func TestCheckable(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"good morning everyone :)", false},
		{"lol same", false},
		{"Hello everyone, thanks!", false},
		{"yeah I really think so", false},
		{"ISIS claimed the Moscow attack", true},
		{"Macron raised the alert level", true},
		{"ISIS did it, @everyone knows.", true},
		{"LOL OK", false},
		{"the attack killed 137 people", true},
		{"the concert hall attack was claimed by islamic state gunmen", true},
		{"France is at its highest alert level", true},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := checkable(tt.text); got != tt.want {
				t.Errorf("checkable(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}

// TestCheckNoClaim: "Check in sources" on a message that makes no claim
// says so (a user error) and looks nothing up; it used to quote a
// newsletter line at 42%.
func TestCheckNoClaim(t *testing.T) {
	fa := &fakeAnswerer{}
	_, err := (&Check{Answerer: fa}).Handle(context.Background(), Request{Command: CheckName, TargetText: "good morning everyone :)"})
	if chronicle.ErrorCode(err) != chronicle.EINVALID || !strings.Contains(chronicle.ErrorMessage(err), "no claim") {
		t.Errorf("Check(greeting) error = %v, want EINVALID saying there is no claim", err)
	}
	if len(fa.questions) != 0 {
		t.Errorf("Check(greeting) asked %q, want nothing looked up", fa.questions)
	}
}

// TestRenderSaysWhatWasSearched: an answer to a corrected question says
// what was searched, whether it answers or not.
func TestRenderSaysWhatWasSearched(t *testing.T) {
	best := chronicle.Citation{Text: "Islamic State claimed the attack.", Title: "Attack", ArticleID: "a1"}
	for _, ans := range []chronicle.Answer{
		{Searched: "who claimed the moscow attack", Best: &best, Confidence: 0.8},
		{Searched: "who claimed the moscow attack", Sources: []chronicle.Citation{best}},
		{Searched: "who claimed the moscow attack"},
	} {
		resp := renderAnswer(ans, 2, "")
		if !strings.HasPrefix(resp.Content, "Searched for: who claimed the moscow attack") {
			t.Errorf("renderAnswer(%+v).Content = %q, want it to start with what was searched", ans, resp.Content)
		}
	}
}

func TestClaimGaps(t *testing.T) {
	tests := []struct {
		claim, quote string
		want         []string
	}{
		{"The attack killed 144 people", "At least 137 people were killed in the attack.", []string{"144"}},
		{"The attack killed 1,200 people", "The attack killed 1200 people.", nil},
		{"Argentina won the 2026 World Cup.", "Argentina beat England in the 2026 World Cup semifinal.", nil},
		{"Macron raised France's alert level", "France raised its alert to the highest level.", []string{"Macron"}},
		{"ISIS claimed the Moscow attack", "Islamic State claimed the attack near Moscow.", []string{"ISIS"}},
		{"In Paris, the Louvre closed at 3.5 pm", "The Louvre closed early.", []string{"Paris", "3.5"}},
		{"the ferry resumed its crossings", "Something else entirely.", nil},
		// Written otherwise, still stated (helper 86).
		{"Brazil won 3-0 in the 2024-25 season", "Brazil won 3–0 in the 2024–25 season.", nil},
		{"José Mourinho was sacked", "Jose Mourinho was sacked on Monday.", nil},
		{"Yesterday the Louvre closed", "The Louvre closed.", nil},
		{"BREAKING: Louvre closed", "The Louvre closed.", nil},
		{"ARGENTINA WON THE 2026 WORLD CUP", "Argentina beat England in the 2026 World Cup semifinal.", nil},
		{"ARGENTINA WON THE 2027 WORLD CUP", "Argentina beat England in the 2026 World Cup semifinal.", []string{"2027"}},
		{"The attack killed 144 people https://example.com/2024/03/25", "At least 144 people were killed.", nil},
		// Figures written other ways (helper 87): a score with a colon,
		// thousands with full stops, fullwidth and other scripts' digits.
		{"Brazil beat Chile 2:1", "Brazil beat Chile 2-1 on Tuesday.", nil},
		{"Brazil beat Chile 2:1", "Brazil beat Chile 3-1 on Tuesday.", []string{"2-1"}},
		{"The attack killed 1.200 people", "The attack killed 1,200 people.", nil},
		{"The attack killed 1200 people", "The attack killed 1.200 people.", nil},
		{"The attack killed 144 people", "The attack killed 1.440 people.", []string{"144"}},
		{"The Louvre closed at 3.5 pm", "The Louvre closed at 35 pm.", []string{"3.5"}},
		{"The attack killed １４４ people", "At least 144 people were killed.", nil},
		{"The attack killed ١٤٤ people", "At least 144 people were killed.", nil},
		{"The attack killed १४४ people", "At least 145 people were killed.", []string{"१४४"}},
		// An acronym that spells a stop word is a name; initials with full
		// stops state it.
		{"The US raised tariffs", "The U.S. raised tariffs on steel.", nil},
		{"The US raised tariffs", "Canada raised tariffs on steel.", []string{"US"}},
		{"The Louvre closed at 10 AM", "The Louvre closed at 10 am.", nil}, // AM is a time, not a name
	}
	for _, tt := range tests {
		t.Run(tt.claim, func(t *testing.T) {
			if got := claimGaps(tt.claim, tt.quote); !slices.Equal(got, tt.want) {
				t.Errorf("claimGaps(%q, %q) = %q, want %q", tt.claim, tt.quote, got, tt.want)
			}
		})
	}
}

// TestCheckFooterIsNoVerdict: a checked claim's footer says that the
// quote is the closest report, not a verdict, and names what of the claim
// it lacks; "Argentina won the 2026 World Cup" was "Likely right" from a
// report of the semifinal. A checked question keeps the confidence words.
func TestCheckFooterIsNoVerdict(t *testing.T) {
	semi := chronicle.Citation{Text: "Argentina beat England 2-1 in the 2026 World Cup semifinal.", Title: "Semifinal in Atlanta", ArticleID: "a1"}
	fa := &fakeAnswerer{answer: chronicle.Answer{Best: &semi, Confidence: 0.9}}
	const stated = "Closest report, not a verdict: it states the claim's names and figures; read it to judge the claim"
	for _, tc := range []struct{ msg, want string }{
		{"Argentina won the 2026 World Cup.", stated},
		{"Brazil won the 2026 World Cup 3-0.", "Closest report, not a verdict: it does not state Brazil, 3-0"},
		{"Argentina won the 2026 World Cup in Atlanta.", stated}, // the title states it, above the quote
		{"Who won the 2026 World Cup semifinal?", "Likely right"},
		{"How did Argentina beat Brazil 3-0 in the 2026 World Cup final?", "Likely right · it does not state Brazil, 3-0"},
		{"who's playing in the 2026 World Cup semifinal?", "Likely right"},
		{"In 2026, who won the World Cup semifinal?", "Likely right"},
		{"Who was right about the 2026 World Cup?", "Likely right"},
		{"Who owns the copyright of the 2026 World Cup?", "Likely right"},
		// A question whether a claim is true is a claim (helper 86).
		{"Argentina won the 2026 World Cup, right?", stated},
		{"Did Argentina win the 2026 World Cup?", stated},
		// "WHO" in a message in lower case is the organisation, not the
		// question word (helper 87): the message is a claim about it.
		{"WHO said the 2026 World Cup semifinal was safe?", "Closest report, not a verdict: it does not state WHO"},
		{"WHO WON THE 2026 WORLD CUP SEMIFINAL?", "Likely right"},
		{"WHY did Argentina win the 2026 World Cup semifinal?", "Likely right"}, // emphasis, not an acronym
	} {
		t.Run(tc.msg, func(t *testing.T) {
			resp, err := (&Check{Answerer: fa}).Handle(t.Context(), Request{Command: CheckName, TargetText: tc.msg})
			if err != nil {
				t.Fatal(err)
			}
			if len(resp.Embeds) != 1 {
				t.Fatalf("Check(%q) gave %d embeds, want 1", tc.msg, len(resp.Embeds))
			}
			if got := resp.Embeds[0].Footer; got != tc.want {
				t.Errorf("Check(%q) footer = %q, want %q", tc.msg, got, tc.want)
			}
		})
	}
}
