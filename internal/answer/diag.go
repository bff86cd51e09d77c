package answer

import (
	"context"
	"fmt"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// Diagnose returns the ranked sentence texts and the candidate articles (for
// evaluation tooling).
func (a *Answerer) Diagnose(ctx context.Context, question string, asOf time.Time) ([]string, []chronicle.Candidate, error) {
	q := Analyze(a.terms, question)
	stems := []string{}
	for _, t := range q.Terms {
		stems = append(stems, t.Stem)
	}
	n, df, _ := a.r.DocFreqs(ctx, stems)
	cands, err := a.r.Retrieve(ctx, retrieval(q, asOf, a.Candidates, n, df))
	if err != nil {
		return nil, nil, err
	}
	ranked := newRanker(q, a.terms, n, df, asOf, a.Weights).rank(cands)
	out := make([]string, len(ranked))
	for i, s := range ranked {
		out[i] = s.text
	}
	return out, cands, nil
}

// Explain returns the top n sentences with their score parts.
func (a *Answerer) Explain(ctx context.Context, question string, asOf time.Time, n int) []string {
	q := Analyze(a.terms, question)
	stems := []string{}
	for _, t := range q.Terms {
		stems = append(stems, t.Stem)
	}
	nn, df, _ := a.r.DocFreqs(ctx, stems)
	cands, _ := a.r.Retrieve(ctx, retrieval(q, asOf, a.Candidates, nn, df))
	ranked := newRanker(q, a.terms, nn, df, asOf, a.Weights).rank(cands)
	var out []string
	for i, s := range ranked {
		if i >= n {
			break
		}
		out = append(out, fmt.Sprintf("%.3f cov=%.2f fit=%.1f %s p%d: %.200s", s.score, s.coverage, s.typeFit, s.art.Published.Format("2006-01-02"), s.para, s.text))
	}
	return out
}
