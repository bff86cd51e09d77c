package answer

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/chronicle-bot/chronicle/internal/terms"
)

// Feature indexes. Every feature is general evidence about a sentence as an
// answer to a question; none names a particular question, entity or answer.
const (
	fCovSentence  = iota // IDF share of the question's words in the sentence
	fCovParagraph        // ... in the rest of its paragraph
	fCovTitle            // ... in the article title
	fMatchedFrac         // share of the question's words (unweighted) in the sentence
	fPairs               // share of adjacent question word pairs found adjacent
	fPhrase              // a multi-word name from the question appears
	fDocScore            // retrieval score relative to the best article
	fDocRank             // 1 / (1 + rank of the article)
	fRecent              // recency, for questions about the current state / this week
	fRecentAll           // recency, for every question
	fParaFirst           // 1 / (1 + paragraph index)
	fSentFirst           // first sentence of its paragraph
	fShort               // under 60 bytes
	fLong                // over 300 bytes
	fNoPunct             // does not end like a sentence (a headline or caption)
	fQuote               // contains quotation marks
	fKindFit             // the sentence offers the kind of answer the question wants
	fNoKindFit           // it offers none, and the question wants a name, number or date
	fNearFocus           // a new name or number stands next to the noun asked for
	fProper              // a capitalised word not in the question
	fName2               // two capitalised words in a row not in the question
	fPlace               // a known place not in the question
	fNumber              // a number not in the question
	fDate                // a year, month or weekday not in the question
	fNovelCount          // how many new capitalised words (capped at 5, over 5)
	fKindPerson          // kind indicator x fit, letting each kind weigh its fit
	fKindPlace
	fKindOrg
	fKindNumber
	fKindDate
	fKindOther
	fRecentWeek // recency with a 7-day scale
	fRecentYear // recency with a 1-year scale
	fProximity  // closeness of a new name or number to a matched question word
	fVote       // agreement of the top sentences on the answer this one offers
	fRarest     // the rarest question word it holds, relative to the question\'s rarest
	fRarestFit  // the rarest word held times the kind fit: both at once
	fVoteCount  // how many other articles among the best sentences offer the same answer (of 3)
	fConsistent // weight of the best sentences from other articles whose figures back this one's (claims.go)
	fArtCov     // IDF share of the question's words in the article's paragraphs the ranker reads
	numFeatures
)

// featureNames name the features, for the model file and diagnostics; each
// name is keyed by its constant, so the two cannot drift apart.
var featureNames = [numFeatures]string{
	fCovSentence:  "cov_sentence",
	fCovParagraph: "cov_paragraph",
	fCovTitle:     "cov_title",
	fMatchedFrac:  "matched_frac",
	fPairs:        "pairs",
	fPhrase:       "phrase",
	fDocScore:     "doc_score",
	fDocRank:      "doc_rank",
	fRecent:       "recent",
	fRecentAll:    "recent_all",
	fParaFirst:    "para_first",
	fSentFirst:    "sent_first",
	fShort:        "short",
	fLong:         "long",
	fNoPunct:      "no_punct",
	fQuote:        "quote",
	fKindFit:      "kind_fit",
	fNoKindFit:    "no_kind_fit",
	fNearFocus:    "near_focus",
	fProper:       "proper",
	fName2:        "name2",
	fPlace:        "place",
	fNumber:       "number",
	fDate:         "date",
	fNovelCount:   "novel_count",
	fKindPerson:   "kind_person",
	fKindPlace:    "kind_place",
	fKindOrg:      "kind_org",
	fKindNumber:   "kind_number",
	fKindDate:     "kind_date",
	fKindOther:    "kind_other",
	fRecentWeek:   "recent_week",
	fRecentYear:   "recent_year",
	fProximity:    "proximity",
	fVote:         "vote",
	fRarest:       "rarest",
	fRarestFit:    "rarest_fit",
	fVoteCount:    "vote_count",
	fConsistent:   "consistent",
	fArtCov:       "art_cov",
}

