package answer

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/chronicle-bot/chronicle"
)

// Answer-level signals: what is known about a quoted answer once the
// sentences are ranked and the quote is chosen. A ConfidenceModel weighs
// them into the raw confidence score. Every signal is general evidence about
// an answer; none names a particular question, entity or answer.
const (
	sHand      = iota // the hand-made raw score (handConfidence)
	sCoverage         // coverage of the question by the lead sentence (with, for less, its paragraph and title)
	sKindFit          // the lead sentence offers the kind of answer asked for
	sTopProb          // softmax probability of the best sentence among the best voteDepth
	sMargin           // its lead over the runner-up's probability
	sQuoteMass        // probability mass of the best sentences that the quote holds
	sSupport          // mass of the best sentences that back the quote (quoter.support)
	sAgreement        // outlets among the best sentences giving the answer's value, (n-1)/n
	sHasValue         // the quote gives a figure or name of the kind asked for
	sVote             // the lead sentence's vote, vote_count, consistent and art_cov features
	sVoteCount
	sConsistent
	sArtCov
	sRarest      // the lead sentence holds the question's rarest word (relative idf)
	sMatchedFrac // share of the question's words in the lead sentence
	sRecentWeek  // recency of the lead article, 7-day and 1-year scales
	sRecentYear
	sAskName     // the question asks for a name (person, organisation, place)
	sAskQuantity // ... for a number, amount or percentage
	sAskDate     // ... for a date
	sAskRecent   // the question asks about the current state
	numSignals
)

// signalNames name the signals, for the generated model file.
var signalNames = [numSignals]string{
	"hand", "coverage", "kind_fit", "top_prob", "margin", "quote_mass", "support", "agreement", "has_value",
	"vote", "vote_count", "consistent", "art_cov", "rarest", "matched_frac", "recent_week", "recent_year",
	"ask_name", "ask_quantity", "ask_date", "ask_recent",
}

// Signals are the answer-level signals of one answer.
type Signals struct {
	X [numSignals]float64
	// Declined is set when the answer is declined whatever its score (no
	// candidate article names what the question is about, decline.go).
	Declined bool
}

// SignalNames returns the names of the signals, in the order of
// Signals.X.
func SignalNames() []string { return signalNames[:] }

// ConfidenceModel turns an answer's signals into its raw confidence score:
// a logistic model, p = 1/(1+exp(-(B + W·x))). The zero ConfidenceModel
// (W nil) keeps the hand-made score (handConfidence).
type ConfidenceModel struct {
	W []float64
	B float64
}

