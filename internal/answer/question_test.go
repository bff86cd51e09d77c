package answer

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/chronicle-bot/chronicle/internal/terms"
)

func TestAnalyze(t *testing.T) {
	tests := []struct {
		q      string
		wh     string
		kind   Kind
		focus  string
		recent bool
		terms  []string // the question's own words (no expansions)
	}{
		{"Who claimed the Moscow attack?", "who", KindPerson, "", false, []string{"claimed", "moscow", "attack"}},
		{"What is France's current alert level?", "what", KindOther, "level", true, []string{"france", "alert", "level"}},
		{"How many people were killed in the Moscow concert hall attack?", "how many", KindNumber, "people", false,
			[]string{"people", "killed", "moscow", "concert", "hall", "attack"}},
		{"Which country hosted the summit this week?", "which", KindPlace, "country", true, []string{"country", "hosted", "summit"}},
		{"A volcano erupted on which Japanese island on Sunday?", "which", KindPlace, "island", false,
			[]string{"volcano", "erupted", "japanese", "island", "sunday"}},
		{"Which airline canceled flights?", "which", KindOrganization, "airline", false, []string{"airline", "canceled", "flights"}},
		{"When will the Real ID be required?", "when", KindDate, "", false, []string{"real", "id", "required"}},
		{"Where is Mar-a-Lago located?", "where", KindPlace, "", false, []string{"mar", "lago", "located"}},
		{"How much does a gallon of gas cost?", "how much", KindMoney, "gallon", false, []string{"gallon", "gas", "cost"}},
		{"Why were the SUVs recalled?", "why", KindReason, "", false, []string{"suvs", "recalled"}},
		{"What is her name?", "what", KindPerson, "name", false, []string{}},
		{"In which year did women first compete?", "which", KindDate, "year", false, []string{"year", "women", "first", "compete"}},
		{"Apple will unveil which popular product early next month?", "which", KindOther, "product", false,
			[]string{"apple", "unveil", "popular", "product", "early", "next", "month"}},
		{"How many Americans will return home?", "how many", KindNumber, "americans", false,
			[]string{"americans", "return", "home"}},
		{"Who claimed the Mos\u200bcow at\u200dtack?", "who", KindPerson, "", false,
			[]string{"claimed", "moscow", "attack"}}, // zero-width characters are no word breaks
		{"Who won the Fe\u0301vrier prize?", "who", KindPerson, "", false,
			[]string{"won", "février", "prize"}}, // a combining accent is composed with its letter (NFC)
		{"Which U.S. state banned TikTok?", "which", KindPlace, "state", false,
			[]string{"u", "state", "banned", "tiktok"}},
		{"How many U.S. troops were killed?", "how many", KindNumber, "troops", false,
			[]string{"u", "troops", "killed"}},
		{"Which U.K. city hosted the summit?", "which", KindPlace, "city", false,
			[]string{"u", "k", "city", "hosted", "summit"}},
		{"Which of these musicians attended the address?", "which", KindPerson, "musicians", false,
			[]string{"musicians", "attended", "address"}},
		{"What is the name of the farthest spacecraft?", "what", KindOther, "spacecraft", false,
			[]string{"farthest", "spacecraft"}},
		{"Which high-profile Republican announced a bid?", "which", KindPerson, "republican", false,
			[]string{"high", "profile", "republican", "announced", "bid"}},
		{"Whose arrival caused long traffic jams?", "who", KindPerson, "", false,
			[]string{"arrival", "caused", "long", "traffic", "jams"}},
		{"What might close the border in May?", "what", KindOther, "", false, []string{"close", "border", "may"}},
	}
	an := terms.New()
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			q := Analyze(an, tt.q)
			if q.Wh != tt.wh || q.Kind != tt.kind || q.Focus != tt.focus || q.Recent != tt.recent {
				t.Errorf("Analyze(%q) = wh %q kind %v focus %q recent %v, want %q %v %q %v",
					tt.q, q.Wh, q.Kind, q.Focus, q.Recent, tt.wh, tt.kind, tt.focus, tt.recent)
			}
			got := []string{}
			for _, term := range q.Terms {
				if !term.Expansion {
					got = append(got, term.Lower)
				}
			}
			if d := cmp.Diff(tt.terms, got); d != "" {
				t.Errorf("Analyze(%q) terms (-want +got):\n%s", tt.q, d)
			}
		})
	}
}

