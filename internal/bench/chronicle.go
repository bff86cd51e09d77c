package bench

import (
	"context"
	"errors"
	"fmt"

	"github.com/chronicle-bot/chronicle/internal/answer"
	"github.com/chronicle-bot/chronicle/internal/buildmem"
	"github.com/chronicle-bot/chronicle/internal/index"
)

// buildChronicle is `bot index`: Open and an incremental Sync from empty,
// with the collector set for a build as `bot index` sets it.
func buildChronicle(ctx context.Context, dir string, paths []string) (int, error) {
	ix, err := index.Open(ctx, dir, index.Options{})
	if err != nil {
		return 0, err
	}
	restoreGC := buildmem.Tune(buildmem.DefaultLimit)
	_, err = ix.Sync(ctx, paths, index.SyncOptions{})
	restoreGC()
	if err != nil {
		ix.Close()
		return 0, fmt.Errorf("sync: %w", err)
	}
	n := ix.Len()
	if err := ix.Close(); err != nil {
		return 0, err
	}
	return n, nil
}

// chronicleEngine is Chronicle's answerer over an open index.
type chronicleEngine struct {
	*answer.Answerer
	ix *index.Index
}

func openChronicle(ctx context.Context, dir string) (Engine, error) {
	ix, err := index.Open(ctx, dir, index.Options{})
	if err != nil {
		return nil, err
	}
	if ix.Reset || ix.Len() == 0 {
		ix.Close()
		return nil, errors.New("no Chronicle index in " + dir)
	}
	return chronicleEngine{Answerer: answer.New(ix), ix: ix}, nil
}

func (e chronicleEngine) Close() error { return e.ix.Close() }
