package index

import (
	"slices"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/corpus"
)

// takeBack gives the record of f (of key) whose own id is id that ID when
// a file read earlier in this sync took it as the ID its path gives ("a"
// of a.txt, read before x.jsonl and its record {"id": "a"}): the own id
// is the one its user chose, and keeps it, whichever file is read first
// (pathClaims.full, where the record is read first). That file's article
// takes its full path ID instead, with a warning naming both. Only an ID
// no article had before this sync is taken back: an indexed article keeps
// its ID (the record is then refused as a duplicate). It reports whether
// it took id back.
func (ix *Index) takeBack(w *writer, f corpus.File, key, id string, claims *pathClaims, moves *contentMoves,
	owner map[string]string, read map[string]*readFile, rep *SyncReport) (bool, error) {
	h, ok := owner[id]
	if !ok || h == key || read[h] == nil || feedKey(h) || corpus.PathID(f, id) {
		return false, nil
	}
	hf, ok := claims.file(h)
	if !ok || !corpus.PathID(hf, id) || claims.heldBefore(id) {
		return false, nil
	}
	base, ok := corpus.FullPathID(hf, id)
	if !ok {
		return false, nil
	}
	a, ok, err := w.take(id)
	if err != nil || !ok {
		return false, err
	}
	full, _ := claims.pick(h, base, owner, nil)
	a.ID = full
	a.Hash = corpus.Hash(a)
	if err := w.put(a); err != nil {
		return false, err
	}
	delete(owner, id)
	owner[full] = h
	rec := read[h].rec
	rec.IDs = slices.Clone(rec.IDs)
	if i := slices.Index(rec.IDs, id); i >= 0 {
		rec.IDs[i] = full
	}
	w.setFile(h, read[h].held(claims.plan.known[h].IDs))
	moves.rekey(id, full)
	// Listed as changed under id when it was put: it is under full now,
	// and id is the record's, which lists it as it puts it.
	if i := slices.Index(rep.ChangedIDs, id); i >= 0 {
		rep.ChangedIDs[i] = full
	} else {
		rep.ChangedIDs = append(rep.ChangedIDs, full)
	}
	// New to the index under full, as it was under id (only an ID no
	// article had before this sync is taken back): a watch takes an
	// article as new coverage only when it is listed added.
	if i := slices.Index(rep.AddedIDs, id); i >= 0 {
		rep.AddedIDs[i] = full
	} else {
		rep.AddedIDs = append(rep.AddedIDs, full)
	}
	rep.Problems = append(rep.Problems, samePathID(hf, 0, id, pathLike(key, hf.Path), full, true))
	return true, w.maybeFlush()
}

// take takes the article id out of what the writer writes, and returns
// it: out of the batch being filled, or, when an earlier batch put it,
// deleted from the index once that batch is committed, so that hashes no
// longer finds it.
func (w *writer) take(id string) (chronicle.Article, bool, error) {
	for i := len(w.puts) - 1; i >= 0; i-- {
		if a := w.puts[i]; a.ID == id {
			w.puts = slices.Delete(w.puts, i, i+1)
			w.bytes -= a.TextBytes()
			return a, true, w.rebatch()
		}
	}
	if err := w.wait(); err != nil {
		return chronicle.Article{}, false, err
	}
	a, ok, err := w.ix.store.article(id)
	if err != nil || !ok {
		return a, false, err
	}
	w.remove([]string{id})
	if err := w.flush(); err != nil {
		return a, false, err
	}
	return a, true, w.wait()
}

// rebatch makes the Bleve batch again from the puts and deletes the writer
// holds, after take took one out. (A delete of the taken ID in the batch
// would not do: the commit does not list it, so a later batch that puts
// the ID again could reach Bleve before it.)
func (w *writer) rebatch() error {
	w.batch = w.ix.bleve.NewBatch()
	for _, id := range w.dels {
		w.batch.Delete(id)
	}
	for _, a := range w.puts {
		if err := w.index(a); err != nil {
			return err
		}
	}
	return nil
}
