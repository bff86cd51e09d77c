package answer

import (
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/terms"
)

// TestSourcesDropCutRepeat: a source whose quote is cut ("… X Y Z" or
// "X Y Z …") and whose text X Y Z is inside a quote given before it repeats
// that quote, and is not given: the check compares the texts without the
// marks a cut adds. It used to compare them with the marks, so "… x y z" was
// not found in "a b x y z c" and the text was quoted twice.
func TestSourcesDropCutRepeat(t *testing.T) {
	// 310 bytes: quoted whole (up to MaxQuote-8), the copies below are cut.
	core := "Officials said on Sunday that 137 people were killed in the attack on the concert hall outside Moscow, " +
		"that more than a hundred others were still in hospital, and that rescuers who had searched the burned " +
		"building through the night expected the toll to rise further as the collapsed roof was lifted away today."
	if len(core) != 310 {
		t.Fatalf("len(core) = %d, want 310", len(core))
	}
	tests := []struct {
		name   string
		answer string // the first article's sentence, quoted whole as the answer
		repeat string // the second's, cut to a window inside the answer's quote
		focus  string // the word the second's quote is cut around
	}{
		{"cut at the start", core, "Yes, " + core, "today."},
		{"cut at the end", core, strings.TrimSuffix(core, ".") + ", the worst attack in twenty years.", "Officials"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			an := terms.New()
			r := newRanker(Analyze(an, "How many people were killed?"), an, 0, nil, time.Time{}, defaultModel)
			other := "The city's mayor said 140 people were killed, citing figures from the emergency services."
			var ranked []scored
			for i, s := range []string{tt.answer, tt.repeat, other} {
				a := article(string(rune('a'+i)), "2024-03-25", "Report", s)
				sc := scored{art: &a, text: s, score: float64(3 - i), st: an.Tokens(s), r: r}
				if i == 1 {
					at := strings.Index(s, tt.focus)
					sc.matched = []chronicle.Span{{Start: at, End: at + len(tt.focus)}}
				}
				ranked = append(ranked, sc)
			}
			q := newQuoter(ranked)
			best := q.best()
			if best.ArticleID != "a" || best.Text != tt.answer {
				t.Fatalf("answer quote = %s %q, want a's whole sentence", best.ArticleID, best.Text)
			}
			// The second's quote is cut, and inside the answer's once its
			// marks are taken off: the setting this test is about.
			cut := q.quote(ranked[1]).Text
			if bare := strings.Trim(cut, "… "); cut == bare || !strings.Contains(tt.answer, bare) {
				t.Fatalf("b's quote %q: want a cut quote inside the answer's", cut)
			}
			srcs := q.sources(&best, 2, q.options())
			var ids []string
			for _, c := range srcs {
				ids = append(ids, c.ArticleID)
				if c.ArticleID == "b" {
					t.Errorf("source b %q repeats the answer's quote %q", c.Text, best.Text)
				}
			}
			if strings.Join(ids, ",") != "c" {
				t.Errorf("sources = %v, want [c]", ids)
			}
		})
	}
}
