package answer

import (
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle/internal/terms"
)

// rankedOf makes ranked sentences, one article each, with the given scores,
// as the ranker would leave them for a question.
func rankedOf(t *testing.T, question string, sents []string, scores []float64) []scored {
	t.Helper()
	an := terms.New()
	r := newRanker(Analyze(an, question), an, 0, nil, time.Time{}, defaultModel)
	var out []scored
	for i, s := range sents {
		a := article(string(rune('a'+i)), "2024-03-25", "Report", s)
		out = append(out, scored{art: &a, text: s, score: scores[i], st: an.Tokens(s), r: r})
	}
	return out
}

func TestSourcesCoverAlternativesFirst(t *testing.T) {
	tests := []struct {
		name   string
		sents  []string
		scores []float64
		want   []string // the sources' articles, in order
	}{
		{
			name: "a different figure beats a repeat of the answer's",
			sents: []string{"Officials said 137 people were killed.", "Police said 137 people were killed.",
				"Local media said 144 people were killed."},
			scores: []float64{3, 2.9, 2.5},
			want:   []string{"c", "b"},
		},
		{
			name: "without alternatives, agreeing evidence in rank order",
			sents: []string{"Officials said 137 people were killed.", "The toll of 137 was confirmed on Sunday.",
				"Police said 137 people were killed."},
			scores: []float64{3, 2.9, 2.5},
			want:   []string{"b", "c"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ranked := rankedOf(t, "How many people were killed?", tt.sents, tt.scores)
			q := newQuoter(ranked)
			best := q.best()
			if best.ArticleID != "a" {
				t.Fatalf("best = %s, want a", best.ArticleID)
			}
			got := q.sources(&best, 2, q.options())
			var ids []string
			for _, c := range got {
				ids = append(ids, c.ArticleID)
			}
			if strings.Join(ids, ",") != strings.Join(tt.want, ",") {
				t.Errorf("sources = %v, want %v", ids, tt.want)
			}
		})
	}
}

// No quote repeats text already quoted, and a corpus of one article still
// fills the sources from it.
func TestSourcesNeverRepeat(t *testing.T) {
	an := terms.New()
	r := newRanker(Analyze(an, "Who won the election?"), an, 0, nil, time.Time{}, defaultModel)
	pad := " The count went on through the night in every district, and observers said the turnout had been the highest in twenty years."
	a := article("one", "2024-03-25", "Election", "Smith won the election."+pad, "Jones lost the election."+pad,
		"Brown conceded the election."+pad, "Green called the election."+pad)
	var ranked []scored
	for pi, p := range a.Paragraphs {
		ranked = append(ranked, scored{art: &a, para: pi, text: p.Text, score: float64(4 - pi), st: an.Tokens(p.Text), r: r})
	}
	q := newQuoter(ranked)
	best := q.best()
	srcs := q.sources(&best, 3, q.options())
	// One article: once the other articles (none) are used up, its other
	// sentences fill the sources.
	if len(srcs) != 3 {
		t.Errorf("%d sources from a one-article corpus of four paragraphs, want 3", len(srcs))
	}
	seen := []string{normText(best.Text)}
	for _, s := range srcs {
		if containsAny(seen, normText(s.Text)) {
			t.Errorf("source %q repeats a quote", s.Text)
		}
		seen = append(seen, normText(s.Text))
	}
}

// An answer that other likely sentences agree on gets more support, and so
// more confidence, than one that stands alone against other answers.
func TestSupportRewardsAgreement(t *testing.T) {
	q := "How many people were killed?"
	agree := newQuoter(rankedOf(t, q, []string{"Officials said 137 people were killed.",
		"Police said 137 people were killed.", "Local media said 137 people were killed."}, []float64{3, 2.9, 2.8}))
	alone := newQuoter(rankedOf(t, q, []string{"Officials said 137 people were killed.",
		"Police said 90 people were killed.", "Local media said 144 people were killed."}, []float64{3, 2.9, 2.8}))
	sa, sb := agree.support(agree.best()), alone.support(alone.best())
	if sa <= sb {
		t.Errorf("support with agreement %.3f, alone %.3f: want agreement higher", sa, sb)
	}
	if sa < 0.99 || sa > 1.0001 {
		t.Errorf("support when every sentence agrees = %.3f, want 1", sa)
	}
}

// TestBestWeighsSupport: of two close candidates, the quote whose answer
// other sentences back wins over a slightly likelier one that stands alone;
// a clearly likelier sentence still wins.
func TestBestWeighsSupport(t *testing.T) {
	q := "How many people were killed?"
	sents := []string{"Officials said 90 people were killed.", "Police said 137 people were killed.",
		"Hospitals counted 137 dead.", "Local media reported 137 victims."}
	tests := []struct {
		name   string
		scores []float64
		want   string
	}{
		{"close: the backed answer", []float64{3, 2.95, 2.5, 2.5}, "b"},
		{"far ahead: the likelier one", []float64{6, 2.95, 2.5, 2.5}, "a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			best := newQuoter(rankedOf(t, q, sents, tt.scores)).best()
			if best.ArticleID != tt.want {
				t.Errorf("best = %s (%q), want %s", best.ArticleID, best.Text, tt.want)
			}
		})
	}
}

func TestStatesWord(t *testing.T) {
	tests := []struct {
		text, w string
		want    bool
	}{
		{"officials said 137 people died", "137", true},
		{"the toll rose to 1370", "137", false},
		{"in 2024, 2 people", "2", true},
		{"in 2024", "2", false},
		{"iranian officials", "iran", false},
		{"iran's president", "iran", true},
		{"the new york times", "new york", true},
		{"kyiv-based", "kyiv", true},
		{"", "x", false},
	}
	for _, tt := range tests {
		if got := statesWord(tt.text, tt.w); got != tt.want {
			t.Errorf("statesWord(%q, %q) = %v, want %v", tt.text, tt.w, got, tt.want)
		}
	}
}

// TestBestPrefersTheFigureReportsAllow: for a quantity, reports back a
// quote whose figure they allow ("more than 100" allows "at least 137"), so
// among close reports of a rising toll the answer is the figure most of
// them are consistent with, not the likeliest single bound.
func TestBestPrefersTheFigureReportsAllow(t *testing.T) {
	sents := []string{
		"The attack killed more than 130 people.",
		"More than 100 people were killed.",
		"The gunmen killed at least 137 people.",
		"The attack killed 144 people, officials said on Monday.",
	}
	// The bounds back 137 and 144 alike; 137 is the likelier of the two.
	ranked := rankedOf(t, "How many people were killed in the attack?", sents, []float64{3, 2.98, 2.9, 2.5})
	best := newQuoter(ranked).best()
	if !strings.Contains(best.Text, "137") {
		t.Errorf("best = %q, want the report of at least 137 (allowed by both bounds)", best.Text)
	}
}
