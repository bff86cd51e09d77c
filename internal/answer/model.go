package answer

import (
	"fmt"
	"math"
	"strings"
)

// Model is a linear scoring model over Features: a sentence's score is the
// dot product of its features with the weights. Sentences of one question
// compete through a softmax over their scores, which gives the confidence.
type Model [numFeatures]float64

// Score is the model's score for a feature vector.
func (m *Model) Score(f Features) float64 {
	s := 0.0
	for i, w := range m {
		s += w * f[i]
	}
	return s
}

// String prints the model as Go source, one weight per line.
func (m Model) String() string {
	var b strings.Builder
	b.WriteString("Model{\n")
	for i, w := range m {
		fmt.Fprintf(&b, "\t%d: %.4f, // %s\n", i, w, featureNames[i])
	}
	b.WriteString("}")
	return b.String()
}

// softmax returns the probabilities of scores (stable for large values).
func softmax(scores []float64) []float64 {
	if len(scores) == 0 {
		return nil
	}
	hi := scores[0]
	for _, s := range scores {
		hi = math.Max(hi, s)
	}
	out := make([]float64, len(scores))
	sum := 0.0
	for i, s := range scores {
		out[i] = math.Exp(s - hi)
		sum += out[i]
	}
	for i := range out {
		out[i] /= sum
	}
	return out
}
