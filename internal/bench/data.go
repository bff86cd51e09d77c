package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/chronicle-bot/chronicle/internal/eval"
)

// The RealTimeQA data the design measures against, relative to the
// repository root.
const (
	DefaultCorpus    = "../shared/data/realtimeqa/articles-*.jsonl.gz"
	DefaultQuestions = "../shared/data/realtimeqa/questions-dev.jsonl"
)

// CheckCorpus returns an error when a corpus path neither exists nor, as a
// glob, matches a file.
func CheckCorpus(paths []string) error {
	if len(paths) == 0 {
		return fmt.Errorf("no corpus paths")
	}
	for _, p := range paths {
		if _, err := os.Stat(p); err == nil {
			continue
		}
		m, err := filepath.Glob(p)
		if err != nil {
			return fmt.Errorf("corpus %q: %w", p, err)
		}
		if len(m) == 0 {
			return fmt.Errorf("corpus %q: no such file, folder or matching files", p)
		}
	}
	return nil
}

// ReadQuestionFile reads a JSON Lines question file and keeps the first
// limit questions (0: all).
func ReadQuestionFile(ctx context.Context, path string, limit int) ([]eval.Question, error) {
	qs, err := eval.ReadQuestionFile(ctx, path)
	if err != nil {
		return nil, err
	}
	if limit > 0 && limit < len(qs) {
		qs = qs[:limit]
	}
	return qs, nil
}
