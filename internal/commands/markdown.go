package commands

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/discordtext"
)

// zwsp is a zero-width space, used to break mentions without visible change.
const zwsp = discordtext.ZWSP

// Escape makes plain text safe to embed in Discord markdown; it is
// discordtext.Escape, the bot's one escaper.
func Escape(s string) string { return discordtext.Escape(s) }

// Highlight escapes text and wraps the byte ranges in spans in **bold**; it
// is discordtext.Highlight.
func Highlight(text string, spans []chronicle.Span) string {
	return discordtext.Highlight(text, spans)
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
