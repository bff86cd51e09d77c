package corpus

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// Loader loads corpus files within its Limits. The zero Loader uses
// DefaultLimits.
type Loader struct {
	// Limits bound the bytes read per file and kept per article, title and
	// ID; zero fields take their defaults.
	Limits Limits
}

// Load is Loader{}.Load: it loads paths with the default limits.
func Load(ctx context.Context, paths []string) ([]chronicle.Article, Report, error) {
	return Loader{}.Load(ctx, paths)
}

// LoadFile is Loader{}.LoadFile: it loads one file with the default limits.
func LoadFile(ctx context.Context, f File) ([]chronicle.Article, []Problem, error) {
	return Loader{}.LoadFile(ctx, f)
}

// Load lists the files under paths (see Files), loads each (see LoadFile)
// and drops articles whose ID was already loaded from an earlier file: the
// first wins, later ones are reported as "duplicate ID". An ID the paths of
// both files give ("export-1.txt" and the numeric id 1 of "export.jsonl")
// is no duplicate: the later record takes its full path ID (FullPathID),
// with a warning, or, when a record's own id is that ID, the ID with a
// number (QualifiedID), as does a record whose own id is the full path ID
// an earlier record took. Files are parsed
// concurrently; the result is in file order. The error is non-nil when a
// configured path does not exist (the other paths are still loaded) or when
// ctx is cancelled.
func (ld Loader) Load(ctx context.Context, paths []string) ([]chronicle.Article, Report, error) {
	files, probs, pathErr := Files(paths)
	rep := Report{Files: len(files), Problems: probs}

	type loaded struct {
		arts  []chronicle.Article
		lines []int // the line of each of arts
		probs []Problem
	}
	out := make([]loaded, len(files))
	sem := make(chan struct{}, max(1, runtime.GOMAXPROCS(0)))
	var wg sync.WaitGroup
	for i, f := range files {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			arts, lines, pp, _ := ld.load(ctx, f, nil)
			out[i] = loaded{arts, lines, pp}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, rep, err
	}

	var arts []chronicle.Article
	// Both places are named, so that the user can tell which record to
	// keep without searching either file.
	type place struct {
		path string
		line int
	}
	first := make(map[string]place)
	for fi, l := range out {
		rep.Problems = append(rep.Problems, l.probs...)
		for i, a := range l.arts {
			p, dup := first[a.ID]
			if dup {
				taken := func(id string) bool { _, ok := first[id]; return ok }
				if id, detail, ok := samePathID(files[fi], a.ID, at(p.path, p.line), File{Path: p.path, Root: files[fi].Root}, taken); ok {
					rep.Problems = append(rep.Problems, Problem{Path: a.Path, Line: l.lines[i], Reason: ReasonSamePathID, Detail: detail})
					a.ID = id
					a.Hash = Hash(a)
					p, dup = place{}, false
				}
			}
			if dup {
				rep.Problems = append(rep.Problems, Problem{Path: a.Path, Line: l.lines[i], Reason: ReasonDuplicateID,
					Detail: fmt.Sprintf("%q first seen at %s", a.ID, at(p.path, p.line)), Skipped: true})
				continue
			}
			first[a.ID] = place{a.Path, l.lines[i]}
			arts = append(arts, a)
		}
	}
	rep.Loaded = len(arts)
	return arts, rep, pathErr
}

// LoadFile parses one file into articles; the format follows the extension.
// Bad records become problems and are skipped without stopping the rest;
// a bad file (empty, binary, unreadable, not a regular file) gives no
// articles and one problem. A FIFO, device or socket is never read. Input
// beyond the Limits is cut or skipped as Limits describes, so memory stays
// bounded whatever the file holds. Articles repeating an ID seen earlier in
// the file are skipped as "duplicate ID". Every article has Path and Hash
// set. The error is non-nil only when ctx is cancelled.
func (ld Loader) LoadFile(ctx context.Context, f File) ([]chronicle.Article, []Problem, error) {
	arts, _, probs, err := ld.load(ctx, f, nil)
	return arts, probs, err
}

