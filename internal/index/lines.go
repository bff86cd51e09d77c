package index

import (
	"encoding/binary"
	"hash/fnv"
	"slices"

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
// it is too short to count.
func lineHash(s string) (uint32, bool) {
	h := fnv.New32a()
	var buf [64]byte
	b := buf[:0]
	n, space := 0, false
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
		case r >= 'A' && r <= 'Z':
			r += 'a' - 'A'
		case r >= 0x80 && (r < 0x2000 || r > 0x206f):
			// letters of other scripts count as they are
		default:
			space = true
			continue
		}
		if space && n > 0 {
			b = append(b, ' ')
		}
		space = false
		b = append(b, string(r)...)
		n++
		if len(b) >= 48 {
			h.Write(b)
			b = b[:0]
		}
	}
	h.Write(b)
	return h.Sum32(), n >= minLineLetters
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
