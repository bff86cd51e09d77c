package index

import (
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/corpus"
)

// contentMoves finds, as a sync reads the files new to the index, the
// articles of its gone files that they give under new IDs, by content: a
// file of path IDs renamed ("export.jsonl" to "export-2024.jsonl") gives
// every record it kept under a new ID. keepMoved then judges that file as
// the gone file's successor, as it judges one that gives the same IDs: the
// records a rename and cut in one run lost went, whatever the cut, where
// the same cut in place keeps them with a warning.
type contentMoves struct {
	twins map[string]string // a gone article's content -> its ID (goneContent)
	known func() map[string]bool
	found *finds
}

// newContentMoves returns the finder of the articles of plan's gone files,
// nil when there are none to find (a sync that prunes keeps nothing of a
// gone file). known gives the IDs the index holds.
func (ix *Index) newContentMoves(plan syncPlan, known func() map[string]bool) *contentMoves {
	if plan.prune || len(plan.gone) == 0 {
		return nil
	}
	twins := plan.twins()
	if len(twins) == 0 {
		return nil
	}
	return &contentMoves{twins: twins, known: known, found: newFinds()}
}

// goneContent returns, for the articles of the gone files (keys of known)
// that hold a sentence long enough to hash, the ID by content
// (contentOf): built once for a sync, whose plan (movedIDs) and reading
// (contentMoves) both ask for it.
func (ix *Index) goneContent(known map[string]fileRecord, gone []string) func() map[string]string {
	var twins map[string]string
	return func() map[string]string {
		if twins != nil {
			return twins
		}
		leaving := map[string]bool{}
		for _, key := range gone {
			if key == recoveredOrigin {
				continue
			}
			for _, id := range known[key].IDs {
				leaving[id] = true
			}
		}
		twins = ix.contentOf(leaving)
		if twins == nil {
			twins = map[string]string{}
		}
		return twins
	}
}

// see looks at an article a file new to the index (key) gives.
func (m *contentMoves) see(key string, a chronicle.Article) {
	if m == nil || m.known()[a.ID] {
		return
	}
	if was, ok := m.twins[articleContent(a)]; ok {
		m.found.add(was, key, a.ID)
	}
}

// givenBy returns the new file that gives the gone article id under a new
// ID.
func (m *contentMoves) givenBy(id string) (string, bool) {
	if m == nil {
		return "", false
	}
	return m.found.by(id)
}

// rekey says that the article a new file gives under the ID was now has
// the ID id (takeBack).
func (m *contentMoves) rekey(was, id string) {
	if m == nil || !m.found.fresh[was] {
		return
	}
	delete(m.found.fresh, was)
	m.found.fresh[id] = true
	for g, as := range m.found.as {
		if as == was {
			m.found.as[g] = id
		}
	}
}

// changed reports whether the gone article id was found under a new ID by
// its record, and so changed as it moved (finds.pairEdited).
func (m *contentMoves) changed(id string) bool { return m != nil && m.found.edited[id] }

// pairEdited pairs, once every file is read, the articles of each gone
// file that no file gives, by ID or content, with the records of its
// renamed copy that name the same records (finds.pairEdited). owner says
// which file gives an ID, and read what each file read gives.
func (m *contentMoves) pairEdited(plan syncPlan, owner map[string]string, read map[string]*readFile) {
	if m == nil || len(m.found.file) == 0 {
		return
	}
	for _, g := range plan.gone {
		if g != recoveredOrigin {
			m.found.pairEdited(g, plan.known[g].IDs, func(id string) bool { _, ok := owner[id]; return ok },
				func(k string) []string { return read[k].rec.IDs }, m.known)
		}
	}
}

// finds are the articles of gone files found under new IDs: by their
// content (a renamed file of path IDs gives every record it kept under a
// new ID), or by the record their IDs name (pairEdited). A sync's plan
// (movedIDs) and reading (contentMoves) and a rebuild (foundByContent)
// find them alike.
type finds struct {
	file  map[string]string // a gone article's ID -> the file that gives it under a new ID
	as    map[string]string // a gone article's ID -> that new ID
	fresh map[string]bool   // the new IDs
	// edited holds the gone IDs found by their record, not their content:
	// changed as they moved.
	edited map[string]bool
}

func newFinds() *finds {
	return &finds{file: map[string]string{}, as: map[string]string{}, fresh: map[string]bool{}, edited: map[string]bool{}}
}

// add records that the file of key gives the gone article was under id,
// unless a file was found for it already, and reports whether it did.
func (f *finds) add(was, key, id string) bool {
	if _, dup := f.file[was]; dup {
		return false
	}
	f.file[was], f.as[was], f.fresh[id] = key, id, true
	return true
}