// Raw is the raw confidence score of an answer with signals s.
func (m ConfidenceModel) Raw(s Signals) float64 {
	if len(m.W) != numSignals {
		return s.X[sHand]
	}
	z := m.B
	for i, w := range m.W {
		z += w * s.X[i]
	}
	return sigmoid(z)
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// GoString prints the model as Go source, one weight per line with the
// signal's name, for the generated default_calibration.go.
func (m ConfidenceModel) GoString() string {
	if len(m.W) == 0 {
		return "ConfidenceModel{}"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "ConfidenceModel{\n\tB: %s,\n\tW: []float64{\n", strconv.FormatFloat(m.B, 'g', -1, 64))
	for i, w := range m.W {
		fmt.Fprintf(&b, "\t\t%s, // %s\n", strconv.FormatFloat(w, 'g', -1, 64), signalNames[i])
	}
	b.WriteString("\t},\n}")
	return b.String()
}

// FitConfidence fits a ConfidenceModel to the signals of answers and
// whether each was right: logistic regression by Newton's method on the
// log-loss plus l2 times the squared weights of the standardised signals
// (each signal centred and scaled to unit variance over xs; the intercept is
// not penalised), returned on the signals' own scale. Declined answers are
// left out (their confidence is 0 whatever the model). With no answer, or
// answers all right or all wrong, it returns the zero model.
func FitConfidence(xs []Signals, right []bool, l2 float64) ConfidenceModel {
	var rows [][numSignals]float64
	var ys []float64
	pos := 0
	for i, s := range xs {
		if s.Declined {
			continue
		}
		rows = append(rows, s.X)
		y := 0.0
		if right[i] {
			y = 1
			pos++
		}
		ys = append(ys, y)
	}
	n := len(rows)
	if n == 0 || pos == 0 || pos == n {
		return ConfidenceModel{}
	}
	var mean, scale [numSignals]float64
	for _, r := range rows {
		for j, v := range r {
			mean[j] += v / float64(n)
		}
	}
	for _, r := range rows {
		for j, v := range r {
			scale[j] += (v - mean[j]) * (v - mean[j]) / float64(n)
		}
	}
	for j := range scale {
		scale[j] = math.Sqrt(scale[j])
	}
	// z[j] is signal j standardised; a constant signal stays 0.
	const d = numSignals + 1 // weights, then the intercept
	z := make([][d]float64, n)
	for i, r := range rows {
		for j, v := range r {
			if scale[j] > 1e-12 {
				z[i][j] = (v - mean[j]) / scale[j]
			}
		}
		z[i][numSignals] = 1
	}
	var w [d]float64
	for it := 0; it < 50; it++ {
		var g [d]float64
		var h [d][d]float64
		for i := range z {
			p := sigmoid(dot(w[:], z[i][:]))
			wt := max(p*(1-p), 1e-9)
			for a := 0; a < d; a++ {
				g[a] += (p - ys[i]) * z[i][a]
				for b := 0; b <= a; b++ {
					h[a][b] += wt * z[i][a] * z[i][b]
				}
			}
		}
		for a := 0; a < numSignals; a++ {
			g[a] += 2 * l2 * w[a]
			h[a][a] += 2 * l2
		}
		for a := 0; a < d; a++ {
			for b := a + 1; b < d; b++ {
				h[a][b] = h[b][a]
			}
		}
		step, ok := solve(h, g)
		if !ok {
			break
		}
		change := 0.0
		for a := range w {
			w[a] -= step[a]
			change += math.Abs(step[a])
		}
		if change < 1e-9 {
			break
		}
	}
	m := ConfidenceModel{W: make([]float64, numSignals), B: w[numSignals]}
	for j := 0; j < numSignals; j++ {
		if scale[j] > 1e-12 {
			m.W[j] = w[j] / scale[j]
			m.B -= w[j] * mean[j] / scale[j]
		}
	}
	return m
}

func dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// solve solves h x = g by Gaussian elimination with partial pivoting; false
// when h is singular.
func solve(h [numSignals + 1][numSignals + 1]float64, g [numSignals + 1]float64) ([numSignals + 1]float64, bool) {
	const d = numSignals + 1
	var x [d]float64
	for c := 0; c < d; c++ {
		p := c
		for r := c + 1; r < d; r++ {
			if math.Abs(h[r][c]) > math.Abs(h[p][c]) {
				p = r
			}
		}
		if math.Abs(h[p][c]) < 1e-12 {
			return x, false
		}
		h[c], h[p] = h[p], h[c]
		g[c], g[p] = g[p], g[c]
		for r := c + 1; r < d; r++ {
			f := h[r][c] / h[c][c]
			for k := c; k < d; k++ {
				h[r][k] -= f * h[c][k]
			}
			g[r] -= f * g[c]
		}
	}
	for r := d - 1; r >= 0; r-- {
		s := g[r]
		for k := r + 1; k < d; k++ {
			s -= h[r][k] * x[k]
		}
		x[r] = s / h[r][r]
	}
	return x, true
}

// signals computes the answer-level signals of the quote c made around
// ranked sentence at (compose).
func (q *quoter) signals(c chronicle.Citation, at int) Signals {
	var s Signals
	if q.n == 0 {
		return s
	}
	lead := q.ranked[at]
	f := lead.f
	sup := q.support(c)
	s.X[sHand] = handConfidence(q.ranked, sup)
	s.X[sCoverage] = min(1, f[fCovSentence]+0.3*f[fCovParagraph]+0.2*f[fCovTitle])
	s.X[sKindFit] = f[fKindFit]
	s.X[sTopProb] = q.p[0]
	if q.n > 1 {
		s.X[sMargin] = q.p[0] - q.p[1]
	} else {
		s.X[sMargin] = q.p[0]
	}
	for _, j := range q.held(c.Text, lead.art) {
		s.X[sQuoteMass] += q.p[j]
	}
	s.X[sSupport] = sup
	if r, ok := q.leadReading(c, at); ok {
		s.X[sHasValue] = 1
		n := q.outlets(r, at)
		s.X[sAgreement] = float64(n-1) / float64(n)
	}
	s.X[sVote], s.X[sVoteCount], s.X[sConsistent], s.X[sArtCov] = f[fVote], f[fVoteCount], f[fConsistent], f[fArtCov]
	s.X[sRarest], s.X[sMatchedFrac] = f[fRarest], f[fMatchedFrac]
	s.X[sRecentWeek], s.X[sRecentYear] = f[fRecentWeek], f[fRecentYear]
	if r := lead.r; r != nil {
		switch k := r.q.Kind; {
		case k.isQuantity():
			s.X[sAskQuantity] = 1
		case k == KindDate:
			s.X[sAskDate] = 1
		case k == KindPerson || k == KindOrganization || k == KindPlace:
			s.X[sAskName] = 1
		}
		s.X[sAskRecent] = b2f(r.q.Recent)
	}
	return s
}

// outlets counts the reports (report) whose good sentences (as
// alternatives reads them) give reading r, the lead sentence's own
// included.
func (q *quoter) outlets(r reading, at int) int {
	seen := map[string]bool{report(q.ranked[at].art): true}
	for j := 0; j < min(q.n, alternativeDepth); j++ {
		if q.p[j] < alternativeShare*q.p[0] {
			break
		}
		if q.agrees(r, j) {
			seen[report(q.ranked[j].art)] = true
		}
	}
	return len(seen)
}
