package index

import (
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2/document"
	bolt "go.etcd.io/bbolt"

	"github.com/chronicle-bot/chronicle"
)

var bucketCatalog = []byte("catalog")

// entry is the light part of an article, kept in memory for listings,
// autocomplete, date windows and statistics.
type entry struct {
	ID        string    `json:"id"`
	Title     string    `json:"t,omitempty"`
	Source    string    `json:"s,omitempty"`
	URL       string    `json:"u,omitempty"`
	Published time.Time `json:"p,omitzero"`
	// Words and TitleWords estimate the indexed terms of text and title.
	Words      int `json:"w,omitempty"`
	TitleWords int `json:"tw,omitempty"`
	// Lines are the article's sentence hashes (see lines.go). Nil means
	// not computed yet (an entry written before they were kept); an
	// article without a sentence long enough to hash has an empty,
	// non-nil Lines, stored as "" so that Open does not take it for one
	// still to compute (with omitempty it did, and read every stored
	// article again on each writable open to compute it).
	Lines []byte `json:"l,omitzero"`
}

// encodeEntry is the stored form of e: its JSON with, as its last field,
// "sum", the CRC-32C of the JSON without it (decodeEntry checks it), so that
// a byte changed on disk that still decodes (a date, which would move the
// article out of the windows asked for) is found and the entry made again
// from the stored article (loadCatalog).
func encodeEntry(e entry) ([]byte, error) {
	v, err := json.Marshal(e)
	if err != nil {
		return nil, err
	}
	sum := crc32.Checksum(v, castagnoli)
	return fmt.Appendf(v[:len(v)-1], `,"sum":"%08x"}`, sum), nil
}

// putEntry stores e in the catalog bucket b under its ID.
func putEntry(b *bolt.Bucket, e entry) error {
	v, err := encodeEntry(e)
	if err != nil {
		return err
	}
	return b.Put([]byte(e.ID), v)
}

func entryOf(a chronicle.Article) entry {
	n := 0
	for _, p := range a.Paragraphs {
		n += indexedWords(p.Heading) + indexedWords(p.Text)
	}
	// In UTC, as the date filters read days (decodeArticle).
	return entry{ID: a.ID, Title: a.Title, Source: a.Source, URL: a.URL, Published: a.Published.UTC(),
		Words: n, TitleWords: indexedWords(a.Title), Lines: linesOf(a)}
}

// indexedWords estimates how many terms the English analyzer keeps of s: its
// words less the share of stop words in English news text.
func indexedWords(s string) int {
	words, in := 0, uint8(0)
	for i := 0; i < len(s); i++ {
		letter := wordByte[s[i]]
		words += int(letter &^ in)
		in = letter
	}
	return (words*6 + 5) / 10
}

// wordByte is 1 for the bytes indexedWords reads as part of a word: ASCII
// letters and digits, and every byte of a multi-byte character.
var wordByte = func() (t [256]uint8) {
	for c := range t {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80 {
			t[c] = 1
		}
	}
	return t
}()

// catalog is the in-memory copy of every entry.
type catalog struct {
	mu      sync.RWMutex
	byID    map[string]entry
	updated time.Time
	// words and titleWords sum the entries' estimates, for BM25's average
	// field lengths.
	words, titleWords int
	// lines counts the articles each sentence hash occurs in; nil until
	// the first SentenceRepeats (lineCount) builds it, so that opening an
	// index for a search or a digest does not pay for it.
	lines map[uint32]int32
	// newest is the newest publication time not after newestAt (the
	// chronicle.LastUndoubted it was found by), kept until the entries change
	// (newestOK) or the day does.
	newest   time.Time
	newestAt time.Time
	newestOK bool
	// dated holds the dated entries' publication times (Unix nanoseconds),
	// sorted, and undated counts the others; both are built by the first
	// split after the entries change (datedOK), for Retrieve's choice of
	// date filter.
	dated   []int64
	undated int
	datedOK bool
}

