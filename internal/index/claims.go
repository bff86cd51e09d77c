package index

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"

	"github.com/chronicle-bot/chronicle/internal/corpus"
)

// ReasonEarlierID is the warning of a file some of whose records keep the
// IDs the index has them under, because the IDs their path gives now are
// another file's (pathClaims.earlier).
const ReasonEarlierID = "earlier ID kept"

// pathClaims settles, during one sync, an ID a file's path gives (a text
// file's, a numeric id's, a record's without one) that another file holds.
// Such IDs are paths under the folder that holds the corpus paths, so when
// that folder changes (corpus/ configured as corpus/a, or the other way) a
// file's new IDs can be the IDs another file's articles are indexed under:
// corpus/a/x/export.jsonl gives "x/export-1", which corpus/x/export.jsonl
// gave before. The other file may be outside the paths now (its articles
// are kept until --prune), gone from outside them (kept too), or, in a
// rebuild, not read at all (carried over). The file that changed took the
// ID (the other's article replaced, or let go by the rebuild) or had its
// rows refused as duplicates and its own articles removed. It now keeps
// the ID it held for that record instead (earlier).
type pathClaims struct {
	plan syncPlan
	// read are the files this sync reads.
	read map[string]bool
	// vanished maps the IDs of the vanished files (syncPlan.vanished) to
	// their file; byFile the IDs of each file of the index a rebuild
	// replaces (syncPlan.owners). Both are built when first asked for.
	vanished map[string]string
	byFile   map[string][]string
	// exists caches whether a file is there (os.Lstat).
	exists map[string]bool
	// held maps the IDs of the known files this sync reads again to
	// their file (built when first asked for); done are the files read.
	held map[string]string
	done map[string]bool
	// fulls caches fullIDs, oldSets olds.
	fulls   map[string]map[string]bool
	oldSets map[string]oldSet
}

func newPathClaims(plan syncPlan) *pathClaims {
	c := &pathClaims{plan: plan, read: make(map[string]bool, len(plan.changed)), done: map[string]bool{}}
	for _, f := range plan.changed {
		c.read[fileKey(f.Path)] = true
	}
	return c
}

// holder returns the file other than key that holds id: the claim of a
// file the sync does not read again (owner), or one that claims nothing
// against a file but keeps its articles all the same: a vanished file
// outside the paths, and in a rebuild a file of the old index it does not
// read (carried over, unless it was deleted from a configured path).
// claims says whether the holder's claim refuses the ID to another file:
// an owner's does, and so does, in a rebuild, that of a file that is still
// there, as a sync keeps it. "" when no other file holds id.
func (c *pathClaims) holder(key, id string, owner map[string]string) (h string, claims bool) {
	if o, ok := owner[id]; ok {
		return o, o != key
	}
	if c.plan.prune {
		return "", false // what other files held goes
	}
	if len(c.plan.vanished) > 0 {
		if c.vanished == nil {
			c.vanished = map[string]string{}
			for k := range c.plan.vanished {
				for _, v := range c.plan.known[k].IDs {
					c.vanished[v] = k
				}
			}
		}
		if v, ok := c.vanished[id]; ok && v != key {
			return v, false
		}
	}
	o, ok := c.plan.owners[id]
	if !ok || o == key || c.read[o] || feedKey(o) {
		return "", false
	}
	if covered := coveredBy(c.plan.cfg, o) != nil; covered && !c.there(o) {
		return "", false // gone from a configured path: its articles go
	}
	return o, c.there(o)
}

// oldIDs returns the IDs the index held from the file of key: its record,
// and in a rebuild those the index it replaces held (syncPlan.owners).
func (c *pathClaims) oldIDs(key string) []string {
	old := c.plan.known[key].IDs
	if len(c.plan.owners) == 0 {
		return old
	}
	if c.byFile == nil {
		c.byFile = map[string][]string{}
		for v, k := range c.plan.owners {
			c.byFile[k] = append(c.byFile[k], v)
		}
	}
	return append(old[:len(old):len(old)], c.byFile[key]...)
}

// there reports whether the file of key is there (os.Lstat finds it).
func (c *pathClaims) there(key string) bool {
	if c.exists == nil {
		c.exists = map[string]bool{}
	}
	ok, seen := c.exists[key]
	if !seen {
		_, err := os.Lstat(key)
		ok = !errors.Is(err, fs.ErrNotExist)
		c.exists[key] = ok
	}
	return ok
}