// Features is a sentence's evidence vector.
type Features [numFeatures]float64

// features computes the evidence for sentence s (tokens st, their qwords
// sq, question weight w) of a paragraph (question weight paraW).
func (r *ranker) features(text string, s span, st []terms.Token, sq []qword, w, paraW float64, pi, si int, d docInfo) Features {
	var f Features
	f[fCovSentence] = math.Min(1, w/r.total)
	f[fCovParagraph] = math.Min(1, (paraW-w)/r.total)
	f[fCovTitle] = math.Min(1, d.title)
	f[fMatchedFrac], f[fPairs] = r.overlap(st, sq)
	f[fRarest] = r.rarest(st, sq)
	sent := text[s.start:s.end]
	for _, p := range r.q.Phrases {
		if strings.Contains(sent, p) {
			f[fPhrase] = 1
		}
	}
	if r.q.Recent {
		f[fRecent] = d.recent
	}
	f[fRecentAll] = d.recent
	f[fRecentWeek] = d.recentWeek
	f[fRecentYear] = d.recentYear
	f[fParaFirst] = 1 / float64(1+pi)
	if si == 0 {
		f[fSentFirst] = 1
	}
	if len(sent) < 60 {
		f[fShort] = 1
	}
	if len(sent) > 300 {
		f[fLong] = 1
	}
	if last := strings.TrimRight(sent, "\"'”’) "); last == "" || !endsSentence(last[len(last)-1]) {
		f[fNoPunct] = 1
	}
	if hasQuote(sent) {
		f[fQuote] = 1
	}
	o := r.offers(sent, st, sq, s.start)
	fit := r.kindFit(o)
	f[fKindFit] = fit
	f[fRarestFit] = f[fRarest] * fit
	if fit == 0 && r.q.Kind != KindOther {
		f[fNoKindFit] = 1
	}
	f[fNearFocus] = b2f(o.nearFocus)
	// Names count as evidence for questions that want a name (or anything),
	// numbers and dates for those that want one (or anything).
	if r.q.Kind.wantsName() {
		f[fProper] = b2f(o.proper)
		f[fName2] = b2f(o.name2)
		f[fPlace] = b2f(o.place)
		f[fNovelCount] = math.Min(5, float64(o.novel)) / 5
	}
	if r.q.Kind.wantsNumber() {
		f[fNumber] = b2f(o.number)
		f[fDate] = b2f(o.date)
	}
	f[fProximity] = o.proximity
	switch r.q.Kind {
	case KindPerson:
		f[fKindPerson] = fit
	case KindPlace:
		f[fKindPlace] = fit
	case KindOrganization:
		f[fKindOrg] = fit
	case KindNumber, KindMoney, KindPercent:
		f[fKindNumber] = fit
	case KindDate:
		f[fKindDate] = fit
	default:
		f[fKindOther] = fit
	}
	return f
}

// endsSentence reports whether c is a full stop, exclamation or question
// mark.
func endsSentence(c byte) bool { return c == '.' || c == '!' || c == '?' }

// hasQuote reports whether s holds a quotation mark: ", “ or ”. It is
// strings.ContainsAny(s, "\"“”") in three vectorised searches: ContainsAny,
// given a set with runes past ASCII, looks each rune of s up in the set,
// which cost 4% of the ranking's CPU. (A byte sequence of “ or ” in s is
// that rune: UTF-8 decoding never takes its lead byte into another.)
func hasQuote(s string) bool {
	return strings.IndexByte(s, '"') >= 0 || strings.Contains(s, "“") || strings.Contains(s, "”")
}

// currencyBefore reports whether a currency sign ends just before byte i
// of text: "$5", "US$5", "£5", "€5".
func currencyBefore(text string, i int) bool {
	if i == 0 {
		return false
	}
	if c := text[i-1]; c < utf8.RuneSelf {
		return c == '$'
	}
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return unicode.Is(unicode.Sc, r)
}

