package answer

import (
	"strings"
	"testing"

	"github.com/chronicle-bot/chronicle"
)

// FuzzWithFirstNames checks withFirstNames' invariants over any article
// and quote: it never panics, a quote within the limit stays within it,
// taking out what it inserted gives back the quote, what it inserts is a
// first name of the article's book in brackets, and each highlight covers
// the same text as before (with an inserted first name, if one went inside
// it, taken out).
func FuzzWithFirstNames(f *testing.F) {
	seeds := []struct {
		paras, quote string
		spans        []byte
	}{
		{"Kirsty Coventry was elected.\nThe vote was close, said Coventry.", "The vote was close, said Coventry.", []byte{25, 33, 0, 3}},
		{"Robert F. Kennedy spoke.", "Kennedy", []byte{0, 7, 0, 0, 3, 7}},
		{"Kirsty Coventry won.", "Coventry's Coventry: Coventry", []byte{0, 8, 8, 10, 0, 29}},
		{"A. B. C. Smith met Jo Smith.", "A. B. C. Smith", []byte{0, 1}},
		{"Ann O'Brien won.\nO'Brien’s team", "'O'Brien’s'", []byte{1, 8}},
		{"More:Elon Musk said so.", "More:Musk said", []byte{5, 9}},
		{"\xff\xfe Jo \xffSmith", "\xffSmith", []byte{0, 6}},
		{"", "", nil},
		{"...:::''", ":::'''", []byte{0, 1}},
		{"Émilie Dupré a dit.", "Dupré a dit.", []byte{0, 6}},
		{"John Smith Jr. won.", "Smith Jr. said", []byte{0, 5, 0, 9}},
	}
	for _, s := range seeds {
		f.Add(s.paras, s.quote, s.spans, uint16(MaxQuote))
	}
	f.Fuzz(func(t *testing.T, paras, quote string, spans []byte, max uint16) {
		art := article("a", "", "", strings.Split(paras, "\n")...)
		book := firstNames(&art)
		var hl []chronicle.Span
		for k := 0; k+1 < len(spans); k += 2 {
			s, e := int(spans[k]), int(spans[k+1])
			if s < e && e <= len(quote) {
				hl = append(hl, chronicle.Span{Start: s, End: e})
			}
		}
		in := append([]chronicle.Span(nil), hl...)
		out, got := withFirstNames(quote, hl, book, int(max))
		if len(quote) <= int(max) && len(out) > int(max) {
			t.Fatalf("%q (%d bytes) grew to %q (%d bytes), past %d", quote, len(quote), out, len(out), max)
		}
		at, ok := inserted(quote, out, book)
		if !ok {
			t.Fatalf("%q became %q: not the quote with bracketed first names of %v", quote, out, book.firsts)
		}
		if len(got) != len(in) {
			t.Fatalf("%d highlights became %d", len(in), len(got))
		}
		for k, h := range got {
			if h.Start < 0 || h.End > len(out) || h.Start >= h.End {
				t.Fatalf("highlight %v of %q became %v, not a span of %q", in[k], quote, h, out)
			}
			if was, now := quote[in[k].Start:in[k].End], strip(out, h, at); was != now {
				t.Fatalf("highlight %v (%q) of %q became %v (%q) of %q", in[k], was, quote, h, out[h.Start:h.End], out)
			}
		}
	})
}

// inserted reports whether out is in with bracketed first names of book
// ("[Kirsty] ") inserted, and where in out they are (start, end).
func inserted(in, out string, book nameBook) ([][2]int, bool) {
	var adds []string
	for _, f := range book.firsts {
		if f != "" { // "": a last name looked up that has no first name
			adds = append(adds, "["+f+"] ")
		}
	}
	type state struct{ i, j int }
	failed := map[state]bool{}
	var walk func(i, j int) ([][2]int, bool)
	walk = func(i, j int) ([][2]int, bool) {
		if in[i:] == out[j:] {
			return nil, true
		}
		if failed[state{i, j}] {
			return nil, false
		}
		for _, a := range adds {
			if strings.HasPrefix(out[j:], a) {
				if rest, ok := walk(i, j+len(a)); ok {
					return append([][2]int{{j, j + len(a)}}, rest...), true
				}
			}
		}
		if i < len(in) && j < len(out) && in[i] == out[j] {
			if rest, ok := walk(i+1, j+1); ok {
				return rest, true
			}
		}
		failed[state{i, j}] = true
		return nil, false
	}
	return walk(0, 0)
}

// strip returns out's text in h without the insertions at.
func strip(out string, h chronicle.Span, at [][2]int) string {
	var b strings.Builder
	for p := h.Start; p < h.End; p++ {
		skip := false
		for _, a := range at {
			skip = skip || a[0] <= p && p < a[1]
		}
		if !skip {
			b.WriteByte(out[p])
		}
	}
	return b.String()
}
