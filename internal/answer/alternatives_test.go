package answer

import (
	"context"
	"slices"
	"testing"

	"github.com/chronicle-bot/chronicle"
)

// from sets an article's outlet.
func from(source string, a chronicle.Article) chronicle.Article {
	a.Source = source
	return a
}

// unnamed returns arts without their outlet, each with link url.
func unnamed(arts []chronicle.Article, url string) []chronicle.Article {
	var out []chronicle.Article
	for _, a := range arts {
		a.Source, a.URL = "", url
		out = append(out, a)
	}
	return out
}

// TestOutlet: an outlet is named by the article's source, else by its
// link's host as citations show it; articles that name neither are one
// outlet, not one each (nu44: 13 newswire items were "13 outlets agree").
func TestOutlet(t *testing.T) {
	tests := []struct {
		a1, a2 chronicle.Article
		same   bool
	}{
		{chronicle.Article{ID: "1", Source: "BBC"}, chronicle.Article{ID: "2", Source: " bbc "}, true},
		{chronicle.Article{ID: "1", Source: "BBC"}, chronicle.Article{ID: "2", Source: "Reuters"}, false},
		{chronicle.Article{ID: "1", URL: "https://www.usatoday.com/a"}, chronicle.Article{ID: "2", URL: "https://usatoday.com/b"}, true},
		{chronicle.Article{ID: "1", URL: "https://www.usatoday.com/a"}, chronicle.Article{ID: "2", URL: "https://theweek.com/b"}, false},
		{chronicle.Article{ID: "1"}, chronicle.Article{ID: "2"}, true},
		{chronicle.Article{ID: "1"}, chronicle.Article{ID: "2", URL: "not a link"}, true},
		{chronicle.Article{ID: "1", Source: "usatoday.com"}, chronicle.Article{ID: "2", URL: "https://usatoday.com/b"}, true},
	}
	for _, tt := range tests {
		if got := outlet(&tt.a1) == outlet(&tt.a2); got != tt.same {
			t.Errorf("outlet(%+v) == outlet(%+v) is %v, want %v", tt.a1, tt.a2, got, tt.same)
		}
	}
}

