package discordtext

import (
	"strings"
	"testing"

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
		{"time stamp", "since <t:0> and <t:1700000000:R>", "since <\u200bt:0> and <\u200bt:1700000000:R>"},
		{"custom emoji", "<:smile:123> <a:wave:45>", "<\u200b:smile:123> <\u200ba:wave:45>"},
		{"a lone angle bracket", "a < b and <tea>", "a < b and <tea>"},
		{"email untouched", "a@b.c", "a@b.c"},
		{"heading at line start", "# Big\n-# small", "\\# Big\n\\-# small"},
		{"hash mid line", "item #4", "item #4"},
		{"link brackets", "[x](http://evil)", `\[x\](http://evil)`},
		{"slash-command and channel mentions", "</cmd:5> <#4>", "<\u200b/cmd:5> <\u200b#4>"},
		{"right-to-left override", "see \u202emoc.live\u202c now", "see moc.live now"},
		{"isolates and embeddings", "\u2066isolate\u2069 \u202bembed\u202c \u202dx\u2067y\u2068z", "isolate embed xyz"},
		{"right-to-left script kept", "שלום مرحبا", "שלום مرحبا"},
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

func TestSafeURL(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "https://example.com/a", "https://example.com/a"},
		{"trimmed", "  http://example.com/a ", "http://example.com/a"},
		{"parentheses", "https://en.wikipedia.org/wiki/X_(y)", "https://en.wikipedia.org/wiki/X_%28y%29"},
		{"angle and space", "https://example.com/x> @here", "https://example.com/x%3E%20%40here"},
		{"javascript", "javascript:alert(1)", ""},
		{"relative", "/a/b", ""},
		{"no host", "https://", ""},
		{"user name", "https://bbc.co.uk@evil.example/", ""},
		{"too long", "https://example.com/" + strings.Repeat("a", MaxURL), ""},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SafeURL(tt.in); got != tt.want {
				t.Errorf("SafeURL(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
