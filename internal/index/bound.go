package index

import (
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"

	"github.com/chronicle-bot/chronicle"
)

// Bounds on what one query sends to Bleve, so that no caller (a pasted
// 100 KB query on the command line, a long topic, a question with many
// expansions) can make one search expensive. Bleve turns every analysed
// token of a match query into its own term clause, repeats included, so the
// cost of a query grows with its length; these keep it flat.
const (
	// maxQueryTerms is the most analysed terms one query holds, counted over
	// all its words and phrases. A query within it is sent unchanged; a
	// longer one keeps the first occurrence of each of its first distinct
	// terms, in order.
	maxQueryTerms = 64
	// maxQueryText is the most bytes of one query text that are analysed at
	// all; the rest is ignored.
	maxQueryText = 16 << 10
)

// termBudget counts the analysed terms a query has used, with the analyser
// of the title and text fields.
type termBudget struct {
	an   analysis.Analyzer
	left int
}

// newBudget starts a budget of maxQueryTerms terms.
func (ix *Index) newBudget() *termBudget {
	return &termBudget{an: ix.bleve.Mapping().AnalyzerNamed(analyzerName), left: maxQueryTerms}
}

// fit returns text when all of its terms fit in what is left of the budget,
// and otherwise the words of text that do, one per distinct term, first
// occurrences first, joined by spaces; "" once the budget is spent. The
// words it returns analyse back to the terms it counted.
func (b *termBudget) fit(text string) string {
	if b.left <= 0 || b.an == nil {
		return ""
	}
	text = cutText(text, maxQueryText)
	toks := b.an.Analyze([]byte(text))
	if len(toks) <= b.left {
		b.left -= len(toks)
		return text
	}
	seen := make(map[string]bool, b.left)
	words := make([]string, 0, b.left)
	for _, t := range toks {
		if b.left == 0 {
			break
		}
		if seen[string(t.Term)] || t.Start < 0 || t.End > len(text) || t.Start >= t.End {
			continue
		}
		seen[string(t.Term)] = true
		words = append(words, text[t.Start:t.End])
		b.left--
	}
	return strings.Join(words, " ")
}

// fitAll reports whether every term of text fits in what is left of the
// budget, and takes them from it if so: a phrase is used whole or not at
// all.
func (b *termBudget) fitAll(text string) bool {
	if b.left <= 0 || b.an == nil || len(text) > maxQueryText {
		return false
	}
	n := len(b.an.Analyze([]byte(text)))
	if n > b.left {
		return false
	}
	b.left -= n
	return true
}

// boundText is text as a one-text query sends it: within the budget.
func (ix *Index) boundText(text string) string {
	return ix.newBudget().fit(text)
}

// cutText returns the longest prefix of s of at most maxBytes bytes that
// ends on a character boundary, preferring the last space before the cut.
func cutText(s string, maxBytes int) string {
	if len(s) <= maxBytes {
		return s
	}
	cut := chronicle.RuneCut(s, maxBytes)
	if sp := strings.LastIndexAny(s[:cut], " \t\n"); sp > cut/2 {
		cut = sp
	}
	return s[:cut]
}
