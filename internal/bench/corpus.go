package bench

import (
	"context"
	"fmt"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/corpus"
)

// eachArticle loads the corpus files under paths one at a time, as
// Chronicle's Sync does, and calls fn for every article whose ID was not
// seen in an earlier file. It returns the number of articles passed to fn.
func eachArticle(ctx context.Context, paths []string, fn func(chronicle.Article) error) (int, error) {
	files, _, err := corpus.Files(paths)
	if err != nil {
		return 0, fmt.Errorf("list corpus: %w", err)
	}
	seen := map[string]bool{}
	n := 0
	for _, f := range files {
		arts, _, err := corpus.LoadFile(ctx, f)
		if err != nil {
			return n, fmt.Errorf("load %s: %w", f.Path, err)
		}
		for _, a := range arts {
			if seen[a.ID] {
				continue
			}
			seen[a.ID] = true
			if err := fn(a); err != nil {
				return n, err
			}
			n++
		}
	}
	if n == 0 {
		return 0, fmt.Errorf("no articles under %v", paths)
	}
	return n, nil
}
