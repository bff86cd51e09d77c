package answer

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/terms"
)

// TestDeclineUncoveredNames: a question whose names or years no candidate
// article holds is declined with those words listed; the closest sources
// are still given. A question whose names one article holds is answered.
func TestDeclineUncoveredNames(t *testing.T) {
	idx := newFakeIndex(
		article("a1", "2024-03-25", "Moscow concert hall attack",
			"Islamic State claimed the attack on the Crocus City Hall in Moscow, which killed 137 people. U.S. officials had warned of it."),
		article("a2", "2024-03-20", "Harbour festival",
			"The harbour festival in Portsmouth drew 20,000 people over the weekend."),
		article("a3", "2024-02-01", "Festival season",
			"Music festival organisers in Europe expect record crowds in 2024."),
		article("a4", "2024-03-10", "A wedding at Mar-a-Lago",
			"The couple married at Mar-a-Lago in a ceremony led by the town's mayor."),
		article("a5", "2024-03-11", "Launch schedule",
			"The rocket launch was moved to Jan. 15 after a fuel leak."),
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
		// Stems join names that differ: "Mars" and "Mar-a-Lago" share
		// "mar", but no article writes Mars.
		{"name only in another name's stem", "Who is the mayor of the colony on Mars?", []string{"Mars"}},
		// A month is capitalised as a date, not a name: the article
		// writes "Jan. 15", and the question is not declined for it.
		{"month is no name", "Why was the rocket launch on January 15 moved?", nil},
		// A capitalised first word may be a name: when no article holds
		// it, the question is about something the sources lack.
		{"unknown name as the first word", "Quillfeather festival crowds?", []string{"Quillfeather"}},
		{"known first word", "Moscow attack?", nil},
		// Initialisms, short abbreviations and titles are no names the
		// sources must hold as written ("U.S.", "US", "Mr."); the name
		// after a title is.
		{"an initialism", "What did U.S. officials say about the attack on the Crocus City Hall in Moscow?", nil},
		{"an abbreviation", "What did US officials say about the attack on the Crocus City Hall in Moscow?", nil},
		{"a title", "What did Mr. Moscow say about the attack on the Crocus City Hall?", nil},
		{"the name after a title", "How many people attended the festival in St. Quillfeather?", []string{"Quillfeather"}},
		// An initialism must be written as it is: "U.S." does not stand
		// for "U.K." for sharing a letter.
		{"an initialism no article writes", "How many people attended the U.K. festival in Portsmouth?", []string{"U.K"}},
		{"an initialism with another's letter", "What did U.K. officials say about the attack on the Crocus City Hall in Moscow?", []string{"U.K"}},
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

// TestNameIn: a name is found as a whole word, with a plural ending, in
// any case and with either apostrophe (forms and foldName).
func TestNameIn(t *testing.T) {
	tests := []struct {
		text, word string
		want       bool
	}{
		{"a reception at mar-a-lago", "mars", false},
		{"a reception at mar-a-lago", "mar", true},
		{"the kennedys gathered", "kennedy", true},
		{"kennedy's speech", "kennedy", true},
		{"the kennedyesque style", "kennedy", false},
		{"nbcuniversal said", "universal", false},
		{"tatum o'neal won", "o'neal", true},
		{"", "mars", false},
	}
	for _, tt := range tests {
		if got := nameIn(foldName(tt.text), foldName(tt.word)); got != tt.want {
			t.Errorf("nameIn(%q, %q) = %v, want %v", tt.text, tt.word, got, tt.want)
		}
	}
}

// TestSharesWord: a quote answers a question only if it holds one of its
// words: a common word by its stem, a name as written, so that a quote
// about Mar-a-Lago is no answer about Mars. Before, such a quote could be
// the answer, at any confidence the model gave it.
func TestSharesWord(t *testing.T) {
	an := terms.New()
	tests := []struct {
		question, quote string
		want            bool
	}{
		{"Who is the mayor of the colony on Mars?", "Melania Knauss married at Mar-a-Lago in a Dior gown.", false},
		{"Who is the mayor of the colony on Mars?", "NASA plans to send astronauts to Mars in the 2030s.", true},
		{"Who is the mayor of the colony on Mars?", "The town's mayor spoke at the reception.", true},
		{"How many suspects are in custody?", "The police detained 11 people, suspected to include the gunmen.", true},
		{"Which European country recorded its hottest day?", "Spain saw 45C, its hottest day on record.", true},
		{"Which European country recorded its hottest day?", "Rain fell in Dublin all week.", false},
	}
	for _, tt := range tests {
		r := newRanker(Analyze(an, tt.question), an, 100, nil, time.Time{}, DefaultModel())
		if got := r.sharesWord(tt.quote); got != tt.want {
			t.Errorf("%q: sharesWord(%q) = %v, want %v", tt.question, tt.quote, got, tt.want)
		}
	}
}

func TestInitialismAt(t *testing.T) {
	tests := []struct {
		text       string
		start, end int
		want       string
	}{
		{"Which U.S. state", 6, 7, "u.s"},
		{"Which U.S. state", 8, 9, "u.s"},
		{"the U.K.", 4, 5, "u.k"},
		{"in D.C.", 3, 4, "d.c"},
		{"Which U.S state", 6, 7, "u.s"},
		{"John F. Kennedy", 5, 6, ""},
		{"A. Smith", 0, 1, ""},
		{"US state", 0, 2, ""},
		{"xU.S.", 1, 2, ""},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := initialismAt(tt.text, tt.start, tt.end); got != tt.want {
				t.Errorf("initialismAt(%q, %d, %d) = %q, want %q", tt.text, tt.start, tt.end, got, tt.want)
			}
		})
	}
}

