package index

import (
	"context"
	"fmt"

	bindex "github.com/blevesearch/bleve_index_api"
)

// minSuggestLen is the shortest stem Suggest corrects: a short word is one
// letter away from too many others ("toll", "told").
const minSuggestLen = 5

// maxSuggestDF is the most articles a suggested spelling is asked to occur
// in: a thousandth of the index, between 1 and this.
const maxSuggestDF = 3

// Suggest returns a correction for each stem the indexed text never holds:
// the stem within a small edit distance (1 for stems of up to five letters,
// else 2) that the most articles hold, among the
// closest ones, if enough articles hold it (a thousandth of the index,
// between 1 and maxSuggestDF). Stems the index
// holds, stems shorter than minSuggestLen and stems without a close
// neighbour are left out, and nothing is corrected in an index of fewer
// than Options.SuggestMinDocs articles. A word spelt wrong in its first letter is
// corrected too.
func (ix *Index) Suggest(ctx context.Context, stems []string) (map[string]string, error) {
	out := map[string]string{}
	adv, err := ix.bleve.Advanced()
	if err != nil {
		return nil, fmt.Errorf("suggest: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("suggest: %w", err)
	}
	defer r.Close()
	fz, ok := r.(bindex.IndexReaderFuzzy)
	if !ok {
		return out, nil
	}
	docs, err := r.DocCount()
	if err != nil {
		return nil, fmt.Errorf("suggest: %w", err)
	}
	if docs < uint64(ix.opts.SuggestMinDocs) {
		return out, nil
	}
	minDF := min(maxSuggestDF, max(1, docs/1000))
	for _, s := range stems {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if len(s) < minSuggestLen || out[s] != "" {
			continue
		}
		tfr, err := r.TermFieldReader(ctx, []byte(s), fieldText, false, false, false)
		if err != nil {
			return nil, fmt.Errorf("suggest %q: %w", s, err)
		}
		known := tfr.Count() > 0
		tfr.Close()
		if known {
			continue
		}
		fuzz := 2
		if len(s) <= 5 {
			fuzz = 1
		}
		dict, auto, err := fz.FieldDictFuzzyAutomaton(fieldText, s, fuzz, "")
		if err != nil {
			return nil, fmt.Errorf("suggest %q: %w", s, err)
		}
		// The automaton's dictionary may leave counts out: collect the
		// closest terms, then count their articles.
		var closest []string
		bestDist := uint8(255)
		for {
			e, err := dict.Next()
			if err != nil {
				dict.Close()
				return nil, fmt.Errorf("suggest %q: %w", s, err)
			}
			if e == nil {
				break
			}
			_, d := auto.MatchAndDistance(e.Term)
			switch {
			case d < bestDist:
				closest, bestDist = append(closest[:0], e.Term), d
			case d == bestDist && len(closest) < 64:
				closest = append(closest, e.Term)
			}
		}
		dict.Close()
		best, bestN := "", uint64(0)
		for _, term := range closest {
			tfr, err := r.TermFieldReader(ctx, []byte(term), fieldText, false, false, false)
			if err != nil {
				return nil, fmt.Errorf("suggest %q: %w", s, err)
			}
			if n := tfr.Count(); n >= minDF && n > bestN {
				best, bestN = term, n
			}
			tfr.Close()
		}
		if best != "" {
			out[s] = best
		}
	}
	return out, nil
}
