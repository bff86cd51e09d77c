package index

import (
	"bytes"
	"encoding/binary"
)

// wordTable maps the words the tokenizer cuts to their term numbers: the
// termCounter's look-up, made once per word of every text indexed. It is an
// open-addressing table whose slots hold a word's length and first eight
// bytes, so that a look-up of a short word (most of them) reads one slot
// and compares two integers; longer words are compared in full in keys. A
// Go map of strings took 1.7 s of the RealTimeQA build's 21 s of CPU in its
// look-ups, most of it in cache misses on the map's groups and on the key
// strings they point to; with this table `bot index` of RealTimeQA took
// 7.61, 7.79 and 7.61 s against 8.21, 8.18 and 7.99 s (interleaved,
// session 33), user CPU 12.5 to 12.7 s against 13.2 to 13.3 s.
type wordTable struct {
	slots []wordSlot // a power of two long, at most half full
	keys  []byte     // the words longer than eight bytes, one after another
	n     int
}

// wordSlot is one slot of a wordTable; ln is 0 in an empty slot (no word
// is empty).
type wordSlot struct {
	head uint64 // the word's first eight bytes, zero-padded
	off  uint32 // where the word is in keys, when longer than eight bytes
	ln   uint32
	term wordTerm
}

func newWordTable() *wordTable { return &wordTable{slots: make([]wordSlot, 1024)} }

// len is how many words the table holds.
func (t *wordTable) len() int { return t.n }

// wordHead is w's first eight bytes, zero-padded, as one integer.
func wordHead(w []byte) uint64 {
	if len(w) >= 8 {
		return binary.LittleEndian.Uint64(w)
	}
	var h uint64
	for i := len(w) - 1; i >= 0; i-- {
		h = h<<8 | uint64(w[i])
	}
	return h
}

// wordHash hashes a word from its head and the rest of its bytes.
func wordHash(head uint64, w []byte) uint64 {
	const m = 0x9E3779B97F4A7C15
	h := (head ^ uint64(len(w))*m) * m
	for i := 8; i < len(w); i += 8 {
		h = (h ^ wordHead(w[i:min(i+8, len(w))])) * m
	}
	return h ^ h>>29
}

// get returns the term number of w and whether the table holds it.
func (t *wordTable) get(w []byte) (wordTerm, bool) {
	if len(w) == 0 {
		return 0, false
	}
	head := wordHead(w)
	mask := uint64(len(t.slots) - 1)
	for i := wordHash(head, w) & mask; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.ln == 0 {
			return 0, false
		}
		if s.head == head && int(s.ln) == len(w) && (len(w) <= 8 || bytes.Equal(t.keys[s.off:s.off+s.ln], w)) {
			return s.term, true
		}
	}
}

// put sets the term number of w, adding w if it is not there.
func (t *wordTable) put(w []byte, term wordTerm) {
	if len(w) == 0 {
		return
	}
	if 2*(t.n+1) > len(t.slots) {
		t.grow()
	}
	head := wordHead(w)
	mask := uint64(len(t.slots) - 1)
	for i := wordHash(head, w) & mask; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.ln == 0 {
			*s = wordSlot{head: head, ln: uint32(len(w)), term: term}
			if len(w) > 8 {
				s.off = uint32(len(t.keys))
				t.keys = append(t.keys, w...)
			}
			t.n++
			return
		}
		if s.head == head && int(s.ln) == len(w) && (len(w) <= 8 || bytes.Equal(t.keys[s.off:s.off+s.ln], w)) {
			s.term = term
			return
		}
	}
}

// grow doubles the slots and places every word again.
func (t *wordTable) grow() {
	old := t.slots
	t.slots = make([]wordSlot, 2*len(old))
	mask := uint64(len(t.slots) - 1)
	var buf [8]byte
	for _, s := range old {
		if s.ln == 0 {
			continue
		}
		var w []byte
		if s.ln <= 8 {
			binary.LittleEndian.PutUint64(buf[:], s.head)
			w = buf[:s.ln]
		} else {
			w = t.keys[s.off : s.off+s.ln]
		}
		i := wordHash(s.head, w) & mask
		for t.slots[i].ln != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = s
	}
}
