package commands

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTruncate(t *testing.T) {
	long := strings.Repeat("word ", 100)
	tests := []struct {
		name string
		in   string
		max  int
		want string
	}{
		{"fits", "short", 10, "short"},
		{"word boundary", "the quick brown fox jumps", 18, "the quick brown…"},
		{"back to word", "the quick brownish fox", 18, "the quick…"},
		{"runes not bytes", "ééééé", 5, "ééééé"},
		{"cut runes", "éééééééééééé", 6, "ééééé…"},
		{"bold closed", "**" + strings.Repeat("a", 30) + "** tail", 20, "**" + strings.Repeat("a", 15) + "**…"},
		{"no trailing backslash", `abcdefgh\*ijklmnopqrstuvwxyz`, 12, "abcdefgh…"},
		{"zero", "abc", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Truncate(tt.in, tt.max)
			if got != tt.want {
				t.Errorf("Truncate(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
			}
			if n := utf8.RuneCountInString(got); n > tt.max {
				t.Errorf("Truncate(%q, %d) has %d runes", tt.in, tt.max, n)
			}
		})
	}
	if got := Truncate(long, 100); !strings.HasSuffix(got, "word…") || utf8.RuneCountInString(got) > 100 {
		t.Errorf("Truncate(long, 100) = %q", got)
	}
}

func TestTrimToSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		max  int
		want string
	}{
		{"short", "One. Two.", 300, "One. Two."},
		{"first sentences", "ISIS claimed the attack. " + strings.Repeat("More words here. ", 30), 60, "ISIS claimed the attack. More words here. More words here."},
		{"collapse whitespace", "a\n\n  b", 10, "a b"},
		{"one long sentence", strings.Repeat("word ", 100), 30, "word word word word word…"},
		{"no dots in numbers", "It cost 3.5 million dollars and more and more", 20, "It cost 3.5…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := TrimToSentences(tt.in, tt.max); got != tt.want {
				t.Errorf("TrimToSentences(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
			}
		})
	}
}
