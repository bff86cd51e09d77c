package index

import "testing"

// TestIndexedWords: words are runs of ASCII letters and digits and of
// multi-byte characters; six in ten are counted (stop words go).
func TestIndexedWords(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int
	}{
		{"", 0},
		{"   ", 0},
		{"storm", 1},                     // (1*6+5)/10
		{"The council met", 2},           // 3 words
		{"7-2 vote, said Ms. Müller", 4}, // 7, 2, vote, said, Ms, Müller: 6
		{"— “quoted” —", 2},              // the dashes and quotes are multi-byte: 3 words
		{"a\tb\nc d e f g h i j", 6},     // 10 words
	} {
		t.Run(c.in, func(t *testing.T) {
			if got := indexedWords(c.in); got != c.want {
				t.Errorf("indexedWords(%q) = %d, want %d", c.in, got, c.want)
			}
		})
	}
}