// load is LoadFile, handing articles to emit as they come when it is set
// (see fileLoader.emit); what is left is returned, with the line of each
// article's record (0 for an article that is a whole file).
func (ld Loader) load(ctx context.Context, f File, emit func([]chronicle.Article, []int) bool) (arts []chronicle.Article, lines []int, probs []Problem, err error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, nil, err
	}
	kind, gz, extLen := formatOf(filepath.Base(f.Path))
	l := newFileLoader(f, extLen, ld.Limits.withDefaults())
	l.emit = emit
	if kind == formatUnknown {
		l.problem(0, ReasonUnknownExt, "not .txt, .md, .json, .jsonl or .jsonl.gz", true)
		return nil, nil, l.probs, nil
	}
	file, prob := openRegular(f)
	if prob != nil {
		return nil, nil, []Problem{*prob}, nil
	}
	defer file.Close()
	r := reader(file)
	switch kind {
	case formatJSONL:
		err = l.loadJSONL(ctx, r, gz)
	case formatJSON:
		err = l.loadJSON(ctx, r, gz)
	default:
		l.loadText(r, kind)
	}
	l.noArticles()
	return l.arts, l.lines, l.probs, err
}

// StreamFile is Loader{}.StreamFile.
func StreamFile(ctx context.Context, f File, fn func(arts []chronicle.Article, lines []int) error) ([]Problem, error) {
	return Loader{}.StreamFile(ctx, f, fn)
}

// StreamFile loads one file as LoadFile does, but hands its articles to fn
// in turns of about streamBytes of text instead of returning them all, so
// that a large file is never held whole: a 256 MB file of long articles
// would otherwise sit in memory beside everything built from it. The
// problems come back at the end. fn also gets the line of each article's
// record (0 for an article that is a whole file), for its own reports. When
// fn returns an error, reading stops and StreamFile returns that error.
func (ld Loader) StreamFile(ctx context.Context, f File, fn func(arts []chronicle.Article, lines []int) error) ([]Problem, error) {
	var fnErr error
	emit := func(arts []chronicle.Article, lines []int) bool {
		if fnErr == nil {
			fnErr = fn(arts, lines)
		}
		return fnErr == nil
	}
	rest, lines, probs, err := ld.load(ctx, f, emit)
	if err == nil && fnErr == nil && len(rest) > 0 {
		emit(rest, lines)
	}
	if fnErr != nil {
		return probs, fnErr
	}
	return probs, err
}

// streamBytes is the text StreamFile gathers before handing it on.
const streamBytes = 4 << 20

// fileLoader collects the articles and problems of one file.
type fileLoader struct {
	o    origin
	seen map[string]int // ID -> line of its first record
	// same maps the content (sameKey) of each record without an ID of its
	// own to its line.
	same  map[string]int
	arts  []chronicle.Article
	lines []int // the line of each of arts
	probs []Problem
	// stopped is set once MaxFileArticles articles are loaded and a record
	// more came, or once emit refused more: the rest of the file is not
	// read.
	stopped bool
	// kept counts the articles kept, handed on by emit or still in arts.
	kept int
	// emit, when set, takes arts whenever they hold streamBytes of text
	// (pending); it returns false to stop reading.
	emit    func([]chronicle.Article, []int) bool
	pending int
}

// full reports whether the file's article limit stopped reading.
func (l *fileLoader) full() bool { return l.stopped }

func newFileLoader(f File, extLen int, lim Limits) *fileLoader {
	return &fileLoader{
		o: origin{
			f:       f,
			relStem: relStem(f, extLen),
			lim:     lim,
		},
		seen: make(map[string]int),
		same: make(map[string]int),
	}
}

// sameKey is a's content hash without its ID: equal for two records that
// differ only in the line that named them.
func sameKey(a chronicle.Article) string {
	a.ID = ""
	return Hash(a)
}

// relStem is f's path under its root without its extension (of extLen
// bytes), with forward slashes: what the IDs its path gives start with.
func relStem(f File, extLen int) string {
	base := filepath.Base(f.Path)
	rel, err := filepath.Rel(f.Root, f.Path)
	if err != nil && f.Root != "" {
		// A shared root is absolute (Files), the path may not be.
		if abs, aerr := filepath.Abs(f.Path); aerr == nil {
			rel, err = filepath.Rel(f.Root, abs)
		}
	}
	if err != nil || f.Root == "" || strings.HasPrefix(rel, "..") {
		rel = base
	}
	rel = filepath.ToSlash(rel)
	return rel[:len(rel)-extLen]
}

