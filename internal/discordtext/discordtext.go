// Package discordtext makes text safe to post on Discord: Escape and
// Highlight neutralise markdown and mentions in article text, and SafeURL
// keeps only links that cannot break out of markdown.
//
// It is the one escaper of the bot. internal/commands, which renders every
// reply (digests included), calls it through commands.Escape; it lives apart
// from commands because internal/schedule quotes user text in the messages
// of its errors too, and commands imports schedule.
package discordtext

import (
	"net/url"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/chronicle-bot/chronicle"
)

// ZWSP is a zero-width space, used to break mentions without visible change.
const ZWSP = "\u200b"

// MaxURL is the longest link, in characters, that SafeURL keeps.
const MaxURL = 300

// Escape makes plain text safe to embed in Discord markdown: markdown
// characters are backslash-escaped, and @everyone, @here and user, role,
// channel and slash-command mentions are broken with a zero-width space so
// they neither render nor ping (allowed mentions are also disabled on every
// message), and the bidi controls that reorder what follows them are
// dropped.
func Escape(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	escapeRange(&b, s, 0, len(s))
	return b.String()
}

// escapeRange writes s[start:end] escaped as Escape does, deciding from the
// whole of s, not from the range alone, whether an '@' or '<' starts a
// mention and whether a character starts a line. So a range that ends just
// before a highlighted "everyone" still breaks the "@" in front of it.
func escapeRange(b *strings.Builder, s string, start, end int) {
	for i := start; i < end; {
		r, n := utf8.DecodeRuneInString(s[i:end])
		switch r {
		case '\\', '*', '_', '`', '~', '|', '[', ']':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '@':
			b.WriteRune(r)
			rest := s[i+n:]
			if hasPrefixFold(rest, "everyone") || hasPrefixFold(rest, "here") {
				b.WriteString(ZWSP)
			}
		case '<':
			b.WriteRune(r)
			// Mentions, channels, commands, time stamps ("<t:0>" showed
			// as a date in a /watch reply; helper 73) and custom emoji.
			if next := s[i+n:]; strings.HasPrefix(next, "@") || strings.HasPrefix(next, "#") || strings.HasPrefix(next, "/") ||
				strings.HasPrefix(next, "t:") || strings.HasPrefix(next, ":") || strings.HasPrefix(next, "a:") {
				b.WriteString(ZWSP)
			}
		case '#', '-', '>':
			// Headings, subtext and quotes only start at the start of a line.
			if i == 0 || s[i-1] == '\n' {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
		case '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069':
			// Bidi embeddings, overrides and isolates are dropped: one
			// left open in an outlet name showed the citation's date and
			// link reversed after it, and "\u202emoc.live" showed as
			// "evil.com" (helper 75). The text reads in its own order.
		default:
			b.WriteRune(r)
		}
		i += n
	}
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// Highlight escapes text and wraps the byte ranges in spans in **bold**.
// Spans that overlap, fall outside text or split a character are ignored.
// The text is escaped as a whole, so a highlight never undoes an escape:
// "@everyone" with "everyone" highlighted becomes "@\u200b**everyone**".
func Highlight(text string, spans []chronicle.Span) string {
	sorted := append([]chronicle.Span(nil), spans...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Start < sorted[j].Start })
	var b strings.Builder
	pos := 0
	for _, sp := range sorted {
		if sp.Start < pos || sp.End <= sp.Start || sp.End > len(text) ||
			!utf8.RuneStart(text[sp.Start]) || (sp.End < len(text) && !utf8.RuneStart(text[sp.End])) {
			continue
		}
		inner := strings.TrimSpace(text[sp.Start:sp.End])
		if inner == "" {
			continue
		}
		escapeRange(&b, text, pos, sp.Start)
		b.WriteString("**")
		escapeRange(&b, text, sp.Start, sp.End)
		b.WriteString("**")
		pos = sp.End
	}
	escapeRange(&b, text, pos, len(text))
	return b.String()
}

// urlEscaper percent-encodes what could end a markdown link (parentheses,
// spaces), an autolink's <...>, or start a mention (@).
var urlEscaper = strings.NewReplacer("(", "%28", ")", "%29", " ", "%20", "<", "%3C", ">", "%3E", "@", "%40")

// SafeURL returns u when it is an absolute http(s) URL with a host and no
// user name, at most MaxURL characters long, with the characters that could
// break out of a markdown link or <...> or start a mention percent-encoded;
// "" otherwise.
func SafeURL(u string) string {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" || p.User != nil {
		return ""
	}
	s := urlEscaper.Replace(p.String())
	if utf8.RuneCountInString(s) > MaxURL {
		return ""
	}
	return s
}
