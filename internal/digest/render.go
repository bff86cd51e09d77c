package digest

import (
	"fmt"
	"strings"
	"time"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/terms"
)

// This file holds the plain-language wording of a digest and its plain-text
// rendering for a terminal (Text). It knows no markup and no message limit:
// the Discord rendering, its escaping and the fitting to one message are
// internal/commands' (commands.DigestMessage), which reuses the wording
// here so that the two cannot drift.

// Heading describes the window and topic, e.g.
// `Digest for “moscow”, 22 Mar 2024 – 26 Mar 2024`.
func (d Digest) Heading() string {
	h := "Digest"
	if d.Topic != "" {
		h += " for " + Quoted(d.Topic)
	}
	if w := d.window(); w != "" {
		h += ", " + w
	}
	return h
}

func (d Digest) window() string {
	to := d.shownEnd()
	switch {
	case d.From.IsZero() && to.IsZero():
		return ""
	case d.From.IsZero():
		return "until " + Bound(to)
	case to.IsZero():
		return "since " + Bound(d.From)
	case sameDay(d.From, to) && (DayEdge(d.From) && DayEdge(to) || d.From.Equal(to)):
		return d.From.Format(dayLayout)
	}
	return Bound(d.From) + " – " + Bound(to)
}

// shownEnd is the end of the window as headings write it: To, or, when To
// is left out of the window and is a midnight, the day before's last
// instant, so that a scheduled daily digest of [24 Mar 00:00, 25 Mar 00:00)
// reads "24 Mar 2024", not "24 Mar 2024 – 25 Mar 2024", a day it has none
// of.
func (d Digest) shownEnd() time.Time {
	if d.exclusiveEnd && !d.To.IsZero() && midnight(d.To) {
		return d.To.Add(-time.Nanosecond)
	}
	return d.To
}

// dayLayout writes a day of a window.
const dayLayout = "2 Jan 2006"

// Bound writes a bound of a window: its day when it is a day's start or
// end ("25 Mar 2024"), else its day and time ("3 Dec 2026 15:16 UTC"): the
// default window, the last 24 hours, read "3 Dec 2026 – 4 Dec 2026", two
// whole days, and told apart from --since 2026-12-03 by nothing (nu42).
func Bound(t time.Time) string {
	if DayEdge(t) {
		return t.Format(dayLayout)
	}
	return t.Format(dayLayout + " 15:04 MST")
}

// DayEdge reports whether t is the first or the last minute of its day (a
// window's end is often the day's last nanosecond, or 23:59).
func DayEdge(t time.Time) bool {
	h, m, _ := t.Clock()
	return midnight(t) || h == 23 && m == 59
}

// midnight reports whether t is the first instant of its day.
func midnight(t time.Time) bool {
	h, m, sec := t.Clock()
	return h == 0 && m == 0 && sec == 0 && t.Nanosecond() == 0
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

// Quoted is a topic as headings, and the schedule and watch lists, write
// it: in curly quotes, as typed, a control character or a direction mark a
// space (chronicle.Printable; Go's %q wrote a quote in it as \"); a caller
// that posts it to Discord escapes it.
func Quoted(topic string) string {
	return "“" + chronicle.Printable(topic) + "”"
}

// NoCoverage says that the window had no coverage, e.g.
// `No coverage of “moscow” between 1 Jan 2025 and 2 Jan 2025.`, or, when it
// had articles but none with a sentence to quote, says that.
func (d Digest) NoCoverage() string {
	// A window with articles but none with a sentence a digest quotes
	// (headlines alone, lists, captions) is not without coverage, as it
	// was said to be (helper 75); a window whose articles only mention
	// the topic is (helper 76).
	s, why := "No coverage", ""
	if d.unquotable && d.Articles > 0 {
		s = "Nothing to quote"
		why = fmt.Sprintf(": %d articles, but none has a sentence a digest quotes (they are headlines alone, lists or captions)", d.Articles)
		if d.Articles == 1 {
			why = ": 1 article, but it has no sentence a digest quotes (it is a headline alone, a list or captions)"
		}
	}
	if d.Topic != "" {
		s += " of " + Quoted(d.Topic)
	}
	switch w := d.window(); {
	case !d.From.IsZero() && !d.To.IsZero():
		s += fmt.Sprintf(" between %s and %s", Bound(d.From), Bound(d.shownEnd()))
	case w != "":
		s += " " + w
	}
	return s + why + "."
}

// CapNote says that the window had more articles than were read, or is "".
func (d Digest) CapNote() string {
	switch {
	case !d.Capped:
		return ""
	case d.Topic != "":
		return fmt.Sprintf("Note: more than %d articles match; only the %d that match best were read.", d.Articles, d.Articles)
	}
	return fmt.Sprintf("Note: the window has more than %d articles; only the newest %d were read.", d.Articles, d.Articles)
}

// Coverage says how widely a point's story was carried, e.g.
// "3 outlets, 5 articles"; "" for a single article.
func (p Point) Coverage() string {
	var parts []string
	if len(p.Outlets) > 1 {
		parts = append(parts, fmt.Sprintf("%d outlets", len(p.Outlets)))
	}
	if p.Articles > 1 {
		parts = append(parts, fmt.Sprintf("%d articles", p.Articles))
	}
	return strings.Join(parts, ", ")
}

// Byline names the cited outlet and day, e.g. "BBC, 23 Mar 2024"; the day
// alone when the outlet is unknown. The day is the UTC day, that of the
// windows (DayWindow): 23:30 on 2 May in New York was listed as 2 May in
// the digest of 3 May (helper 132).
func (p Point) Byline() string {
	date := p.Citation.Published.UTC().Format("2 Jan 2006")
	if p.Citation.Source == "" {
		return date
	}
	return p.Citation.Source + ", " + date
}

// Text renders the digest as plain text for a terminal: a heading with the
// counts (and a note when the window had more articles than were read),
// then each point's quote, title, outlet, date, coverage and link. It ends
// with one newline. Nothing is escaped or shortened.
func (d Digest) Text() string {
	if d.Empty() {
		return d.NoCoverage() + "\n"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s, %s)\n", d.Heading(), terms.Counted(d.Articles, "article", "articles"), terms.Counted(d.Stories, "story", "stories"))
	if n := d.CapNote(); n != "" {
		b.WriteString(n + "\n")
	}
	for i, p := range d.Points {
		fmt.Fprintf(&b, "\n%d. %q\n   %s", i+1, p.Citation.Text, p.Byline())
		if p.Citation.Title != "" {
			fmt.Fprintf(&b, ": %s", p.Citation.Title)
		}
		if c := p.Coverage(); c != "" {
			fmt.Fprintf(&b, " (%s)", c)
		}
		b.WriteString("\n")
		if p.Citation.URL != "" {
			fmt.Fprintf(&b, "   %s\n", p.Citation.URL)
		}
	}
	return b.String()
}
