package answer

import "github.com/chronicle-bot/chronicle/internal/terms"

// span is a byte range of a paragraph.
type span struct{ start, end int }

// splitSentences returns the sentence ranges of a paragraph.
func splitSentences(p string) []span {
	ss := terms.Sentences(p)
	out := make([]span, len(ss))
	for i, s := range ss {
		out[i] = span{s.Start, s.End}
	}
	return out
}
