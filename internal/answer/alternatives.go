package answer

import (
	"math"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/terms"
)

// Figures that move and outlets that disagree. For a question that asks for
// a figure or a name, each of the best sentences offers one reading: of the
// candidates of the asked kind it holds (kindCands for names, claims for
// quantities), the one the best sentences back the most (the same backing
// that support uses). The answer's reading is that of the sentence its
// quote was made around; the outlets whose good sentences give the same
// reading agree with it, and the other readings of good sentences from
// other articles are its alternatives: what the others said, by whom, when.

// alternativeDepth is how many of the best sentences are read for
// agreement and alternatives.
const alternativeDepth = countDepth

// alternativeShare is the least probability, relative to the best
// sentence's, of a sentence that agrees or offers an alternative: weaker
// sentences are too often about something else.
const alternativeShare = 0.1

// minNameOutlets is how many outlets must give a name for it to be listed
// as an alternative (alternatives), unless the sentence that gives it has
// at least soleNameShare of the best one's probability: two reports the
// ranker can hardly tell apart that name different winners disagree.
const minNameOutlets, soleNameShare = 2, 0.5

// maxAlternatives is how many alternatives an answer lists.
const maxAlternatives = 3

// recentMass and recentSupport: for a question about the current state
// (Question.Recent), of the quotes that compete to be the answer
// (quoter.lead), one from a newer article leads when its mass and its
// support are at least these shares of the best one's: the newest
// well-backed report wins over an older one that matches the words a
// little better. For other questions the best quote leads: preferring the
// newer report for every question (mass 0.7, support 1) lost out-of-fold
// accuracy@1 on RealTimeQA dev (folds 1 and 2: 0.441 -> 0.419, 0.496 ->
// 0.474); their other reports are listed as alternatives instead.
const recentMass, recentSupport = 0.5, 0.8

// reading is the answer a sentence offers.
type reading struct {
	// key identifies the reading: a claim's value and interval, or a
	// lower-case name.
	key  string
	text string // as written
	c    claim
}

// readable reports whether answers of kind k are figures or names whose
// readings can agree or differ.
func (k Kind) readable() bool {
	switch k {
	case KindPerson, KindOrganization, KindPlace:
		return true
	}
	return k.isQuantity()
}

// lower returns ranked sentence j lower-cased (byte offsets kept: see
// lowerKeep), cached.
func (q *quoter) lower(j int) string {
	if q.lows == nil {
		q.lows = make([]string, len(q.ranked))
	}
	if q.lows[j] == "" {
		q.lows[j] = lowerKeep(q.ranked[j].text)
	}
	return q.lows[j]
}

// lowerKeep returns s with every letter lower-cased whose lower case is as
// long in UTF-8, so that byte offsets carry over: the candidates are the
// words in lower case ("émile ørsted" of "Émile Ørsted"), which an
// ASCII-only lowering would not find.
func lowerKeep(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if l := unicode.ToLower(r); r != utf8.RuneError && utf8.RuneLen(l) == n {
			b.WriteRune(l)
		} else {
			b.WriteString(s[i : i+n]) // an invalid byte stays as it is
		}
		i += n
	}
	return b.String()
}

// readingOf returns the reading of ranked sentence j: of its candidates of
// the asked kind, the one the best sentences back with the most mass.
func (q *quoter) readingOf(j int) (reading, bool) {
	s := &q.ranked[j]
	if s.r == nil || !s.r.q.Kind.readable() {
		return reading{}, false
	}
	if s.r.q.Kind.isQuantity() {
		return q.claimReading(j)
	}
	return q.nameReading(j)
}

// claimReading is readingOf for a quantity: the claim that the most mass
// of the best sentences backs (claim.supports).
func (q *quoter) claimReading(j int) (reading, bool) {
	s := &q.ranked[j]
	cs, at := s.r.claimsAt(s.st)
	best, bestMass := -1, -1.0
	for i, a := range cs {
		mass := 0.0
		for k := 0; k < q.n; k++ {
			for _, b := range q.ranked[k].quantityClaims() {
				if b.supports(a) {
					mass += q.p[k]
					break
				}
			}
		}
		if mass > bestMass {
			best, bestMass = i, mass
		}
	}
	if best < 0 {
		return reading{}, false
	}
	c, sp := cs[best], at[best]
	text := s.art.Paragraphs[s.para].Text
	if sp.start < 0 || sp.end > len(text) || sp.start >= sp.end {
		return reading{}, false
	}
	return reading{key: claimKey(c), text: text[sp.start:sp.end], c: c}, true
}

