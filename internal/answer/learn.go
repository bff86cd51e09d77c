package answer

import (
	"context"
	"fmt"
	"math"
	"time"
)

// Example is one question's candidate sentences with their features and
// whether each holds a gold answer, for learning a Model.
type Example struct {
	F   []Features
	Pos []bool
}

// Example ranks the candidate sentences of a question and labels each with
// isGold(sentence text).
func (a *Answerer) Example(ctx context.Context, question string, asOf time.Time, isGold func(string) bool) (Example, error) {
	ranked, err := a.rank(ctx, Analyze(a.terms, question), asOf)
	if err != nil {
		return Example{}, err
	}
	ex := Example{F: make([]Features, len(ranked)), Pos: make([]bool, len(ranked))}
	qt := newQuoter(ranked)
	for i, s := range ranked {
		ex.F[i] = s.f
		// Label what would be quoted: the best sentences are judged by their
		// widened quote (what accuracy@1 reads), the rest by the sentence.
		text := s.text
		if i < labelQuoteDepth {
			text = qt.quote(s).Text
		}
		ex.Pos[i] = isGold(text)
	}
	return ex, nil
}

// labelQuoteDepth is how many of the best sentences Example labels by their
// quote rather than by the sentence alone.
const labelQuoteDepth = 60

// MaxEpochs is the most epochs Learn takes: the shipped model is learned in
// 600, and a mistyped --epochs 6000000 ran for days.
const MaxEpochs = 10000

// Learn fits a Model by maximising, over the examples, the softmax
// probability of the sentences that hold a gold answer (listwise
// cross-entropy with L2 regularisation, full-batch Adam). Examples without
// any gold sentence carry no signal and are skipped. ctx is checked before
// each epoch: a cancelled ctx (Ctrl-C) stops the learning with an error
// saying it was interrupted, where it ran on to its last epoch.
func Learn(ctx context.Context, examples []Example, start Model, epochs int, l2 float64) (Model, error) {
	if epochs > MaxEpochs {
		return start, fmt.Errorf("learning takes at most %d epochs, not %d", MaxEpochs, epochs)
	}
	m := start
	var mom, vel Model
	const lr, b1, b2, eps = 0.05, 0.9, 0.999, 1e-8
	for ep := 1; ep <= epochs; ep++ {
		if err := ctx.Err(); err != nil {
			return m, fmt.Errorf("learning interrupted after %d of %d epochs: %w", ep-1, epochs, err)
		}
		var grad Model
		n := 0
		for _, ex := range examples {
			if !hasPos(ex) {
				continue
			}
			n++
			scores := make([]float64, len(ex.F))
			for i, f := range ex.F {
				scores[i] = m.Score(f)
			}
			p := softmax(scores)
			posMass := 0.0
			for i, pos := range ex.Pos {
				if pos {
					posMass += p[i]
				}
			}
			for i, f := range ex.F {
				// d(-log posMass)/d score_i = p_i - [pos_i] p_i / posMass
				g := p[i]
				if ex.Pos[i] {
					g -= p[i] / posMass
				}
				if g == 0 {
					continue
				}
				for k := range grad {
					grad[k] += g * f[k]
				}
			}
		}
		if n == 0 {
			return m, nil
		}
		for k := range grad {
			g := grad[k]/float64(n) + l2*m[k]
			mom[k] = b1*mom[k] + (1-b1)*g
			vel[k] = b2*vel[k] + (1-b2)*g*g
			mh := mom[k] / (1 - math.Pow(b1, float64(ep)))
			vh := vel[k] / (1 - math.Pow(b2, float64(ep)))
			m[k] -= lr * mh / (math.Sqrt(vh) + eps)
		}
	}
	return m, nil
}

func hasPos(ex Example) bool {
	for _, p := range ex.Pos {
		if p {
			return true
		}
	}
	return false
}

// Top1 is the share of examples whose best-scored sentence holds a gold
// answer under m (examples without any candidate count as misses).
func Top1(m Model, examples []Example) float64 {
	if len(examples) == 0 {
		return 0
	}
	hit := 0
	for _, ex := range examples {
		best, bi := math.Inf(-1), -1
		for i, f := range ex.F {
			if s := m.Score(f); s > best {
				best, bi = s, i
			}
		}
		if bi >= 0 && ex.Pos[bi] {
			hit++
		}
	}
	return float64(hit) / float64(len(examples))
}

// CrossValidate learns on k-1 folds and measures Top1 on the held-out fold.
// It returns the held-out Top1 over the questions (each is held out once:
// the share answered right when held out, so that a short fold weighs as
// many questions as it holds) and the mean training Top1 of the folds. k
// must be at most the number of examples: an empty fold was averaged in
// as 0 (8 questions in 100 folds gave 0.040). A cancelled ctx stops it
// between folds and between epochs (Learn).
func CrossValidate(ctx context.Context, examples []Example, start Model, k, epochs int, l2 float64) (heldOut, train float64, err error) {
	if k < 2 || k > len(examples) {
		return 0, 0, fmt.Errorf("%d-fold cross-validation needs from 2 to as many folds as questions (%d)", k, len(examples))
	}
	for fold := 0; fold < k; fold++ {
		var tr, te []Example
		for i, ex := range examples {
			if i%k == fold {
				te = append(te, ex)
			} else {
				tr = append(tr, ex)
			}
		}
		m, err := Learn(ctx, tr, start, epochs, l2)
		if err != nil {
			return 0, 0, fmt.Errorf("cross-validation fold %d of %d: %w", fold+1, k, err)
		}
		heldOut += Top1(m, te) * float64(len(te)) / float64(len(examples))
		train += Top1(m, tr) / float64(k)
	}
	return heldOut, train, nil
}