// TestFocus covers how the noun asked for is found in the grammar of a
// question: verbs and determiners end the noun phrase, "what" + auxiliary
// asks for a predicate noun only when no verb makes it the subject.
func TestFocus(t *testing.T) {
	tests := []struct {
		q     string
		wh    string
		kind  Kind
		focus string
	}{
		// A verb after the noun phrase ends it.
		{"Which museum won the award?", "which", KindOther, "museum"},
		{"Which bird tends to nest on cliffs?", "which", KindOther, "bird"},
		{"Which food item saw one of the biggest drops?", "which", KindOther, "item"},
		{"Which public service workers may carry radios?", "which", KindOther, "workers"},
		// ... but a noun before a comma or "to" stays the noun.
		{"Which golf championship, the first of the year, began today?", "which", KindOther, "championship"},
		{"What is the main threat to the reef?", "what", KindOther, "threat"},
		// "type of X", "kind of X" ask for an X.
		{"Which type of animal tested positive?", "which", KindOther, "animal"},
		{"What kind of shop opened there?", "what", KindOther, "shop"},
		// A possessive starts the phrase again; a hyphenated participle is an adjective.
		{"What is the world's most polluted city?", "what", KindPlace, "city"},
		{"Which US-made rockets were approved?", "which", KindOther, "rockets"},
		{"Which Constitutional Amendment officially ended it?", "which", KindOther, "amendment"},
		// what + auxiliary.
		{"What was found in the cave?", "what", KindOther, ""},
		{"What did the photos show?", "what", KindOther, ""},
		{"What is the agency expected to buy?", "what", KindOther, ""},
		{"What could soon be the minimum age for voters?", "what", KindNumber, "age"},
		{"What is widely considered the best museum?", "what", KindOther, "museum"},
		{"What was the magnitude of the quake?", "what", KindNumber, "magnitude"},
		{"What is the name of the party founded by the singer?", "what", KindOrganization, "party"},
		// Choices, and a figure of speech before the real question.
		{"Which of the following is the largest lake?", "which", KindPlace, "lake"},
		{"Which of the following is in short supply?", "which", KindOther, ""},
		{"Which of the following players retired?", "which", KindPerson, "players"},
		{"Which one of the following cities hosted it?", "which", KindPlace, "cities"},
		{"In what may be a record, how many cows were sold?", "how many", KindNumber, "cows"},
		// The phrase's head names the kind when it can; a possessive right
		// after the question word is what is asked for.
		{"What is the official deadline for filing?", "what", KindDate, "deadline"},
		{"Which streaming platform raised its prices?", "which", KindOrganization, "platform"},
		{"Which film star couple split up?", "which", KindPerson, "star"},
		{"Which high-profile Republican announced a bid?", "which", KindPerson, "republican"},
		{"Which country's soccer team won the cup?", "which", KindPlace, "country"},
		// ... but only next to it: a later kind word does not take over.
		{"Which country hosts the summit this year?", "which", KindPlace, "country"},
		{"Which city hosts next year's Olympics?", "which", KindPlace, "city"},
		{"Which river floods every year?", "which", KindPlace, "river"},
		{"Which former women's tennis champion returned?", "which", KindPerson, "champion"},
		{"Which president signs bills every day?", "which", KindPerson, "president"},
		{"What is Apple expected to announce?", "what", KindOther, ""},
		// A relative or a conjunction before the question word is passed over.
		{"Researchers found that children who eat what are more likely to share?", "what", KindOther, ""},
		{"She made history when she became the first to hold what post?", "what", KindOther, "post"},
		{"Accounts of what was eaten vary, but which dish was served?", "which", KindOther, "dish"},
		{"She won an Oscar. How old was she when she won?", "how old", KindNumber, ""},
	}
	an := terms.New()
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			q := Analyze(an, tt.q)
			if q.Wh != tt.wh || q.Kind != tt.kind || q.Focus != tt.focus {
				t.Errorf("Analyze(%q) = wh %q kind %v focus %q, want %q %v %q", tt.q, q.Wh, q.Kind, q.Focus, tt.wh, tt.kind, tt.focus)
			}
		})
	}
}

func TestAnalyzeNamesAndExpansions(t *testing.T) {
	q := Analyze(terms.New(), `Did the World Health Organization call the "public health emergency" over?`)
	if d := cmp.Diff([]string{"World Health Organization", "public health emergency"}, q.Phrases); d != "" {
		t.Errorf("Phrases (-want +got):\n%s", d)
	}
	q = Analyze(terms.New(), "How many people were detained?")
	var exp []string
	for _, term := range q.Terms {
		if term.Expansion {
			exp = append(exp, term.Lower)
		}
	}
	for _, want := range []string{"detention", "arrested"} {
		found := false
		for _, e := range exp {
			found = found || e == want
		}
		if !found {
			t.Errorf("expansions of detained = %v, want %q among them", exp, want)
		}
	}
	for _, term := range q.Terms {
		if term.Lower == "detention" && (!term.Variant || term.Of != "detain") {
			t.Errorf("detention = %+v, want a variant of detain", term)
		}
	}
}