// Newest returns the publication time of the newest article not misdated
// on the index's clock (dated by chronicle.LastUndoubted, the end of
// tomorrow, UTC; one dated later is passed over); zero for an index without
// dated articles. It is the day an answer without an as-of day is given as
// of (answer.Answerer). Newest, Stats and Ahead all cut there: before, they
// cut at the end of today, and answers without --as-of left out a corpus's
// article dated tomorrow as misdated (helper 140).
func (ix *Index) Newest() time.Time {
	return ix.cat.newestBy(ix.opts.Now())
}

// Ahead counts the articles misdated on now (dated after
// chronicle.LastUndoubted(now)) and returns the latest of them (its ID and
// date), for bot index to warn of them and bot digest and timeline to say
// why no window reaches them: answers without an as-of day leave them out
// (Newest) until their day is tomorrow.
func (ix *Index) Ahead(now time.Time) (n int, id string, latest time.Time) {
	end := chronicle.LastUndoubted(now)
	c := &ix.cat
	c.mu.RLock()
	defer c.mu.RUnlock()
	for _, e := range c.byID {
		if p := e.Published; p.After(end) {
			n++
			if p.After(latest) || p.Equal(latest) && e.ID < id {
				id, latest = e.ID, p
			}
		}
	}
	return n, id, latest
}

// newestBy returns the newest publication time of an entry dated by
// chronicle.LastUndoubted(now) (an entry dated later is taken for
// misdated); zero when none is. It scans the entries once for a new day or
// after the article that was the newest left (dropNewest); apply keeps it
// otherwise.
func (c *catalog) newestBy(now time.Time) time.Time {
	end := chronicle.LastUndoubted(now)
	c.mu.RLock()
	if c.newestOK && c.newestAt.Equal(end) {
		defer c.mu.RUnlock()
		return c.newest
	}
	c.mu.RUnlock()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.newestOK && c.newestAt.Equal(end) {
		return c.newest // another caller scanned meanwhile
	}
	var newest time.Time
	for _, e := range c.byID {
		if p := e.Published; !p.IsZero() && !p.After(end) && p.After(newest) {
			newest = p
		}
	}
	c.newest, c.newestAt, c.newestOK = newest, end, true
	return newest
}

// lengths returns the document count and summed field lengths.
func (c *catalog) lengths() (docs, words, titleWords int) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.byID), c.words, c.titleWords
}

func (c *catalog) len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.byID)
}

func (c *catalog) get(id string) (entry, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	e, ok := c.byID[id]
	return e, ok
}

// apply records puts and deletes after they were committed to the store.
func (c *catalog) apply(put []entry, del []string, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, id := range del {
		if e, ok := c.byID[id]; ok {
			c.dropNewest(e)
			c.words -= e.Words
			c.titleWords -= e.TitleWords
			if c.lines != nil {
				countLines(c.lines, e.Lines, -1)
			}
			delete(c.byID, id)
		}
	}
	for _, e := range put {
		if old, ok := c.byID[e.ID]; ok {
			c.dropNewest(old)
			c.words -= old.Words
			c.titleWords -= old.TitleWords
			if c.lines != nil {
				countLines(c.lines, old.Lines, -1)
			}
		}
		c.byID[e.ID] = e
		if p := e.Published; c.newestOK && !p.IsZero() && !p.After(c.newestAt) && p.After(c.newest) {
			c.newest = p
		}
		c.words += e.Words
		c.titleWords += e.TitleWords
		if c.lines != nil {
			countLines(c.lines, e.Lines, 1)
		}
	}
	if len(put)+len(del) > 0 {
		c.updated = now
		c.datedOK, c.dated = false, nil
	}
}

// split counts the entries published by end (upTo), those published after
// it (after) and those an open date range cannot match (undated: no date,
// or one outside the range's reach, see bleveDated). The first call after the entries change
// sorts their publication times (2 ms for 16k entries); the others search
// them.
func (c *catalog) split(end time.Time) (upTo, after, undated int) {
	e := end.UnixNano()
	c.mu.RLock()
	if c.datedOK {
		defer c.mu.RUnlock()
		return c.count(e)
	}
	c.mu.RUnlock()
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.datedOK {
		c.dated, c.undated = make([]int64, 0, len(c.byID)), 0
		for _, en := range c.byID {
			if !bleveDated(en.Published) {
				c.undated++
				continue
			}
			c.dated = append(c.dated, en.Published.UnixNano())
		}
		slices.Sort(c.dated)
		c.datedOK = true
	}
	return c.count(e)
}

