package index

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// SyncOptions say how far a Sync may go in removing articles.
//
// By default a Sync removes an article only when its file is gone from a
// path that is still configured, and refuses (with ErrRemovalRefused)
// a sync that would remove more than RemovalShare of the index or every
// article of a configured path: an unmounted folder or a mistyped glob
// looks exactly like that, and the articles would be lost.
type SyncOptions struct {
	// Prune removes what the default keeps: articles from files outside
	// the configured paths, and removals beyond the safety limits.
	Prune bool
	// NoRemove removes nothing at all: articles whose file is gone are
	// kept and counted in SyncReport.Missing (bot serve at start-up).
	NoRemove bool
	// KeepRefused, where a removal is refused (past the limits, or a path
	// emptied), keeps the gone files' articles as NoRemove does (counted in
	// SyncReport.Missing) and syncs the rest, instead of returning the
	// refusal: SyncReport.Refusal holds it (bot serve's syncs after the
	// first: new files are indexed while a folder is unmounted).
	KeepRefused bool
	// Verify checks every stored article against its checksum first: the
	// files of the damaged ones are read again, which stores them whole
	// (SyncReport.Damaged). Searches find damage too, but only in the
	// articles they read (bot index and bot serve's start-up sync verify).
	Verify bool
	// owners are the files that held each article ID in the index a
	// rebuild replaces (by ID, the file's key): such a file, when this sync
	// reads it, keeps the ID against a file read before it, as a sync of
	// that index would have kept it (an unchanged file keeps its claim).
	owners map[string]string
}

// Safety limits of a Sync without Prune.
const (
	// RemovalShare is the largest share of the index a Sync removes
	// without Prune...
	RemovalShare = 0.05
	// ...once it removes more than removalFloor articles, so that deleting
	// a file from a small corpus needs no flag.
	removalFloor = 20
	// maxIDBytes bounds an article ID (bbolt refuses keys over 32 KiB).
	maxIDBytes = 1024
)

// ErrRemovalRefused is returned (wrapped, with the cause) by a Sync that
// would remove more articles than the safety limits allow.
var ErrRemovalRefused = errors.New("refused to remove articles")

// keySources is the meta key of the configured paths the index was synced
// from, with the time of their last sync.
var keySources = []byte("sources")

// configured is one configured corpus path, made absolute.
type configured struct {
	given string // as configured
	abs   string
	kind  pathKind
}

type pathKind int

const (
	kindFile pathKind = iota
	kindDir
	kindGlob
)

func configuredPaths(paths []string) []configured {
	out := make([]configured, 0, len(paths))
	for _, p := range paths {
		abs := fileKey(p)
		c := configured{given: p, abs: abs, kind: kindFile}
		if info, err := os.Stat(p); err == nil && info.IsDir() {
			c.kind = kindDir
		} else if err != nil && strings.ContainsAny(p, "*?[") {
			c.kind = kindGlob
		}
		out = append(out, c)
	}
	return out
}

// covers reports whether a file key (an absolute path) belongs to c: it is
// the file c names, lies under the folder c names, or is matched by c's
// glob (directly or through a folder the glob matches).
func (c configured) covers(key string) bool {
	switch c.kind {
	case kindDir:
		return strings.HasPrefix(key, c.abs+string(filepath.Separator))
	case kindGlob:
		for p := key; ; {
			if ok, _ := filepath.Match(c.abs, p); ok {
				return true
			}
			parent := filepath.Dir(p)
			if parent == p {
				return false
			}
			p = parent
		}
	default:
		return key == c.abs
	}
}

// coveredBy returns the first configured path covering key, or nil.
func coveredBy(cfg []configured, key string) *configured {
	for i := range cfg {
		if cfg[i].covers(key) {
			return &cfg[i]
		}
	}
	return nil
}

