package answer

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// newsCorpus is a small corpus of distinct events with a distractor for
// each question: the answer must come from the right sentence.
func newsCorpus() *fakeIndex {
	return newFakeIndex(
		article("moscow", "2024-03-25", "Macron says ISIS behind Moscow attack",
			"French President Emmanuel Macron said the Islamic State was behind the attack on a Moscow concert hall that killed 137 people.",
			"France raised its terror alert to the highest level on Sunday.",
			"Russian investigators have detained 11 people over the attack, including four gunmen."),
		article("quake", "2023-02-06", "Earthquake strikes Turkey and Syria",
			"A magnitude 7.8 earthquake struck southern Turkey near the Syrian border on Monday.",
			"More than 2,000 people were killed, officials said."),
		article("airline", "2022-12-28", "Southwest cancels thousands of flights",
			"Southwest Airlines canceled more than 2,500 flights on Tuesday after a winter storm.",
			"The airline blamed an outdated scheduling system."),
		article("old-alert", "2015-11-14", "France on alert after Paris attacks",
			"France declared a state of emergency after the attacks in Paris."),
	)
}

func TestAskQuotesTheAnsweringSentence(t *testing.T) {
	tests := []struct {
		question string
		asOf     string
		want     string // must appear in the quoted answer
		article  string
	}{
		{"Who claimed the Moscow attack?", "2024-03-26", "Islamic State", "moscow"},
		{"How many people have been detained over the attack?", "2024-03-26", "11", "moscow"},
		{"What was the magnitude of the earthquake in Turkey?", "2023-02-10", "7.8", "quake"},
		{"Which airline canceled thousands of flights?", "2022-12-30", "Southwest", "airline"},
		{"What is France's current alert level?", "2024-03-26", "highest", "moscow"},
	}
	a := New(newsCorpus())
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			ans, err := a.Ask(context.Background(), tt.question, day(tt.asOf))
			if err != nil {
				t.Fatalf("Ask(%q) error: %v", tt.question, err)
			}
			if ans.Best == nil {
				t.Fatalf("Ask(%q) = no answer (confidence %.2f), want %q", tt.question, ans.Confidence, tt.want)
			}
			if !strings.Contains(ans.Best.Text, tt.want) || ans.Best.ArticleID != tt.article {
				t.Errorf("Ask(%q) = %q from %s, want %q from %s", tt.question, ans.Best.Text, ans.Best.ArticleID, tt.want, tt.article)
			}
			if ans.Confidence < 0 || ans.Confidence > 1 {
				t.Errorf("confidence %v out of [0,1]", ans.Confidence)
			}
		})
	}
}

