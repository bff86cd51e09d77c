package commands

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/chronicle-bot/chronicle"
)

func TestEscape(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Moscow attack", "Moscow attack"},
		{"bold", "**bold**", `\*\*bold\*\*`},
		{"underscore", "snake_case", `snake\_case`},
		{"code and strike", "`x` ~~y~~", "\\`x\\` \\~\\~y\\~\\~"},
		{"spoiler and quote", "||s|| > q\n> quoted", "\\|\\|s\\|\\| > q\n\\> quoted"},
		{"backslash", `a\b`, `a\\b`},
		{"everyone", "hi @everyone", "hi @\u200beveryone"},
		{"here case", "@Here now", "@\u200bHere now"},
		{"user mention", "ping <@123> and <@!45>", "ping <\u200b@123> and <\u200b@!45>"},
		{"role mention", "<@&9>", "<\u200b@&9>"},
		{"email untouched", "a@b.c", "a@b.c"},
		{"heading at line start", "# Big\n-# small", "\\# Big\n\\-# small"},
		{"hash mid line", "item #4", "item #4"},
		{"link brackets", "[x](http://evil)", `\[x\](http://evil)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Escape(tt.in); got != tt.want {
				t.Errorf("Escape(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestHighlight(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		spans []chronicle.Span
		want  string
	}{
		{"none", "a*b", nil, `a\*b`},
		{"one", "Islamic State claimed it", []chronicle.Span{{Start: 14, End: 21}}, "Islamic State **claimed** it"},
		{"escaped inside", "the *star* here", []chronicle.Span{{Start: 4, End: 10}}, `the **\*star\*** here`},
		{"unsorted", "a b c", []chronicle.Span{{Start: 4, End: 5}, {Start: 0, End: 1}}, "**a** b **c**"},
		{"overlap ignored", "abcdef", []chronicle.Span{{Start: 0, End: 3}, {Start: 2, End: 4}}, "**abc**def"},
		{"out of range", "abc", []chronicle.Span{{Start: 2, End: 9}}, "abc"},
		{"mid rune", "é x", []chronicle.Span{{Start: 1, End: 2}}, "é x"},
		{"blank span", "a b", []chronicle.Span{{Start: 1, End: 2}}, "a b"},
		{"@everyone with everyone highlighted", "ping @everyone now", []chronicle.Span{{Start: 6, End: 14}},
			"ping @\u200b**everyone** now"},
		{"@Here highlighted", "@Here", []chronicle.Span{{Start: 1, End: 5}}, "@\u200b**Here**"},
		{"user mention digits highlighted", "<@123>", []chronicle.Span{{Start: 2, End: 5}}, "<\u200b@**123**>"},
		{"not a line start after a highlight", "a-b", []chronicle.Span{{Start: 0, End: 1}}, "**a**-b"},
		{"line start after a highlight", "a\n- b", []chronicle.Span{{Start: 0, End: 1}}, "**a**\n\\- b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Highlight(tt.text, tt.spans); got != tt.want {
				t.Errorf("Highlight(%q, %v) = %q, want %q", tt.text, tt.spans, got, tt.want)
			}
		})
	}
}

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
