package index

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"os"
	"slices"
	"strconv"
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
	oldSets map[string]tailIndex
	// chainSets caches chains.
	chainSets map[string]map[string][]string
	// before holds the IDs the index held before the sync (heldBefore),
	// built when first asked for.
	before func() map[string]bool
}

func newPathClaims(plan syncPlan) *pathClaims {
	c := &pathClaims{plan: plan, read: make(map[string]bool, len(plan.changed)), done: map[string]bool{}, before: knownIDsOnce(plan.known)}
	for _, f := range plan.changed {
		c.read[fileKey(f.Path)] = true
	}
	return c
}

// heldBefore reports whether an article had id before the sync: in the
// index, or in the index a rebuild replaces (syncPlan.owners).
func (c *pathClaims) heldBefore(id string) bool {
	_, claimed := c.plan.owners[id]
	return claimed || c.before()[id]
}

// file returns the corpus file of key that the sync reads.
func (c *pathClaims) file(key string) (corpus.File, bool) {
	i := slices.IndexFunc(c.plan.changed, func(f corpus.File) bool { return fileKey(f.Path) == key })
	if i < 0 {
		return corpus.File{}, false
	}
	return c.plan.changed[i], true
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
	cands := c.olds(key).matches(id)
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

// olds returns the IDs the index held from the file of key (oldIDs) by
// their ends after each folder, made when first asked for.
func (c *pathClaims) olds(key string) tailIndex {
	if c.oldSets == nil {
		c.oldSets = map[string]tailIndex{}
	}
	o, ok := c.oldSets[key]
	if !ok {
		o = newTailIndex(slices.Values(c.oldIDs(key)))
		c.oldSets[key] = o
	}
	return o
}

// tailIndex holds IDs as a set and by their ends after each folder
// ("x/export-1" and "export-1" of "a/x/export-1"), to find the IDs that
// name a record that another ID names from another root (matches).
type tailIndex struct {
	ids   map[string]bool
	tails map[string][]string
}

func newTailIndex(ids iter.Seq[string]) tailIndex {
	x := tailIndex{ids: map[string]bool{}, tails: map[string][]string{}}
	for id := range ids {
		x.ids[id] = true
		for t := range folderTails(id) {
			x.tails[t] = append(x.tails[t], id)
		}
	}
	return x
}

// matches returns the IDs of x that may name the record id names, from
// another root: id with folders before it, or without folders it has
// ("a/x/export-1" and "export-1" for "x/export-1"). An ID held twice is
// listed twice.
func (x tailIndex) matches(id string) []string {
	m := slices.Clone(x.tails[id])
	for t := range folderTails(id) {
		if x.ids[t] {
			m = append(m, t)
		}
	}
	return m
}

// folderTails yields the ends of id after each of its folders, the
// longest first: "x/export-1", then "export-1", of "a/x/export-1".
func folderTails(id string) iter.Seq[string] {
	return func(yield func(string) bool) {
		for rest := id; ; {
			i := strings.IndexByte(rest, '/')
			if i < 0 {
				return
			}
			rest = rest[i+1:]
			if !yield(rest) {
				return
			}
		}
	}
}

// earlierIDs is the warning of a file n of whose records kept the IDs
// they had (the first of them was, now is), because the IDs their path
// gives now are held by the file other (written as path is, pathLike).
func earlierIDs(path string, n int, was, now, other string) corpus.Problem {
	return corpus.Problem{Path: path, Reason: ReasonEarlierID,
		Detail: fmt.Sprintf("%s keep the IDs the index has them under (%q, ...): the IDs their path gives under the corpus paths now (%q, ...) "+
			"are those of another file's articles, kept from %s (outside these paths, or from before the paths changed); "+
			"bot index --rebuild --prune lets that file's articles go and gives this file its new IDs",
			recordsOf(n), was, now, other)}
}

// recordsOf says "1 of its records" or "n of its records".
func recordsOf(n int) string {
	if n == 1 {
		return "1 of its records"
	}
	return fmt.Sprintf("%d of its records", n)
}

// full returns the ID under which f (of key) indexes the record whose ID
// is id when another file's record has it, and both are kept:
//   - id is a path ID of f that another file's path gives too: the two
//     kinds of path IDs of one folder meet ("export-1.txt" and the numeric
//     id 1 of "export.jsonl", "a.txt" and "a.md"), and the second file's
//     record was refused as a duplicate. It takes its full path ID
//     (corpus.FullPathID).
//   - id is a path ID of f that is the own id of another file's record
//     ("a" of a.txt, and {"id": "a"} in x.jsonl; not one that file's path
//     gave under an earlier root, pathClaims.earlier). The own id is the
//     one its user chose, and keeps it; f's record, whose ID is only made
//     from its path, takes its full path ID, as above (and gives the ID
//     back when the record is read after it in the same sync: takeBack).
//   - id is the record's own id, in the form of the full path ID another
//     file's record has ("./a.txt"). It takes id with a number.
//
// A record's own id may have the form of a full path ID, so either takes
// the first of the IDs corpus.QualifiedID makes that no other article has
// ("./a.txt#2" when a record's own id is "./a.txt"). The file that holds
// id keeps it: one whose claim stands (owner), or a known file this sync
// reads after f that held it (so that the order of reading changes no ID).
// A record that has one of these IDs keeps it (no ID changes once given),
// and one that is no such case is left to the duplicate check. holder is
// the file that holds id, "" when the record keeps the ID it has.
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
	base, ok := corpus.FullPathID(f, id)
	of := corpus.File{Path: holder, Root: f.Root}
	switch {
	case ok:
		if holder != "" && !yieldsTo(f, id, holder) {
			holder = "" // a feed's, or one an earlier root gave: a duplicate, or an earlier ID
		}
	case strings.HasPrefix(id, "./"):
		base = id
		if holder != "" && !corpus.IsFullPathID(of, id) {
			holder = "" // two records' own ids: a duplicate
		}
	default:
		return "", "", false
	}
	if holder == "" && len(c.chains(key)[base]) == 0 {
		return "", "", false
	}
	full, kept := c.pick(key, base, owner, gave)
	switch {
	case kept:
		return full, "", full != id
	case holder == "":
		return "", "", false
	}
	return full, holder, true
}

