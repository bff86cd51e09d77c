package terms

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// headStems are stems some of the random texts' words have, some short
// (one of them empty: every word may have it) and some not ASCII.
var headStems = [][]string{
	{"franc", "alert"},
	{"the", "kyiv", "zelenskyy", "1,0", "202"},
	{"s", "x"},
	{"é", "über", "ǆ"},
	{"mcdonald", "isi", "q"},
	{""},
	{},
}

// TestAppendStemmed checks the cheap reading of a text for a few stems,
// and the tokenizing of one sentence at a time, against the whole text's
// tokens: AppendStemmed gives those that Heads.May accepts, AppendTokensIn
// those of the range, each as AppendTokensMatching gives them, on random
// texts of every kind of piece the tokenizer tells apart (other scripts,
// possessives, numbers, invalid UTF-8).
func TestAppendStemmed(t *testing.T) {
	texts := []string{
		"", "France's alert", "Russia’s claim", "1,000 people, 5.5%", "ISIS killed 137", "Zelenskyy — Kyiv",
		"ÀB's İstanbul", "2,5.", "THE END'S", "x'S\xc3", "5,٣", "a’s", "McDonald’sé", "The end. The start!",
		"Über alles. 2022 was. Q. e.g. Mr. X said \"yes.\" Then",
		"ǅemal's ǄEMAL ǆemal", "٣,000 and ٣.5 and x٣",
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		// Spaces and sentence ends often enough for sentences to split.
		var b strings.Builder
		for range rng.IntN(60) {
			switch rng.IntN(8) {
			case 0:
				b.WriteString(". ")
			case 1:
				b.WriteString(" ")
			default:
				b.WriteString(tokenPieces[rng.IntN(len(tokenPieces))])
			}
		}
		texts = append(texts, b.String())
	}
	a := New()
	for hi, stems := range headStems {
		h := NewHeads(stems)
		t.Run(strings.Join(stems, ","), func(t *testing.T) {
			m := a.NewMemo()
			type check struct {
				what      string
				want, got []Token
			}
			var checks []check
			kept := 0
			for _, text := range texts {
				all := a.AppendTokensMatching(nil, text, h.May)
				var want []Token
				for _, tok := range all {
					if h.May(tok.Lower) {
						want = append(want, tok)
					}
				}
				kept += len(want)
				checks = append(checks, check{"AppendStemmed(" + text + ")", want, m.AppendStemmed(nil, text, h)})
				for _, sp := range Sentences(text) {
					var in []Token
					for _, tok := range all {
						if tok.Start >= sp.Start && tok.End <= sp.End {
							in = append(in, tok)
						}
					}
					checks = append(checks, check{"AppendTokensIn(" + text[sp.Start:sp.End] + ")", in,
						m.AppendTokensIn(nil, text, sp.Start, sp.End, h.May)})
				}
				// Every word: mayASCII reads the word as May reads its lower
				// case.
				for _, tok := range all {
					if w := text[tok.Start:tok.End]; IsASCII(w) && h.mayASCII(w) != h.May(ASCIILower(w)) {
						t.Fatalf("heads %d: mayASCII(%q) != May(%q)", hi, w, ASCIILower(w))
					}
				}
			}
			if len(stems) > 0 && kept < 1000 {
				t.Fatalf("only %d tokens may have the stems: the test texts miss them", kept)
			}
			// Compared at the end: the memo's lower-case words, in its
			// arena, stay as they were while it writes more.
			for _, c := range checks {
				if d := cmp.Diff(c.want, c.got); d != "" {
					t.Fatalf("%s (-whole text +now):\n%s", c.what, d)
				}
			}
		})
	}
}
