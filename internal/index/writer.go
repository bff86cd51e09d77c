package index

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"

	"github.com/chronicle-bot/chronicle"
)

// writer batches changes to Bleve and the store. The first change marks the
// index dirty; finish flushes and marks it clean. A batch is flushed after
// Options.BatchSize articles or Options.BatchBytes of text, whichever comes
// first: Bleve holds many times a batch's text while it analyses it, so a
// batch of a few hundred megabyte-long articles would take gigabytes.
type writer struct {
	ix    *Index
	ctx   context.Context
	batch *bleve.Batch
	puts  []chronicle.Article
	bytes int // text bytes of puts
	dels  []string
	files map[string]*fileRecord
	dirty bool
}

func (ix *Index) newWriter(ctx context.Context) (*writer, error) {
	return &writer{ix: ix, ctx: ctx, batch: ix.bleve.NewBatch(), files: map[string]*fileRecord{}}, nil
}

func (w *writer) put(a chronicle.Article) error {
	if err := w.batch.Index(a.ID, toBleveDoc(a)); err != nil {
		return fmt.Errorf("index article %q: %w", a.ID, err)
	}
	w.puts = append(w.puts, a)
	w.bytes += a.TextBytes() // what Bleve analyses
	return nil
}

func (w *writer) remove(ids []string) {
	for _, id := range ids {
		w.batch.Delete(id)
	}
	w.dels = append(w.dels, ids...)
}

func (w *writer) setFile(key string, r *fileRecord) { w.files[key] = r }

func (w *writer) maybeFlush() error {
	if len(w.puts)+len(w.dels) < w.ix.opts.BatchSize && w.bytes < w.ix.opts.BatchBytes {
		return nil
	}
	return w.flush()
}

func (w *writer) flush() error {
	if err := w.ctx.Err(); err != nil {
		return fmt.Errorf("index update interrupted: %w", err)
	}
	if len(w.puts)+len(w.dels)+len(w.files) == 0 {
		return nil
	}
	if !w.dirty {
		if err := w.ix.store.setMeta(keyDirty, []byte("1")); err != nil {
			return fmt.Errorf("mark index dirty: %w", err)
		}
		w.dirty = true
	}
	if w.batch.Size() > 0 {
		if err := w.ix.bleve.Batch(w.batch); err != nil {
			return fmt.Errorf("bleve batch: %w", err)
		}
	}
	now := w.ix.opts.Now()
	// The catalog entries (sentence hashes included) are made once for
	// the store and the in-memory catalog.
	ents := make([]entry, len(w.puts))
	for i, a := range w.puts {
		ents[i] = entryOf(a)
	}
	if err := w.ix.store.write(w.puts, ents, w.dels, w.files, now); err != nil {
		return fmt.Errorf("store batch: %w", err)
	}
	w.ix.cat.apply(ents, w.dels, now)
	w.batch = w.ix.bleve.NewBatch()
	clear(w.puts) // let the flushed articles' text go
	w.puts, w.dels, w.bytes = w.puts[:0], w.dels[:0], 0
	w.files = map[string]*fileRecord{}
	return nil
}

func (w *writer) finish() error {
	if err := w.flush(); err != nil {
		return err
	}
	if w.dirty {
		if err := w.ix.store.setMeta(keyDirty, []byte("0")); err != nil {
			return fmt.Errorf("mark index clean: %w", err)
		}
	}
	return nil
}
