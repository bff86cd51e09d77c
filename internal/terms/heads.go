package terms

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Heads is a set of word beginnings: the first three letters of some stems
// (the whole stem when shorter). Porter only rewrites endings, so a word
// whose lower case starts with none of them cannot have one of those stems,
// and a caller looking for a few stems (the answerer, the question's) need
// not stem it. Read-only once made; safe for concurrent use.
type Heads struct {
	set map[string]struct{} // beginnings of three bytes
	// filter has the bit headBit of every beginning in set: a word whose
	// bit is clear has none, without a map look-up.
	filter [64]uint64
	short  []string // stems shorter than three bytes
	// For AppendStemmed, which looks for the places in a text where a word
	// may begin with one of them, its bytes with bit 0x20 set (which
	// lower-cases an ASCII letter and leaves a digit, ',' and '.' as they
	// are): one marks the one-byte stems and every byte past ASCII (whose
	// words are lower-cased otherwise), two the first two bytes of the
	// others, short2 those of the two-byte stems (a place with the first
	// two bytes of a longer one is a place only if filter has its third);
	// every is whether "" is a stem (every word may have it).
	one    [256]bool
	two    [65536 / 64]uint64
	short2 [65536 / 64]uint64
	every  bool
}

// NewHeads returns the Heads of stems.
func NewHeads(stems []string) *Heads {
	h := &Heads{set: map[string]struct{}{}}
	for c := utf8.RuneSelf; c < 256; c++ {
		h.one[c] = true
	}
	for _, s := range stems {
		if len(s) >= 3 {
			h.set[s[:3]] = struct{}{}
		} else {
			h.short = append(h.short, s)
		}
		switch {
		case s == "":
			h.every = true
		case len(s) == 1:
			h.one[s[0]|0x20] = true
		default:
			b := uint16(s[0]|0x20)<<8 | uint16(s[1]|0x20)
			h.two[b/64] |= 1 << (b % 64)
			if len(s) == 2 {
				h.short2[b/64] |= 1 << (b % 64)
			}
		}
	}
	for s := range h.set {
		b := headBit(s)
		h.filter[b/64] |= 1 << (b % 64)
	}
	return h
}

// May reports whether a lower-case word can have one of the stems: it
// starts with the first three letters of one, or is the start of a stem
// shorter than that.
func (h *Heads) May(lower string) bool {
	if len(lower) >= 3 {
		b := headBit(lower)
		if h.filter[b/64]&(1<<(b%64)) != 0 {
			if _, ok := h.set[lower[:3]]; ok {
				return true
			}
		}
	}
	for _, s := range h.short {
		if strings.HasPrefix(lower, s) {
			return true
		}
	}
	return false
}

// mayASCII is May of the lower case of w, a word of ASCII letters and
// digits in any case, without lower-casing it: setting bit 0x20 lower-cases
// a letter and leaves a digit as it is.
func (h *Heads) mayASCII(w string) bool {
	if len(w) >= 3 {
		c0, c1, c2 := w[0]|0x20, w[1]|0x20, w[2]|0x20
		b := (uint32(c0)<<16 | uint32(c1)<<8 | uint32(c2)) * 2654435761 >> 20
		if h.filter[b/64]&(1<<(b%64)) != 0 {
			l := [3]byte{c0, c1, c2}
			if _, ok := h.set[string(l[:])]; ok {
				return true
			}
		}
	}
	for _, s := range h.short {
		if hasFoldedPrefix(w, s) {
			return true
		}
	}
	return false
}

// hasFoldedPrefix reports whether w, ASCII letters and digits with its
// capitals lower-cased, starts with p.
func hasFoldedPrefix(w, p string) bool {
	if len(p) > len(w) {
		return false
	}
	for k := 0; k < len(p); k++ {
		if w[k]|0x20 != p[k] {
			return false
		}
	}
	return true
}

// headBit hashes the first three bytes of w (at least three long) to one
// of the 4,096 bits of Heads.filter.
func headBit(w string) uint32 {
	return (uint32(w[0])<<16 | uint32(w[1])<<8 | uint32(w[2])) * 2654435761 >> 20
}

// AppendStemmed appends the tokens of text that h says may have one of its
// stems, as AppendTokensMatching(toks, text, h.May) gives them, and none of
// the others: those cost no Token, no lower case and no stop-word look-up.
// A caller that looks for a few stems first, and wants every token only of
// the parts of a text where it found them (AppendTokensIn), reads most
// words this cheaply: the answerer keeps a third of the tokens of the
// paragraphs it reads.
//
// It looks for the places where the text holds the first three bytes of a
// stem (or one or two, or a byte past ASCII), as Heads.one, two, short2 and
// filter hold them, and reads the words there (stemmedWords) from the space
// before: after a space the tokenizer starts afresh, so the words it finds
// are the whole text's (TestAppendStemmed). A word that may have a stem
// starts at such a place; most places are inside other words or between
// them.
func (m *Memo) AppendStemmed(toks []Token, text string, h *Heads) []Token {
	if h.every {
		toks, _ = m.stemmedWords(toks, text, h, 0, len(text))
		return toks
	}
	pos := 0 // the words before pos are read
	for p := 0; p < len(text); p++ {
		c := text[p] | 0x20
		if !h.one[c] {
			if p+1 == len(text) {
				break
			}
			b := uint16(c)<<8 | uint16(text[p+1]|0x20)
			if h.two[b/64]&(1<<(b%64)) == 0 {
				continue
			}
			if h.short2[b/64]&(1<<(b%64)) == 0 {
				if p+2 == len(text) {
					continue
				}
				x := (uint32(b)<<8 | uint32(text[p+2]|0x20)) * 2654435761 >> 20
				if h.filter[x/64]&(1<<(x%64)) == 0 {
					continue
				}
			}
		}
		// An ASCII byte after an ASCII letter or digit is inside a word
		// ("pre" in "impressive"), which its first bytes decide.
		if c < utf8.RuneSelf && p > 0 {
			if b := text[p-1]; b < utf8.RuneSelf && asciiKind[b] != notWord {
				continue
			}
		}
		q := pos
		if k := strings.LastIndexByte(text[pos:p], ' '); k >= 0 {
			q = pos + k + 1
		}
		toks, pos = m.stemmedWords(toks, text, h, q, p)
		p = max(p, pos-1)
	}
	return toks
}

// stemmedWords appends the tokens that h says may have one of its stems of
// the words of text that start from from (where the tokenizer starts
// afresh: 0, or just after a space or a word) to until, and returns where
// the last of them ends, past a possessive: the tokenizer starts afresh
// there too.
func (m *Memo) stemmedWords(toks []Token, text string, h *Heads, from, until int) ([]Token, int) {
	i := from
	for i < len(text) && i <= until {
		c := text[i]
		start := i
		var digit, ascii bool
		if c < utf8.RuneSelf {
			k := asciiKind[c]
			if k == notWord {
				i++
				continue
			}
			digit, ascii = k == digitByte, true
			i++
		} else {
			r, size := utf8.DecodeRuneInString(text[i:])
			i += size
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				continue
			}
			digit = unicode.IsDigit(r)
		}
		end, ascii, _ := wordEnd(text, i, digit, ascii)
		// Possessive: the "'s" after the word is no word of its own.
		i = possessiveEnd(text, end)
		if ascii && !h.mayASCII(text[start:end]) || !ascii && !h.May(lowerWord(text[start:end])) {
			continue
		}
		// A word that may have a stem: its token, from the tokenizer, on
		// this word alone (it starts at start and ends by i).
		toks = appendTokens(toks, text, start, i, h.May, m)
	}
	return toks, i
}