// claimKey identifies a claim by its value and interval.
func claimKey(c claim) string {
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	return f(c.v) + "|" + f(c.lo) + "|" + f(c.hi)
}

// nameReading is readingOf for a name: of the whole names the sentence
// offers (not the single words that kindCands adds for a longer name), the
// one that the most mass of the best sentences states as a name (written as
// in this sentence, so "organisers said" does not back "Organisers"); of
// names backed alike, the one of more words.
func (q *quoter) nameReading(j int) (reading, bool) {
	cands := q.ranked[j].kindCands()
	low := q.lower(j)
	// For a question about the present, only reports as new as this one
	// back its names: older ones name who held the office before.
	present := q.ranked[j].r.q.Present
	best, bestText, bestMass, bestFit := "", "", -1.0, math.MinInt
	for i, c := range cands {
		if partOfOther(cands, i) {
			continue
		}
		c = readingName(c)
		at := wordIndex(low, c) // "ali" is not the start of "australia"
		if c == "" || at < 0 || honorifics[c] {
			continue
		}
		text := q.ranked[j].text[at : at+len(c)]
		if pageLabel(q.ranked[j].text, at, text) || ownOutlet(c, q.ranked[j].art.Source) {
			continue
		}
		mass := 0.0
		for k := 0; k < q.n; k++ {
			if present && q.ranked[k].art.Published.Before(q.ranked[j].art.Published) {
				continue
			}
			if statesWord(q.ranked[k].text, text) {
				mass += q.p[k]
			}
		}
		fit := q.ranked[j].r.nameFit(c, text)
		more := strings.Count(c, " ") > strings.Count(best, " ")
		if fit > bestFit || fit == bestFit && (mass > bestMass+1e-9 || mass > bestMass-1e-9 && more) {
			best, bestText, bestMass, bestFit = c, text, mass, fit
		}
	}
	if best == "" {
		return reading{}, false
	}
	return reading{key: best, text: bestText}, true
}

// nameFit says how well name candidate c (lower case; text as written)
// fits the kind of name asked for, which a reading is first chosen by: for
// a place, a known place of the kind named ("which country", "which city";
// another known place is no better a reading than any name), and for
// "where" any known place (of "which volcano", "Europe" is no better a
// reading than "Mount Etna"); for a person or an organisation, a known place or, for
// a person, a party ("Labour", "GOP") least, and a word in capitals ("LIV") too when the
// question names the person's noun ("which golfer"): a bare "who" asks for
// a group as often ("Who claimed the Moscow attack?": ISIS). Before, the value of
// "Where did the debate take place?" could be "GOP" and that of "Who was
// booted from her House seat?" "Wyoming": the name the most mass states,
// of whatever kind.
func (r *ranker) nameFit(c, text string) int {
	// A gazetteer writes "guinea bissau" (spacedName, as kindCandidates
	// looks names up) and "st. louis".
	known := func(gaz map[string]bool) bool { return gaz[c] || gaz[spacedName(c)] }
	switch r.q.Kind {
	case KindPlace:
		switch {
		case r.placeKind != nil && known(r.placeKind):
			return 2
		case known(places) && r.placeKind == nil && r.q.Wh == "where":
			return 1
		}
	case KindPerson, KindOrganization:
		switch {
		case known(places):
			return -1
		case r.q.Kind == KindPerson && r.q.Focus != "" && !strings.Contains(text, " ") && allCaps(text):
			return -1
		case r.q.Kind == KindPerson && partyName(c):
			return -1
		}
	}
	return 0
}

// readingName returns name candidate c as a reading names it: without a
// first word that only opens a sentence's choice ("Neither Lionel Messi
// nor ..." names Lionel Messi), and "" for a demonym alone ("Russian") or
// a date read as a name: a month
// ("May", "Oct"), a weekday, or one after the time zone of a page's time
// stamp ("ET July" of "12:39 pm ET July 4, 2026"). Readings are what the
// answer says its outlets reported ("Also reported: Oct"); the candidates
// the ranker votes on are left as they are (cutting them there lost two
// answers out-of-fold, docs/ANSWER-HISTORY.md).
func readingName(c string) string {
	if first, rest, ok := strings.Cut(c, " "); ok && choiceOpeners[first] {
		c = rest
	}
	// A headline's colon without a space joins two runs of capitals:
	// "Keir Starmer:Meet UK's next …" names Keir Starmer.
	if before, _, ok := strings.Cut(c, ":"); ok && before != "" {
		c = before
	}
	// A gallery's buttons run into the caption's name: "Rishi Sunak Prev
	// Next" (nu42).
	for {
		i := strings.LastIndexByte(c, ' ')
		if i < 0 || !galleryWords[c[i+1:]] {
			break
		}
		c = c[:i]
	}
	if nationWords[c] {
		return "" // "Russian" of "the Russian president" names no one
	}
	words := strings.Fields(c)
	stamp := false // after a time zone, "Sat" is a day too ("ET Sat"), not a paper
	for len(words) > 1 && timeZones[words[0]] {
		words, stamp = words[1:], true
	}
	for _, w := range words {
		if !months[w] && !weekdays[w] && !monthShort[w] && !(stamp && weekdayShort[w]) {
			return c
		}
	}
	return ""
}

