package terms

import "testing"

func TestCleanQuery(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
	}{
		{"ascii unchanged", "Who claimed the Moscow attack?", "Who claimed the Moscow attack?"},
		{"zero-width space", "Mos\u200bcow", "Moscow"},
		{"joiners, word joiner, byte-order mark", "\ufeffMo\u200csc\u200do\u2060w", "Moscow"},
		// Helper 106: a soft hyphen copied from a news page inside a word
		// asked about "Mos" alone.
		{"soft hyphen", "Who claimed the Mos\u00adcow attack?", "Who claimed the Moscow attack?"},
		{"combining accent composed", "Fe\u0301vrier", "Février"},
		{"precomposed unchanged", "Février à Zürich", "Février à Zürich"},
		{"zero-width inside a decomposed word", "e\u200b\u0301te\u0301", "été"},
		{"other scripts unchanged", "Москва 東京", "Москва 東京"},
		{"fullwidth Latin", "Ｗｈｏ ｃｌａｉｍｅｄ Ｍｏｓｃｏｗ？", "Who claimed Moscow?"},
		{"mathematical bold", "𝐌𝐨𝐬𝐜𝐨𝐰 𝐚𝐭𝐭𝐚𝐜𝐤", "Moscow attack"},
		{"ideographic space", "Moscow\u3000attack", "Moscow attack"},
		{"subscripts and superscripts kept, as articles write them", "CO₂ over 5 km²", "CO₂ over 5 km²"},
		{"empty", "", ""},
		// Helper 82: "Whо wоn" with Cyrillic о found nothing about "Whо".
		{"Cyrillic look-alikes in Latin words", "Whо wоn thе Wоrld Cup?", "Who won the World Cup?"},
		{"Greek omicron in a Latin word", "Mοscow", "Moscow"},
		{"a Cyrillic word keeps its letters", "Москва Кто сор", "Москва Кто сор"},
		{"a look-alike next to a Cyrillic word", "Путин Whо?", "Путин Who?"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := CleanQuery(tc.in); got != tc.want {
				t.Errorf("CleanQuery(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
