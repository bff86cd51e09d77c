package commands

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/chronicle-bot/chronicle/internal/digest"
	"github.com/chronicle-bot/chronicle/internal/discordtext"
)

// DigestMessage is a digest as /digest and a scheduled post send it: one
// message of Discord markdown fitted to MaxContent (see FitDigest), with
// its terminal Text, which shows the same points and the same note of
// what was left out.
func DigestMessage(d digest.Digest) Response {
	fitted, dropped := FitDigest(d)
	text := fitted.Text()
	if n := moreStories(dropped); n != "" {
		text += "\n" + n + "\n"
	}
	// FitDigest keeps the points within the limit; only a heading longer
	// than a message by itself (a topic typed on the command line) is cut.
	return Response{Content: Truncate(digestMarkdown(fitted, dropped), MaxContent), Text: text}
}

// FitDigest returns d with its last points left out until its Discord
// rendering, with the note "+N more stories (left out to fit one
// message)", fits one message, and how many it left out. When one point
// alone is too long its quote is shortened. d itself is not changed.
// `bot digest --json` reports the same points and count.
func FitDigest(d digest.Digest) (fitted digest.Digest, dropped int) {
	d.Points = append([]digest.Point(nil), d.Points...)
	over := func() bool { return utf8.RuneCountInString(digestMarkdown(d, dropped)) > MaxContent }
	for len(d.Points) > 1 && over() {
		d.Points = d.Points[:len(d.Points)-1]
		dropped++
	}
	for len(d.Points) == 1 && over() {
		q := &d.Points[0].Citation.Text
		n := utf8.RuneCountInString(*q)
		if n <= 1 {
			break // the rest (the heading) is too long by itself
		}
		*q = Truncate(*q, n/2)
	}
	return d, dropped
}

// digestMarkdown renders d as Discord markdown: the heading in bold (with
// the note of a capped window), then each point's quote, outlet and day,
// coverage and link (the outlet cut to maxOutlet characters), the link in
// <> so that Discord shows no preview, and the note of the dropped points
// that did not fit. Article text is escaped
// with its line breaks collapsed, so it cannot start a heading, list or
// quote block.
func digestMarkdown(d digest.Digest, dropped int) string {
	esc := func(s string) string { return Escape(oneLine(s)) }
	if d.Empty() {
		return esc(d.NoCoverage())
	}
	var b strings.Builder
	fmt.Fprintf(&b, "**%s**", esc(d.Heading()))
	if n := d.CapNote(); n != "" {
		fmt.Fprintf(&b, "\n*%s*", esc(n))
	}
	for i, p := range d.Points {
		p.Citation.Source = Truncate(p.Citation.Source, maxOutlet)
		fmt.Fprintf(&b, "\n%d. “%s”\n— %s", i+1, esc(p.Citation.Text), esc(p.Byline()))
		if c := p.Coverage(); c != "" {
			fmt.Fprintf(&b, " · %s", c)
		}
		if u := discordtext.SafeURL(p.Citation.URL); u != "" {
			fmt.Fprintf(&b, " · <%s>", u)
		}
	}
	if n := moreStories(dropped); n != "" {
		fmt.Fprintf(&b, "\n*%s*", n)
	}
	return b.String()
}

// maxOutlet is the most characters of an outlet's name that a digest's
// message shows: a corpus may name an outlet at any length, and a name
// longer than the message would push out the day, the link and the note
// of what was left out.
const maxOutlet = 100

// moreStories says how many points were left out to fit one message, or
// is "".
func moreStories(dropped int) string {
	switch dropped {
	case 0:
		return ""
	case 1:
		return "+1 more story (left out to fit one message)"
	}
	return fmt.Sprintf("+%d more stories (left out to fit one message)", dropped)
}
