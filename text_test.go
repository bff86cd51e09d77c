package chronicle

import (
	"fmt"
	"testing"
	"unicode/utf8"
)

func TestPrintable(t *testing.T) {
	for _, tt := range []struct{ name, in, want string }{
		{"plain", "Who claimed the Moscow attack?", "Who claimed the Moscow attack?"},
		{"controls", "a\x00b\nc\td\x1b[31me\x7f", "a b c d [31me "},
		{"C1", "x\u0085y", "x y"},
		{"separators", "x\u2028y\u2029z", "x y z"},
		{"bidi override", "report\u202etxt.exe", "report txt.exe"},
		{"bidi isolate", "a\u2066b\u2069c", "a b c"},
		{"direction marks", "attack \u200f@everyone\u200e and \u061cx", "attack  @everyone  and  x"},
		{"emoji joiner kept", "👩\u200d💻 naïve “quoted”", "👩\u200d💻 naïve “quoted”"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := Printable(tt.in); got != tt.want {
				t.Errorf("Printable(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestDirectionMarksInIDs: the direction marks are replaced in typed text
// (Printable) but are no Unprintable characters: an article ID or a file
// name in Hebrew or Arabic may hold them, and an ID holding an Unprintable
// character is replaced by a hashed one (review rev35).
func TestDirectionMarksInIDs(t *testing.T) {
	for _, r := range []rune{'\u200e', '\u200f', '\u061c'} {
		if Unprintable(r) {
			t.Errorf("Unprintable(%U) = true, want false (IDs keep it)", r)
		}
		if got := Printable("a" + string(r) + "b"); got != "a b" {
			t.Errorf("Printable(a%Ub) = %q, want \"a b\"", r, got)
		}
	}
}

func TestRuneCut(t *testing.T) {
	const s = "ab€d" // € is 3 bytes: a b [e2 82 ac] d
	for _, tt := range []struct {
		n, want int
	}{
		{-1, 0}, {0, 0}, {1, 1}, {2, 2},
		{3, 2}, {4, 2}, // inside €: cut before it
		{5, 5}, {6, 6}, {100, 6},
	} {
		t.Run(fmt.Sprint(tt.n), func(t *testing.T) {
			got := RuneCut(s, tt.n)
			if got != tt.want {
				t.Fatalf("RuneCut(%q, %d) = %d, want %d", s, tt.n, got, tt.want)
			}
			if !utf8.ValidString(s[:got]) {
				t.Fatalf("s[:%d] = %q is not valid UTF-8", got, s[:got])
			}
		})
	}
}

// TestWithoutInvisibles: the characters that join or split words unseen
// go, and ligatures are spelled out, so that a word is indexed as it reads
// (helper 96: "Cro\u00adcus" and "ﬁnancial" were never found); other text
// is kept as it is.
func TestWithoutInvisibles(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Cro\u00adcus City Hall", "Crocus City Hall"},
		{"Mos\u200bcow", "Moscow"},
		{"news\u200c\u200d\u2060\ufeffroom", "newsroom"},
		{"\ufb01nancial \ufb02ood e\ufb00ect su\ufb03ce ba\ufb04e", "financial flood effect suffice baffle"},
		{"Zürich – “quoted” 東京 CO₂", "Zürich – “quoted” 東京 CO₂"},
		{"", ""},
	} {
		if got := WithoutInvisibles(tt.in); got != tt.want {
			t.Errorf("WithoutInvisibles(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
