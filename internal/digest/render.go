package digest

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/chronicle-bot/chronicle/internal/discordtext"
)

// maxMessage is Discord's limit on a message's content, in characters.
const maxMessage = 2000

// MaxMessage is the longest Markdown rendering Build produces.
const MaxMessage = maxMessage

// heading describes the window and topic, e.g.
// `Digest for "moscow", 22 Mar 2024 – 26 Mar 2024`.
func (d Digest) heading() string {
	h := "Digest"
	if d.Topic != "" {
		h += fmt.Sprintf(" for %q", d.Topic)
	}
	if w := d.window(); w != "" {
		h += ", " + w
	}
	return h
}

func (d Digest) window() string {
	const layout = "2 Jan 2006"
	switch {
	case d.From.IsZero() && d.To.IsZero():
		return ""
	case d.From.IsZero():
		return "until " + d.To.Format(layout)
	case d.To.IsZero():
		return "since " + d.From.Format(layout)
	case sameDay(d.From, d.To):
		return d.From.Format(layout)
	}
	return d.From.Format(layout) + " – " + d.To.Format(layout)
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

// emptyText says that the window had no coverage.
func (d Digest) emptyText() string {
	s := "No coverage"
	if d.Topic != "" {
		s += fmt.Sprintf(" of %q", d.Topic)
	}
	switch w := d.window(); {
	case !d.From.IsZero() && !d.To.IsZero():
		s += fmt.Sprintf(" between %s and %s", d.From.Format("2 Jan 2006"), d.To.Format("2 Jan 2006"))
	case w != "":
		s += " " + w
	}
	return s + "."
}

// coverage says how widely a point's story was carried, e.g.
// "3 outlets, 5 articles"; "" for a single article.
func (p Point) coverage() string {
	var parts []string
	if len(p.Outlets) > 1 {
		parts = append(parts, fmt.Sprintf("%d outlets", len(p.Outlets)))
	}
	if p.Articles > 1 {
		parts = append(parts, fmt.Sprintf("%d articles", p.Articles))
	}
	return strings.Join(parts, ", ")
}

// source names the cited outlet and day, e.g. "BBC, 23 Mar 2024".
func (p Point) source() string {
	date := p.Citation.Published.Format("2 Jan 2006")
	if p.Citation.Source == "" {
		return date
	}
	return p.Citation.Source + ", " + date
}

// capNote says that the window had more articles than were read, or is "".
func (d Digest) capNote() string {
	switch {
	case !d.Capped:
		return ""
	case d.Topic != "":
		return fmt.Sprintf("Note: more than %d articles match; only the %d that match best were read.", d.Articles, d.Articles)
	}
	return fmt.Sprintf("Note: the window has more than %d articles; only the newest %d were read.", d.Articles, d.Articles)
}

// droppedNote says how many points did not fit in one message, or is "".
func (d Digest) droppedNote() string {
	switch d.Dropped {
	case 0:
		return ""
	case 1:
		return "+1 more story (left out to fit one message)"
	}
	return fmt.Sprintf("+%d more stories (left out to fit one message)", d.Dropped)
}

// Text renders the digest as plain text for the command line: a heading
// with the counts (and a note when the window had more articles than were
// read), then each point's quote, title, outlet, date, coverage and link.
// It ends with one newline.
func (d Digest) Text() string {
	if d.Empty() {
		return d.emptyText() + "\n"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%d articles, %d stories)\n", d.heading(), d.Articles, d.Stories)
	if n := d.capNote(); n != "" {
		b.WriteString(n + "\n")
	}
	for i, p := range d.Points {
		fmt.Fprintf(&b, "\n%d. %q\n   %s", i+1, p.Citation.Text, p.source())
		if p.Citation.Title != "" {
			fmt.Fprintf(&b, ": %s", p.Citation.Title)
		}
		if c := p.coverage(); c != "" {
			fmt.Fprintf(&b, " (%s)", c)
		}
		b.WriteString("\n")
		if p.Citation.URL != "" {
			fmt.Fprintf(&b, "   %s\n", p.Citation.URL)
		}
	}
	if n := d.droppedNote(); n != "" {
		fmt.Fprintf(&b, "\n%s\n", n)
	}
	return b.String()
}

// Markdown renders the digest as one Discord message: article text is
// escaped (see Escape), links are wrapped in <> so Discord shows no preview,
// and the result is at most MaxMessage characters for digests made by Build.
func (d Digest) Markdown() string {
	if d.Empty() {
		return Escape(d.emptyText())
	}
	var b strings.Builder
	fmt.Fprintf(&b, "**%s**", Escape(d.heading()))
	for i, p := range d.Points {
		fmt.Fprintf(&b, "\n%d. “%s”\n— %s", i+1, Escape(p.Citation.Text), Escape(p.source()))
		if c := p.coverage(); c != "" {
			fmt.Fprintf(&b, " · %s", c)
		}
		if u := discordtext.SafeURL(p.Citation.URL); u != "" {
			fmt.Fprintf(&b, " · <%s>", u)
		}
	}
	if n := d.droppedNote(); n != "" {
		fmt.Fprintf(&b, "\n*%s*", n)
	}
	return b.String()
}

// fit drops the last points until the Markdown rendering (with its note
// of how many were dropped) fits limit, counting them in Dropped.
func (d *Digest) fit(limit int) {
	for len(d.Points) > 1 && utf8.RuneCountInString(d.Markdown()) > limit {
		d.Points = d.Points[:len(d.Points)-1]
		d.Dropped++
	}
	for len(d.Points) == 1 && utf8.RuneCountInString(d.Markdown()) > limit {
		p := &d.Points[0]
		p.Citation.Text = clip(p.Citation.Text, utf8.RuneCountInString(p.Citation.Text)/2)
	}
}

// Escape neutralises Discord markdown and mentions in article text
// (discordtext.Escape) after collapsing line breaks and runs of spaces, so
// text cannot start a heading, list or quote block.
func Escape(s string) string {
	return discordtext.Escape(strings.Join(strings.Fields(s), " "))
}
