package answer

import (
	"math"
	"strings"
	"time"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/terms"
)

// scored is one candidate sentence with its score and evidence.
type scored struct {
	art      *chronicle.Article
	para     int
	text     string // verbatim sentence
	start    int    // byte offset of text in the paragraph
	score    float64
	coverage float64 // share of the question's weight found around the sentence
	typeFit  float64 // how well the sentence offers the expected answer type
	matched  []chronicle.Span
	cands    []string // answer candidates the sentence offers
}

// Weights balance the evidence in a sentence's score.
type Weights struct {
	// Coverage: share of the question's IDF weight found in the sentence.
	Coverage float64
	// Context: how much a question word elsewhere in the paragraph counts,
	// relative to one in the sentence; Title likewise for the title.
	Context, Title float64
	// Type: the sentence offers the expected kind of answer.
	Type float64
	// Doc: the article's retrieval score, relative to the best article.
	Doc float64
	// Position: earlier paragraphs.
	Position float64
	// RecentDays is the decay (in days) of the preference for newer articles
	// when a question asks about the current state or this week.
	RecentDays float64
	// Recent is the share of the score that depends on recency for such
	// questions.
	Recent float64
	// Vote: agreement of the top sentences on an answer candidate.
	Vote float64
	// NoType multiplies the score of a sentence without the expected kind of
	// answer.
	NoType float64
}

// DefaultWeights were chosen on the development questions.
var DefaultWeights = Weights{Coverage: 0.55, Context: 0.3, Title: 0.2, Type: 0.25, Doc: 0.2, Position: 0.05,
	RecentDays: 30, Recent: 0.3, NoType: 0.8, Vote: 0}

// ranker scores sentences of candidate articles for one question.
type ranker struct {
	q      Question
	an     *terms.Analyzer
	idf    map[string]float64 // by stem
	total  float64            // idf weight of the question's own terms
	qStems map[string]bool    // every question stem (terms and expansions)
	asOf   time.Time
	w      Weights
	// prefixes of the question stems: a paragraph containing none of them
	// (case-insensitively) cannot match and is not tokenized.
	prefixes []string
}

func newRanker(q Question, an *terms.Analyzer, n int, df map[string]int, asOf time.Time, w Weights) *ranker {
	r := &ranker{q: q, an: an, idf: map[string]float64{}, qStems: map[string]bool{}, asOf: asOf, w: w}
	for _, t := range q.Terms {
		d := float64(df[t.Stem])
		w := math.Log(1 + (float64(n)-d+0.5)/(d+0.5))
		if t.Proper {
			w *= 1.2
		}
		if t.Expansion {
			w *= 0.4
		} else {
			r.total += w
		}
		r.idf[t.Stem] = w
		r.qStems[t.Stem] = true
		p := t.Stem
		if len(p) > 4 {
			p = p[:4]
		} else if len(p) == 4 {
			p = p[:3]
		}
		r.prefixes = append(r.prefixes, p)
	}
	return r
}

// rank scores every sentence of the candidates, best first.
func (r *ranker) rank(cands []chronicle.Candidate) []scored {
	if len(cands) == 0 || r.total == 0 {
		return nil
	}
	maxDoc := cands[0].Score
	var out []scored
	for i := range cands {
		c := &cands[i]
		doc := c.Score / maxDoc
		rec := r.recency(c.Article.Published)
		titleW := r.weightOf(r.an.Tokens(c.Article.Title), nil)
		for pi, p := range c.Article.Paragraphs {
			out = append(out, r.paragraph(&c.Article, pi, p.Text, doc, titleW, rec)...)
		}
	}
	sortScored(out)
	r.vote(out, 30)
	return out
}

// recency favours newer articles when the question asks for the current
// state; otherwise it is 1.
func (r *ranker) recency(pub time.Time) float64 {
	if !r.q.Recent || pub.IsZero() || r.asOf.IsZero() {
		return 1
	}
	age := r.asOf.Sub(pub).Hours() / 24
	if age < 0 {
		age = 0
	}
	return 1 - r.w.Recent + r.w.Recent*math.Exp(-age/r.w.RecentDays)
}

// weightOf sums the idf of the distinct question stems among toks, skipping
// those already in have; it records newly seen stems in have when not nil.
func (r *ranker) weightOf(toks []terms.Token, have map[string]bool) float64 {
	seen := map[string]bool{}
	w := 0.0
	for _, t := range toks {
		if t.Stop || !r.qStems[t.Stem] || seen[t.Stem] || have[t.Stem] {
			continue
		}
		seen[t.Stem] = true
		w += r.idf[t.Stem]
	}
	return w
}