// galleryWords are a photo gallery's buttons, which follow a caption.
var galleryWords = map[string]bool{"prev": true, "next": true, "previous": true}

// weekdayShort are the weekdays written short, as time stamps write them.
var weekdayShort = map[string]bool{
	"mon": true, "tue": true, "tues": true, "wed": true, "thu": true, "thur": true, "thurs": true,
	"fri": true, "sat": true, "sun": true,
}

// nationWords are the demonyms of nations, regions and faiths: alone, an
// adjective ("the Russian president"), never a name an outlet reported.
// The words of parties and games ("Republicans", "Olympic") may be.
var nationWords = func() map[string]bool {
	m := gazetteer(demonyms)
	for _, w := range strings.Fields(partyWords) {
		delete(m, w)
	}
	return m
}()

// partyName reports whether the lower-case name c is a party or its
// members ("Labour", "House Republicans"): no reading of a person. "Who
// is the UK prime minister now?" read "Labour" beside Keir Starmer.
func partyName(c string) bool {
	words := strings.Fields(c)
	return len(words) > 0 && slices.Contains(strings.Fields(partyWords), words[len(words)-1])
}

// partyWords are the demonyms that name a party, its members or a games.
const partyWords = `republican republicans democrat democrats democratic olympic olympics paralympic communist
socialist conservative liberal labour tory tories gop`

// choiceOpeners open a choice between names ("Neither X nor Y", "Both X
// and Y"): they are no part of the name that follows.
var choiceOpeners = map[string]bool{"neither": true, "either": true, "both": true, "whether": true}

// timeZones are the zones a news page's time stamp ends with, before the
// date ("2:06 p.m. ET Jan. 3").
var timeZones = map[string]bool{
	"et": true, "est": true, "edt": true, "ct": true, "cst": true, "cdt": true, "mt": true, "mst": true,
	"mdt": true, "pt": true, "pst": true, "pdt": true, "gmt": true, "utc": true, "bst": true,
}

// monthShort are the months written short, and "may", which months leaves
// out as it is also a verb: as a reading, alone, it is the month.
var monthShort = map[string]bool{
	"jan": true, "feb": true, "mar": true, "apr": true, "may": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
}

// pageLabel reports whether text, a name candidate at byte at of sentence,
// is a page's label rather than a name an outlet reported: a dateline (a
// known place of four letters or more, in capitals, opening the text:
// "WASHINGTON – At least two lawsuits …", but not "US – China talks") or a word of a page's buttons and
// captions alone ("Share this update", "Photos: WNBA Star …"), or a noun
// of the question lexicon alone, a kind and no name ("CEO", "President",
// "Day" of "Presidents Day"). They were shown as what outlets reported
// ("Also reported: WASHINGTON", the value "CEO" for "said Doug Parker, the
// CEO of American Airlines").
func pageLabel(sentence string, at int, text string) bool {
	low := strings.ToLower(text)
	if pageWords[low] || photoCredit(low) {
		return true
	}
	if words := strings.Fields(low); len(words) > 1 && !slices.ContainsFunc(words, func(w string) bool {
		return !pageWords[w] && !buttonWords[w]
	}) {
		return true // a gallery's buttons: "Hide Caption"
	}
	if _, noun := focusKinds[low]; noun {
		return true // a kind of thing alone names none: "CEO", "Department", "Day"
	}
	if strings.TrimSpace(sentence[:at]) != "" || len(text) <= 3 || text != strings.ToUpper(text) || !places[strings.ToLower(text)] {
		return false
	}
	// A dateline ends in a dash, an agency in brackets or a comma before
	// the state ("ROME, Italy —"); "CHINA is …" is a headline's name.
	rest := strings.TrimLeft(sentence[at+len(text):], " ")
	r, _ := utf8.DecodeRuneInString(rest)
	return rest == "" || strings.ContainsRune(",(-–—―−", r)
}

