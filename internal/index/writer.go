package index

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/blevesearch/bleve/v2"

	"github.com/chronicle-bot/chronicle"
)

// writer batches changes to Bleve and the store. The first change marks the
// index dirty; finish flushes and marks it clean. A batch is flushed after
// Options.BatchSize articles or Options.BatchBytes of text, whichever comes
// first: Bleve holds many times a batch's text while it analyses it, so a
// batch of a few hundred megabyte-long articles would take gigabytes.
//
// A flushed batch is committed on its own goroutine (Bleve, then the
// store and the in-memory catalog) while the caller reads and queues the
// next one, and up to maxCommits batches are committed at once: Bleve
// builds a batch's segment on one core, so the next batch's analysis and
// segment use the other. The order still holds where it matters:
//   - Bleve never takes a batch while an earlier one that shares an
//     article ID with it, or deletes anything, is still in Bleve, so the
//     later version of an article is the one indexed;
//   - the store is written in batch order, each batch after its Bleve
//     batch;
//   - hashes answers from the batches not yet in the store first, so the
//     caller compares an article with what the store will hold.
//
// A commit that fails (an error, or a panic in Bleve or the store) is
// reported by the next flush, wait or finish, and no commit outlives the
// writer's use (every path out of it waits). The index is marked dirty
// until finish or stop, so a process that dies with batches half committed
// leaves an index that Open makes again from the store; a sync that ends
// early but alive (its context cancelled) waits for its commits and marks
// it clean (stop). After a failed commit it is not marked clean again while open
// (Index.commitFailed), since the other running batch may be in Bleve and
// not in the store. Readers meanwhile may find an article in the
// store that Bleve does not return yet, or a hit whose article is not
// stored yet; both were already possible between the two commits, and
// searches skip a hit with no stored article.
type writer struct {
	ix      *Index
	ctx     context.Context
	batch   *bleve.Batch
	puts    []chronicle.Article
	bytes   int // text bytes of puts
	dels    []string
	files   map[string]*fileRecord
	dirty   bool
	commits []*commit // running, oldest first
	docs    docMaker
	// reading is the file a sync reads, while it is read: each batch
	// flushed before the file's own record goes with a record of it that
	// holds its stored articles (held), so that a sync that ends in the
	// middle of the file leaves none of them without a record.
	reading *readingFile
}

// readingFile is the file a sync reads, or the feed a Put stores
// (writer.reading): its record as it holds what was stored before (base),
// and the IDs of the articles it has queued so far.
type readingFile struct {
	key    string
	base   fileRecord
	queued []string
}

// held is the record of r as a batch flushed while it is read holds it:
// the IDs it had, and those queued, none of which is stored without it (a
// file's is read again by the next sync: its base's size is unreadSize).
func (r *readingFile) held() *fileRecord {
	h := r.base
	h.IDs = union(r.base.IDs, r.queued)
	return &h
}

// maxCommits is how many batches are committed at once.
const maxCommits = 2

// pendingID is what a running batch does to an article ID.
type pendingID struct {
	hash    string // the hash of the article it puts
	deletes bool
}

// commit is one flushed batch on its way into Bleve and the store.
type commit struct {
	ids     map[string]pendingID // the batch's article IDs
	deletes bool
	inBleve chan struct{} // closed once Bleve has taken the batch (or failed to)
	done    chan struct{} // closed once the commit is over; err is set then
	err     error
}

func (ix *Index) newWriter(ctx context.Context) (*writer, error) {
	return &writer{ix: ix, ctx: ctx, batch: ix.bleve.NewBatch(), docs: newDocMaker(ix.bleve.Mapping()), files: map[string]*fileRecord{}}, nil
}

func (w *writer) put(a chronicle.Article) error {
	if err := w.index(a); err != nil {
		return err
	}
	w.puts = append(w.puts, a)
	w.bytes += a.TextBytes() // what Bleve analyses
	// Stored again whole: should it be damaged again, a search says so
	// again (a bot serve runs for months).
	w.ix.damagedSeen.Delete(a.ID)
	return nil
}

