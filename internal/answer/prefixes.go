package answer

// prefixSet finds whether a text holds one of a few short strings (the
// question stems' prefixes, ranker.mayMatch), ignoring ASCII case, in one
// pass over the text: a table of their first two bytes sends each position
// of the text to the few strings that can start there. Searching the text
// once per string, after lower-casing it into a buffer, cost 9% of ask's
// CPU.
type prefixSet struct {
	// one marks the first byte of a one-byte string: a text holding that
	// byte holds it.
	one [256]bool
	// two has the bit of the first two bytes of every longer string.
	two [65536 / 64]uint64
	// long are the strings of two bytes or more by their first two bytes,
	// to check in full where the text has those two.
	long map[uint16][]string
	all  bool // it holds the empty string
}

func newPrefixSet(ps []string) *prefixSet {
	s := &prefixSet{long: map[uint16][]string{}}
	for _, p := range ps {
		switch {
		case p == "":
			s.all = true // every text holds the empty string
		case len(p) == 1:
			s.one[p[0]] = true
		default:
			b := uint16(p[0])<<8 | uint16(p[1])
			s.two[b/64] |= 1 << (b % 64)
			s.long[b] = append(s.long[b], p)
		}
	}
	return s
}

// lowerByte lower-cases an ASCII capital letter.
func lowerByte(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// in reports whether text, with its ASCII letters lower-cased, holds one of
// the strings.
func (s *prefixSet) in(text string) bool {
	if s.all {
		return true
	}
	for i := 0; i < len(text); i++ {
		c := lowerByte(text[i])
		if s.one[c] {
			return true
		}
		if i+1 == len(text) {
			break
		}
		b := uint16(c)<<8 | uint16(lowerByte(text[i+1]))
		if s.two[b/64]&(1<<(b%64)) == 0 {
			continue
		}
		for _, p := range s.long[b] {
			if len(p) <= len(text)-i && hasLowerPrefix(text[i:], p) {
				return true
			}
		}
	}
	return false
}

// hasLowerPrefix reports whether text, with its ASCII letters lower-cased,
// starts with p.
func hasLowerPrefix(text, p string) bool {
	for j := 0; j < len(p); j++ {
		if lowerByte(text[j]) != p[j] {
			return false
		}
	}
	return true
}
