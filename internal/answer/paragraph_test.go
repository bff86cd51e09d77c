package answer

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/terms"
)

// refParagraph is ranker.paragraph as it was before it read a paragraph
// for its question words first (terms.Memo.AppendStemmed) and tokenized
// only the sentences it keeps: the whole paragraph tokenized at once.
func (r *ranker) refParagraph(out []scored, a *chronicle.Article, pi int, text string, d docInfo, cut int, scr *scratch) ([]scored, uint64) {
	if !r.mayMatch(text) {
		return out, 0
	}
	toks := scr.stem.AppendTokensMatching(nil, text, r.mayBeQuestionWord)
	qw := r.lookUp(nil, toks)
	paraW, paraBits := r.weightBits(toks, qw)
	if paraW == 0 {
		return out, 0
	}
	ti := 0
	for si, sp := range terms.Sentences(text) {
		s := span{sp.Start, sp.End}
		for ti < len(toks) && toks[ti].Start < s.start {
			ti++
		}
		from := ti
		for ti < len(toks) && toks[ti].End <= s.end {
			ti++
		}
		st, sq := toks[from:ti:ti], qw[from:ti]
		w, _ := r.weightBits(st, sq)
		if w == 0 || w < r.minWeight || cut > 0 && r.repeats != nil && r.repeats(text[s.start:s.end]) >= cut {
			continue
		}
		out = append(out, scored{art: a, para: pi, text: text[s.start:s.end], start: s.start, st: st, r: r})
		sc := &out[len(out)-1]
		sc.f = r.features(text, s, st, sq, w, paraW, pi, si, d)
		for k, t := range st {
			if sq[k].q && !t.Stop {
				sc.matched = append(sc.matched, chronicle.Span{Start: t.Start - s.start, End: t.End - s.start})
			}
		}
	}
	return out, paraBits
}

// TestParagraphTwoPass compares ranker.paragraph with refParagraph on random
// paragraphs of news words, other scripts, possessives, numbers, quotation
// marks and sentence ends, for questions of every kind (and with "" as a
// question stem): the same sentences, tokens, features (bit for bit),
// highlights and question stems.
func TestParagraphTwoPass(t *testing.T) {
	an := terms.New()
	questions := []string{
		"Who claimed the Moscow attack?",
		"Which state elected its first woman governor on Tuesday?",
		"How many people were killed in the attack on Crocus City Hall near Moscow?",
		"What percent of voters backed the referendum in Ireland?",
		"Where was the icebreaker Polaris that was launched on Tuesday built?",
		"How much did Apple pay for the acquisition of the startup?",
		"Who is the president of Türkiye after Erdoğan’s election?",
		"What did the US and UK say about AI in 2024?",
	}
	pool := strings.Fields("the a of in said on and was Moscow attack attacks attacked attacker claimed claim " +
		"Islamic State group killed 137 people 1,000 5.5 $20 million percent 2022 2024 March Tuesday Monday " +
		"France Paris Texas New York City Hall Crocus governor governors elected election woman women state " +
		"states first voters backed referendum Ireland icebreaker Polaris launched built Finland Apple pay " +
		"paid acquisition startup Emmanuel Macron He She It their its impressive presidents president " +
		"Türkiye Erdoğan ERDOĞAN’s Ünal über US U.S. UK AI ai Mr. Dr. é ß İstanbul ٣ \xff \xc3 — “ ” ’s 's")
	marks := []string{" ", " ", " ", ", ", ". ", ". ", "'s ", "’s ", "% ", " \"", "\" ", "? ", "! ", "  "}
	rng := rand.New(rand.NewPCG(19, 23))
	for qi, text := range questions {
		for _, empty := range []bool{false, true} {
			q := Analyze(an, text)
			if empty {
				q.Terms = append(q.Terms, Term{})
			}
			df := map[string]int{}
			for _, tm := range q.Terms {
				df[tm.Stem] = rng.IntN(400)
			}
			r := newRanker(q, an, 1000, df, time.Date(2024, 3, 26, 0, 0, 0, 0, time.UTC), defaultModel)
			// Some sentences are boilerplate.
			r.repeats = func(s string) int { return len(s) % 7 }
			t.Run(fmt.Sprintf("q%d/empty=%v", qi, empty), func(t *testing.T) {
				now, ref := scratch{stem: an.NewMemo()}, scratch{stem: an.NewMemo()}
				kept := 0
				for range 1000 {
					var b strings.Builder
					for range 5 + rng.IntN(60) {
						b.WriteString(pool[rng.IntN(len(pool))])
						b.WriteString(marks[rng.IntN(len(marks))])
					}
					para := b.String()
					d := docInfo{recent: rng.Float64(), title: rng.Float64()}
					// A cut is never under boilerMin (boilerCut).
					cut := boilerMin + rng.IntN(3)
					known := cut
					a := &chronicle.Article{}
					got, gotBits := r.paragraph(nil, a, 2, para, d, &known, &now)
					want, wantBits := r.refParagraph(nil, a, 2, para, d, cut, &ref)
					if gotBits != wantBits || len(got) != len(want) {
						t.Fatalf("paragraph %q: %d sentences, stems %b; before %d, %b", para, len(got), gotBits, len(want), wantBits)
					}
					kept += len(got)
					for i := range got {
						g, w := got[i], want[i]
						if g.text != w.text || g.start != w.start || g.para != w.para {
							t.Fatalf("paragraph %q sentence %d: %q at %d; before %q at %d", para, i, g.text, g.start, w.text, w.start)
						}
						for k := range g.f {
							if math.Float64bits(g.f[k]) != math.Float64bits(w.f[k]) {
								t.Fatalf("paragraph %q sentence %q: feature %s %v; before %v", para, g.text, featureNames[k], g.f[k], w.f[k])
							}
						}
						if diff := cmp.Diff(w.matched, g.matched); diff != "" {
							t.Fatalf("paragraph %q sentence %q: highlights (-before +now):\n%s", para, g.text, diff)
						}
						if diff := cmp.Diff(w.st, g.st); diff != "" {
							t.Fatalf("paragraph %q sentence %q: tokens (-before +now):\n%s", para, g.text, diff)
						}
					}
				}
				if kept == 0 {
					t.Fatal("no sentence scored: the test paragraphs miss the question")
				}
			})
		}
	}
}