// TestAlternatives: when the best passages give different figures or
// names, the answer leads with one (the newest well-backed one for a
// question about now), names its value, and lists the others with who said
// them and when, newest first; outlets giving the same value
// are counted; a question that asks for neither gets none of this.
func TestAlternatives(t *testing.T) {
	moving := []chronicle.Article{
		from("Wire A", article("m1", "2024-03-23", "Concert hall attack",
			"More than 100 people were killed in the concert hall attack near Moscow, officials said.")),
		from("Wire B", article("m2", "2024-03-24", "Concert hall attack toll rises",
			"The concert hall attack near Moscow killed 137 people, officials said.")),
		from("Wire C", article("m3", "2024-03-25", "Concert hall attack toll rises again",
			"Officials said on Monday that 144 people were killed in the concert hall attack near Moscow.")),
	}
	agreeing := []chronicle.Article{
		from("Wire A", article("a1", "2024-03-24", "Concert hall attack",
			"The concert hall attack near Moscow killed 137 people, officials said on Sunday.")),
		from("Wire B", article("a2", "2024-03-24", "Moscow attack",
			"Officials said 137 people were killed in the concert hall attack near Moscow.")),
		from("Wire C", article("a3", "2024-03-25", "Mourning in Moscow",
			"Russia mourned the 137 people killed in the concert hall attack near Moscow.")),
	}
	names := []chronicle.Article{
		from("Wire A", article("n1", "2024-03-23", "Marathon result",
			"Kelvin Achebe won the harbour city marathon on Saturday, organisers said.")),
		from("Wire B", article("n2", "2024-03-25", "Marathon result corrected",
			"Organisers said Tomas Lindqvist won the harbour city marathon after a timing error.")),
	}
	// The same, with names that start with capitals past ASCII.
	accented := []chronicle.Article{
		from("Wire A", article("n1", "2024-03-23", "Marathon result",
			"Álvaro Núñez won the harbour city marathon on Saturday, organisers said.")),
		from("Wire B", article("n2", "2024-03-25", "Marathon result corrected",
			"Organisers said Émile Ørsted won the harbour city marathon after a timing error.")),
	}
	// A name whose letters stand inside an earlier word of its sentence
	// ("Ali" in "Australia").
	inside := []chronicle.Article{
		from("Wire A", article("n1", "2024-03-23", "Marathon result",
			"In Australia, Ali won the harbour city marathon on Saturday, organisers said.")),
		from("Wire B", article("n2", "2024-03-25", "Marathon result corrected",
			"Organisers said Kelvin Achebe won the harbour city marathon after a timing error.")),
		from("Wire C", article("n3", "2024-03-25", "Marathon winner",
			"Ali won the harbour city marathon, the organisers of the race said on Sunday.")),
	}
	// Readings that a name candidate gets wrong: a month ("May") and a
	// name after "Neither".
	dated := []chronicle.Article{
		from("Wire A", article("d1", "2024-03-25", "Marathon result",
			"The harbour city marathon was won in May by a runner from the north, organisers said.")),
		from("Wire B", article("d2", "2024-03-23", "Marathon favourites",
			"Neither Kelvin Achebe nor his coach expected to win the harbour city marathon, organisers said.")),
	}
	// An office changed hands: two older reports match the question's words
	// better than the one that says who holds it now.
	office := []chronicle.Article{
		from("Wire A", article("h1", "2023-01-10", "Harbour authority chair",
			"Margaret Oduya, the harbour authority chair, opened the new harbour authority terminal on Tuesday.")),
		from("Wire B", article("h2", "2023-06-02", "Harbour authority plans",
			"Harbour authority chair Margaret Oduya said the harbour authority would expand the port.")),
		from("Wire C", article("h4", "2023-09-14", "Harbour authority budget",
			"The harbour authority chair, Margaret Oduya, presented the harbour authority budget to the council.")),
		from("Wire E", article("h5", "2023-11-03", "Harbour authority chair on dredging",
			"Harbour authority chair Margaret Oduya defended the harbour authority dredging plan.")),
		from("Wire F", article("h6", "2023-12-12", "Harbour authority chair re-elected",
			"Margaret Oduya was re-elected harbour authority chair by the harbour authority board.")),
		from("Wire D", article("h3", "2024-03-20", "New face at the port",
			"Daniel Brennan, a former ferry captain, is the new chair of the harbour authority.")),
	}
	// The name the most sentences state is of another kind than the one
	// asked for: a party's acronym for "where", a state for "who".
	kinds := []chronicle.Article{
		from("Wire A", article("k1", "2024-03-25", "Second debate",
			"The second Republican presidential debate took place at the Reagan library in California, GOP officials said.")),
		from("Wire B", article("k2", "2024-03-24", "Debate ratings",
			"GOP officials said the second Republican presidential debate drew 9.5 million viewers.")),
		from("Wire C", article("k3", "2024-03-24", "Debate stage",
			"Seven candidates met the GOP bar for the second Republican presidential debate.")),
	}
	primary := []chronicle.Article{
		from("Wire A", article("p1", "2024-03-25", "Congresswoman ousted",
			"Harriet Hageman defeated the congresswoman in the Wyoming primary on Tuesday.")),
		from("Wire B", article("p2", "2024-03-24", "Primary turnout",
			"Wyoming voters turned out in large numbers for the primary, Wyoming officials said of the congresswoman's race.")),
		from("Wire C", article("p3", "2024-03-24", "Primary watched",
			"The congresswoman's primary in Wyoming was watched closely across the country.")),
	}
	// Other news, so that the words of the questions are not in every
	// article.
	others := []chronicle.Article{
		from("Wire D", article("o1", "2024-03-20", "Harbour festival",
			"The harbour festival in Portsmouth drew 20,000 people over the weekend.")),
		from("Wire D", article("o2", "2024-03-21", "Rail strike",
			"Train drivers walked out on Thursday, cancelling most services in the north.")),
		from("Wire E", article("o3", "2024-03-22", "Budget vote",
			"Parliament passed the budget by 312 votes to 250 after a long debate.")),
		from("Wire E", article("o4", "2024-03-19", "Storm warning",
			"Forecasters warned of gales along the coast, with gusts up to 80 miles an hour.")),
	}
	tests := []struct {
		name      string
		articles  []chronicle.Article
		question  string
		wantValue string   // "" : no value
		wantAlts  []string // values of the alternatives, in order
		wantAgree int
	}{
		{"the latest toll leads", moving,
			"How many people have been killed in the concert hall attack near Moscow, by the latest count?",
			"144", []string{"137", "More than 100"}, 1},
		{"without a present-tense cue the best match leads, newer figures listed", moving,
			"How many people were killed in the concert hall attack near Moscow?",
			"137", []string{"144", "More than 100"}, 1},
		{"outlets that agree are counted", agreeing,
			"How many people were killed in the concert hall attack near Moscow?",
			"137", nil, 3},
		{"articles that name no outlet are one outlet between them", unnamed(agreeing, ""),
			"How many people were killed in the concert hall attack near Moscow?",
			"137", nil, 1},
		{"an article that names no outlet is of its link's host", unnamed(agreeing, "https://www.wire.example/a"),
			"How many people were killed in the concert hall attack near Moscow?",
			"137", nil, 1},
		{"names that disagree", names,
			"Who won the harbour city marathon?",
			"Tomas Lindqvist", []string{"Kelvin Achebe"}, 1},
		{"names that disagree, with capitals past ASCII", accented,
			"Who won the harbour city marathon?",
			"Émile Ørsted", []string{"Álvaro Núñez"}, 1},
		{"a name inside an earlier word of its sentence", inside,
			"Who won the harbour city marathon?",
			"Kelvin Achebe", []string{"Ali"}, 1}, // not "Australia" for the first report too
		{"a month is no name, and Neither is no part of one", dated,
			"Who won the harbour city marathon?",
			"Kelvin Achebe", nil, 1}, // not "Neither Kelvin Achebe", nor "May" as another outlet's answer
		{"who holds an office now: the newest report leads, names the new holder", office,
			"Who is the harbour authority chair now?",
			"Daniel Brennan", []string{"Margaret Oduya"}, 1},
		{"where: a known place, not the acronym more sentences state", kinds,
			"Where did the second Republican presidential debate take place?",
			"California", nil, 1},
		{"who: a name that is no known place", primary,
			"Who defeated the congresswoman in the primary?",
			"Harriet Hageman", nil, 1},
		{"a question that asks for no figure or name", moving,
			"Why was the concert hall near Moscow attacked?",
			"", nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := New(newFakeIndex(append(slices.Clone(tt.articles), others...)...))
			a.Threshold = 0
			ans, err := a.Ask(context.Background(), tt.question, day("2024-03-26"))
			if err != nil {
				t.Fatal(err)
			}
			if ans.Best == nil {
				t.Fatalf("Ask(%q) gave no answer", tt.question)
			}
			var alts []string
			for _, alt := range ans.Alternatives {
				alts = append(alts, alt.Value)
				if alt.Citation.ArticleID == ans.Best.ArticleID {
					t.Errorf("Ask(%q): alternative %q from the answer's own article", tt.question, alt.Value)
				}
			}
			if ans.Value != tt.wantValue || !slices.Equal(alts, tt.wantAlts) || ans.Agreement != tt.wantAgree {
				t.Errorf("Ask(%q) = value %q, alternatives %q, agreement %d; want %q, %q, %d (answer %q)",
					tt.question, ans.Value, alts, ans.Agreement, tt.wantValue, tt.wantAlts, tt.wantAgree, ans.Best.Text)
			}
			for i := 1; i < len(ans.Alternatives); i++ {
				if ans.Alternatives[i].Citation.Published.After(ans.Alternatives[i-1].Citation.Published) {
					t.Errorf("Ask(%q): alternatives not newest first: %q", tt.question, alts)
				}
			}
		})
	}
}