// earlier returns the ID the file of key held for the record whose path ID
// is id, when the index holds it under another ID that names the same
// record from another root: with folders before it or without them
// ("a/x/export-1" for "x/export-1"), as renamedIn pairs them. It must be
// the only such ID, and no other file's, nor given by f already (given).
func (c *pathClaims) earlier(key, id string, owner map[string]string, given map[string]bool) (string, bool) {
	o := c.olds(key)
	cands := slices.Clone(o.tails[id])             // with folders before it
	for i := strings.IndexByte(id, '/'); i >= 0; { // without folders it has
		if o.ids[id[i+1:]] {
			cands = append(cands, id[i+1:])
		}
		j := strings.IndexByte(id[i+1:], '/')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	slices.Sort(cands)
	if cands = slices.Compact(cands); len(cands) != 1 {
		return "", false // none, or two records it may be: neither for sure
	}
	found := cands[0]
	if given[found] {
		return "", false
	}
	if h, ok := owner[found]; ok && h != key {
		return "", false
	}
	return found, true
}

// oldSet is the IDs the index held from a file (oldIDs), as a set and by
// their ends after each folder ("x/export-1" and "export-1" of
// "a/x/export-1").
type oldSet struct {
	ids   map[string]bool
	tails map[string][]string
}

// olds returns the oldSet of the file of key, made when first asked for.
func (c *pathClaims) olds(key string) oldSet {
	if c.oldSets == nil {
		c.oldSets = map[string]oldSet{}
	}
	o, ok := c.oldSets[key]
	if ok {
		return o
	}
	o = oldSet{ids: map[string]bool{}, tails: map[string][]string{}}
	for _, p := range c.oldIDs(key) {
		o.ids[p] = true
		for i := strings.IndexByte(p, '/'); i >= 0; {
			o.tails[p[i+1:]] = append(o.tails[p[i+1:]], p)
			j := strings.IndexByte(p[i+1:], '/')
			if j < 0 {
				break
			}
			i += 1 + j
		}
	}
	c.oldSets[key] = o
	return o
}

// earlierIDs is the warning of a file n of whose records kept the IDs
// they had (the first of them was, now is), because the IDs their path
// gives now are held by the file of key.
func earlierIDs(path string, n int, was, now, key string) corpus.Problem {
	return corpus.Problem{Path: path, Reason: ReasonEarlierID,
		Detail: fmt.Sprintf("%s keep the IDs the index has them under (%q, ...): the IDs their path gives under the corpus paths now (%q, ...) "+
			"are those of another file's articles, kept from %s (outside these paths, or from before the paths changed); "+
			"bot index --rebuild --prune lets that file's articles go and gives this file its new IDs",
			recordsOf(n), was, now, key)}
}

// recordsOf says "1 of its records" or "n of its records".
func recordsOf(n int) string {
	if n == 1 {
		return "1 of its records"
	}
	return fmt.Sprintf("%d of its records", n)
}

// full returns the ID under which f (of key) indexes the record whose path
// ID is id when another file's path gives that ID too (corpus.FullPathID):
// the two kinds of path IDs of one folder meet ("export-1.txt" and the
// numeric id 1 of "export.jsonl", "a.txt" and "a.md"), and the second
// file's record was refused as a duplicate. The file that holds id keeps
// it: one whose claim stands (owner), or a known file this sync reads
// after f that held it (so that the order of reading changes no ID). A
// record that has its full ID keeps it (no ID changes once given), and
// one that is no path ID, or whose full ID another file holds, is left to
// the duplicate check. holder is the file that holds id.
func (c *pathClaims) full(f corpus.File, key, id string, owner map[string]string, gave map[string]bool) (full, holder string, ok bool) {
	holder, ok = owner[id]
	if !ok {
		holder = c.heldBy(id)
	}
	if holder == key {
		holder = ""
	}
	has := c.fullIDs(key)
	if holder == "" && len(has) == 0 {
		return "", "", false // the common case, told without a path
	}
	full, ok = corpus.FullPathID(f, id)
	if !ok || gave[full] {
		return "", "", false
	}
	if o, taken := owner[full]; taken && o != key {
		return "", "", false
	}
	if has[full] {
		return full, "", true // it has it
	}
	if holder == "" || !corpus.PathID(corpus.File{Path: holder, Root: f.Root}, id) {
		return "", "", false
	}
	return full, holder, true
}

// fullIDs returns the full path IDs (those that start with "./") the index
// held from the file of key, nil when none.
func (c *pathClaims) fullIDs(key string) map[string]bool {
	if c.fulls == nil {
		c.fulls = map[string]map[string]bool{}
	}
	has, seen := c.fulls[key]
	if !seen {
		for _, id := range c.oldIDs(key) {
			if strings.HasPrefix(id, "./") {
				if has == nil {
					has = map[string]bool{}
				}
				has[id] = true
			}
		}
		c.fulls[key] = has
	}
	return has
}

// heldBy returns the known file not read yet by this sync that held id,
// or "".
func (c *pathClaims) heldBy(id string) string {
	if c.held == nil {
		c.held = map[string]string{}
		for key := range c.read {
			for _, v := range c.plan.known[key].IDs {
				c.held[v] = key
			}
		}
	}
	if h := c.held[id]; !c.done[h] {
		return h
	}
	return ""
}

// samePathID is the warning of the record of path at line whose path ID
// id the file of holder gives too: it is indexed as full.
func samePathID(path string, line int, id, holder, full string) corpus.Problem {
	return corpus.Problem{Path: path, Line: line, Reason: corpus.ReasonSamePathID,
		Detail: fmt.Sprintf("%q is also the ID %s's path gives, and its article is indexed under it; this record is indexed as %q (its path with its extension)", id, holder, full)}
}
