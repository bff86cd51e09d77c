package answer

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/terms"
)

// Boilerplate is text an outlet repeats under many different articles:
// newsletter sign-ups ("SUBSCRIBE & SAVE"), puzzle promotions, bylines,
// "Contributing: The Associated Press". It shares words with many questions
// and answers none, so it is never scored and never joins a quote. The
// signal is general: the index counts in how many articles each sentence
// occurs (Retriever.SentenceRepeats). A sentence is boilerplate when it
// occurs in at least boilerMin articles and in boilerRatio times as many as
// its own article's typical sentence, so that an agency story printed by
// several papers (every sentence repeated alike) keeps its text.
const (
	boilerMin   = 5
	boilerRatio = 4
	// boilerSample is how many of an article's sentences give its typical
	// repeat count.
	boilerSample = 12
)

// boilerCut returns the repeat count from which the sentences of a are
// boilerplate (0: no cut, when repeats are unknown). sents is a buffer for
// a paragraph's sentences, reused.
func boilerCut(a *chronicle.Article, repeats func(string) int, sents *[]chronicle.Span) int {
	if repeats == nil {
		return 0
	}
	var buf [boilerSample]int
	counts := buf[:0]
	for _, p := range a.Paragraphs {
		*sents = terms.AppendSentences((*sents)[:0], p.Text)
		for _, sp := range *sents {
			if n := repeats(p.Text[sp.Start:sp.End]); n > 0 {
				counts = append(counts, n)
			}
			if len(counts) == boilerSample {
				break
			}
		}
		if len(counts) == boilerSample {
			break
		}
	}
	typical := 1
	if len(counts) > 0 {
		slices.Sort(counts)
		typical = counts[(len(counts)-1)/2] // the lower median
	}
	return max(boilerMin, boilerRatio*typical)
}

// isBoilerplate reports whether sentence of art, a candidate, is
// boilerplate. The cut of an article whose reading never needed it
// (boilerIn) is found here, and not kept: the quoter's goroutines share
// the ranker.
func (r *ranker) isBoilerplate(art *chronicle.Article, sentence string) bool {
	if r == nil || r.repeats == nil {
		return false
	}
	cut, ok := r.cuts[art]
	if !ok {
		return false
	}
	var sents []chronicle.Span
	return r.boilerIn(art, &cut, sentence, &sents)
}

// email is an e-mail address.
var email = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}`)

// contact reports whether sentence is a sign-off: it asks the reader to
// reach, contact, e-mail, follow, send to or write to someone, and gives
// an e-mail address ("Reach Rachel Barber at rbarber@usatoday.com, follow
// her on X ..."). It is page furniture, and one reporter's occurs in too
// few articles for the repeat count to find it: it was quoted as the
// answer to "How do I subscribe to the newsletter?" at a confidence of
// 0.84 (nu43). An address in a report ("the scam e-mails came from
// refund@irs-gov.com") is news and is read (helper 94: every sentence with
// an address was left out, 4,329 of the RealTimeQA articles').
func contact(sentence string) bool {
	if strings.IndexByte(sentence, '@') < 0 {
		return false
	}
	first, _, _ := strings.Cut(strings.TrimLeft(sentence, " \"'“‘(*•-—–"), " ")
	return signOff[strings.ToLower(strings.TrimRight(first, ",:"))] && email.MatchString(sentence)
}

// teaserLabel is a short label glued by a colon to the headline that
// follows it: "More:", "Related:", "GRAPHICS:'Rivers in the sky'",
// "Inside the look:Doja Cat".
var teaserLabel = regexp.MustCompile(`^[►▶•*·\s]*[^\s:][^:]{0,60}?[\p{L})'’"”]:[\p{Lu}"'‘“]`)

// teaser reports whether sentence is a link to another article set among
// the paragraphs: a label glued to that article's headline by a colon, with
// no end of a sentence ("More:TikTok CEO expected to attend Trump
// inauguration as ban looms", "Election 2022 recap:Fetterman flips
// Pennsylvania Senate seat for Dems"). USA Today's pages hold thousands; one
// was the answer to "Which company is being sued for failing to pay rent at
// one of its offices in San Francisco?" ("GRAPHICS:'Rivers in the sky':
// Graphics show atmospheric river soaking California's Bay Area ..."), and
// another outlet's headline is not this article's report. A roundup's item
// under a glued place name ("Reno:Teachers in Washoe County will receive
// free COVID-19 testing, the district said Friday.") ends as a sentence
// does and is read.
//
// The headline is of at least teaserWords words: a list's line with its
// space lost ("Best NFL player:Saquon Barkley", "Winner:Fifty Shades
// Darker", "Where to watch:Paramount+") is read (helper 98: one answered
// "Who won the ESPY award for best NFL player in 2025?").
func teaser(sentence string) bool {
	head := sentence[:min(len(sentence), teaserHead)] // the label is near the start
	if !gluedColon(head) {
		return false // most sentences: the label's pattern is not run
	}
	loc := teaserLabel.FindStringIndex(head)
	if loc == nil || len(strings.Fields(sentence[loc[1]-1:])) < teaserWords {
		return false
	}
	end := strings.TrimRight(sentence, " \"'’”)]")
	return !strings.HasSuffix(end, ".") && !strings.HasSuffix(end, "!") && !strings.HasSuffix(end, "?")
}

// gluedColon reports whether the first colon of s is followed by what
// teaserLabel needs after it: an upper-case letter or an opening quote (a
// byte of ASCII that is neither "A"-"Z" nor a quote cannot start one). The
// label holds no colon before its own, so only the first can be it. It is
// a cheap test that teaser's pattern cannot match without (the pattern
// took a sixteenth of the time of an ask, run on every sentence read).
func gluedColon(s string) bool {
	i := strings.IndexByte(s, ':')
	if i < 0 || i+1 >= len(s) {
		return false
	}
	c := s[i+1]
	return c >= utf8.RuneSelf || c >= 'A' && c <= 'Z' || c == '"' || c == '\''
}

// teaserHead bounds the bytes read for a teaser's label (a sentence of a
// megabyte of "► " took 0.8 s), and teaserWords is the least a headline
// holds.
const teaserHead, teaserWords = 256, 6

// signOff are the first words of a sign-off that gives an address.
var signOff = map[string]bool{"reach": true, "contact": true, "email": true, "e-mail": true, "follow": true, "send": true, "write": true}

// cutUnknown is an article's cut before boilerIn needs it.
const cutUnknown = -1

// boilerIn reports whether sentence of a is boilerplate, finding the
// article's cut (boilerCut, into *cut) the first time it is needed: a
// sentence that occurs in fewer than boilerMin articles is never
// boilerplate, whatever the cut (never under boilerMin), so most articles
// never need theirs, and their first sentences are not looked up.
// sents is room for boilerCut's sentences.
func (r *ranker) boilerIn(a *chronicle.Article, cut *int, sentence string, sents *[]chronicle.Span) bool {
	if contact(sentence) || teaser(sentence) {
		return true
	}
	if r.repeats == nil {
		return false
	}
	n := r.repeats(sentence)
	if n < boilerMin {
		return false
	}
	if *cut == cutUnknown {
		*cut = boilerCut(a, r.repeats, sents)
	}
	return *cut > 0 && n >= *cut
}
