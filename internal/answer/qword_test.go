package answer

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle/internal/terms"
)

// The scoring reads each token's question stem once per paragraph (qword,
// ranker.lookUp); before, each feature looked the stem up in the ranker's
// maps. The ref functions below are those features as they were, kept to
// check that the qword ones compute the same, bit for bit.

func (r *ranker) isQStem(stem string) bool {
	if stem == "" && !r.emptyStem {
		return false
	}
	return r.qStems[stem]
}

func (r *ranker) bitOf(stem string) (uint64, bool) {
	if stem == "" && !r.emptyStem {
		return 0, false
	}
	bit, ok := r.bits[stem]
	return bit, ok
}

func (r *ranker) refWeightBits(toks []terms.Token) (float64, uint64) {
	var seen uint64
	w := 0.0
	for _, t := range toks {
		if t.Stop {
			continue
		}
		bit, ok := r.bitOf(t.Stem)
		if !ok || seen&bit != 0 {
			continue
		}
		seen |= bit
		w += r.idf[t.Stem]
	}
	return w, seen
}

func (r *ranker) refRarest(st []terms.Token) float64 {
	best := 0.0
	for _, t := range st {
		if _, ok := r.bitOf(t.Stem); ok && !t.Stop {
			best = max(best, r.idf[t.Stem])
		}
	}
	if r.maxIDF == 0 {
		return 0
	}
	return min(1, best/r.maxIDF)
}

func (r *ranker) refOverlap(st []terms.Token) (float64, float64) {
	own := 0
	var seen uint64
	for _, t := range r.q.Terms {
		if !t.Expansion {
			own++
		}
	}
	for _, t := range st {
		if bit, ok := r.bitOf(t.Stem); ok && !t.Stop {
			seen |= bit
			if of := r.variantOf[t.Stem]; of != "" {
				seen |= r.bits[of]
			}
		}
	}
	matched := 0
	for _, t := range r.q.Terms {
		if !t.Expansion && seen&r.bits[t.Stem] != 0 {
			matched++
		}
	}
	pairs := 0
	prev := ""
	for _, t := range st {
		if t.Stop {
			continue
		}
		// Pairs are of question stems: an unstemmed token is in none.
		if (r.emptyStem || prev != "" && t.Stem != "") && r.pairs[[2]string{prev, t.Stem}] {
			pairs++
		}
		prev = t.Stem
	}
	pf := 0.0
	if len(r.pairs) > 0 {
		pf = math.Min(1, float64(pairs)/float64(len(r.pairs)))
	}
	return float64(matched) / float64(max(own, 1)), pf
}

func (r *ranker) refOffers(text string, st []terms.Token, base int) (o offer) {
	focusAt, best := -10, 1000
	var answerLike []int
	for i, t := range st {
		if r.q.FocusStem != "" && t.Stem == r.q.FocusStem {
			focusAt = i
		}
	}
	defer func() {
		for _, i := range answerLike {
			for j, t := range st {
				if r.isQStem(t.Stem) && !t.Stop {
					best = min(best, max(i-j, j-i))
				}
			}
		}
		if best < 1000 {
			o.proximity = 1 / float64(best)
		}
	}()
	for i, t := range st {
		if r.isQStem(t.Stem) {
			continue
		}
		if t.Digit || (t.Upper && !t.Stop && i > 0) {
			answerLike = append(answerLike, i)
		}
		near := focusAt >= 0 && i != focusAt && i-focusAt <= 3 && focusAt-i <= 3
		start, end := t.Start-base, t.End-base
		switch {
		case t.Digit:
			o.number = true
			o.nearFocus = o.nearFocus || near
			if currencyBefore(text, start) {
				o.money = true
			}
			if end < len(text) && text[end] == '%' {
				o.percent = true
			}
			if len(t.Lower) == 4 && (strings.HasPrefix(t.Lower, "19") || strings.HasPrefix(t.Lower, "20")) {
				o.date = true
			}
		case numberWords[t.Lower]:
			o.number = true
			o.nearFocus = o.nearFocus || near
		case months[t.Lower] || weekdays[t.Lower]:
			o.date = true
		case t.Upper && !t.Stop && (i > 0 || !commonStarts[t.Lower]):
			o.proper = true
			o.novel++
			o.nearFocus = o.nearFocus || near
			if i+1 < len(st) && st[i+1].Upper && !r.isQStem(st[i+1].Stem) && st[i+1].Start-t.End == 1 {
				o.name2 = true
			}
			if placeAt(places, st, i) {
				o.place = true
				if r.placeKind != nil && placeAt(r.placeKind, st, i) {
					o.placeKind = true
				}
			}
		}
		switch t.Lower {
		case "percent":
			o.percent = true
		case "dollars", "cents", "million", "billion", "trillion":
			o.money = o.money || o.number
		case "because", "due", "amid", "citing", "over", "after":
			o.reason = true
		}
	}
	return o
}