// ownOutlet reports whether name c names source, the outlet that published
// the sentence's article ("USA TODAY" in an article of usatoday.com, "CNN"
// in one of cnn.com): a page's masthead, byline or credit, not what it
// reports. Letters alone are compared, a domain's without its "www." and
// ending ("Hill", a name, is not thehill.com's).
func ownOutlet(c, source string) bool {
	src := strings.ToLower(strings.TrimPrefix(strings.ToLower(source), "www."))
	if i := strings.IndexByte(src, '.'); i > 0 && !strings.Contains(src, " ") {
		src = src[:i]
	}
	letters := func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return r
			}
			return -1
		}, s)
	}
	src, name := letters(src), letters(c)
	return len(name) >= 3 && name == src
}

// pageWords are the words of a news page's buttons and captions: alone,
// capitalised, they name nothing.
var pageWords = map[string]bool{
	"share": true, "subscribe": true, "watch": true, "listen": true, "click": true, "download": true,
	"advertisement": true, "photos": true, "photo": true, "video": true, "videos": true, "related": true,
	"gallery": true, "comments": true, "print": true, "email": true,
}

// buttonWords are the other words of a page's buttons ("Hide Caption",
// "Show More"): with pageWords, a name of these words alone is a button.
// Alone, one may be a name ("Close"), so it is left to the page words.
var buttonWords = map[string]bool{
	"hide": true, "show": true, "caption": true, "captions": true, "expand": true, "collapse": true,
	"close": true, "more": true, "less": true, "next": true, "prev": true, "previous": true, "enlarge": true,
	"image": true, "images": true, "slideshow": true,
}

// photoCredit reports whether the lower-case name c is a photo's credit
// ("Popperfoto/Getty Images", "AFP via Getty Images", "AP Photo/Evan
// Vucci"): a picture agency's, not a name the article reports. The
// agency alone ("Getty Images agreed to buy …") is a name.
func photoCredit(c string) bool {
	return strings.HasSuffix(c, "/getty images") || strings.HasSuffix(c, " via getty images") ||
		strings.Contains(c, "photo/") || strings.HasPrefix(c, "ap photo")
}

// honorifics are titles that stand before a name ("'Sir' Keir Starmer"):
// alone they name no one, so they are never a reading.
var honorifics = map[string]bool{
	"sir": true, "dame": true, "lord": true, "lady": true, "mr": true, "mrs": true, "ms": true, "dr": true,
	"prof": true, "gen": true, "sen": true, "rep": true, "gov": true, "rev": true, "st": true,
}

// partOfOther reports whether cands[i] is a word of a longer candidate of
// the same list.
func partOfOther(cands []string, i int) bool {
	for k, c := range cands {
		if k != i && len(c) > len(cands[i]) && statesWord(c, cands[i]) {
			return true
		}
	}
	return false
}

// agrees reports whether ranked sentence j gives the reading r: a claim
// with the same value and interval, or the name.
func (q *quoter) agrees(r reading, j int) bool {
	if r.key == "" {
		return false
	}
	if q.ranked[j].r.q.Kind.isQuantity() {
		for _, b := range q.ranked[j].quantityClaims() {
			if claimKey(b) == r.key {
				return true
			}
		}
		return false
	}
	return statesWord(q.lower(j), r.key)
}

// leadReading is the reading of a quote made around ranked sentence at, or
// when that sentence offers none, of the best other sentence it holds.
func (q *quoter) leadReading(c chronicle.Citation, at int) (reading, bool) {
	if r, ok := q.readingOf(at); ok {
		return r, true
	}
	for _, j := range q.held(c.Text, q.ranked[at].art) {
		if r, ok := q.readingOf(j); ok {
			return r, true
		}
	}
	return reading{}, false
}

// outlet names the outlet of an article, for the agreement an answer
// shows ("3 outlets agree"): its source, else its link's host as the
// citation shows it ("usatoday.com"); articles that name neither are one
// outlet between them, not one each (nu44: thirteen newswire items without
// a source were "13 outlets agree").
func outlet(a *chronicle.Article) string {
	if s := strings.ToLower(strings.TrimSpace(a.Source)); s != "" {
		return s
	}
	if u, err := url.Parse(strings.TrimSpace(a.URL)); err == nil && u.Hostname() != "" {
		return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	}
	return "\x00"
}

