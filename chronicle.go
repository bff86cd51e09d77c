// Package chronicle holds the domain types shared by every part of the bot:
// articles, citations (a passage of verbatim article text), answers, the
// search and retrieval queries with their results, and the user-safe error
// type with its codes; and the few rules about dates and text that every
// part applies alike (LastUndoubted, InDateRange, Printable). It imports
// nothing of the project's own, so every other package can depend on it
// without depending on each other.
package chronicle

import (
	"time"
)

// Article is one news article as loaded from the corpus.
type Article struct {
	// ID is stable across runs: taken from the record when it has one,
	// otherwise derived from the file path (and line for JSON Lines).
	ID string `json:"id"`
	// Title is the headline; may be empty.
	Title string `json:"title,omitempty"`
	// Source is the outlet or publisher ("BBC", "USA Today"); may be empty.
	Source string `json:"source,omitempty"`
	// URL links to the original article; may be empty.
	URL string `json:"url,omitempty"`
	// Published is the publication time; the zero value means undated.
	Published time.Time `json:"published,omitempty"`
	// Paragraphs is the body text, in order.
	Paragraphs []Paragraph `json:"paragraphs"`
	// Path is the file the article was loaded from ("" for feed items, which
	// use the feed URL as Origin instead).
	Path string `json:"path,omitempty"`
	// Hash is a content hash over every field above except Path, used to
	// detect changed articles.
	Hash string `json:"hash,omitempty"`
}

// Paragraph is one block of article text.
type Paragraph struct {
	// Heading is the section heading the paragraph stands under, if any.
	Heading string `json:"heading,omitempty"`
	// Text is the paragraph text with whitespace collapsed.
	Text string `json:"text"`
}

// Dated reports whether the article has a publication date.
func (a Article) Dated() bool { return !a.Published.IsZero() }

// TextBytes is the size of the article's title and paragraphs' text: what
// analysing, holding or reading it costs.
func (a *Article) TextBytes() int {
	n := len(a.Title)
	for _, p := range a.Paragraphs {
		n += len(p.Text)
	}
	return n
}

// FirstYear and LastYear bound the days Chronicle keeps and searches by:
// the article store and the search index hold a time as nanoseconds since
// 1970 in an int64, which reaches from 1677-09-21 to 2262-04-11, and the
// whole years inside that are these. A date outside them is stored as
// undated (with a warning where it is read) and a day outside them is
// refused where it is typed.
const (
	FirstYear = 1678
	LastYear  = 2261
)

// LastUndoubted returns the last instant a date can be at on now without
// being taken for a mistake: the end of the UTC day after now's. A date of
// tomorrow (UTC), a date-only one above all, is today east of UTC (up to
// UTC+14); a later one is ahead of every clock, a typo of the year (2042
// for 2024). It is the one rule for both: an article dated later is taken
// for misdated (index.Newest, Stats and Ahead cut there), and a day named
// later (--as-of, --since, --until, /search's from) is refused
// (commands.AfterTomorrow). The cut is in UTC whatever now's location, as
// dates are UTC days.
func LastUndoubted(now time.Time) time.Time {
	u := now.UTC()
	return time.Date(u.Year(), u.Month(), u.Day()+2, 0, 0, 0, 0, time.UTC).Add(-time.Nanosecond)
}

// InDateRange reports whether t falls in the years FirstYear to LastYear,
// in UTC (the zero time, year 1, does not).
func InDateRange(t time.Time) bool {
	y := t.UTC().Year()
	return y >= FirstYear && y <= LastYear
}

// Citation points at a piece of verbatim article text.
type Citation struct {
	// Text is verbatim article text (whitespace collapsed; an ellipsis may
	// join pieces; a person named by the last name alone may have the first
	// name the same article gives them added in brackets, "said [Kirsty]
	// Coventry"). It is plain text: callers escape it for their medium.
	Text      string    `json:"text"`
	ArticleID string    `json:"article_id"`
	Title     string    `json:"title"`
	Source    string    `json:"source"`
	Published time.Time `json:"-"`
	URL       string    `json:"url"`
	// Paragraph is the 0-based index of the paragraph the text starts in,
	// and LastParagraph of the one it ends in: a quote widened with the
	// sentences around its own can run over a paragraph break (which
	// becomes a space). Read the last with LastPara.
	Paragraph     int `json:"paragraph"`
	LastParagraph int `json:"last_paragraph"`
	// Highlights are byte ranges of Text that matched the question, for
	// rendering in bold.
	Highlights []Span `json:"-"`
}

// LastPara is the index of the paragraph the text ends in: LastParagraph,
// or Paragraph for a citation that leaves LastParagraph unset (a snippet of
// one paragraph).
func (c Citation) LastPara() int { return max(c.Paragraph, c.LastParagraph) }

// Span is a half-open byte range [Start, End).
type Span struct{ Start, End int }

// Answer is the reply to one question.
type Answer struct {
	Question string
	AsOf     time.Time
	// Day is the day the answer is given as of: AsOf, or without one the
	// day of the newest article in the index (zero for an empty index).
	Day time.Time
	// Present is true when the question asks about the state on that day
	// ("now", "current", "latest"): the answer holds as of Day, which for
	// a corpus that is not kept up to date may be long ago.
	Present bool
	// Standing is true when the question asks what is, in the present
	// tense, without saying "now" ("Who is the UK prime minister?"): a
	// report quoted from long before Day may no longer hold.
	Standing bool
	// Misdated counts the articles matching the question that were left
	// out, asked without an as-of day, for being dated after Day: the
	// newest article dated by tomorrow (UTC), so that they are dated after
	// tomorrow and taken for misdated (index.Newest, LastUndoubted). An answer as of Day cannot
	// quote one (a 2030 article stood under "Current as of" a day of 2024).
	Misdated int
	// Best is the quoted answer; nil when there is no confident answer.
	Best *Citation
	// Sources lists other supporting or closest passages, best first.
	Sources []Citation
	// Confidence is in [0, 1].
	Confidence float64
	// Missing lists the names (and years) of the question that no source
	// holds; the answer is then declined (Best is nil).
	Missing []string
	// Searched is the question as searched when words of it were spelt
	// otherwise than in every article and were corrected ("" otherwise).
	Searched string
	// Value is the figure or name the answer gives, as written in Best
	// ("137", "more than 100", "Islamic State"; a last name Best gives a
	// first name in brackets is the full name: "Kirsty Coventry" for
	// "[Kirsty] Coventry"); empty when the question does not ask for one
	// or the answer states none.
	Value string
	// Agreement is how many outlets among the best passages give the same
	// Value (the answer's own included); 0 without a Value.
	Agreement int
	// Alternatives are the other figures or names the best passages give,
	// newest first, each with the passage that gives it.
	Alternatives []Alternative
}

// Alternative is an answer that a source gives and the quoted answer does
// not: a figure reported earlier or by another outlet, or another name.
type Alternative struct {
	// Value is the figure or name as written in the source.
	Value string
	// Citation is the sentence that gives it; Citation.Published is the
	// date it was given.
	Citation Citation
}