// by returns the file that gives the gone article id under a new ID.
func (f *finds) by(id string) (string, bool) {
	key, ok := f.file[id]
	return key, ok
}

// pairEdited finds, of the ids of the gone file of key, those that no
// file gives, by their ID (taken) or by their content, under the IDs that
// name the same records in its successor: of the files that give some of
// ids under new IDs, the one that gives the most (successor; gives lists
// the IDs a file gives). A renamed export gives "export-2024-7" for the
// numeric id 7 that gave "export-7", and "export-2024#7" for the line 7
// that gave "export#7": its row edited in the run that renamed it was
// taken for an article gone and a new one, where the same edit in place
// is an update, and it made a cut an edit (as renamedPairs pairs by the
// record, not by the text, when the corpus paths change: helper 104).
// The records found by content say how the names go (recordShift): rows
// cut above a line move the lines below it up, all alike. A new ID is
// paired once, and only one new to the index (known) and not found by
// content.
func (f *finds) pairEdited(key string, ids []string, taken func(id string) bool, gives func(key string) []string, known func() map[string]bool) {
	succ, rest := successor(ids, f.by, taken, func(string) bool { return false })
	if succ == "" || len(rest) == 0 {
		return
	}
	var pairs [][2]string // the records found by content, as named in key and in succ
	for _, id := range ids {
		if k, ok := f.file[id]; ok && k == succ {
			r, ok := recordOf(key, id)
			s, same := recordOf(succ, f.as[id])
			if !ok || !same {
				return
			}
			pairs = append(pairs, [2]string{r, s})
		}
	}
	shift, ok := recordShift(pairs)
	if !ok {
		return // renumbered, or reordered
	}
	records := map[string]string{} // a record the successor names -> its new ID
	for _, id := range gives(succ) {
		if r, ok := recordOf(succ, id); ok && !f.fresh[id] && !known()[id] {
			records[r] = id
		}
	}
	for _, id := range rest {
		r, ok := recordOf(key, id)
		if n, line := lineOf(r); line {
			r = "#" + strconv.Itoa(n-shift)
		}
		if to, has := records[r]; ok && has {
			delete(records, r)
			f.add(id, succ, to)
			f.edited[id] = true
		}
	}
}

// recordShift returns how many lines up the rows of a file moved, from
// pairs of the names of its records found by content (recordOf), in the
// gone file and in its successor: each pair names one record alike ("-7"
// and "-7": a numeric id), or lines alike apart ("#31" and "#1": the first
// 30 rows cut), and all lines as far apart. ok is false when they do not.
func recordShift(pairs [][2]string) (shift int, ok bool) {
	seen := false
	for _, p := range pairs {
		was, wl := lineOf(p[0])
		now, nl := lineOf(p[1])
		switch {
		case wl && nl && (!seen || was-now == shift):
			shift, seen = was-now, true
		case wl || nl || p[0] != p[1]:
			return 0, false
		}
	}
	return shift, true
}

// lineOf returns the line of the record named r (recordOf) when r names
// one by its line alone ("#12").
func lineOf(r string) (int, bool) {
	n, err := strconv.Atoi(strings.TrimPrefix(r, "#"))
	return n, err == nil && strings.HasPrefix(r, "#") && n > 0
}

// recordOf returns the record of the file of key that id names when its
// path gave id: what follows the file's name without its extension ("-7"
// of "2024-03/export-7" for export.jsonl, "#12" of its line 12). A whole
// file's ID (a text file's) names none.
func recordOf(key, id string) (string, bool) {
	f := corpus.File{Path: key, Root: filepath.Dir(key)}
	full, ok := corpus.FullPathID(f, id[strings.LastIndexByte(id, '/')+1:])
	r, cut := strings.CutPrefix(full, "./"+filepath.Base(key))
	return r, ok && cut && r != ""
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
// a new ID, found by content as contentMoves finds them in a sync. known
// gives the IDs of src.
func (ix *Index) foundByContent(src *Index, lost map[string]bool, now, old map[string]fileRecord,
	known func() map[string]bool) *finds {
	found := newFinds()
	twins := src.contentOf(lost)
	if len(twins) == 0 {
		return found
	}
	keys := make([]string, 0, len(now))
	for key := range now {
		if _, was := old[key]; !was {
			keys = append(keys, key)
		}
	}
	slices.Sort(keys)
	for _, key := range keys {
		for _, id := range now[key].IDs {
			if known()[id] {
				continue
			}
			if was, ok := ix.twinOf(twins, id); ok {
				found.add(was, key, id)
			}
		}
	}
	return found
}
