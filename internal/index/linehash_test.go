package index

import (
	"hash/fnv"
	"math/rand/v2"
	"strings"
	"testing"
)

// lineHashReference is lineHash as first written (normalise into a buffer,
// then hash it with hash/fnv): the hashes stored in existing indexes were
// made with it, so lineHash must give exactly the same.
func lineHashReference(s string) (uint32, bool) {
	h := fnv.New32a()
	var b []byte
	n, space := 0, false
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
		case r >= 'A' && r <= 'Z':
			r += 'a' - 'A'
		case r >= 0x80 && (r < 0x2000 || r > 0x206f):
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
	}
	h.Write(b)
	return h.Sum32(), n >= minLineLetters
}

func TestLineHashMatchesReference(t *testing.T) {
	tests := []string{
		"", "Photo.", "Sign up for our free newsletter to get the day's news.",
		"SIGN UP for our free   newsletter to get the day’s news",
		"São Paulo — 3.5 inches of rain fell “overnight” in Zürich…",
		"Москва: теракт в концертном зале", "東京で地震が発生しました。", "emoji 🎉 party 🎉 time now",
		"bad \xff\xfe bytes in the middle of a sentence", "trailing space and punctuation !!! ",
		strings.Repeat("long sentence with many words ", 40),
	}
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("aZ09 .,'’—–-\u2028\u00e9\u4e2d\U0001F600\t\n")
	for range 2000 {
		var b strings.Builder
		for range rng.IntN(120) {
			if rng.IntN(50) == 0 {
				b.WriteByte(byte(0x80 + rng.IntN(0x80))) // a stray invalid byte
				continue
			}
			b.WriteRune(alphabet[rng.IntN(len(alphabet))])
		}
		tests = append(tests, b.String())
	}
	for _, s := range tests {
		gh, gok := lineHash(s)
		wh, wok := lineHashReference(s)
		if gh != wh || gok != wok {
			t.Errorf("lineHash(%q) = %d, %v; the reference gives %d, %v", s, gh, gok, wh, wok)
		}
	}
}

func BenchmarkLineHash(b *testing.B) {
	s := "The ongoing investigation has led to the detention of 11 individuals, suspected to include the gunmen responsible for the attack."
	for b.Loop() {
		lineHash(s)
	}
}

func BenchmarkLineHashReference(b *testing.B) {
	s := "The ongoing investigation has led to the detention of 11 individuals, suspected to include the gunmen responsible for the attack."
	for b.Loop() {
		lineHashReference(s)
	}
}
