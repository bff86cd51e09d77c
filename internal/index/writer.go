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
//
// Flushing is pipelined: a full batch is committed (Bleve, then the store,
// then the catalog) by a goroutine of its own while the caller goes on
// reading and preparing the next batch (parsing, Bleve's document mapping,
// the catalog entries). A batch is handed off only once the previous commit
// has ended, so batches commit in order, at most one is being committed and
// one waits for it (memory stays bounded by about two batches), and the
// first error is returned by the next call. Index.flushes counts the commit
// in flight: the next writer and Close wait for it, so even a Sync that
// returns early leaves nothing running behind it.
type writer struct {
	ix  *Index
	ctx context.Context
	cur pending // the batch being filled

	// inflight is closed when the commit in flight ends; err is its error,
	// read only after inflight is closed.
	inflight chan struct{}
	err      error

	dirty bool // set by commits, one at a time
}

// pending is one batch of changes, committed together.
type pending struct {
	batch *bleve.Batch
	puts  []chronicle.Article
	ents  []entry // catalog entries of puts, in the same order
	bytes int     // text bytes of puts
	dels  []string
	files map[string]*fileRecord
}

func (p *pending) empty() bool { return len(p.puts)+len(p.dels)+len(p.files) == 0 }

func (ix *Index) newWriter(ctx context.Context) (*writer, error) {
	ix.flushes.Wait() // a commit left behind by a writer that stopped early
	w := &writer{ix: ix, ctx: ctx}
	w.cur = w.newPending()
	return w, nil
}

func (w *writer) newPending() pending {
	return pending{batch: w.ix.bleve.NewBatch(), files: map[string]*fileRecord{}}
}

func (w *writer) put(a chronicle.Article) error {
	if err := w.cur.batch.Index(a.ID, toBleveDoc(a)); err != nil {
		return fmt.Errorf("index article %q: %w", a.ID, err)
	}
	w.cur.puts = append(w.cur.puts, a)
	// The catalog entry (sentence hashes included) is made here, for the
	// store and the in-memory catalog, while the flusher commits the
	// previous batch.
	w.cur.ents = append(w.cur.ents, entryOf(a))
	w.cur.bytes += articleBytes(a)
	return nil
}

// articleBytes is the size of an article's text and title, what Bleve
// analyses.
func articleBytes(a chronicle.Article) int {
	n := len(a.Title)
	for _, p := range a.Paragraphs {
		n += len(p.Text)
	}
	return n
}

func (w *writer) remove(ids []string) {
	for _, id := range ids {
		w.cur.batch.Delete(id)
	}
	w.cur.dels = append(w.cur.dels, ids...)
}

func (w *writer) setFile(key string, r *fileRecord) { w.cur.files[key] = r }

func (w *writer) maybeFlush() error {
	if len(w.cur.puts)+len(w.cur.dels) < w.ix.opts.BatchSize && w.cur.bytes < w.ix.opts.BatchBytes {
		return nil
	}
	return w.handOff()
}

// handOff waits for the commit in flight, then commits the current batch in
// a goroutine of its own and starts a new one.
func (w *writer) handOff() error {
	if err := w.wait(); err != nil {
		return err
	}
	if err := w.ctx.Err(); err != nil {
		return fmt.Errorf("index update interrupted: %w", err)
	}
	if w.cur.empty() {
		return nil
	}
	p, done := w.cur, make(chan struct{})
	w.inflight = done
	w.ix.flushes.Add(1)
	go func() {
		defer w.ix.flushes.Done()
		defer close(done)
		w.err = w.commit(p)
	}()
	w.cur = w.newPending()
	return nil
}

// wait waits for the commit in flight and returns its error.
func (w *writer) wait() error {
	if w.inflight == nil {
		return nil
	}
	<-w.inflight
	return w.err
}

// commit writes one batch: Bleve first, then the store and the catalog.
// A batch handed off is committed even when the context is cancelled
// meanwhile: handOff checked it before.
func (w *writer) commit(p pending) error {
	if !w.dirty {
		if err := w.ix.store.setMeta(keyDirty, []byte("1")); err != nil {
			return fmt.Errorf("mark index dirty: %w", err)
		}
		w.dirty = true
	}
	if p.batch.Size() > 0 {
		if err := w.ix.bleve.Batch(p.batch); err != nil {
			return fmt.Errorf("bleve batch: %w", err)
		}
	}
	now := w.ix.opts.Now()
	if err := w.ix.store.write(p.puts, p.ents, p.dels, p.files, now); err != nil {
		return fmt.Errorf("store batch: %w", err)
	}
	w.ix.cat.apply(p.ents, p.dels, now)
	return nil
}

// finish commits what is left, waits for it and marks the index clean when
// it changed.
func (w *writer) finish() error {
	if err := w.handOff(); err != nil {
		return err
	}
	if err := w.wait(); err != nil {
		return err
	}
	if w.dirty {
		if err := w.ix.store.setMeta(keyDirty, []byte("0")); err != nil {
			return fmt.Errorf("mark index clean: %w", err)
		}
	}
	return nil
}
