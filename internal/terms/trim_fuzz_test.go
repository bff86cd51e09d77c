package terms

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/chronicle-bot/chronicle"
)

// trimWords are the pieces random texts for TrimNames are made of: names
// in ASCII and not (É, Ω), lower-case words, words that end a run ("Inc.",
// "said:", a closing quote), digits, a long word, and separators that are
// not a single space (double spaces, tabs, newlines).
var trimWords = []string{
	"Sarah", "Snook", "Kansas", "City", "Chiefs", "Élodie", "Ωmega", "Öz", "the", "said", "élan", "ωmega",
	"Inc.", "said:", "Paris”", "“Quote", "59", "a", "x", "Ü", "naïve", "Straße", "ČEZ",
	strings.Repeat("long", 12), strings.Repeat("É", 20),
}

var trimSeps = []string{" ", " ", " ", " ", "  ", "\t", "\n", ", ", ". "}

// randomTrimCase makes a text of random words and separators (with
// leading and trailing spaces now and then), spans over some whole words,
// and a focus at 0, at len(text), at a word's start or inside a word.
func randomTrimCase(r *rand.Rand) (text string, spans []chronicle.Span, focus, maxLen int) {
	var b strings.Builder
	if r.IntN(5) == 0 {
		b.WriteString(" ")
	}
	var starts []int
	n := 1 + r.IntN(60)
	for i := range n {
		if i > 0 {
			b.WriteString(trimSeps[r.IntN(len(trimSeps))])
		}
		w := trimWords[r.IntN(len(trimWords))]
		starts = append(starts, b.Len())
		if r.IntN(4) == 0 {
			spans = append(spans, chronicle.Span{Start: b.Len(), End: b.Len() + len(w)})
		}
		b.WriteString(w)
	}
	if r.IntN(5) == 0 {
		b.WriteString("  ")
	}
	text = b.String()
	switch r.IntN(5) {
	case 0:
		focus = 0
	case 1:
		focus = len(text)
	case 2:
		// Inside a word, at a rune boundary.
		focus = starts[r.IntN(len(starts))]
		if _, size := utf8.DecodeRuneInString(text[focus:]); focus+size < len(text) {
			focus += size
		}
	default:
		focus = starts[r.IntN(len(starts))]
	}
	switch r.IntN(4) {
	case 0:
		maxLen = 1 + r.IntN(12) // smaller than a word
	default:
		maxLen = 1 + r.IntN(len(text)+10)
	}
	return text, spans, focus, maxLen
}

// trimProblems checks TrimNames(text, spans, focus, maxLen) against its
// claims: the kept bytes are a substring of text (apart from the
// ellipses), no longer than maxLen; each highlight slices, at rune
// boundaries of the output, the bytes of an input span at the same place;
// and the focus stays inside whenever Trim keeps it inside.
func trimProblems(text string, spans []chronicle.Span, focus, maxLen int) (problems []string) {
	defer func() {
		if r := recover(); r != nil {
			problems = append(problems, fmt.Sprintf("panic: %v", r))
		}
	}()
	out, hl := TrimNames(text, spans, focus, maxLen)
	plain, _ := Trim(text, spans, focus, maxLen)
	start, body, ok := locate(text, spans, out, hl)
	if !ok {
		return append(problems, fmt.Sprintf("out %q is not a piece of text with its highlights at the same bytes", out))
	}
	if maxLen > 0 && len(body) > maxLen {
		problems = append(problems, fmt.Sprintf("kept %d bytes > maxLen %d", len(body), maxLen))
	}
	if !strings.HasPrefix(plain, "… ") && out != plain {
		problems = append(problems, fmt.Sprintf("Trim's %q was not cut at its start, but TrimNames gave %q", plain, out))
	}
	for _, h := range hl {
		if h.Start < 0 || h.End > len(out) || h.Start > h.End {
			problems = append(problems, fmt.Sprintf("highlight %v out of %d bytes", h, len(out)))
			continue
		}
		if !utf8.RuneStart(out[h.Start]) || h.End < len(out) && !utf8.RuneStart(out[h.End]) {
			problems = append(problems, fmt.Sprintf("highlight %v not at rune boundaries of %q", h, out))
		}
	}
	if utf8.ValidString(text) && utf8.ValidString(plain) && !utf8.ValidString(out) {
		problems = append(problems, fmt.Sprintf("Trim's %q is valid UTF-8, TrimNames's %q is not", plain, out))
	}
	if pStart, pBody, ok := locate(text, spans, plain, nil); ok && inside(focus, pStart, pBody) && !inside(focus, start, body) {
		problems = append(problems, fmt.Sprintf("focus %d (%q) inside Trim's %q but not TrimNames's %q",
			focus, text[focus:min(len(text), focus+10)], plain, out))
	}
	return problems
}