// FuzzAnalyze: no question text makes the analysis panic, and its result
// is well-formed (a known kind; a focus only with a stem).
func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{"Who claimed the Moscow attack?", "In what may be, how many", "what is", "which of the",
		"Which of the following", "what could soon be", "how", "'s's", "this this", "What was found?", "x’s ’s",
		"Which U.S. state?", "A.B.C.D.", "U.S", "which U.S.", "U.S.."} {
		f.Add(s)
	}
	an := terms.New()
	f.Fuzz(func(t *testing.T, s string) {
		q := Analyze(an, s)
		if int(q.Kind) < 0 || int(q.Kind) >= len(kindNames) {
			t.Fatalf("Analyze(%q) kind %d", s, q.Kind)
		}
		if (q.Focus == "") != (q.FocusStem == "") {
			t.Fatalf("Analyze(%q) focus %q stem %q", s, q.Focus, q.FocusStem)
		}
		r := newRanker(q, an, 0, nil, time.Time{}, defaultModel)
		r.claims(an.Tokens(s))
	})
}

// TestPresentCue: "now", "current", "latest" ask about the as-of day itself
// (Question.Present); "this week" and "recently" ask about a past week
// (Recent only); a cue word that is part of a name is no cue.
func TestPresentCue(t *testing.T) {
	tests := []struct {
		q               string
		recent, present bool
	}{
		{"Who is the UK prime minister now?", true, true},
		{"What is France's current alert level?", true, true},
		{"Currently, who leads the league?", true, true},
		{"What is the latest death toll?", true, true},
		{"Is the bridge still closed?", true, true},
		{"Which country hosted the summit this week?", true, false},
		{"Which city recently topped the ranking?", true, false},
		{"Which prize did USA Today win?", false, false},
		{"Which prize did USA TODAY win?", false, false},
		{"Who claimed the Moscow attack?", false, false},
		// Capitals for emphasis or a whole question shouted: cues all the same.
		{"Who is the UK prime minister NOW?", true, true},
		{"WHO IS THE UK PRIME MINISTER NOW?", true, true},
	}
	an := terms.New()
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			q := Analyze(an, tt.q)
			if q.Recent != tt.recent || q.Present != tt.present {
				t.Errorf("Analyze(%q): Recent %v, Present %v; want %v, %v", tt.q, q.Recent, q.Present, tt.recent, tt.present)
			}
		})
	}
}

// TestAnalyzeShouted: a question written all in capitals says nothing about
// names; it reads as the same question in lower case (its words can be
// corrected, none is taken for a name).
func TestAnalyzeShouted(t *testing.T) {
	an := terms.New()
	for _, q := range []string{"WHO CLAMED THE MOSKOW ATACK", "WHAT IS THE LATEST DEATH TOLL IN GAZA?"} {
		t.Run(q, func(t *testing.T) {
			got, want := Analyze(an, q), Analyze(an, strings.ToLower(q))
			if fmt.Sprint(got.Terms) != fmt.Sprint(want.Terms) || got.Kind != want.Kind || got.Present != want.Present {
				t.Errorf("Analyze(%q) = %+v, %v, present %v; want as in lower case: %+v, %v, present %v",
					q, got.Terms, got.Kind, got.Present, want.Terms, want.Kind, want.Present)
			}
		})
	}
}

// TestQuestionString: the one-line analysis bot ask --explain prints.
func TestQuestionString(t *testing.T) {
	an := terms.New()
	tests := []struct{ q, want string }{
		{"Which country won?", `wh="which" kind=place focus="country" recent=false terms=[country won win victory champion] phrases=[]`},
		{"the", `wh="" kind=other focus="" recent=false terms=[] phrases=[]`},
		{"Who is the current head of Acme Corp?", `wh="who" kind=person focus="" recent=true terms=[head acme corp] phrases=["Acme Corp"]`},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			if got := Analyze(an, tt.q).String(); got != tt.want {
				t.Errorf("Analyze(%q).String() =\n%s\nwant\n%s", tt.q, got, tt.want)
			}
		})
	}
}

// TestStanding: a question asks what is, in the present tense, when its
// question word, or the noun it asks for, is followed by "is" or "are".
func TestStanding(t *testing.T) {
	an := terms.New()
	for _, tc := range []struct {
		q    string
		want bool
	}{
		{"Who is the UK prime minister?", true},
		{"who's the UK prime minister", true},
		{"Which country is the happiest in the world?", true},
		{"What are the rules of the new league?", true},
		{"How many people are on the jury?", true},
		{"Who won the Super Bowl?", false},
		{"Who was the first woman in space?", false},
		{"Which country was blamed by Russia?", false},
		{"France raised its alert level", false},
		{"What is the death toll of the 2023 Turkey earthquake?", false}, // a year names the time (helper 94)
	} {
		t.Run(tc.q, func(t *testing.T) {
			if got := Analyze(an, tc.q).Standing; got != tc.want {
				t.Errorf("Standing = %v, want %v", got, tc.want)
			}
		})
	}
}