// index adds a's search document to the Bleve batch being filled.
func (w *writer) index(a chronicle.Article) error {
	doc, err := w.docs.document(a)
	if err == nil {
		err = w.batch.IndexAdvanced(doc)
	}
	if err != nil {
		return fmt.Errorf("index article %q: %w", a.ID, err)
	}
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
	if err := w.reap(); err != nil {
		return err
	}
	if err := w.ctx.Err(); err != nil {
		return fmt.Errorf("index update interrupted: %w", err)
	}
	if len(w.puts)+len(w.dels)+len(w.files) == 0 {
		return nil
	}
	if r := w.reading; r != nil && w.files[r.key] == nil {
		w.files[r.key] = r.held()
	}
	if !w.dirty {
		if err := w.ix.store.setMeta(keyDirty, []byte("1")); err != nil {
			return fmt.Errorf("mark index dirty: %w", err)
		}
		w.dirty = true
	}
	for len(w.commits) >= maxCommits {
		if err := w.waitOldest(); err != nil {
			return err
		}
	}
	// The commit takes the batch and its lists; the writer starts new ones.
	c := &commit{ids: make(map[string]pendingID, len(w.puts)+len(w.dels)), deletes: len(w.dels) > 0,
		inBleve: make(chan struct{}), done: make(chan struct{})}
	for _, id := range w.dels {
		c.ids[id] = pendingID{deletes: true}
	}
	for _, a := range w.puts {
		c.ids[a.ID] = pendingID{hash: a.Hash}
	}
	var prev *commit
	if n := len(w.commits); n > 0 {
		prev = w.commits[n-1]
	}
	if prev != nil && (c.deletes || prev.deletes || sharesID(c.ids, prev.ids)) {
		<-prev.inBleve
	}
	batch, puts, dels, files := w.batch, w.puts, w.dels, w.files
	w.batch = w.ix.bleve.NewBatch()
	w.puts, w.dels, w.bytes = nil, nil, 0
	w.files = map[string]*fileRecord{}
	w.commits = append(w.commits, c)
	go func() {
		defer close(c.done)
		inBleve := sync.OnceFunc(func() { close(c.inBleve) })
		defer inBleve()
		// A panic in Bleve or the store fails the commit instead of the
		// process, as it would have reached the writer's caller before.
		defer func() {
			if p := recover(); p != nil {
				c.err = fmt.Errorf("index commit: panic: %v", p)
			}
		}()
		var err error
		if batch.Size() > 0 {
			if err = w.ix.bleve.Batch(batch); err != nil {
				err = fmt.Errorf("bleve batch: %w", err)
			}
		}
		inBleve()
		if prev != nil {
			<-prev.done
			if prev.err != nil {
				c.err = err // the earlier batch's error is reported with it
				return
			}
		}
		if err == nil && w.ix.opts.storing != nil {
			err = w.ix.opts.storing()
		}
		if err == nil {
			err = w.ix.storeBatch(puts, dels, files)
		}
		c.err = err
	}()
	return nil
}

// sharesID reports whether two batches have an article ID in common.
func sharesID(a, b map[string]pendingID) bool {
	if len(b) < len(a) {
		a, b = b, a
	}
	for id := range a {
		if _, ok := b[id]; ok {
			return true
		}
	}
	return false
}

// storeBatch writes one flushed batch to the store and the in-memory
// catalog.
func (ix *Index) storeBatch(puts []chronicle.Article, dels []string, files map[string]*fileRecord) error {
	now := ix.opts.Now()
	// The catalog entries (sentence hashes included) are made once for
	// the store and the in-memory catalog.
	ents := make([]entry, len(puts))
	for i, a := range puts {
		ents[i] = entryOf(a)
	}
	if err := ix.store.write(puts, ents, dels, files, now); err != nil {
		return fmt.Errorf("store batch: %w", err)
	}
	ix.cat.apply(ents, dels, now)
	return nil
}

// waitOldest waits for the oldest running commit and returns its error.
func (w *writer) waitOldest() error {
	c := w.commits[0]
	<-c.done
	w.commits = w.commits[1:]
	if c.err != nil {
		w.ix.commitFailed.Store(true)
	}
	return c.err
}

// reap returns the error of a commit that has failed, without waiting
// unless one has: then it waits for every running commit, as wait does,
// whose errors include the failed one's.
func (w *writer) reap() error {
	for _, c := range w.commits {
		select {
		case <-c.done:
			if c.err != nil {
				return w.wait()
			}
		default:
		}
	}
	return nil
}

// wait waits for every running commit and returns their errors.
func (w *writer) wait() error {
	var errs []error
	for len(w.commits) > 0 {
		if err := w.waitOldest(); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// hashes returns the hashes of ids as the store will hold them once the
// running commits are over: an ID a running batch puts or deletes is
// answered from the newest such batch, the rest from the store.
func (w *writer) hashes(ids []string) (map[string]string, error) {
	out := map[string]string{}
	var rest []string
	for _, id := range ids {
		found := false
		for i := len(w.commits) - 1; i >= 0; i-- {
			if p, ok := w.commits[i].ids[id]; ok {
				if !p.deletes {
					out[id] = p.hash
				}
				found = true
				break
			}
		}
		if !found {
			rest = append(rest, id)
		}
	}
	if len(rest) == 0 {
		return out, nil
	}
	stored, err := w.ix.store.hashes(rest)
	if err != nil {
		return nil, err
	}
	for id, h := range stored {
		out[id] = h
	}
	return out, nil
}

func (w *writer) finish() error {
	if err := w.flush(); err != nil {
		return err
	}
	return w.stop()
}

// stop waits for the running commits and, when every commit went in,
// marks the index clean: Bleve and the store hold the same batches. A
// sync that ends early (interrupted, or a file it could not load) calls
// it too, through its deferred call: what it committed is whole, each
// stored article held by a record (reading), and the next sync takes up
// the rest; the next open need not make the search index again.
func (w *writer) stop() error {
	if err := w.wait(); err != nil {
		return err
	}
	if w.dirty && !w.ix.commitFailed.Load() {
		if err := w.ix.store.setMeta(keyDirty, []byte("0")); err != nil {
			return fmt.Errorf("mark index clean: %w", err)
		}
		w.dirty = false
	}
	return nil
}