// yieldsTo reports whether f, whose path gives id, takes its full path ID
// (pathClaims.full) because the file holder has id: holder's path gives it
// too (two files of one folder), or a record of holder has it as its own
// id. Not when id is a feed's, or one holder's path gave under an earlier
// root (pathClaims.earlier).
func yieldsTo(f corpus.File, id, holder string) bool {
	if corpus.PathID(corpus.File{Path: holder, Root: f.Root}, id) {
		return true
	}
	return !feedKey(holder) && !pathGave(holder, id)
}

// pick returns the ID of the record of the file of key whose full path ID
// (or own id) is base: of base and the IDs corpus.QualifiedID makes from
// it, the first the file had that no other file holds (kept), else the
// first that no file holds.
func (c *pathClaims) pick(key, base string, owner map[string]string, gave map[string]bool) (id string, kept bool) {
	free := func(id string) bool { return !gave[id] && c.takenBy(key, id, owner) == "" }
	for _, id := range c.chains(key)[base] {
		if free(id) {
			return id, true
		}
	}
	for n := 1; ; n++ {
		if id = corpus.QualifiedID(base, n); free(id) {
			return id, false
		}
	}
}

// takenBy returns the file other than key that holds id or keeps it in
// this sync (holder, heldBy), "" when none does.
func (c *pathClaims) takenBy(key, id string, owner map[string]string) string {
	if h, _ := c.holder(key, id, owner); h != "" && h != key {
		return h
	}
	if _, ok := owner[id]; ok {
		return "" // its own
	}
	if h := c.heldBy(id); h != key {
		return h
	}
	return ""
}

// chains returns the full path IDs the index held from the file of key
// (fullIDs) by the ID they were made from (corpus.QualifiedID): "./a.txt"
// and "./a.txt#2" under "./a.txt", the lowest number first; an ID that
// ends in "#" and a number is under itself too ("./export.jsonl#2", the
// full path ID of line 2).
func (c *pathClaims) chains(key string) map[string][]string {
	if c.chainSets == nil {
		c.chainSets = map[string]map[string][]string{}
	}
	ch, seen := c.chainSets[key]
	if seen {
		return ch
	}
	ch = map[string][]string{}
	for id := range c.fullIDs(key) {
		ch[id] = append(ch[id], id)
		if i := strings.LastIndexByte(id, '#'); i > 0 {
			if n, err := strconv.Atoi(id[i+1:]); err == nil && n > 1 && corpus.QualifiedID(id[:i], n) == id {
				ch[id[:i]] = append(ch[id[:i]], id)
			}
		}
	}
	for base, ids := range ch {
		slices.SortFunc(ids, func(a, b string) int { return cmp.Compare(qualifier(base, a), qualifier(base, b)) })
	}
	c.chainSets[key] = ch
	return ch
}

// qualifier returns the number corpus.QualifiedID put after base to make
// id: 1 for base itself.
func qualifier(base, id string) int {
	n, err := strconv.Atoi(strings.TrimPrefix(id, base+"#"))
	if id == base || err != nil {
		return 1
	}
	return n
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

// samePathID is the warning of the record of f at line whose ID id the
// file holder (written as f's path is, pathLike) has too
// (pathClaims.full): it is indexed as full. own says whether id is the own
// id of holder's record, not one its path gives.
func samePathID(f corpus.File, line int, id, holder, full string, own bool) corpus.Problem {
	var d string
	base, ok := corpus.FullPathID(f, id)
	held := fmt.Sprintf("%q is also the ID %s's path gives, and its article is indexed under it", id, holder)
	if own {
		held = fmt.Sprintf("%q, the ID this record's path gives, is the own id of a record of %s, which keeps the ID it was given", id, holder)
	}
	switch {
	case !ok:
		d = fmt.Sprintf("%q, this record's own id, is the ID of an article of %s, made from that file's path; this record is indexed as %q (its id with a number)", id, holder, full)
	case full == base:
		d = fmt.Sprintf("%s; this record is indexed as %q (its path with its extension)", held, full)
	default:
		d = fmt.Sprintf("%s; this record is indexed as %q (its path with its extension and a number: %q is another article's)", held, full, base)
	}
	return corpus.Problem{Path: f.Path, Line: line, Reason: corpus.ReasonSamePathID, Detail: d}
}