// removalPlan decides which gone file records a Sync removes, which it
// keeps, and whether it must refuse.
type removalPlan struct {
	gone []string // file keys whose articles are removed
	// kept counts the articles of files outside the configured paths;
	// missing those of files gone from a configured path but kept
	// (NoRemove).
	kept, missing int
	// removing is how many articles the gone files hold; overLimit says
	// that it is past the removal limit (RemovalShare of the index), which
	// the sync refuses unless the changed files give most of them again
	// (a folder renamed inside a configured path: planSync, movedIDs).
	removing, total int
	overLimit       bool
	// emptied are the configured paths that hold no files now.
	emptied []emptiedPath
}

// planRemovals applies the rule of SyncOptions to the known file records
// that were not found by this sync. total is the size of the index.
func planRemovals(cfg []configured, known map[string]fileRecord, present map[string]bool,
	total int, opts SyncOptions) removalPlan {
	var plan removalPlan
	before := make(map[string]int) // articles per configured path
	after := make(map[string]int)  // files found now per configured path
	for key := range present {
		if c := coveredBy(cfg, key); c != nil {
			after[c.given]++
		}
	}
	removing := 0
	for key, r := range known {
		if strings.HasPrefix(key, originPrefix) {
			continue
		}
		c := coveredBy(cfg, key)
		if c != nil {
			before[c.given] += len(r.IDs)
		}
		if present[key] {
			continue
		}
		switch {
		case c == nil && !opts.Prune:
			plan.kept += len(r.IDs)
		case opts.NoRemove:
			plan.missing += len(r.IDs)
		default:
			plan.gone = append(plan.gone, key)
			removing += len(r.IDs)
		}
	}
	sort.Strings(plan.gone)
	if opts.Prune || removing == 0 {
		return plan
	}
	for _, c := range cfg {
		if before[c.given] > 0 && after[c.given] == 0 {
			e := emptiedPath{given: c.given, articles: before[c.given]}
			for _, key := range plan.gone {
				if cc := coveredBy(cfg, key); cc != nil && cc.given == c.given {
					e.gone = append(e.gone, key)
				}
			}
			plan.emptied = append(plan.emptied, e)
		}
	}
	plan.removing = removing
	plan.total = total
	plan.overLimit = overRemovalLimit(removing, total)
	return plan
}

// emptiedPath is a configured path that holds no files now, though
// articles came from it: an unmounted folder, or files moved elsewhere.
type emptiedPath struct {
	given    string
	articles int
	gone     []string // the file keys under it that are gone
}

// stay counts the articles of a gone file that a sync does not remove:
// moved, those a file read now gives; kept, those no file gives that its
// moved copy keeps (judgeMove).
type stay struct{ moved, kept int }

// refused says whether the removals may go ahead, or why not (an error
// that wraps ErrRemovalRefused), given how many articles of each gone file
// stay (stays). A path that holds no files now is refused unless every
// article of its gone files stays (its files were moved to another
// configured path); past the removal limit, only the articles that do not
// stay count. what is "sync" or "rebuild": what is refused, and whose
// --prune the message names.
//
// unread are the new files (ones the index did not know) that could not
// be read to their end, each "path: why": a gone file's moved copy may be
// one of them, and the message names them before it names --prune, which
// would let the articles go.
func (p removalPlan) refused(stays func(key string) stay, what string, unread []string) error {
	prune := "bot index --prune"
	if what == "rebuild" {
		prune = "bot index --rebuild --prune"
	}
	if n := len(unread); n > 0 {
		files, one := "a new file could not be read to its end", "it is"
		if n > 1 {
			files, one = fmt.Sprintf("%d new files could not be read to their end", n), "one is"
		}
		list := strings.Join(unread[:min(n, 3)], "; ")
		if n > 3 {
			list += fmt.Sprintf("; and %d more", n-3)
		}
		prune = fmt.Sprintf("%s; but first: %s (%s): if %s a moved copy of a gone file, "+
			"mend it and run bot index again, which finds its articles", prune, files, list, one)
	}
	sum := func(keys []string) (st stay) {
		for _, key := range keys {
			s := stays(key)
			st.moved += s.moved
			st.kept += s.kept
		}
		return st
	}
	for _, e := range p.emptied {
		st := sum(e.gone)
		if st.moved+st.kept >= e.articles {
			continue
		}
		return fmt.Errorf("%w: corpus path %q holds no files now, but %d indexed articles came from it "+
			"(an unmounted folder or a moved corpus?%s); if the files are gone for good, run %s",
			ErrRemovalRefused, e.given, e.articles, st.also("; ", "of them", ""), prune)
	}
	if !p.overLimit {
		return nil
	}
	st := sum(p.gone)
	if left := p.removing - st.moved - st.kept; overRemovalLimit(left, p.total) {
		return fmt.Errorf("%w: this %s would remove %d of %d articles (more than %.0f%%) because their files are gone%s; "+
			"if that is intended, run %s", ErrRemovalRefused, what, left, p.total, RemovalShare*100, st.also(" (another ", "of the gone files' articles", ")"), prune)
	}
	return nil
}