// paragraph scores each sentence of one paragraph.
func (r *ranker) paragraph(a *chronicle.Article, pi int, text string, doc, titleW, rec float64) []scored {
	if !r.mayMatch(text) {
		return nil
	}
	toks := r.an.Tokens(text)
	paraHits := 0
	for _, t := range toks {
		if r.qStems[t.Stem] && !t.Stop {
			paraHits++
		}
	}
	if paraHits == 0 {
		return nil
	}
	sents := splitSentences(text)
	// Token ranges of each sentence.
	bounds := make([][2]int, len(sents))
	ti := 0
	for si, s := range sents {
		for ti < len(toks) && toks[ti].Start < s.start {
			ti++
		}
		from := ti
		for ti < len(toks) && toks[ti].End <= s.end {
			ti++
		}
		bounds[si] = [2]int{from, ti}
	}
	paraW := r.weightOf(toks, nil)
	out := make([]scored, 0, len(sents))
	for si, s := range sents {
		st := toks[bounds[si][0]:bounds[si][1]]
		own := map[string]bool{}
		w := r.weightOf(st, nil)
		for _, t := range st {
			own[t.Stem] = true
		}
		if w == 0 {
			continue
		}
		// Context: the rest of the paragraph and the title count for less.
		ctxW := (paraW - w) * r.w.Context
		cov := math.Min(1, (w+ctxW+r.w.Title*titleW)/r.total)
		fit := r.typeFit(text, st, s.start == 0)
		pos := 1 - math.Min(float64(pi), 10)/10
		score := r.w.Coverage*cov + r.w.Type*fit + r.w.Doc*doc + r.w.Position*pos
		if fit == 0 && r.q.Kind != KindOther {
			score *= r.w.NoType
		}
		score *= rec
		sc := scored{art: a, para: pi, text: text[s.start:s.end], start: s.start, score: score, coverage: cov,
			typeFit: fit}
		if r.w.Vote > 0 {
			sc.cands = r.candidates(text, st)
		}
		for _, t := range st {
			if r.qStems[t.Stem] && !t.Stop {
				sc.matched = append(sc.matched, chronicle.Span{Start: t.Start - s.start, End: t.End - s.start})
			}
		}
		out = append(out, sc)
	}
	return out
}

// mayMatch reports whether text contains a prefix of a question stem.
func (r *ranker) mayMatch(text string) bool {
	lower := strings.ToLower(text)
	for _, p := range r.prefixes {
		if strings.Contains(lower, p) {
			return true
		}
	}
	return false
}

// typeFit says how well a sentence offers the kind of answer asked for: a
// name, number or date that is not already in the question.
func (r *ranker) typeFit(text string, toks []terms.Token, _ bool) float64 {
	var proper, name2, place, number, money, percent, date, reason bool
	for i, t := range toks {
		if r.qStems[t.Stem] {
			continue
		}
		switch {
		case t.Digit:
			number = true
			if t.Start > 0 && text[t.Start-1] == '$' {
				money = true
			}
			if t.End < len(text) && text[t.End] == '%' {
				percent = true
			}
			if len(t.Lower) == 4 && (strings.HasPrefix(t.Lower, "19") || strings.HasPrefix(t.Lower, "20")) {
				date = true
			}
		case numberWords[t.Lower]:
			number = true
		case months[t.Lower] || weekdays[t.Lower]:
			date = true
		case t.Upper && !t.Stop && (i > 0 || !commonStarts[t.Lower]):
			proper = true
			if i+1 < len(toks) && toks[i+1].Upper && !r.qStems[toks[i+1].Stem] && toks[i+1].Start-t.End == 1 {
				name2 = true
			}
			if placeAt(toks, i) {
				place = true
			}
		}
		switch t.Lower {
		case "percent":
			percent = true
		case "dollars", "cents", "million", "billion", "trillion":
			money = money || number
		case "because", "due", "amid", "citing", "over", "after":
			reason = true
		}
	}
	b := func(v bool, w float64) float64 {
		if v {
			return w
		}
		return 0
	}
	switch r.q.Kind {
	case KindPerson:
		return math.Max(b(name2, 1), b(proper, 0.6))
	case KindOrganization:
		return b(proper, 1)
	case KindPlace:
		return math.Max(b(place, 1), b(proper, 0.5))
	case KindNumber:
		return math.Max(b(number, 1), b(money || percent, 1))
	case KindMoney:
		return math.Max(b(money, 1), b(number, 0.5))
	case KindPercent:
		return math.Max(b(percent, 1), b(number, 0.4))
	case KindDate:
		return math.Max(b(date, 1), b(number, 0.3))
	case KindReason:
		return b(reason, 1)
	}
	return math.Max(b(proper, 0.7), b(number, 0.4))
}

// placeAt reports whether a known place name starts at toks[i].
func placeAt(toks []terms.Token, i int) bool {
	name := ""
	for k := i; k < len(toks) && k < i+maxPlaceWords; k++ {
		if k > i {
			name += " "
		}
		name += toks[k].Lower
		if places[name] {
			return true
		}
	}
	return false
}

var months = map[string]bool{
	"january": true, "february": true, "march": true, "april": true, "may": false, "june": true, "july": true,
	"august": true, "september": true, "october": true, "november": true, "december": true,
}

var weekdays = map[string]bool{
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true,
	"sunday": true,
}

var numberWords = map[string]bool{
	"one": true, "two": true, "three": true, "four": true, "five": true, "six": true, "seven": true,
	"eight": true, "nine": true, "ten": true, "eleven": true, "twelve": true, "dozen": true, "dozens": true,
	"hundred": true, "hundreds": true, "thousand": true, "thousands": true, "million": true, "millions": true,
	"twenty": true, "thirty": true, "forty": true, "fifty": true, "billion": true,
}