// wantsName reports whether answers of kind k are names (or anything).
func (k Kind) wantsName() bool {
	switch k {
	case KindNumber, KindMoney, KindPercent, KindDate:
		return false
	}
	return true
}

// wantsNumber reports whether answers of kind k are numbers or dates (or
// anything).
func (k Kind) wantsNumber() bool {
	switch k {
	case KindPerson, KindOrganization, KindPlace:
		return false
	}
	return true
}

// rarest is the idf of the rarest question word in st over that of the
// question's rarest word: 1 when the sentence holds the most telling word.
func (r *ranker) rarest(st []terms.Token, sq []qword) float64 {
	best := 0.0
	for i, t := range st {
		if sq[i].bit != 0 && !t.Stop {
			best = max(best, sq[i].idf)
		}
	}
	if r.maxIDF == 0 {
		return 0
	}
	return min(1, best/r.maxIDF)
}

// overlap returns the share of the question's own words found in the
// sentence and the share of adjacent question word pairs found adjacent.
func (r *ranker) overlap(st []terms.Token, sq []qword) (float64, float64) {
	own := len(r.ownBits)
	var seen uint64
	for i, t := range st {
		if !t.Stop {
			seen |= sq[i].withVariant
		}
	}
	matched := 0
	for _, b := range r.ownBits {
		if seen&b != 0 {
			matched++
		}
	}
	pairs := 0
	prev, prevQ := "", r.emptyStem // "" is a question stem only when emptyStem
	for i, t := range st {
		if t.Stop {
			continue
		}
		// Pairs are of question stems: a token that is none is in none.
		if prevQ && sq[i].q && r.pairs[[2]string{prev, t.Stem}] {
			pairs++
		}
		prev, prevQ = t.Stem, sq[i].q
	}
	pf := 0.0
	if len(r.pairs) > 0 {
		pf = math.Min(1, float64(pairs)/float64(len(r.pairs)))
	}
	return float64(matched) / float64(max(own, 1)), pf
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// offer is what a sentence offers as an answer: new names, numbers, dates.
type offer struct {
	proper, name2, place, number, money, percent, date, reason, nearFocus bool
	// placeKind is a known place of the kind the question names ("which
	// state": a state).
	placeKind bool
	novel     int
	// proximity is 1/(1+d) for the smallest token distance d between a
	// new name or number and a matched question word.
	proximity float64
}

// offers finds the answer-like words of a sentence that are not in the
// question. text is the sentence, st its tokens (offsets relative to the
// paragraph starting at base), sq their qwords.
func (r *ranker) offers(text string, st []terms.Token, sq []qword, base int) (o offer) {
	focusAt, best := -10, 1000
	var answerLike []int
	for i, t := range st {
		if r.q.FocusStem != "" && t.Stem == r.q.FocusStem {
			focusAt = i
		}
	}
	defer func() {
		for _, i := range answerLike {
			for j, t := range st {
				if sq[j].q && !t.Stop {
					best = min(best, max(i-j, j-i))
				}
			}
		}
		if best < 1000 {
			o.proximity = 1 / float64(best)
		}
	}()
	for i, t := range st {
		if sq[i].q {
			continue
		}
		if t.Digit || (t.Upper && !t.Stop && i > 0) {
			answerLike = append(answerLike, i)
		}
		near := focusAt >= 0 && i != focusAt && i-focusAt <= 3 && focusAt-i <= 3
		start, end := t.Start-base, t.End-base
		var kind uint8
		if !t.Digit {
			kind = wordKinds[t.Lower]
		}
		switch {
		case t.Digit:
			o.number = true
			o.nearFocus = o.nearFocus || near
			if currencyBefore(text, start) {
				o.money = true
			}
			if end < len(text) && text[end] == '%' {
				o.percent = true
			}
			if len(t.Lower) == 4 && (strings.HasPrefix(t.Lower, "19") || strings.HasPrefix(t.Lower, "20")) {
				o.date = true
			}
		case kind == numberWord:
			o.number = true
			o.nearFocus = o.nearFocus || near
		case kind == dateWord:
			o.date = true
		case t.Upper && !t.Stop && (i > 0 || !commonStarts[t.Lower]):
			o.proper = true
			o.novel++
			o.nearFocus = o.nearFocus || near
			if i+1 < len(st) && st[i+1].Upper && !sq[i+1].q && st[i+1].Start-t.End == 1 {
				o.name2 = true
			}
			if placeAt(places, st, i) {
				o.place = true
				if r.placeKind != nil && placeAt(r.placeKind, st, i) {
					o.placeKind = true
				}
			}
		}
		switch t.Lower {
		case "percent":
			o.percent = true
		case "dollars", "cents", "million", "billion", "trillion":
			o.money = o.money || o.number
		case "because", "due", "amid", "citing", "over", "after":
			o.reason = true
		}
	}
	return o
}

// kindFit maps what a sentence offers to a fit for the question's kind.
func (r *ranker) kindFit(o offer) float64 {
	b := b2f
	switch r.q.Kind {
	case KindPerson:
		return math.Max(b(o.name2), 0.6*b(o.proper))
	case KindOrganization:
		return b(o.proper)
	case KindPlace:
		if r.placeKind != nil {
			return max(b(o.placeKind), 0.6*b(o.place), 0.4*b(o.proper))
		}
		return math.Max(b(o.place), 0.5*b(o.proper))
	case KindNumber:
		return b(o.number || o.money || o.percent)
	case KindMoney:
		return math.Max(b(o.money), 0.5*b(o.number))
	case KindPercent:
		return math.Max(b(o.percent), 0.4*b(o.number))
	case KindDate:
		return math.Max(b(o.date), 0.3*b(o.number))
	case KindReason:
		return b(o.reason)
	}
	return math.Max(0.7*b(o.proper), 0.4*b(o.number))
}

// placeAt reports whether a name of the gazetteer starts at toks[i].
func placeAt(gaz map[string]bool, toks []terms.Token, i int) bool {
	var buf [64]byte // the name so far; looked up without allocating
	name := buf[:0]
	for k := i; k < len(toks) && k < i+maxPlaceWords; k++ {
		if k > i {
			name = append(name, ' ')
		}
		name = append(name, toks[k].Lower...)
		if gaz[string(name)] {
			return true
		}
	}
	return false
}

// Kinds of words that offers tells apart (wordKinds).
const (
	numberWord = 1 + iota // in numberWords
	dateWord              // in months or weekdays
)

// wordKinds gives numberWords, months and weekdays in one map, so that
// offers looks a word up once instead of up to three times (read-only).
var wordKinds = func() map[string]uint8 {
	k := map[string]uint8{}
	for _, m := range []map[string]bool{months, weekdays} {
		for w, ok := range m {
			if ok {
				k[w] = dateWord
			}
		}
	}
	for w, ok := range numberWords { // a number first, as offers checks it first
		if ok {
			k[w] = numberWord
		}
	}
	return k
}()

var months = map[string]bool{
	"january": true, "february": true, "march": true, "april": true, "june": true, "july": true,
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

// commonStarts are capitalised only because they start a sentence.
var commonStarts = map[string]bool{
	"but": true, "in": true, "on": true, "at": true, "as": true, "after": true, "while": true, "when": true,
	"however": true, "meanwhile": true, "still": true, "yet": true, "also": true, "last": true, "this": true,
	"many": true, "some": true, "one": true, "two": true, "according": true, "since": true, "now": true,
	"there": true, "here": true, "among": true, "despite": true, "officials": true, "people": true,
}
