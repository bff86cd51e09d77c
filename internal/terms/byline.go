package terms

import (
	"regexp"
	"strings"

	"github.com/chronicle-bot/chronicle"
)

// byline is a reporter's byline that a page sets in paragraphs of its own
// before the report, which a quote widened across paragraphs starts with:
// the reporters' names, joined by commas and "and", and the agency or
// outlet they write for ("Michael Holden and Sam Tobin Reuters LONDON -
// Prince Harry settled ...", "Jack Greiner Special to The Enquirer ...",
// "Reuters Reuters DAMASCUS ..."). The outlets are the news agencies and
// the wording of a guest's byline: general knowledge, as the gazetteers
// are, naming no story.
var byline = regexp.MustCompile(`^` + bylineNames + `(?:(?:,| and|, and) ` + bylineNames + `){0,5},? ` +
	`(?:Reuters|The Associated Press|Associated Press|AFP|Agence France-Presse|Bloomberg|USA TODAY|` +
	`Special to (?:the |The )?[A-Z][\p{L}’']*(?: [A-Z][\p{L}’']*){0,3}) `)

// bylineNames is one name of a byline: one to four capitalised words.
const bylineNames = `[A-Z][\p{L}.’'-]*(?: [A-Z][\p{L}.’'-]*){0,3}`

// CutByline takes a byline (names and the agency or outlet they write for)
// off the start of a quote, keeping what follows, and moves the highlight
// spans with the text (a span inside the byline goes). A quote that is a
// byline and nothing more, or whose rest would not start with a capital
// (a dateline, a stamp or a sentence), is returned as it is. A leading
// ellipsis of a cut quote stays.
func CutByline(text string, spans []chronicle.Span) (string, []chronicle.Span) {
	lead := 0
	if strings.HasPrefix(text, "… ") {
		lead = len("… ")
	}
	m := byline.FindStringIndex(text[lead:])
	if m == nil {
		return text, spans
	}
	from := lead + m[1]
	if from >= len(text) || text[from] < 'A' || text[from] > 'Z' {
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