// also says how many articles stay, between open and close, or "" for none:
// "50 of them are in other files now, and 30 are kept by their moved copy"
// (of is "of them").
func (st stay) also(open, of, close string) string {
	var parts []string
	if st.moved > 0 {
		parts = append(parts, fmt.Sprintf("%d %s are in other files now", st.moved, of))
	}
	if st.kept > 0 {
		parts = append(parts, fmt.Sprintf("%d are kept by their moved copy", st.kept))
	}
	if len(parts) == 0 {
		return ""
	}
	return open + strings.Join(parts, ", and ") + close
}

// checked reports whether refused must be asked: a path emptied, or the
// removal limit passed.
func (p removalPlan) checked() bool { return p.overLimit || len(p.emptied) > 0 }

// overRemovalLimit reports whether removing articles of an index of total
// is more than a sync does without --prune.
func overRemovalLimit(removing, total int) bool {
	return removing > removalFloor && float64(removing) > RemovalShare*float64(total)
}

// recordSources remembers the configured paths of a sync in the store.
func (ix *Index) recordSources(cfg []configured) error {
	srcs, err := ix.Sources()
	if err != nil {
		srcs = map[string]time.Time{}
	}
	now := ix.opts.Now().UTC()
	for _, c := range cfg {
		srcs[c.abs] = now
	}
	v, err := json.Marshal(srcs)
	if err != nil {
		return err
	}
	return ix.store.setMeta(keySources, v)
}

// Sources returns the corpus paths (absolute) the index has been synced
// from, each with the time of its last sync.
func (ix *Index) Sources() (map[string]time.Time, error) {
	out := map[string]time.Time{}
	v, err := ix.store.meta(keySources)
	if err != nil || v == "" {
		return out, err
	}
	if err := json.Unmarshal([]byte(v), &out); err != nil {
		return map[string]time.Time{}, fmt.Errorf("decode index sources: %w", err)
	}
	return out, nil
}

// checkID says why an article ID cannot be stored, or "" when it can.
func checkID(id string) string {
	switch {
	case id == "":
		return "empty article ID"
	case len(id) > maxIDBytes:
		return fmt.Sprintf("article ID of %d bytes (at most %d)", len(id), maxIDBytes)
	}
	return ""
}

// keyGeneration is the meta key of the index's generation.
var keyGeneration = []byte("generation")

// Generation returns a random name given to this index when it was first
// asked for one; a reset or rebuilt index has a new one. Feeds compare it
// with the one they remember, to put their items again into an index that
// may have lost them.
func (ix *Index) Generation(ctx context.Context) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	v, err := ix.store.meta(keyGeneration)
	if err != nil || v != "" || ix.ReadOnly {
		return v, err
	}
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	if v, err := ix.store.meta(keyGeneration); err != nil || v != "" {
		return v, err
	}
	var b [12]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("make index generation: %w", err)
	}
	gen := hex.EncodeToString(b[:])
	if err := ix.store.setMeta(keyGeneration, []byte(gen)); err != nil {
		return "", fmt.Errorf("record index generation: %w", err)
	}
	return gen, nil
}
