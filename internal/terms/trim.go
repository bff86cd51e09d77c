package terms

import (
	"strings"

	"github.com/chronicle-bot/chronicle"
)

// Trim cuts text to at most maxLen bytes (plus ellipses) keeping the byte
// offset focus inside, cutting at word boundaries, and shifts spans to the
// trimmed text (dropping those outside). maxLen <= 0 means no limit.
func Trim(text string, spans []chronicle.Span, focus, maxLen int) (string, []chronicle.Span) {
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