// PathID reports whether id has the form of an ID that f's path gives (a
// text file's, a numeric id's, a record's without one: "2024-03/export",
// "2024-03/export-1", "2024-03/export#12"), for a hint: a record's own
// string id may have that form too.
func PathID(f File, id string) bool {
	_, _, extLen := formatOf(filepath.Base(f.Path))
	stem := relStem(f, extLen)
	rest, ok := strings.CutPrefix(id, stem)
	return ok && (rest == "" || strings.HasPrefix(rest, "-") || strings.HasPrefix(rest, "#"))
}

// FullPathID returns, for an ID that f's path gives (PathID), the same ID
// made from f's path with its extension and "./" before it: "./export-1.txt"
// for "export-1" of "export-1.txt", "./export.jsonl-1" for the numeric id 1
// of "export.jsonl", "./export.jsonl#2" for its line 2. The path IDs of two
// files of one folder can be the same ("export-1.txt" and the numeric id 1
// of "export.jsonl", "a.txt" and "a.md"); such an ID is no path ID of any
// file (a path under the root never starts with "./"), nor the full path ID
// of another file or record, so the second file's record takes it (the
// index keeps the plain ID with the file that holds it). A record's own
// string id may be one too ("./a.txt"): the record that comes second then
// takes it with a number (QualifiedID). ok is false when id is no path ID
// of f.
func FullPathID(f File, id string) (full string, ok bool) {
	if !PathID(f, id) {
		return "", false
	}
	_, _, extLen := formatOf(filepath.Base(f.Path))
	rel := relStem(f, 0)
	stem := rel[:len(rel)-extLen]
	return "./" + rel + id[len(stem):], true
}

// IsFullPathID reports whether id has the form of a full path ID of f
// (FullPathID), or of one with a number after it (QualifiedID): "./" and
// f's path with its extension, then nothing, or "-" or "#" and more.
func IsFullPathID(f File, id string) bool {
	rest, ok := strings.CutPrefix(id, "./"+relStem(f, 0))
	return ok && (rest == "" || rest[0] == '-' || rest[0] == '#')
}

// QualifiedID returns the nth ID made from the full path ID full
// (FullPathID) for a record that cannot take it because another article
// has it: full itself for n 1, else full, "#" and n ("./a.txt#2"). A
// record's own string id may have the form of a full path ID ("./a.txt"),
// so the record given one takes the first of these no other article has.
func QualifiedID(full string, n int) string {
	if n <= 1 {
		return full
	}
	return full + "#" + strconv.Itoa(n)
}

// samePathID returns the ID Load gives the record of f whose ID id the
// record at place, of file holder, has already, and the warning's detail,
// when both are kept: the paths of both files give id (two files of one
// folder), and the record takes its full path ID; or id is the record's
// own id, in the form of the full path ID holder's record was given
// (FullPathID), and the record takes it with a number. Either takes the
// first of QualifiedID's IDs that is not taken. ok is false when the
// record is a duplicate.
func samePathID(f File, id, place string, holder File, taken func(string) bool) (got, detail string, ok bool) {
	base, ok := FullPathID(f, id)
	switch {
	case ok && PathID(holder, id):
		detail = fmt.Sprintf("%q is also the ID %s gives", id, place)
	case !ok && IsFullPathID(holder, id):
		base = id
		detail = fmt.Sprintf("%q, this record's own id, is the ID of the record at %s, made from that file's path", id, place)
	default:
		return "", "", false
	}
	got = base
	for n := 2; taken(got); n++ {
		got = QualifiedID(base, n)
	}
	detail += fmt.Sprintf("; this record is loaded as %q", got)
	switch {
	case base == id:
		detail += " (its id with a number)"
	case got == base:
		detail += " (its path with its extension)"
	default:
		detail += fmt.Sprintf(" (its path with its extension and a number: %q is another record's)", base)
	}
	return got, detail, true
}

func (l *fileLoader) problem(line int, reason, detail string, skipped bool) {
	l.note(Problem{Path: l.o.f.Path, Line: line, Reason: reason, Detail: detail, Skipped: skipped})
}

// maxFileProblems is how many problems of the records of one file are
// listed one by one; past it, each further problem is counted in the first
// listed one of its reason (Problem.More), or becomes that one. A file of
// ten million malformed lines (a 260 KB gzip can hold them) kept ten
// million problems, 380 bytes each: gigabytes, and an out-of-memory crash
// (helper 73). `bot index` shows 20 of them, and all with --verbose.
const maxFileProblems = 1000

// note records a problem of a record of the file, within maxFileProblems.
func (l *fileLoader) note(p Problem) { l.probs = Note(l.probs, p) }