// count is split's count over the sorted times; the caller holds c.mu.
func (c *catalog) count(end int64) (upTo, after, undated int) {
	upTo, _ = slices.BinarySearch(c.dated, end+1)
	return upTo, len(c.dated) - upTo, c.undated
}

// dropNewest forgets the cached newest time when e, leaving the catalog,
// may have been the one that set it; a put of a newer article updates the
// cache in place (apply), so that a feed batch does not cost the next
// Newest a scan of every entry (11 ms on 256k) under the write lock.
func (c *catalog) dropNewest(e entry) {
	if c.newestOK && !e.Published.IsZero() && !e.Published.Before(c.newest) {
		c.newestOK = false
	}
}

// ids returns the IDs of every entry, sorted.
func (c *catalog) ids() []string {
	c.mu.RLock()
	out := make([]string, 0, len(c.byID))
	for id := range c.byID {
		out = append(out, id)
	}
	c.mu.RUnlock()
	slices.Sort(out)
	return out
}

// filter returns the entries that satisfy keep, newest first (undated last).
func (c *catalog) filter(keep func(entry) bool) []entry {
	c.mu.RLock()
	out := make([]entry, 0, 64)
	for _, e := range c.byID {
		if keep(e) {
			out = append(out, e)
		}
	}
	c.mu.RUnlock()
	slices.SortFunc(out, func(a, b entry) int {
		if c := b.Published.Compare(a.Published); c != 0 {
			return c
		}
		if a.ID < b.ID {
			return -1
		}
		return 1
	})
	return out
}

// loadCatalog reads the catalog bucket into memory; sizeHint is the number
// of entries expected (Bleve's document count).
func (ix *Index) loadCatalog(sizeHint int) error {
	// The hint comes from another file: a damaged one must not make a
	// huge map.
	m := make(map[string]entry, min(max(sizeHint, 1024), 1<<21))
	var updated time.Time
	var remade, unsummed []entry
	// openStore created the buckets; a read-only store cannot.
	err := ix.store.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketCatalog)
		if b == nil {
			return errors.New("the store has no catalog")
		}
		if v := tx.Bucket(bucketMeta).Get(keyUpdated); v != nil {
			_ = updated.UnmarshalText(v)
		}
		arts := tx.Bucket(bucketArticles)
		return b.ForEach(func(k, v []byte) error {
			e, err := decodeEntry(v)
			if err != nil {
				// The entry is made again from its stored article when
				// there is one; else the repair makes the catalog again.
				if e, err = remadeEntry(arts, k, err); err != nil {
					return err
				}
				remade = append(remade, e)
			} else if !hasEntrySum(v) {
				unsummed = append(unsummed, e)
			}
			// An entry of an earlier release may hold its date with the
			// offset it was given: read in UTC (decodeArticle).
			e.Published = e.Published.UTC()
			if e.ID == string(k) {
				m[e.ID] = e // the key's string is already there
			} else {
				m[string(k)] = e
			}
			return nil
		})
	})
	if err != nil {
		return err
	}
	if err := ix.saveRemade(remade, unsummed); err != nil {
		return err
	}
	if err := ix.addLines(m); err != nil {
		return fmt.Errorf("add sentence hashes to the catalog: %w", err)
	}
	ix.cat = catalog{byID: m, updated: updated}
	for _, e := range m {
		ix.cat.words += e.Words
		ix.cat.titleWords += e.TitleWords
	}
	return nil
}

// remadeEntry is the catalog entry of stored article id made again from
// it, for an entry that did not decode or match its checksum (why); an
// error when the store has no such article that decodes.
func remadeEntry(arts *bolt.Bucket, id []byte, why error) (entry, error) {
	var v []byte
	if arts != nil {
		v = arts.Get(id)
	}
	if v == nil {
		return entry{}, fmt.Errorf("entry %q: %w, and no article is stored under its ID", id, why)
	}
	a, err := decodeArticle(v)
	if err != nil {
		return entry{}, fmt.Errorf("entry %q: %w, and its stored article does not decode: %w", id, why, err)
	}
	a.ID = string(id)
	return entryOf(a), nil
}

