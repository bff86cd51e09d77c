package terms

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/chronicle-bot/chronicle"
)

// Trim cuts text to at most maxLen bytes (plus ellipses) keeping the byte
// offset focus inside, cutting at word boundaries, and shifts spans to the
// trimmed text (dropping those outside). maxLen <= 0 means no limit.
func Trim(text string, spans []chronicle.Span, focus, maxLen int) (string, []chronicle.Span) {
	return trim(text, spans, focus, maxLen, false)
}

// TrimNames is Trim, but a cut at the start that would fall inside a name
// ("… City Chiefs" of "the Kansas City Chiefs", "… Snook" of "Sarah Snook")
// starts at the name's first word instead, when that is near enough for the
// focus to stay well inside (nameStart). It is for text shown to a reader;
// Trim's cut, which does not look at names, stays what the answer's quotes
// compete with, so that no answer changes for it.
func TrimNames(text string, spans []chronicle.Span, focus, maxLen int) (string, []chronicle.Span) {
	return trim(text, spans, focus, maxLen, true)
}

func trim(text string, spans []chronicle.Span, focus, maxLen int, names bool) (string, []chronicle.Span) {
	if maxLen <= 0 || len(text) <= maxLen {
		return text, spans
	}
	start := max(0, focus-maxLen/4)
	end := min(len(text), start+maxLen)
	if end == len(text) {
		start = max(0, end-maxLen)
	}
	if start > 0 {
		if i := strings.IndexByte(text[start:], ' '); i >= 0 && start+i < focus {
			start += i + 1
		}
		// A cut inside a name quotes its last words as if they were the
		// whole name: start at the name's first word when it is near
		// enough for the focus to stay well inside the window, and for the
		// focus's word to end before the window does (the window is cut
		// back to its last space, which would otherwise fall before it).
		if names {
			if s := nameStart(text, start); s < start && focus-s <= maxLen/2 && wordFits(text, focus, s+maxLen) {
				start = s
				end = min(len(text), start+maxLen)
			}
		}
	}
	if end < len(text) {
		if i := strings.LastIndexByte(text[start:end], ' '); i > 0 {
			end = start + i
		}
	}
	out := strings.TrimRight(text[start:end], " ,;:")
	prefix := ""
	if start > 0 {
		prefix = "… "
	}
	var shifted []chronicle.Span
	for _, s := range spans {
		if s.Start >= start && s.End <= start+len(out) {
			shifted = append(shifted, chronicle.Span{Start: s.Start - start + len(prefix), End: s.End - start + len(prefix)})
		}
	}
	if end < len(text) {
		out += " …"
	}
	return prefix + out, shifted
}

// wordFits reports whether the word at focus ends inside a window of text
// that ends at end: before a space of the window, or at the text's end.
func wordFits(text string, focus, end int) bool {
	focus = min(max(focus, 0), len(text))
	i := strings.IndexByte(text[focus:], ' ')
	if i < 0 {
		return end >= len(text)
	}
	return focus+i < end
}

// maxNameBack is how many words nameStart steps back over: names longer
// than four words are rare, and each step moves the window's start.
const maxNameBack = 3

// nameStart returns where the run of capitalised words holding the word
// that starts at start begins (start itself when that word is not
// capitalised, or is the first of its run). A word ending in anything but
// a letter or digit ("Inc.", "said:", a closing quote) ends a run before
// it: the next capitalised word starts a sentence or a new name.
func nameStart(text string, start int) int {
	for range maxNameBack {
		if start < 2 || text[start-1] != ' ' || !capitalised(text[start:]) {
			return start
		}
		p := strings.LastIndexByte(text[:start-1], ' ') + 1
		prev := text[p : start-1]
		last, _ := utf8.DecodeLastRuneInString(prev)
		if prev == "" || !capitalised(prev) || !(unicode.IsLetter(last) || unicode.IsDigit(last)) {
			return start
		}
		start = p
	}
	return start
}

// capitalised reports whether s starts with an upper-case letter.
func capitalised(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}
