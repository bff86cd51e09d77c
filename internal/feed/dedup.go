package feed

import (
	"hash/fnv"
	"strings"
	"unicode"

	"github.com/chronicle-bot/chronicle"
)

const (
	// sigSize is the number of MinHash values in a text signature.
	sigSize = 64
	// shingleWords is the number of words in one shingle.
	shingleWords = 3
	// nearDupThreshold is the estimated Jaccard similarity of two articles'
	// shingle sets at or above which they are the same story.
	nearDupThreshold = 0.9
)

// signature is a MinHash signature of an article's normalised title and
// text: slot i holds the minimum over all word 3-shingles of the i-th hash
// function. The fraction of equal slots estimates the Jaccard similarity of
// two shingle sets. Hash functions are fixed, so signatures persist.
type signature [sigSize]uint32

// fingerprint returns the signature of a, and false when a has no words.
func fingerprint(a chronicle.Article) (signature, bool) {
	var sig signature
	words := normalizedWords(a)
	if len(words) == 0 {
		return sig, false
	}
	n := max(len(words)-shingleWords+1, 1)
	for i := range sig {
		sig[i] = ^uint32(0)
	}
	for i := range n {
		h := fnv.New64a()
		for j, w := range words[i:min(i+shingleWords, len(words))] {
			if j > 0 {
				h.Write([]byte{' '})
			}
			h.Write([]byte(w))
		}
		sh := h.Sum64()
		for k := range sig {
			if v := uint32(mix64(sh^seed(k)) >> 32); v < sig[k] {
				sig[k] = v
			}
		}
	}
	return sig, true
}

// similarity estimates the Jaccard similarity of the shingle sets behind a
// and b.
func (a *signature) similarity(b *signature) float64 {
	eq := 0
	for i := range a {
		if a[i] == b[i] {
			eq++
		}
	}
	return float64(eq) / sigSize
}

// normalizedWords lower-cases the title and text of a and splits them into
// runs of letters and digits.
func normalizedWords(a chronicle.Article) []string {
	var b strings.Builder
	b.WriteString(a.Title)
	for _, p := range a.Paragraphs {
		b.WriteByte(' ')
		b.WriteString(p.Text)
	}
	return strings.FieldsFunc(strings.ToLower(b.String()), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// seed is the k-th hash function's seed.
func seed(k int) uint64 { return mix64(uint64(k+1) * 0x9e3779b97f4a7c15) }

// mix64 is the SplitMix64 finaliser, a fast well-mixed 64-bit hash.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// sigEntry is the signature of one article taken earlier.
type sigEntry struct {
	seq uint64 // storage key, in order of taking
	id  string
	sig signature
}

// Signatures are looked up by band: sigBands runs of sigRows slots each.
// Two signatures at or above nearDupThreshold differ in at most
// sigSize - ceil(nearDupThreshold*sigSize) = 6 slots, so they agree on at
// least two whole bands, and a lookup of every band finds every entry a
// comparison with all of them would (TestSigIndexAgreesWithScan), in time
// that does not grow with the number of unrelated entries.
const (
	sigBands = 8
	sigRows  = sigSize / sigBands
)

// bandKey is one band of a signature and its position.
type bandKey struct {
	band uint8
	rows [sigRows]uint32
}

// sigIndex finds near-duplicate signatures by band.
type sigIndex struct {
	entries []sigEntry
	byBand  map[bandKey][]int // positions in entries
}

// newSigIndex indexes entries.
func newSigIndex(entries []sigEntry) *sigIndex {
	x := &sigIndex{byBand: make(map[bandKey][]int, len(entries)*sigBands)}
	for _, e := range entries {
		x.add(e)
	}
	return x
}

func bandOf(sig *signature, band int) bandKey {
	k := bandKey{band: uint8(band)}
	copy(k.rows[:], sig[band*sigRows:(band+1)*sigRows])
	return k
}

// add indexes e.
func (x *sigIndex) add(e sigEntry) {
	x.entries = append(x.entries, e)
	for b := range sigBands {
		k := bandOf(&e.sig, b)
		x.byBand[k] = append(x.byBand[k], len(x.entries)-1)
	}
}

// nearDuplicate returns the ID of an entry whose signature is similar to sig
// at or above the threshold, ignoring the entry with ID self.
func (x *sigIndex) nearDuplicate(sig *signature, self string) (string, bool) {
	for b := range sigBands {
		for _, i := range x.byBand[bandOf(sig, b)] {
			e := &x.entries[i]
			if e.id != self && e.sig.similarity(sig) >= nearDupThreshold {
				return e.id, true
			}
		}
	}
	return "", false
}