// saveRemade writes the catalog entries loadCatalog made again from their
// stored articles, and says so in Repaired, and writes those of an earlier
// release again with their checksum (once; a read-only index only keeps
// them in memory).
func (ix *Index) saveRemade(remade, unsummed []entry) error {
	if len(remade)+len(unsummed) == 0 {
		return nil
	}
	if !ix.ReadOnly {
		err := ix.store.db.Update(func(tx *bolt.Tx) error {
			b := tx.Bucket(bucketCatalog)
			for _, e := range slices.Concat(remade, unsummed) {
				if err := putEntry(b, e); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("write the catalog entries again: %w", err)
		}
	}
	if len(remade) == 0 {
		return nil
	}
	const shown = 3
	var ids []string
	for _, e := range remade[:min(len(remade), shown)] {
		ids = append(ids, fmt.Sprintf("%q", e.ID))
	}
	if len(remade) > shown {
		ids = append(ids, fmt.Sprintf("and %d more", len(remade)-shown))
	}
	what := "entry"
	if len(remade) > 1 {
		what = "entries"
	}
	note := fmt.Sprintf("catalog: %d damaged %s (%s) made again from the stored articles; nothing was lost",
		len(remade), what, strings.Join(ids, ", "))
	ix.Repaired = strings.TrimPrefix(ix.Repaired+"; "+note, "; ")
	return nil
}

// addLines gives the entries of a catalog written before sentence hashes
// were kept their hashes, from the stored articles, and saves them (once;
// a read-only index goes without).
func (ix *Index) addLines(m map[string]entry) error {
	missing := false
	for _, e := range m {
		if e.Lines == nil && e.Words > 0 {
			missing = true
			break
		}
	}
	if !missing || ix.ReadOnly {
		return nil
	}
	return ix.store.db.Update(func(tx *bolt.Tx) error {
		cb := tx.Bucket(bucketCatalog)
		return tx.Bucket(bucketArticles).ForEach(func(k, v []byte) error {
			e, ok := m[string(k)]
			if !ok || e.Lines != nil {
				return nil
			}
			a, err := decodeArticle(v)
			if err != nil {
				return fmt.Errorf("decode article %q: %w", k, err)
			}
			e.Lines = linesOf(a)
			m[string(k)] = e
			ev, err := encodeEntry(e)
			if err != nil {
				return err
			}
			return cb.Put(k, ev)
		})
	})
}

// writeCatalog stores entries for put and removes del, in tx.
func writeCatalog(tx *bolt.Tx, put []entry, del []string, now time.Time) error {
	b := tx.Bucket(bucketCatalog)
	for _, id := range del {
		if err := b.Delete([]byte(id)); err != nil {
			return err
		}
	}
	for _, e := range put {
		if err := putEntry(b, e); err != nil {
			return err
		}
	}
	if len(put)+len(del) > 0 {
		ts, _ := now.UTC().MarshalText()
		return tx.Bucket(bucketMeta).Put(keyUpdated, ts)
	}
	return nil
}

// bleveDated reports whether a Bleve date range open at one end can match
// publication time t. Bleve leaves out the dates it cannot represent (before
// 1677-09-21 or after 2262-04-11), and such a range ends at the sortable bits
// of an infinite float (openStart, openEnd), 2^52 ns (52 days) inside those
// dates: it neither matches nor leaves out an article dated outside them, as
// for an undated one.
func bleveDated(t time.Time) bool {
	if t.IsZero() || t.Before(document.MinTimeRepresentable) || t.After(document.MaxTimeRepresentable) {
		return false
	}
	ns := t.UnixNano()
	return openStart <= ns && ns <= openEnd
}

// openStart and openEnd are the first and last Unix nanoseconds a Bleve
// date range open at its start or its end reaches: numeric.Float64ToInt64
// of -Inf and +Inf.
const (
	openStart = math.MinInt64 + 1<<52 - 1
	openEnd   = math.MaxInt64 - (1<<52 - 1)
)
