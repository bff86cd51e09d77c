package index

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestWordTable: the table answers as a map of the same words does, through
// its growth, for words at and around the eight bytes kept in a slot, words
// that differ only past them or only in a zero byte, and words it does not
// hold.
func TestWordTable(t *testing.T) {
	words := []string{
		"a", "ab", "abcdefg", "abcdefgh", "abcdefghi", "abcdefgh\x00", "abc\x00", "abc",
		"internationalisation", "internationalisations", "internationalisatioN",
		"0", "00000000", "000000000", "\x00", "\x00\x00",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 5000 {
		b := make([]byte, 1+rng.IntN(24))
		for j := range b {
			b[j] = "abcz09\x00\xff"[rng.IntN(8)]
		}
		words = append(words, string(b), fmt.Sprintf("w%d", i))
	}
	tab, want := newWordTable(), map[string]wordTerm{}
	for i, w := range words {
		tab.put([]byte(w), wordTerm(i))
		want[w] = wordTerm(i)
		if i%7 == 0 { // set again: the last term stays
			tab.put([]byte(w), wordTerm(-i))
			want[w] = wordTerm(-i)
		}
	}
	if tab.len() != len(want) {
		t.Fatalf("len() = %d, want %d", tab.len(), len(want))
	}
	for w, n := range want {
		if got, ok := tab.get([]byte(w)); !ok || got != n {
			t.Fatalf("get(%q) = %d, %v; want %d, true", w, got, ok, n)
		}
	}
	for _, w := range []string{"", "abcd", "abcdefghij", "internationalis", "abcdefgh\x00\x00", "zzzzzzzzzzzzzzzzzzzzzzzzzz"} {
		if _, in := want[w]; in {
			continue
		}
		if got, ok := tab.get([]byte(w)); ok {
			t.Errorf("get(%q) = %d, true; the table does not hold it", w, got)
		}
	}
}