// inside reports whether focus falls in body, which starts at start of
// the text (at its end when body reaches the end).
func inside(focus, start int, body string) bool {
	return start <= focus && focus <= start+len(body)
}

// locate finds where out's kept bytes (body, out without its ellipses)
// start in text, so that each highlight of out is an input span shifted
// by the same amount. ok is false when there is no such place.
func locate(text string, spans []chronicle.Span, out string, hl []chronicle.Span) (start int, body string, ok bool) {
	body, pre := strings.CutPrefix(out, "… ")
	body = strings.TrimSuffix(body, " …")
	if len(out) > 0 && body == "" && out == "… …" {
		return 0, "", false
	}
	shift := 0
	if pre {
		shift = len("… ")
	}
	for from := 0; ; {
		i := strings.Index(text[from:], body)
		if i < 0 {
			return 0, body, false
		}
		start = from + i
		if pre == (start > 0) && spansAt(text, spans, out, hl, start-shift) {
			return start, body, true
		}
		if from = start + 1; from > len(text) {
			return 0, body, false
		}
	}
}

// spansAt reports whether each highlight, moved by delta, is an input
// span and slices the same bytes.
func spansAt(text string, spans []chronicle.Span, out string, hl []chronicle.Span, delta int) bool {
	for _, h := range hl {
		s := chronicle.Span{Start: h.Start + delta, End: h.End + delta}
		found := false
		for _, in := range spans {
			if in == s {
				found = true
				break
			}
		}
		if !found || h.End > len(out) || h.Start < 0 || out[h.Start:h.End] != text[s.Start:s.End] {
			return false
		}
	}
	return true
}

// TestTrimNamesRandom checks TrimNames's claims (trimProblems) on seeded
// random texts.
func TestTrimNamesRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(28, 1))
	failed := 0
	for i := range 200000 {
		text, spans, focus, maxLen := randomTrimCase(r)
		if ps := trimProblems(text, spans, focus, maxLen); len(ps) > 0 {
			failed++
			if failed <= 5 {
				t.Errorf("case %d: TrimNames(%q, %v, %d, %d):\n\t%s", i, text, spans, focus, maxLen, strings.Join(ps, "\n\t"))
			}
		}
	}
	if failed > 0 {
		t.Errorf("%d of 200000 random cases failed", failed)
	}
}

// FuzzTrimNames: go test -fuzz FuzzTrimNames ./internal/terms. The spans
// are the text's words, so that highlights are checked too.
func FuzzTrimNames(f *testing.F) {
	f.Add("the long story while the Kansas City Chiefs enter Super Bowl 59 with a chance at history", 60, 40)
	f.Add(" Élodie  Ωmega said\tÜ Öz x ", 5, 8)
	f.Fuzz(func(t *testing.T, text string, focus, maxLen int) {
		// Text as the index stores it is valid UTF-8; Trim makes no
		// promise about rune boundaries in anything else.
		if !utf8.ValidString(text) || focus < 0 || focus > len(text) || maxLen > 4*len(text)+10 {
			return
		}
		var spans []chronicle.Span
		for i := 0; i < len(text); {
			j := strings.IndexByte(text[i:], ' ')
			if j < 0 {
				j = len(text) - i
			}
			if j > 0 {
				spans = append(spans, chronicle.Span{Start: i, End: i + j})
			}
			i += j + 1
		}
		if ps := trimProblems(text, spans, focus, maxLen); len(ps) > 0 {
			t.Errorf("TrimNames(%q, %d, %d):\n\t%s", text, focus, maxLen, strings.Join(ps, "\n\t"))
		}
	})
}
