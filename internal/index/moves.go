package index

import (
	"slices"

	"github.com/chronicle-bot/chronicle"
)

// contentMoves finds, as a sync reads the files new to the index, the
// articles of its gone files that they give under new IDs, by content: a
// file of path IDs renamed ("export.jsonl" to "export-2024.jsonl") gives
// every record it kept under a new ID. keepMoved then judges that file as
// the gone file's successor, as it judges one that gives the same IDs: the
// records a rename and cut in one run lost went, whatever the cut, where
// the same cut in place keeps them with a warning.
type contentMoves struct {
	twins map[string]string // a gone article's content -> its ID (contentOf)
	known func() map[string]bool
	// found maps a gone article's ID to the new file that gives it under
	// a new ID; fresh holds those new IDs.
	found map[string]string
	fresh map[string]bool
}

// newContentMoves returns the finder of the articles of plan's gone files,
// nil when there are none to find (a sync that prunes keeps nothing of a
// gone file). known gives the IDs the index holds.
func (ix *Index) newContentMoves(plan syncPlan, known func() map[string]bool) *contentMoves {
	if plan.prune || len(plan.gone) == 0 {
		return nil
	}
	leaving := map[string]bool{}
	for _, key := range plan.gone {
		if key == recoveredOrigin {
			continue
		}
		for _, id := range plan.known[key].IDs {
			leaving[id] = true
		}
	}
	twins := ix.contentOf(leaving)
	if len(twins) == 0 {
		return nil
	}
	return &contentMoves{twins: twins, known: known, found: map[string]string{}, fresh: map[string]bool{}}
}

// see looks at an article a file new to the index (key) gives.
func (m *contentMoves) see(key string, a chronicle.Article) {
	if m == nil || m.known()[a.ID] {
		return
	}
	if was, ok := m.twins[articleContent(a)]; ok && m.found[was] == "" {
		m.found[was] = key
		m.fresh[a.ID] = true
	}
}

// givenBy returns the new file that gives the gone article id under a new
// ID.
func (m *contentMoves) givenBy(id string) (string, bool) {
	if m == nil {
		return "", false
	}
	key, ok := m.found[id]
	return key, ok
}

// withFound returns known with the new IDs of fresh added: articles the
// index held under other IDs, which are no new articles (keepLeaving).
func withFound(known func() map[string]bool, fresh map[string]bool) func() map[string]bool {
	if len(fresh) == 0 {
		return known
	}
	var all map[string]bool
	return func() map[string]bool {
		if all == nil {
			all = make(map[string]bool, len(known())+len(fresh))
			for id := range known() {
				all[id] = true
			}
			for id := range fresh {
				all[id] = true
			}
		}
		return all
	}
}

// foundByContent returns, for a rebuild (ix, the new index, holding now;
// src the index it replaces, whose files were old), the articles of lost
// (IDs of src that no file of ix gives) that a file new to src gives under
// a new ID, found by content as contentMoves finds them in a sync: the ID
// in src -> the file, and the new IDs. known gives the IDs of src.
func (ix *Index) foundByContent(src *Index, lost map[string]bool, now, old map[string]fileRecord,
	known func() map[string]bool) (map[string]string, map[string]bool) {
	twins := src.contentOf(lost)
	if len(twins) == 0 {
		return nil, nil
	}
	keys := make([]string, 0, len(now))
	for key := range now {
		if _, was := old[key]; !was {
			keys = append(keys, key)
		}
	}
	slices.Sort(keys)
	found, fresh := map[string]string{}, map[string]bool{}
	for _, key := range keys {
		for _, id := range now[key].IDs {
			if known()[id] {
				continue
			}
			if was, ok := ix.twinOf(twins, id); ok && found[was] == "" {
				found[was] = key
				fresh[id] = true
			}
		}
	}
	return found, fresh
}
