package index

import (
	"context"
	"fmt"
)

// DocFreqs returns the number of indexed articles and, for each stem, how
// many articles contain it in their text. Stems are analysed terms (Porter
// stems, as produced by the terms package).
func (ix *Index) DocFreqs(ctx context.Context, stems []string) (_ int, _ map[string]int, err error) {
	defer searchPanic(&err, "doc freqs")
	adv, err := ix.bleve.Advanced()
	if err != nil {
		return 0, nil, fmt.Errorf("doc freqs: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return 0, nil, fmt.Errorf("doc freqs: %w", err)
	}
	defer r.Close()
	n, err := r.DocCount()
	if err != nil {
		return 0, nil, fmt.Errorf("doc freqs: %w", err)
	}
	out := make(map[string]int, len(stems))
	for _, s := range stems {
		if _, done := out[s]; done {
			continue
		}
		tfr, err := r.TermFieldReader(ctx, []byte(s), fieldText, false, false, false)
		if err != nil {
			return 0, nil, fmt.Errorf("doc freq %q: %w", s, err)
		}
		out[s] = int(tfr.Count())
		tfr.Close()
	}
	return int(n), out, nil
}
