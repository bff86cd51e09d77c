package index

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
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
}

func newPathClaims(plan syncPlan) *pathClaims {
	c := &pathClaims{plan: plan, read: make(map[string]bool, len(plan.changed))}
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

// earlier returns the ID file f (of key) held for the record whose path ID
// is id, when the index holds it under another ID that names the same
// record from another root: with folders before it or without them
// ("a/x/export-1" for "x/export-1"), as renamedIn pairs them. It must be
// the only such ID, and no other file's, nor given by f already (given).
func (c *pathClaims) earlier(f corpus.File, key, id string, owner map[string]string, given map[string]bool) (string, bool) {
	old := c.plan.known[key].IDs
	if len(c.plan.owners) > 0 {
		if c.byFile == nil {
			c.byFile = map[string][]string{}
			for v, k := range c.plan.owners {
				c.byFile[k] = append(c.byFile[k], v)
			}
		}
		old = append(old[:len(old):len(old)], c.byFile[key]...)
	}
	found := ""
	for _, p := range old {
		if p == id || !strings.HasSuffix(p, "/"+id) && !strings.HasSuffix(id, "/"+p) {
			continue
		}
		if found != "" && found != p {
			return "", false // two records it may be: neither for sure
		}
		found = p
	}
	if found == "" || given[found] {
		return "", false
	}
	if o, ok := owner[found]; ok && o != key {
		return "", false
	}
	return found, true
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
