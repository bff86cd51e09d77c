package commands

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/chronicle-bot/chronicle"
)

// zwsp is a zero-width space, used to break mentions without visible change.
const zwsp = "\u200b"

// Escape makes plain text safe to embed in Discord markdown: markdown
// characters are backslash-escaped, and @everyone, @here and user, role and
// channel mentions are broken with a zero-width space so they neither render
// nor ping (allowed mentions are also disabled on every message).
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
				b.WriteString(zwsp)
			}
		case '<':
			b.WriteRune(r)
			if next := s[i+n:]; strings.HasPrefix(next, "@") || strings.HasPrefix(next, "#") {
				b.WriteString(zwsp)
			}
		case '#', '-', '>':
			// Headings, subtext and quotes only start at the start of a line.
			if i == 0 || s[i-1] == '\n' {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
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

// runeOffset is the byte offset at which rune n (counting from 0) of s
// starts, or len(s) when s has no more than n runes.
func runeOffset(s string, n int) int {
	for i := range s {
		if n == 0 {
			return i
		}
		n--
	}
	return len(s)
}

// Truncate shortens s to at most max characters (runes), cutting at the last
// word boundary when one is reasonably close and ending with "…". Markdown
// bold markers left open by the cut are closed, and a trailing backslash is
// dropped, so the result still renders cleanly.
func Truncate(s string, max int) string {
	if max <= 0 {
		return ""
	}
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	budget := max - 1 // room for "…"
	if budget >= 8 {
		budget -= 2 // room to close a bold marker
	}
	cut := runeOffset(s, budget)
	head := s[:cut]
	atBoundary := unicode.IsSpace(rune(s[cut]))
	if sp := strings.LastIndexFunc(head, unicode.IsSpace); !atBoundary && sp > 0 && sp >= len(head)/2 {
		head = head[:sp]
	}
	head = strings.TrimRightFunc(head, func(r rune) bool { return unicode.IsSpace(r) || r == '\\' })
	head = strings.TrimRight(head, "*")
	if strings.Count(head, "**")%2 == 1 && max >= 8 {
		head = strings.TrimRightFunc(head, unicode.IsSpace) + "**"
	}
	return head + "…"
}

// TrimToSentences returns the leading whole sentences of s that fit within
// max characters, or s truncated at a word boundary when even the first
// sentence is longer. Whitespace is collapsed first.
func TrimToSentences(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	end := 0
	for i, r := range s {
		if utf8.RuneCountInString(s[:i]) >= max {
			break
		}
		if (r == '.' || r == '?' || r == '!') && (i+1 == len(s) || s[i+1] == ' ') {
			end = i + 1
		}
	}
	if end > 0 {
		return s[:end]
	}
	return Truncate(s, max)
}
