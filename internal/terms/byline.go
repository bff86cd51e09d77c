package terms

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/chronicle-bot/chronicle"
)

// byline is a reporter's byline that a page sets in paragraphs of its own
// before the report, which a quote widened across paragraphs starts with:
// the reporters' names, joined by commas and "and", and the agency or
// outlet they write for ("Michael Holden and Sam Tobin Reuters LONDON -
// Prince Harry settled ...", "Jack Greiner Special to The Enquirer Dec. 16,
// 2025 ...", "Reuters Reuters DAMASCUS ..."). A name is two to four
// capitalised words (a single word is an outlet's or a company's:
// "Gannett’s USA TODAY Network", "Thomson Reuters Corp"); the agency alone
// stands for the names too ("Reuters Reuters"). The outlets are the news
// agencies and the wording of a guest's byline: general knowledge, as the
// gazetteers are, naming no story.
var byline = regexp.MustCompile(`^(?:` + bylineAgency + `|` + bylineName + `(?:(?:,| and|, and) ` + bylineName + `){0,5}),? ` +
	`(?:` + bylineAgency + `|USA TODAY(?: NETWORK)?|Special to (?:the |The )?[A-Z][\p{L}’']*(?: [A-Z][\p{L}’']*){0,3}) `)

// bylineName is one name of a byline: two to four capitalised words.
const bylineName = `[A-Z][\p{L}.’'-]*(?: [A-Z][\p{L}.’'-]*){1,3}`

// bylineAgency are the news agencies a byline names.
const bylineAgency = `(?:Reuters|The Associated Press|Associated Press|AFP|Agence France-Presse|Bloomberg)`

// notNameStart are capitalised words that start a sentence, never a
// reporter's name: "A USA TODAY Network investigation", "The Associated
// Press Health and Science Department", "As USA TODAY Congress Reporter
// Candy Woodall told me".
var notNameStart = map[string]bool{"A": true, "An": true, "The": true, "As": true, "Our": true, "This": true,
	"That": true, "These": true, "Those": true, "Its": true, "His": true, "Her": true, "Their": true, "In": true,
	"On": true, "At": true, "For": true, "From": true, "By": true, "With": true, "And": true, "But": true,
	"Or": true, "If": true, "When": true, "While": true, "Every": true, "Some": true, "Former": true}

// CutByline takes a byline (names and the agency or outlet they write for)
// off the start of a quote, keeping what follows, and moves the highlight
// spans with the text (a span inside the byline goes). Only a byline
// followed by what a report's first paragraph starts with is cut: a
// dateline in capitals ("LONDON -", "KYIV, Aug 27"), a page's time stamp
// ("Updated Dec. 9, 2025", "Dec. 16, 2025") or its summary label
// ("AI-assisted summary"); a quote that is a byline and nothing more, or
// whose rest is a sentence ("Christine Brennan, USA TODAY Sports"), is
// returned as it is. A leading ellipsis of a cut quote stays.
func CutByline(text string, spans []chronicle.Span) (string, []chronicle.Span) {
	lead := 0
	if strings.HasPrefix(text, "… ") {
		lead = len("… ")
	}
	m := byline.FindStringIndex(text[lead:])
	if m == nil || !namesOnly(text[lead:lead+m[1]]) {
		return text, spans
	}
	from := lead + m[1]
	if !reportStart(text[from:]) {
		return text, spans
	}
	out := text[:lead] + text[from:]
	cut := from - lead
	var moved []chronicle.Span
	for _, s := range spans {
		switch {
		case s.End <= lead:
			moved = append(moved, s)
		case s.Start >= from:
			moved = append(moved, chronicle.Span{Start: s.Start - cut, End: s.End - cut})
		}
	}
	return out, moved
}

// namesOnly reports whether the byline b starts with no word that starts a
// sentence rather than a name, and none of its names' words is a
// possessive ("Rupert Murdoch’s").
func namesOnly(b string) bool {
	first, _, _ := strings.Cut(b, " ")
	if notNameStart[first] {
		return false
	}
	for _, w := range strings.Fields(b) {
		w = strings.TrimRight(w, ",")
		if strings.HasSuffix(w, "’s") || strings.HasSuffix(w, "'s") {
			return false
		}
	}
	return true
}

// reportStart reports whether s starts as the first paragraph of a report
// does after its byline: a dateline in capitals, a time stamp, or the
// page's summary label.
func reportStart(s string) bool {
	word, _, _ := strings.Cut(s, " ")
	core := strings.TrimRight(word, ",.:;-–—−")
	switch {
	case core == "" || strings.HasPrefix(core, "NETWORK"):
		return false // the outlet's own name goes on ("USA TODAY NETWORK-WISCONSIN")
	case core == "Updated" || core == "Published" || core == "Posted" || core == "AI-assisted":
		return true
	}
	if _, kind := stampPart(s); kind == partDate || kind == partDateYear {
		return true // a stamp's date ("Dec. 16, 2025")
	}
	letters := 0
	for _, r := range core {
		switch {
		case unicode.IsUpper(r):
			letters++
		case unicode.IsLower(r):
			return false
		}
	}
	return letters >= 3
}
