package index

import (
	"encoding/binary"
	"slices"
	"unicode/utf8"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/terms"
)

// Boilerplate (newsletter sign-ups, puzzle promotions, bylines, "Contributing:
// The Associated Press") is the text an outlet repeats under many different
// articles. The catalog keeps, for every article, a 32-bit hash of each of
// its distinct sentences (normalised: letters and digits, lower case), and
// counts in how many articles each hash occurs; SentenceRepeats reads that
// count. A sentence in the corpus once has count 1.

// minLineLetters is the fewest letters and digits a sentence needs to be
// counted; shorter ones ("Photo.", "AP") say too little to compare.
const minLineLetters = 12

// lineHash returns the hash of a sentence's normalised text, and false when
// it is too short to count. The hash is 32-bit FNV-1a of the normalised
// text: its letters and digits (ASCII in lower case, other scripts as they
// are, UTF-8 encoded), words joined by one space. It is computed as the text
// is read, without building the normalised string (the answerer hashes the
// sentences of every candidate article on every question).
func lineHash(s string) (uint32, bool) {
	const offset32, prime32 = 2166136261, 16777619
	h := uint32(offset32)
	n, space := 0, false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			case c >= 'A' && c <= 'Z':
				c += 'a' - 'A'
			default:
				space = true
				continue
			}
			if space && n > 0 {
				h = (h ^ ' ') * prime32
			}
			space = false
			h = (h ^ uint32(c)) * prime32
			n++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r >= 0x2000 && r <= 0x206f {
			// General punctuation (dashes, quotes, spaces) separates words.
			space = true
			continue
		}
		// Letters of other scripts count as they are; an invalid byte
		// counts as U+FFFD, as ranging over the string gives it.
		if space && n > 0 {
			h = (h ^ ' ') * prime32
		}
		space = false
		var buf [utf8.UTFMax]byte
		for _, b := range utf8.AppendRune(buf[:0], r) {
			h = (h ^ uint32(b)) * prime32
		}
		n++
	}
	return h, n >= minLineLetters
}

// linesOf returns the sorted distinct sentence hashes of an article, packed
// as little-endian uint32s.
func linesOf(a chronicle.Article) []byte {
	var hs []uint32
	for _, p := range a.Paragraphs {
		for _, sp := range terms.Sentences(p.Text) {
			if h, ok := lineHash(p.Text[sp.Start:sp.End]); ok {
				hs = append(hs, h)
			}
		}
	}
	slices.Sort(hs)
	hs = slices.Compact(hs)
	out := make([]byte, 4*len(hs))
	for i, h := range hs {
		binary.LittleEndian.PutUint32(out[4*i:], h)
	}
	return out
}

// countLines adds d to the count of every hash packed in lines.
func countLines(counts map[uint32]int32, lines []byte, d int32) {
	for i := 0; i+4 <= len(lines); i += 4 {
		h := binary.LittleEndian.Uint32(lines[i:])
		if n := counts[h] + d; n > 0 {
			counts[h] = n
		} else {
			delete(counts, h)
		}
	}
}

// SentenceRepeats returns in how many indexed articles the sentence s
// occurs (normalised), or 0 when it is too short to count or unknown.
func (ix *Index) SentenceRepeats(s string) int {
	h, ok := lineHash(s)
	if !ok {
		return 0
	}
	return ix.cat.lineCount(h)
}

// lineCount returns the count of a sentence hash, building the counts from
// the entries on first use.
func (c *catalog) lineCount(h uint32) int {
	c.mu.RLock()
	if c.lines != nil {
		n := c.lines[h]
		c.mu.RUnlock()
		return int(n)
	}
	c.mu.RUnlock()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.lines == nil {
		c.lines = make(map[uint32]int32, 16*len(c.byID))
		for _, e := range c.byID {
			countLines(c.lines, e.Lines, 1)
		}
	}
	return int(c.lines[h])
}
