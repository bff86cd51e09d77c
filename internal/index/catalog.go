package index

import (
	"encoding/json"
	"slices"
	"sync"
	"time"

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
}

func entryOf(a chronicle.Article) entry {
	return entry{ID: a.ID, Title: a.Title, Source: a.Source, URL: a.URL, Published: a.Published}
}

// catalog is the in-memory copy of every entry.
type catalog struct {
	mu      sync.RWMutex
	byID    map[string]entry
	updated time.Time
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
func (c *catalog) apply(put []chronicle.Article, del []string, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, id := range del {
		delete(c.byID, id)
	}
	for _, a := range put {
		c.byID[a.ID] = entryOf(a)
	}
	if len(put)+len(del) > 0 {
		c.updated = now
	}
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

// loadCatalog reads the catalog bucket into memory.
func (ix *Index) loadCatalog() error {
	m := make(map[string]entry, 1024)
	var updated time.Time
	err := ix.store.db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketCatalog)
		if err != nil {
			return err
		}
		if v := tx.Bucket(bucketMeta).Get(keyUpdated); v != nil {
			_ = updated.UnmarshalText(v)
		}
		return b.ForEach(func(k, v []byte) error {
			var e entry
			if err := json.Unmarshal(v, &e); err != nil {
				return err
			}
			m[string(k)] = e
			return nil
		})
	})
	if err != nil {
		return err
	}
	ix.cat = catalog{byID: m, updated: updated}
	return nil
}

// writeCatalog stores entries for put and removes del, in tx.
func writeCatalog(tx *bolt.Tx, put []chronicle.Article, del []string, now time.Time) error {
	b := tx.Bucket(bucketCatalog)
	for _, id := range del {
		if err := b.Delete([]byte(id)); err != nil {
			return err
		}
	}
	for _, a := range put {
		v, err := json.Marshal(entryOf(a))
		if err != nil {
			return err
		}
		if err := b.Put([]byte(a.ID), v); err != nil {
			return err
		}
	}
	if len(put)+len(del) > 0 {
		ts, _ := now.UTC().MarshalText()
		return tx.Bucket(bucketMeta).Put(keyUpdated, ts)
	}
	return nil
}