// The answer and every source are verbatim article text (whitespace
// collapsed; an ellipsis may join or trim pieces), never longer than
// MaxQuote.
func TestAskIsExtractive(t *testing.T) {
	idx := newsCorpus()
	a := New(idx)
	for _, q := range []string{"Who claimed the Moscow attack?", "How many people were killed?", "Why were flights canceled?"} {
		ans, err := a.Ask(context.Background(), q, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		cites := ans.Sources
		if ans.Best != nil {
			cites = append(cites, *ans.Best)
		}
		for _, c := range cites {
			if len(c.Text) > MaxQuote {
				t.Errorf("Ask(%q): quote of %d bytes > %d", q, len(c.Text), MaxQuote)
			}
			// Whitespace may be collapsed (paragraph breaks become spaces).
			body := strings.Join(strings.Fields(idx.text(mustArticle(t, idx, c.ArticleID))), " ")
			// A first name in brackets before a last name is the article's
			// own ("said [Kirsty] Coventry" where it wrote "Kirsty
			// Coventry"); without it the text is the article's.
			text := c.Text
			for _, m := range firstNameInQuote.FindAllStringSubmatch(text, -1) {
				if !strings.Contains(body, m[1]+" "+m[2]) {
					t.Errorf("Ask(%q): %q is not a name of article %s", q, m[0], c.ArticleID)
				}
			}
			text = firstNameInQuote.ReplaceAllString(text, "$2")
			for _, piece := range strings.Split(text, "…") {
				if piece = strings.TrimSpace(piece); piece != "" && !strings.Contains(body, piece) {
					t.Errorf("Ask(%q): %q is not in article %s", q, piece, c.ArticleID)
				}
			}
			for _, h := range c.Highlights {
				if h.Start < 0 || h.End > len(c.Text) || h.Start >= h.End {
					t.Errorf("Ask(%q): highlight %v outside %q", q, h, c.Text)
				}
			}
		}
	}
}

// firstNameInQuote is a first name present added in brackets, with the last
// name after it.
var firstNameInQuote = regexp.MustCompile(`\[([^\]]+)\] (\p{Lu}[\p{L}-]*)`)

func mustArticle(t *testing.T, f *fakeIndex, id string) chronicle.Article {
	t.Helper()
	for _, a := range f.articles {
		if a.ID == id {
			return a
		}
	}
	t.Fatalf("no article %q", id)
	return chronicle.Article{}
}

func TestAskAsOfExcludesLaterArticles(t *testing.T) {
	idx := newsCorpus()
	a := New(idx)
	ans, err := a.Ask(context.Background(), "Who claimed the Moscow attack?", day("2023-01-01"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range append(ans.Sources, bestOrEmpty(ans)...) {
		if c.Published.After(day("2023-01-01")) {
			t.Errorf("as of 2023-01-01 the answer cites %s published %s", c.ArticleID, c.Published.Format(time.DateOnly))
		}
	}
	for _, q := range idx.queries {
		if !q.To.Equal(day("2023-01-01")) {
			t.Errorf("retrieval To = %v, want the as-of day", q.To)
		}
	}
}

func bestOrEmpty(a chronicle.Answer) []chronicle.Citation {
	if a.Best == nil {
		return nil
	}
	return []chronicle.Citation{*a.Best}
}

func TestAskPrefersNewestForCurrentState(t *testing.T) {
	idx := newFakeIndex(
		article("2019", "2019-05-01", "Alert level", "The national alert level is moderate, officials said."),
		article("2024", "2024-03-24", "Alert level", "The national alert level is critical, officials said."),
	)
	ans, err := New(idx).Ask(context.Background(), "What is the current national alert level?", day("2024-03-26"))
	if err != nil {
		t.Fatal(err)
	}
	if ans.Best == nil || ans.Best.ArticleID != "2024" {
		t.Errorf("Ask(current level) = %+v, want the 2024 article", ans.Best)
	}
}

// TestAskSaysTheDayOfNow: an answer says whether its question asks about
// the present, and the day it is given as of: the as-of day, or without
// one the newest article's (which the reply names, nu42).
func TestAskSaysTheDayOfNow(t *testing.T) {
	idx := newFakeIndex(
		article("2019", "2019-05-01", "Alert level", "The national alert level is moderate, officials said."),
		article("2024", "2024-03-24", "Alert level", "The national alert level is critical, officials said."),
	)
	for _, tc := range []struct {
		question string
		asOf     time.Time
		present  bool
		day      time.Time
	}{
		{"What is the current national alert level?", time.Time{}, true, day("2024-03-24")},
		{"What is the current national alert level?", day("2024-03-26"), true, day("2024-03-26")},
		{"What was the national alert level in 2019?", time.Time{}, false, day("2024-03-24")},
	} {
		ans, err := New(idx).Ask(context.Background(), tc.question, tc.asOf)
		if err != nil {
			t.Fatal(err)
		}
		if ans.Present != tc.present || !ans.Day.Equal(tc.day) {
			t.Errorf("Ask(%q, %v): Present %v, Day %v; want %v, %v", tc.question, tc.asOf, ans.Present, ans.Day, tc.present, tc.day)
		}
	}
}

func TestAskNullAnswerKeepsSources(t *testing.T) {
	a := New(newsCorpus())
	a.Threshold = 1.01 // nothing is that sure
	ans, err := a.Ask(context.Background(), "Who claimed the Moscow attack?", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if ans.Best != nil {
		t.Errorf("Best = %q, want nil below the threshold", ans.Best.Text)
	}
	if len(ans.Sources) == 0 || len(ans.Sources) > 3 {
		t.Errorf("len(Sources) = %d, want 1..3 closest passages", len(ans.Sources))
	}
}

func TestAskNoMatch(t *testing.T) {
	ans, err := New(newsCorpus()).Ask(context.Background(), "Which penguin won the chess olympiad?", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if ans.Best != nil || len(ans.Sources) != 0 {
		t.Errorf("Ask(unrelated) = %+v, want no answer and no sources", ans)
	}
}

func TestAskRejectsEmptyQuestions(t *testing.T) {
	for _, q := range []string{"", "   ", "?!", "who is the"} {
		_, err := New(newsCorpus()).Ask(context.Background(), q, time.Time{})
		var e *chronicle.Error
		if !errors.As(err, &e) || e.Code != chronicle.EINVALID {
			t.Errorf("Ask(%q) error = %v, want EINVALID", q, err)
		}
	}
}

// A long text pasted as a question (a whole message checked against the
// sources) still finds the passages it shares words with, though no single
// sentence can hold a tenth of the weight of all its words: the bar is set by
// the words one sentence can hold.
func TestAskLongTextFindsSources(t *testing.T) {
	words := strings.Fields("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike " +
		"november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu amber basalt " +
		"cobalt dune ember fjord glacier harbor iris jasper kelp lagoon meadow nectar orchid pebble quartz " +
		"reef saffron thistle umber violet willow yarrow zephyr")
	var paras []string
	for i := 0; i+3 <= len(words); i += 3 {
		paras = append(paras, "Notes mention "+strings.Join(words[i:i+3], " and ")+".")
	}
	idx := newFakeIndex(
		article("quake", "2023-02-06", "Earthquake strikes Turkey",
			"A magnitude 7.8 earthquake struck southern Turkey near the Syrian border on Monday."),
		article("notes", "2023-02-01", "Field notes", paras...),
	)
	long := "A magnitude 7.8 earthquake struck Turkey. " + strings.Join(words, " ")
	ans, err := New(idx).Ask(context.Background(), long, day("2023-02-10"))
	if err != nil {
		t.Fatal(err)
	}
	cites := ans.Sources
	if ans.Best != nil {
		cites = append(cites, *ans.Best)
	}
	found := false
	for _, c := range cites {
		found = found || c.ArticleID == "quake"
	}
	if !found {
		t.Errorf("Ask(long text) cited %d passages, none from the earthquake article", len(cites))
	}
}