// TestAlternativesWithheld: a withheld answer has no value, agreement or
// alternatives (the closest sources are listed instead).
func TestAlternativesWithheld(t *testing.T) {
	a := New(newFakeIndex(from("Wire A", article("m1", "2024-03-23", "Concert hall attack",
		"More than 100 people were killed in the concert hall attack near Moscow."))))
	a.Threshold = 1.01
	ans, err := a.Ask(context.Background(), "How many people were killed in the concert hall attack?", day("2024-03-26"))
	if err != nil {
		t.Fatal(err)
	}
	if ans.Best != nil || ans.Value != "" || ans.Agreement != 0 || ans.Alternatives != nil {
		t.Errorf("withheld answer: Best %v, Value %q, Agreement %d, Alternatives %v; want none",
			ans.Best, ans.Value, ans.Agreement, ans.Alternatives)
	}
}

// TestLowerKeep: letters past ASCII are lower-cased too, and byte offsets
// carry over (a letter whose lower case is longer, or an invalid byte,
// stays as it is).
func TestLowerKeep(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Said Tomas Lindqvist", "said tomas lindqvist"},
		{"Émile Ørsted, ÁLVARO", "émile ørsted, álvaro"},
		{"İstanbul", "İstanbul"},
		{"a\xffB", "a\xffb"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := lowerKeep(tt.in); got != tt.want || len(got) != len(tt.in) {
				t.Errorf("lowerKeep(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestReadingName: a name candidate is read as a name without a first word
// that opens a choice, and a date is no name.
func TestReadingName(t *testing.T) {
	for _, tt := range []struct{ cand, want string }{
		{"kelvin achebe", "kelvin achebe"},
		{"neither lionel messi", "lionel messi"},
		{"rishi sunak prev next", "rishi sunak"}, // a gallery's buttons (nu42)
		{"next", "next"},
		{"keir starmer:meet", "keir starmer"}, // a headline's colon without a space
		{"both", "both"},                      // a word alone is left to the candidates' own rules
		{"may", ""},
		{"oct", ""},
		{"march", ""},
		{"et july", ""},
		{"pdt tuesday", ""},
		{"et sat", ""},
		{"russian", ""},
		{"russian president vladimir putin", "russian president vladimir putin"},
		{"republicans", "republicans"},   // a party may be the answer
		{"sun", "sun"},                   // a paper, when no time zone says it is a day
		{"et bob jones", "et bob jones"}, // the zone of a stamp is cut when the quote is shown (present)
		{"theresa may", "theresa may"},
		{"black monday", "black monday"},
		{"", ""},
	} {
		t.Run(tt.cand, func(t *testing.T) {
			if got := readingName(tt.cand); got != tt.want {
				t.Errorf("readingName(%q) = %q, want %q", tt.cand, got, tt.want)
			}
		})
	}
}

// TestPartOfListed: a name listed already in part or whole is not listed
// again ("Greenspan" after "Alan Greenspan"); a figure is compared as a
// claim, not as words.
func TestPartOfListed(t *testing.T) {
	listed := []chronicle.Alternative{{Value: "Alan Greenspan"}, {Value: "Los Angeles"}}
	for _, tt := range []struct {
		name string
		want bool
	}{
		{"Greenspan", true},
		{"Federal Reserve Chair Alan Greenspan", true},
		{"Angeles", true},
		{"Alan Greenspan", true},
		{"Green", false},
		{"Paul Volcker", false},
	} {
		if got := partOfListed(listed, tt.name); got != tt.want {
			t.Errorf("partOfListed(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestNameListed: another outlet's name is listed when two outlets give it,
// or when the sentence giving it is nearly as likely as the best one.
func TestNameListed(t *testing.T) {
	for _, tc := range []struct {
		outlets int
		p, best float64
		want    bool
	}{
		{1, 0.5, 1, true},
		{1, 0.49, 1, false},
		{1, 0.1, 1, false},
		{2, 0.1, 1, true},
		{3, 0.05, 1, true},
	} {
		if got := nameListed(tc.outlets, tc.p, tc.best); got != tc.want {
			t.Errorf("nameListed(%d, %v, %v) = %v, want %v", tc.outlets, tc.p, tc.best, got, tc.want)
		}
	}
}

// TestNameFit: a reading is first chosen by how well it fits the kind of
// name asked for.
func TestNameFit(t *testing.T) {
	tests := []struct {
		name    string
		q       Question
		focus   string // the kind of place named, if any
		c, text string
		want    int
	}{
		{"where: a known place", Question{Kind: KindPlace, Wh: "where"}, "", "california", "California", 1},
		{"where: another name", Question{Kind: KindPlace, Wh: "where"}, "", "gop", "GOP", 0},
		{"which city: a city", Question{Kind: KindPlace, Wh: "which"}, "city", "paris", "Paris", 2},
		{"which city: a country is no better than a name", Question{Kind: KindPlace, Wh: "which"}, "city", "iraq", "Iraq", 0},
		{"which volcano: a known place is no better than a name", Question{Kind: KindPlace, Wh: "which"}, "", "europe", "Europe", 0},
		{"who: a known place", Question{Kind: KindPerson, Wh: "who"}, "", "wyoming", "Wyoming", -1},
		{"who: an acronym that is a party", Question{Kind: KindPerson, Wh: "who"}, "", "gop", "GOP", -1},
		// "Who claimed the Moscow attack?": a bare "who" asks for a group
		// as often as for a person, and groups go by their initials.
		{"who: a group in capitals", Question{Kind: KindPerson, Wh: "who"}, "", "isis", "ISIS", 0},
		{"which golfer: a word in capitals", Question{Kind: KindPerson, Wh: "which", Focus: "golfer"}, "", "liv", "LIV", -1},
		{"who: a name", Question{Kind: KindPerson, Wh: "who"}, "", "harriet hageman", "Harriet Hageman", 0},
		{"who: a party", Question{Kind: KindPerson, Wh: "who"}, "", "labour", "Labour", -1},
		{"who: a party's members", Question{Kind: KindPerson, Wh: "who"}, "", "house republicans", "House Republicans", -1},
		{"which party: a party", Question{Kind: KindOrganization, Wh: "which"}, "", "labour", "Labour", 0},
		{"who: a name in capitals of two words", Question{Kind: KindPerson, Wh: "who"}, "", "jd vance", "JD VANCE", 0},
		{"which company: a known place", Question{Kind: KindOrganization, Wh: "which"}, "", "mexico", "Mexico", -1},
		{"which company: an acronym", Question{Kind: KindOrganization, Wh: "which"}, "", "ibm", "IBM", 0},
		{"what: any name", Question{Kind: KindOther, Wh: "what"}, "", "texas", "Texas", 0},
		{"which country: a country written with a hyphen", Question{Kind: KindPlace, Wh: "which"}, "country", "guinea-bissau", "Guinea-Bissau", 2},
		{"where: a city written with a hyphen", Question{Kind: KindPlace, Wh: "where"}, "", "winston-salem", "Winston-Salem", 1},
		{"who: a country written with a hyphen", Question{Kind: KindPerson, Wh: "who"}, "", "timor-leste", "Timor-Leste", -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &ranker{q: tt.q}
			if tt.focus != "" {
				r.placeKind = placeKinds[tt.focus]
				if r.placeKind == nil {
					t.Fatalf("no gazetteer of %q", tt.focus)
				}
			}
			if got := r.nameFit(tt.c, tt.text); got != tt.want {
				t.Errorf("nameFit(%q) = %d, want %d", tt.c, got, tt.want)
			}
		})
	}
}
