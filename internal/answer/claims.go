package answer

import (
	"math"
	"strconv"
	"strings"

	"github.com/chronicle-bot/chronicle/internal/terms"
)

// A claim is what a sentence says about a quantity: a figure and the
// interval of true values it allows. "137 people" allows only 137, "more
// than 100" allows 100 and up, "nearly 100" a little under 100.
type claim struct {
	v, lo, hi float64
}

// qualifiers are the words before a figure that widen it into an interval.
// The key is the one or two words just before the figure, lower-cased.
var qualifiers = map[string]struct{ lo, hi float64 }{
	"more than": {1, math.Inf(1)}, "over": {1, math.Inf(1)}, "above": {1, math.Inf(1)},
	"at least": {1, math.Inf(1)}, "upwards of": {1, math.Inf(1)}, "excess of": {1, math.Inf(1)},
	"greater than": {1, math.Inf(1)}, "exceeds": {1, math.Inf(1)}, "exceeded": {1, math.Inf(1)},
	"surpasses": {1, math.Inf(1)}, "surpassed": {1, math.Inf(1)}, "topped": {1, math.Inf(1)},
	"tops": {1, math.Inf(1)}, "passed": {1, math.Inf(1)},
	"less than": {0, 1}, "fewer than": {0, 1}, "under": {0, 1}, "up to": {0, 1}, "at most": {0, 1},
	"nearly": {0.8, 1}, "almost": {0.8, 1}, "close to": {0.8, 1},
	"about": {0.9, 1.1}, "around": {0.9, 1.1}, "roughly": {0.9, 1.1}, "approximately": {0.9, 1.1},
	"some": {0.9, 1.1}, "estimated": {0.9, 1.1}, "an estimated": {0.9, 1.1},
}

// scales are the words after a figure that multiply it.
var scales = map[string]float64{"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}

// claims returns the quantity claims of a sentence's tokens: every figure
// that is not a bare year, with the interval its qualifier allows. Figures
// the question itself holds are skipped (they are not answers).
func (r *ranker) claims(toks []terms.Token) []claim {
	out, _ := r.claimsAt(toks)
	return out
}

// claimsAt returns the claims of claims and, for each, the byte range of
// its words in the tokenized text, qualifier and scale included ("more
// than 100"), for showing it.
func (r *ranker) claimsAt(toks []terms.Token) ([]claim, []span) {
	var out []claim
	var at []span
	for i, t := range toks {
		if !t.Digit || r.qStems[t.Stem] && t.Stem != "" {
			continue
		}
		v, err := strconv.ParseFloat(strings.ReplaceAll(t.Lower, ",", ""), 64)
		if err != nil || v <= 0 {
			continue
		}
		if !strings.Contains(t.Lower, ",") && v >= 1900 && v <= 2100 && v == math.Trunc(v) {
			continue // a year
		}
		sp := span{start: t.Start, end: t.End}
		if i+1 < len(toks) {
			if m, ok := scales[toks[i+1].Lower]; ok {
				v *= m
				sp.end = toks[i+1].End
			}
		}
		c := claim{v: v, lo: v, hi: v}
		q, ok := struct{ lo, hi float64 }{}, false
		if i >= 2 {
			if q, ok = qualifiers[toks[i-2].Lower+" "+toks[i-1].Lower]; ok {
				sp.start = toks[i-2].Start
			}
		}
		if !ok && i >= 1 {
			if q, ok = qualifiers[toks[i-1].Lower]; ok {
				sp.start = toks[i-1].Start
			}
		}
		if ok && i >= 3 && toks[i-3].Lower == "no" {
			sp.start = toks[i-3].Start
		}
		if ok && i >= 3 && toks[i-3].Lower == "no" && q.hi > 1 {
			// "no more than 100", "no fewer than 10": the bound turns over.
			q.lo, q.hi = 0, 1
		} else if ok && i >= 3 && toks[i-3].Lower == "no" {
			q.lo, q.hi = 1, math.Inf(1)
		}
		if ok {
			c.lo, c.hi = v*q.lo, v*q.hi
		}
		out = append(out, c)
		at = append(at, sp)
	}
	return out, at
}

// supports reports whether claim b backs claim a: both could be the same
// quantity (within a factor of two) and every value a allows, b allows too.
// An exact "137" is backed by "more than 100" and by another "137"; "more
// than 100" is not backed by "137", which says more than it does.
func (b claim) supports(a claim) bool {
	if max(a.v, b.v) > 2*min(a.v, b.v) {
		return false
	}
	return b.lo <= a.lo && a.hi <= b.hi
}
