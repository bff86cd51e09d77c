package feed

import (
	"context"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

const (
	bucketMeta    = "meta"
	keyGeneration = "index-generation"
)

// syncGeneration compares the sink's index generation with the one the
// state file remembers. When they differ (the index was reset or rebuilt
// since, and may have lost the feed articles), the seen items,
// fingerprints and validators are forgotten, so this fetch takes every
// item still in the feeds again; the sink's Put is idempotent, so nothing
// doubles. It reports whether it forgot.
func (f *Fetcher) syncGeneration(ctx context.Context) (bool, error) {
	if f.opts.Generation == nil {
		return false, nil
	}
	gen, err := f.opts.Generation(ctx)
	if err != nil {
		return false, fmt.Errorf("read index generation: %w", err)
	}
	f.ingest.Lock()
	defer f.ingest.Unlock()
	forgot, err := f.store.resetFor(gen)
	if err != nil || !forgot {
		return false, err
	}
	f.mu.Lock()
	for _, st := range f.state {
		st.ETag, st.LastModified = "", ""
	}
	f.mu.Unlock()
	return true, nil
}

// resetFor records gen as the index generation; when another one was
// recorded it first clears the seen items, the fingerprints and every
// feed's validators (its health is kept).
func (s *store) resetFor(gen string) (bool, error) {
	forgot := false
	err := s.db.Update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucketIfNotExists([]byte(bucketMeta))
		if err != nil {
			return err
		}
		old := string(meta.Get([]byte(keyGeneration)))
		if old == gen {
			return nil
		}
		// A state file without a generation is new, or older than this
		// rule: its seen items cannot be trusted for this index either.
		for _, name := range []string{bucketSeen, bucketSigs} {
			if tx.Bucket([]byte(name)) != nil {
				if err := tx.DeleteBucket([]byte(name)); err != nil {
					return err
				}
			}
			if _, err := tx.CreateBucket([]byte(name)); err != nil {
				return err
			}
		}
		feeds := tx.Bucket([]byte(bucketFeeds))
		var states []struct {
			url string
			st  feedState
		}
		if feeds != nil {
			err := feeds.ForEach(func(k, v []byte) error {
				var st feedState
				if err := json.Unmarshal(v, &st); err != nil {
					return nil // a broken record is rewritten below without validators
				}
				states = append(states, struct {
					url string
					st  feedState
				}{string(k), st})
				return nil
			})
			if err != nil {
				return err
			}
			for _, x := range states {
				x.st.ETag, x.st.LastModified = "", ""
				if err := putFeed(tx, x.url, x.st); err != nil {
					return err
				}
			}
		}
		forgot = true
		return meta.Put([]byte(keyGeneration), []byte(gen))
	})
	if err != nil {
		return false, fmt.Errorf("reset feed state for a new index: %w", err)
	}
	if !forgot {
		return false, nil
	}
	s.mu.Lock()
	s.sigs = nil
	s.mu.Unlock()
	return forgot, nil
}