// TestSaysNothing: a quote of one or two of the question's own words,
// repeated, answers nothing: "Who saw the yak?" over a page repeating "yak"
// was answered "yak yak yak …", likely right (0.84) (helper 73). A quote of
// the question's words that says something is an answer: a choice
// question's pick, a yes/no question's "not" (review rev35).
func TestSaysNothing(t *testing.T) {
	an := terms.New()
	for _, tt := range []struct {
		question, quote string
		want            bool
	}{
		{"Who saw the yak?", "yak yak yak yak yak", true},
		{"Who saw the yak?", "Yak! The yak, the yaks.", true},
		{"Who saw the yak?", "Saw the yak? Yak!", true},
		{"Who saw the yak?", "A herder saw the yak.", false},
		{"How many moose were counted?", "Moose counted: 41.", false},
		{"Who claimed the Moscow attack?", "Islamic State claimed the attack.", false},
		{"Who won the mayoral election, Smith or Jones?", "Smith, not Jones, won the mayoral election.", false},
		{"Who won the mayoral election, Smith or Jones?", "Smith won the election.", false},
		{"Which city hosted the summit, Paris or Berlin?", "Berlin hosted the summit.", false},
		{"Did the council approve the budget?", "The council did not approve the budget.", false},
		{"Who claimed the Moscow attack?", "", true},
	} {
		t.Run(tt.quote, func(t *testing.T) {
			r := newRanker(Analyze(an, tt.question), an, 100, nil, time.Time{}, DefaultModel())
			if got := r.saysNothing(tt.quote); got != tt.want {
				t.Errorf("%q: saysNothing(%q) = %v, want %v", tt.question, tt.quote, got, tt.want)
			}
		})
	}
}

// TestAskDeclinesAQuoteOfTheQuestionsWords: Ask declines an answer whose
// quote adds nothing to the question (confidence 0, as for a quote that
// shares no word of it), and still answers from an article that does.
func TestAskDeclinesAQuoteOfTheQuestionsWords(t *testing.T) {
	var arts []chronicle.Article
	for i := range minDFCorpus {
		arts = append(arts, article(fmt.Sprintf("filler%d", i), "2024-02-01", "Council notes",
			"The council met on a Tuesday to discuss the budget."))
	}
	yaks := article("yaks", "2024-03-20", "Yak", "yak yak yak yak yak yak yak yak", "yak yak yak yak")
	for _, tt := range []struct {
		name, question string
		arts           []chronicle.Article
		answered       bool
	}{
		{"only the question's word", "Who saw the yak?", append(slices.Clone(arts), yaks), false},
		{"an article that answers", "Who saw the yak?", append(slices.Clone(arts), yaks,
			article("herder", "2024-03-21", "Herder", "A herder named Tsering saw the yak near the pass.")), true},
		{"a choice question's pick", "Who saw the yak, Tsering or Dorje?", append(slices.Clone(arts), yaks,
			article("herder", "2024-03-21", "Herder", "Tsering, not Dorje, saw the yak.")), true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a := New(newFakeIndex(tt.arts...))
			ans, err := a.Ask(context.Background(), tt.question, day("2024-03-26"))
			if err != nil {
				t.Fatal(err)
			}
			// Declined is confidence 0 (and no answer at the default threshold).
			if got := ans.Confidence > 0; got != tt.answered {
				t.Errorf("confidence %.2f (answer %+v), want declined %v", ans.Confidence, ans.Best, !tt.answered)
			}
			if !tt.answered && ans.Best != nil {
				t.Errorf("answer %+v, want none", ans.Best)
			}
		})
	}
}
