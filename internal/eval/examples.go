package eval

import (
	"context"

	"github.com/chronicle-bot/chronicle/internal/answer"
)

// Examples computes the training example of every question under a's
// model (its candidate sentences, those holding a gold answer labelled),
// on both cores, as the cross-validation does; a question the answerer
// refuses gets an empty example, which learning skips. bot tune learns on
// them.
func Examples(ctx context.Context, a *answer.Answerer, qs []Question) ([]answer.Example, error) {
	idx := make([]int, len(qs))
	for i := range idx {
		idx[i] = i
	}
	return (&CV{Base: a}).examples(ctx, qs, idx, a.Model)
}
