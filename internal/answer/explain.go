package answer

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Explanation is one ranked candidate sentence with the evidence behind its
// score, for `bot ask --explain`.
type Explanation struct {
	Score     float64
	ArticleID string
	Published time.Time
	Paragraph int
	Text      string
	Features  map[string]float64
}

// String prints the explanation on two lines: score, source and text, then
// the non-zero features.
func (e Explanation) String() string {
	var parts []string
	for i, name := range featureNames {
		if v, ok := e.Features[name]; ok && v != 0 {
			parts = append(parts, fmt.Sprintf("%s=%.2f", featureNames[i], v))
		}
	}
	date := "undated"
	if !e.Published.IsZero() {
		date = e.Published.UTC().Format(time.DateOnly) // the day --as-of filters by
	}
	return fmt.Sprintf("%.3f [%s %s ¶%d] %s\n      %s", e.Score, e.ArticleID, date, e.Paragraph+1, e.Text,
		strings.Join(parts, " "))
}

// Explain ranks the candidate sentences for question as Ask does and returns
// the best n with their features, and the question analysis.
func (a *Answerer) Explain(ctx context.Context, question string, asOf time.Time, n int) (Question, []Explanation, error) {
	q, err := a.analyze(question)
	if err != nil {
		return q, nil, err
	}
	ranked, err := a.rank(ctx, q, asOf)
	if err != nil {
		return q, nil, err
	}
	var out []Explanation
	for i, s := range ranked {
		if i >= n {
			break
		}
		f := map[string]float64{}
		for k, v := range s.f {
			f[featureNames[k]] = v
		}
		out = append(out, Explanation{Score: s.score, ArticleID: s.art.ID, Published: s.art.Published,
			Paragraph: s.para, Text: s.text, Features: f})
	}
	return q, out, nil
}

// String is the question analysis on one line, as `bot ask --explain`
// prints it before the candidate sentences.
func (q Question) String() string {
	terms := make([]string, len(q.Terms))
	for i, t := range q.Terms {
		terms[i] = t.Lower
	}
	return fmt.Sprintf("wh=%q kind=%s focus=%q recent=%v terms=%v phrases=%q", q.Wh, q.Kind, q.Focus, q.Recent, terms, q.Phrases)
}