// TestQwordFeatures compares the qword features with the map-based ones
// they replaced, on random paragraphs made of the question's words (and
// their derived forms), names, numbers, dates, places and stop words, for
// questions of every kind, including one with the empty stem.
func TestQwordFeatures(t *testing.T) {
	an := terms.New()
	questions := []string{
		"Who claimed the Moscow attack?",
		"Which state elected its first woman governor on Tuesday?",
		"How many people were killed in the attack on Crocus City Hall near Moscow?",
		"When did the European Central Bank raise interest rates?",
		"What percent of voters backed the referendum in Ireland?",
		"Why did the prime minister resign after the election?",
		"Where was the icebreaker Polaris that was launched on Tuesday built?",
		"How much did Apple pay for the acquisition of the startup?",
		"How many people died in the explosion after police detained the suspect?",
		"Who won the election, and who bought the company?",
	}
	pool := strings.Fields("the a of in said on and was Moscow attack attacks attacked attacker claimed claim " +
		"Islamic State group killed 137 people 1,000 5.5 $20 million percent 2022 2024 March Tuesday Monday " +
		"France Paris Texas New York City Hall Crocus governor governors elected election woman women state " +
		"states first European Central Bank raise raised rates interest percent voters backed referendum " +
		"Ireland prime minister resign resigned because after icebreaker Polaris launched built Finland " +
		"Apple pay paid acquisition startup Emmanuel Macron officials He She It their its died death dead " +
		"explosion explode exploded won win bought buy detained detention company responsibility behind attributed " +
		"two Two thousand dozens hundred billion October Friday Sunday may")
	marks := []string{" ", " ", " ", ", ", ". ", "'s ", "% ", " \"", "\" ", " $", " £"}
	rng := rand.New(rand.NewPCG(7, 11))
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
			t.Run(fmt.Sprintf("q%d/empty=%v", qi, empty), func(t *testing.T) {
				for range 400 {
					var b strings.Builder
					for range 5 + rng.IntN(40) {
						b.WriteString(pool[rng.IntN(len(pool))])
						b.WriteString(marks[rng.IntN(len(marks))])
					}
					para := b.String()
					for _, stem := range []func(string) bool{r.mayBeQuestionWord, nil} {
						toks := an.AppendTokensMatching(nil, para, stem)
						qw := r.lookUp(nil, toks)
						from := rng.IntN(len(toks) + 1)
						to := from + rng.IntN(len(toks)-from+1)
						for _, k := range [][2]int{{0, len(toks)}, {from, to}} {
							st, sq := toks[k[0]:k[1]], qw[k[0]:k[1]]
							w0, b0 := r.refWeightBits(st)
							w1, b1 := r.weightBits(st, sq)
							m0, p0 := r.refOverlap(st)
							m1, p1 := r.overlap(st, sq)
							base := 0
							if len(st) > 0 {
								base = st[0].Start
							}
							end := len(para)
							if k[1] < len(toks) {
								end = toks[k[1]].Start
							}
							o0 := r.refOffers(para[base:end], st, base)
							o1 := r.offers(para[base:end], st, sq, base)
							same := math.Float64bits(w0) == math.Float64bits(w1) && b0 == b1 &&
								math.Float64bits(m0) == math.Float64bits(m1) && math.Float64bits(p0) == math.Float64bits(p1) &&
								math.Float64bits(r.refRarest(st)) == math.Float64bits(r.rarest(st, sq)) && o0 == o1
							if !same {
								t.Fatalf("paragraph %q tokens %v: before weight %v %b overlap %v %v rarest %v offers %+v; "+
									"now %v %b, %v %v, %v, %+v", para, k, w0, b0, m0, p0, r.refRarest(st), o0,
									w1, b1, m1, p1, r.rarest(st, sq), o1)
							}
						}
					}
				}
			})
		}
	}
}

// TestQuoteAndStop compares hasQuote and endsSentence with the
// strings.ContainsAny calls they replace, on random strings of quotation
// marks, their bytes alone and out of order, other text and invalid bytes.
func TestQuoteAndStop(t *testing.T) {
	pieces := []string{"a", " ", "\"", "“", "”", "’", "\xe2", "\x80", "\x9c", "\x9d", "\xe2\x80", "é", "\xff", "'", "."}
	rng := rand.New(rand.NewPCG(3, 5))
	for range 50000 {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := b.String()
		if got, want := hasQuote(s), strings.ContainsAny(s, "\"“”"); got != want {
			t.Fatalf("hasQuote(%q) = %v, ContainsAny %v", s, got, want)
		}
	}
	for c := range 256 {
		if got, want := endsSentence(byte(c)), strings.ContainsAny(string([]byte{byte(c)}), ".!?"); got != want {
			t.Errorf("endsSentence(%#x) = %v, ContainsAny %v", c, got, want)
		}
	}
}