// Note appends p to probs, the problems of the records of one file, and
// returns the slice: the first maxFileProblems are listed one by one, and
// each further one is counted (More) in the last listed one of its reason
// past that bound, or becomes it. Whoever reports problems per record of a
// file (the loader, an index's sync) lists them through Note, so that a
// file of millions of bad records costs counts, not millions of problems.
func Note(probs []Problem, p Problem) []Problem {
	if len(probs) < maxFileProblems {
		return append(probs, p)
	}
	for i := len(probs) - 1; i >= maxFileProblems-1; i-- {
		q := &probs[i]
		if q.Reason == p.Reason && q.Skipped == p.Skipped && q.Unfinished == p.Unfinished {
			q.More++
			return probs
		}
	}
	return append(probs, p)
}

// unfinished records a problem that ends reading the file before its end
// (Problem.Unfinished).
func (l *fileLoader) unfinished(line int, reason, detail string) {
	l.probs = append(l.probs, Problem{Path: l.o.f.Path, Line: line, Reason: reason, Detail: detail, Skipped: true, Unfinished: true})
}

// add keeps a parsed record unless it is skipped or repeats an ID.
func (l *fileLoader) add(r result) {
	if l.full() {
		return
	}
	if l.kept == l.o.lim.MaxFileArticles {
		l.unfinished(r.line, ReasonTooManyRecords, fmt.Sprintf("more than %d articles; reading stopped at line %d, the rest of the file is skipped", l.o.lim.MaxFileArticles, r.line))
		l.stopped = true
		return
	}
	if r.skip != nil {
		l.note(*r.skip)
		return
	}
	a := r.article
	if first, dup := l.seen[a.ID]; dup {
		l.problem(r.line, ReasonDuplicateID, fmt.Sprintf("%q first seen at line %d", a.ID, first), true)
		return
	}
	if r.byLine {
		// The same record again is the same article, under another line's
		// ID: 345 KB of gzipped copies of one line made 600,000 articles
		// and a gigabyte of memory (helper 107).
		k := sameKey(a)
		if first, dup := l.same[k]; dup {
			l.problem(r.line, ReasonSameRecord, fmt.Sprintf("the same record as line %d, which is kept", first), true)
			return
		}
		l.same[k] = r.line
	}
	l.seen[a.ID] = r.line
	for _, w := range r.warns {
		l.note(w)
	}
	a.Path = l.o.f.Path
	l.arts = append(l.arts, a)
	l.lines = append(l.lines, r.line)
	l.kept++
	if l.emit == nil {
		return
	}
	l.pending += a.TextBytes()
	if l.pending >= streamBytes {
		if !l.emit(l.arts, l.lines) {
			l.stopped = true
		}
		l.arts, l.lines, l.pending = nil, nil, 0
	}
}

// noArticles replaces the per-record "no text" problems of a file in which
// no record at all has text (say, a file of quiz questions kept beside the
// articles) with one problem for the file.
func (l *fileLoader) noArticles() {
	n := 0
	for _, p := range l.probs {
		if p.Reason != ReasonNoText {
			return
		}
		n += p.Count()
	}
	if l.kept > 0 || n < 2 {
		return
	}
	l.probs = []Problem{{Path: l.o.f.Path, Reason: ReasonNoArticles, Skipped: true,
		Detail: fmt.Sprintf("none of its %d records has text (text, body, content, description or summary)", n)}}
}

// Hash returns a content hash of the article: hex SHA-256 (first 16 bytes)
// over every field except Path and Hash. LoadFile sets it on every article;
// the index compares hashes to find changed articles.
func Hash(a chronicle.Article) string {
	h := sha256.New()
	pub := ""
	if !a.Published.IsZero() {
		pub = a.Published.UTC().Format(time.RFC3339Nano)
	}
	for _, s := range []string{a.ID, a.Title, a.Source, a.URL, pub} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	for _, p := range a.Paragraphs {
		h.Write([]byte(p.Heading))
		h.Write([]byte{0x1f})
		h.Write([]byte(p.Text))
		h.Write([]byte{0x1e})
	}
	var sum [sha256.Size]byte
	return hex.EncodeToString(h.Sum(sum[:0])[:16])
}

// at names a place in a corpus file as a Problem does: "path:line", or
// the path alone for line 0 (the whole file).
func at(path string, line int) string {
	if line == 0 {
		return path
	}
	return fmt.Sprintf("%s:%d", path, line)
}