// giver names who gives an alternative name (alternatives): its outlet,
// or the article itself when it names none (a corpus of files with no
// source or link is no one outlet there: helper 98).
func giver(a *chronicle.Article) string {
	if o := outlet(a); o != "\x00" {
		return o
	}
	return "\x00" + a.ID
}

// report names an article for the confidence's agreement signal: its
// source, or the article itself when it has none. That signal counts
// independent reports as the confidence model learned them (the
// development articles name no source), so it is kept apart from outlet.
func report(a *chronicle.Article) string {
	if s := strings.ToLower(strings.TrimSpace(a.Source)); s != "" {
		return s
	}
	return "\x00" + a.ID
}

// alternatives fills the answer's value, agreement and alternatives for
// the quote c made around ranked sentence at.
func (q *quoter) alternatives(ans *chronicle.Answer, c chronicle.Citation, at int) {
	lead, ok := q.leadReading(c, at)
	if !ok {
		return
	}
	ans.Value = lead.text
	outlets := map[string]bool{outlet(q.ranked[at].art): true}
	seen := map[string]bool{lead.key: true}
	quoted := terms.ASCIILower(c.Text)
	depth := 0
	for depth < min(q.n, alternativeDepth) && q.p[depth] >= alternativeShare*q.p[0] {
		depth++
	}
	// A name is listed when two outlets give it, or one sentence nearly as
	// likely as the best: a weaker sentence's other name was most often a
	// name its article gives for another reason ("Also reported: Earth" for
	// the first American in space; on the RealTimeQA dev questions 561
	// names were listed, 20 of them a gold answer). A figure that moved is
	// listed from one report, as tolls are.
	readings := make([]reading, depth) // each sentence's, read once
	read := make([]bool, depth)
	giving := map[string]map[string]bool{} // a name reading's key -> the outlets that give it
	for j := range depth {
		r, ok := q.readingOf(j)
		readings[j], read[j] = r, ok
		if ok && r.c.v == 0 {
			if giving[r.key] == nil {
				giving[r.key] = map[string]bool{}
			}
			giving[r.key][giver(q.ranked[j].art)] = true
		}
	}
	var alts []chronicle.Alternative
	for j := range depth {
		s := &q.ranked[j]
		if q.agrees(lead, j) {
			outlets[outlet(s.art)] = true
			continue
		}
		if s.art.ID == c.ArticleID || len(alts) == maxAlternatives {
			continue
		}
		r, ok := readings[j], read[j]
		if !ok || seen[r.key] || !comparable(lead, r) || statesWord(quoted, terms.ASCIILower(r.text)) ||
			r.c.v == 0 && (!nameListed(len(giving[r.key]), q.p[j], q.p[0]) || partOfListed(alts, r.text)) {
			continue
		}
		seen[r.key] = true
		alts = append(alts, chronicle.Alternative{Value: r.text, Citation: chronicle.Citation{
			Text: s.text, ArticleID: s.art.ID, Title: s.art.Title, Source: s.art.Source,
			Published: s.art.Published, URL: s.art.URL, Paragraph: s.para}})
	}
	sort.SliceStable(alts, func(i, j int) bool {
		return alts[i].Citation.Published.After(alts[j].Citation.Published)
	})
	ans.Agreement = len(outlets)
	ans.Alternatives = alts
}

// nameListed reports whether a name that outlets give, the likeliest of
// them in a sentence of probability p (the best sentence's is best), is
// listed as an alternative.
func nameListed(outlets int, p, best float64) bool {
	return outlets >= minNameOutlets || p >= soleNameShare*best
}

// partOfListed reports whether a name (not a figure: "under 40" is not
// "40") is one listed already in part or whole, as words ("Greenspan" after "Alan Greenspan", or before it:
// nu44 was shown "Also reported: Alan Greenspan (...), Greenspan (...)").
func partOfListed(alts []chronicle.Alternative, name string) bool {
	low := terms.ASCIILower(name)
	for _, a := range alts {
		l := terms.ASCIILower(a.Value)
		if statesWord(l, low) || statesWord(low, l) {
			return true
		}
	}
	return false
}

// comparable reports whether an alternative reading could be the same
// thing as the answer's: any name, or a figure within a factor of two of
// the answer's (a toll of 137 and one of 144, not 137 dead and 11 held).
func comparable(lead, alt reading) bool {
	if lead.c.v == 0 || alt.c.v == 0 {
		return lead.c.v == alt.c.v
	}
	return max(lead.c.v, alt.c.v) <= 2*min(lead.c.v, alt.c.v)
}
