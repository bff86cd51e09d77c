package corpus

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// File is one corpus file found under the configured paths.
type File struct {
	// Path is the file's path, as found (relative when the configured path
	// was relative).
	Path string
	// Root is the directory that the file's ID is relative to: the
	// deepest folder that holds the folders the configured paths name (a
	// folder, a file's folder, the folder before a glob's first pattern;
	// shareRoot), so that same-named files of two folders get two IDs.
	Root string
	// Within is the folder the file was found in (the folder walked, or a
	// glob match's folder): the file is opened through it, and a link that
	// leads out of it is not followed (ReasonLinkOutside). "" for a file
	// named itself as a corpus path, opened wherever its links lead.
	Within string
	// Size is the file size in bytes and ModTime its modification time, as
	// seen when the file was listed; callers use them to notice changes.
	Size    int64
	ModTime time.Time
}

// format is how a corpus file is parsed.
type format int

const (
	formatUnknown format = iota
	formatTXT
	formatMD
	formatJSON
	formatJSONL
)

// extensions maps lower-case file name endings to formats and whether the
// file is gzip-compressed. Longer endings come first.
var extensions = []struct {
	ext    string
	format format
	gzip   bool
}{
	{".jsonl.gz", formatJSONL, true},
	{".ndjson.gz", formatJSONL, true},
	{".json.gz", formatJSON, true},
	{".jsonl", formatJSONL, false},
	{".ndjson", formatJSONL, false},
	{".json", formatJSON, false},
	{".txt", formatTXT, false},
	{".text", formatTXT, false},
	{".md", formatMD, false},
	{".markdown", formatMD, false},
}

// formatOf returns the format of a file name, whether it is gzipped, and the
// length of its extension; formatUnknown when the extension is not known.
func formatOf(name string) (f format, gz bool, extLen int) {
	lower := strings.ToLower(name)
	for _, e := range extensions {
		if strings.HasSuffix(lower, e.ext) && len(lower) > len(e.ext) {
			return e.format, e.gzip, len(e.ext)
		}
	}
	return formatUnknown, false, 0
}

// docNames are file name stems (upper case) that hold documentation about a
// data set rather than articles; they are reported, not loaded, when met
// while walking a folder.
var docNames = []string{"README", "LICENSE", "LICENCE", "COPYING", "NOTICE", "CHANGELOG", "AUTHORS", "CONTRIBUTING"}

func isDocFile(name string) bool {
	stem := strings.ToUpper(name)
	if i := strings.IndexByte(stem, '.'); i >= 0 {
		stem = stem[:i]
	}
	for _, d := range docNames {
		if stem == d {
			return true
		}
	}
	// A data set's readme under another name ("ORIGINAL_README.TXT"); the
	// other names end news files' names too ("drivers-license.md",
	// "eviction-notice.md", helper 96), which were skipped.
	return strings.HasSuffix(stem, "_README") || strings.HasSuffix(stem, "-README")
}

// Files expands corpus paths into loadable files. A path may name a file, a
// folder (walked recursively) or a glob pattern. Within each path the files
// are sorted by name; the paths keep their given order, and a file reached
// twice is listed once. Hidden files and folders (names starting with ".")
// inside a folder or glob are skipped silently. Files with an unknown
// extension, documentation files (README, LICENSE, ...) inside folders and
// unreadable folders are reported as problems, and so are FIFOs, devices
// and sockets (also through symbolic links), which are never opened: a FIFO
// would block and a device such as /dev/zero never ends. A path that does not exist
// is an error (so that a typo never looks like an empty corpus), returned
// together with the files of the other paths; a glob matching nothing is only
// a warning.
func Files(paths []string) ([]File, []Problem, error) {
	var (
		files []File
		probs []Problem
		errs  []error
		seen  = make(map[string]bool)
	)
	for _, p := range paths {
		found, pp, err := expand(p)
		probs = append(probs, pp...)
		if err != nil {
			errs = append(errs, err)
		}
		sort.Slice(found, func(i, j int) bool { return found[i].Path < found[j].Path })
		for _, f := range found {
			key := filepath.Clean(f.Path)
			if abs, err := filepath.Abs(f.Path); err == nil {
				key = abs // "c" and "/data/c" name the same files
			}
			if !seen[key] {
				seen[key] = true
				files = append(files, f)
			}
		}
	}
	shareRoot(paths, files)
	return files, probs, errors.Join(errs...)
}

// shareRoot sets the Root of every file to the deepest folder that holds
// the folders the configured paths name (pathRoot): the IDs a file's path
// gives (a text file's, a numeric id's, a record's without one) are its
// path under that folder. Each file's
// root was the folder a path named, or the folder of a file named directly
// or matched by a glob, so that exports of the same name in two folders
// matched by a glob ("exports/*/export.jsonl"), named one by one, or under
// two configured folders gave the same IDs, and the second's articles were
// skipped as duplicates (helper 102). The root comes from the paths, not
// from the files found, so that a folder unmounted or a glob that matches
// one file more changes no other file's IDs. With one configured folder or
// file the IDs are as before.
func shareRoot(paths []string, files []File) {
	if len(paths) == 0 || len(files) == 0 {
		return
	}
	common := ""
	for _, p := range paths {
		abs, err := filepath.Abs(pathRoot(p))
		if err != nil {
			return // the IDs stay relative to each file's own root
		}
		if common == "" {
			common = abs
			continue
		}
		common = commonDir(common, abs)
	}
	for i := range files {
		files[i].Root = common
	}
}

// pathRoot is the folder a configured path names: the path of a folder,
// the folder of a file, and for a glob the folder before its first
// pattern ("exports" of "exports/*/export.jsonl").
func pathRoot(p string) string {
	info, err := os.Stat(p)
	switch {
	case err == nil && info.IsDir():
		return p // even with a pattern's letters in its name ("news [2024]"), as expand reads it
	case err == nil:
		return filepath.Dir(p)
	case strings.ContainsAny(p, "*?["):
		return globBase(p)
	case filepath.Ext(p) == "":
		return p
	}
	return filepath.Dir(p)
}

// commonDir is the deepest folder that holds both absolute, clean folders
// a and b: the longer is replaced by its parent until they meet (a folder
// that holds both is no longer than either), or until a parent is itself
// (two volumes).
func commonDir(a, b string) string {
	for a != b {
		if len(a) < len(b) {
			a, b = b, a
		}
		parent := filepath.Dir(a)
		if parent == a {
			return a
		}
		a = parent
	}
	return a
}

// globBase is the folder before a glob's first pattern ("exports" of
// "exports/*/export.jsonl"): the folder watched for it, which its matches
// may not lead out of.
func globBase(pattern string) string {
	dir := filepath.Dir(pattern)
	for strings.ContainsAny(dir, "*?[") {
		dir = filepath.Dir(dir)
	}
	return dir
}

// expand lists the files of one configured path.
func expand(p string) ([]File, []Problem, error) {
	info, err := os.Stat(p)
	switch {
	case err == nil && info.IsDir():
		return walk(p)
	case err == nil:
		if prob := notRegular(p, info.Mode()); prob != nil {
			return nil, []Problem{*prob}, nil
		}
		f, prob := fileEntry(p, filepath.Dir(p), info, false)
		return optional(f, prob)
	case strings.ContainsAny(p, "*?["):
		return expandGlob(p)
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil, fmt.Errorf("corpus path %q: %w", p, err)
	default:
		return nil, []Problem{readProblem(p, 0, err)}, nil
	}
}

// expandGlob lists the files matched by a glob pattern, walking matched
// folders. The folder a match's links may not lead out of (File.Within) is
// the glob's base, the folder watched for it, and not the match's folder:
// whoever can write in the base can make a folder link there
// ("exports/evil" to the bot's config folder), which the glob's wildcards
// follow ("exports/*/*.json"), as a matched folder that is a link is walked
// ("exports/*"); and a folder of a match swapped for such a link after the
// listing was opened through, as the file's own folder.
func expandGlob(pattern string) ([]File, []Problem, error) {
	matches, err := filepath.Glob(pattern)
	if err != nil {
		return nil, nil, fmt.Errorf("corpus pattern %q: %w", pattern, err)
	}
	if len(matches) == 0 {
		return nil, []Problem{{Path: pattern, Reason: ReasonNoMatch, Detail: "glob matched no files"}}, nil
	}
	var files []File
	var probs []Problem
	base := globBase(pattern)
	outside := leadsOutside(base)
	for _, m := range matches {
		if isHidden(filepath.Base(m)) {
			continue
		}
		info, err := os.Stat(m)
		if err != nil {
			probs = append(probs, readProblem(m, 0, err))
			continue
		}
		if info.IsDir() {
			if outside(m) {
				// What an index holds from below it is kept, until
				// --prune, as from a file link that leads outside.
				p := folderLink(m)
				p.Unfinished = true
				p.Detail += "; articles indexed from it before are kept until bot index --prune"
				probs = append(probs, p)
				continue
			}
			ff, pp, _ := walkWithin(m, base, outside)
			files, probs = append(files, ff...), append(probs, pp...)
			continue
		}
		if prob := notRegular(m, info.Mode()); prob != nil {
			probs = append(probs, *prob)
			continue
		}
		if outside(m) { // the match a link, or below one
			probs = append(probs, linkOutside(m))
			continue
		}
		f, prob := fileEntry(m, filepath.Dir(m), info, true)
		if f != nil {
			f.Within = base
		}
		files, probs = appendEntry(files, probs, f, prob)
	}
	return files, probs, nil
}

// walk lists the files under root recursively.
func walk(root string) ([]File, []Problem, error) { return walkWithin(root, root, leadsOutside(root)) }

// walkWithin lists the files under root, a folder in within (root itself,
// or a glob's base), recursively: links that lead out of within (outside,
// leadsOutside's test for it) are not followed.
func walkWithin(root, within string, outside func(path string) bool) ([]File, []Problem, error) {
	var files []File
	var probs []Problem
	// A corpus path that is itself a link to a folder (a corpus moved to
	// another disk and linked back) is the folder the user named: walked
	// from "link/", which the system follows. Links inside it are not.
	start := root
	if li, err := os.Lstat(root); err == nil && li.Mode()&fs.ModeSymlink != 0 {
		if fi, err := os.Stat(root); err == nil && fi.IsDir() {
			start = root + string(filepath.Separator)
		}
	}
	err := filepath.WalkDir(start, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			probs = append(probs, readProblem(path, 0, err))
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if path != start && isHidden(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		info, err := os.Stat(path) // follows symlinks to files
		if err != nil {
			p := readProblem(path, 0, err)
			if target, lerr := os.Readlink(path); lerr == nil && errors.Is(err, fs.ErrNotExist) {
				// Said as what it is: a volume not mounted for now, whose
				// articles the index keeps (helper 97: only "no such file").
				p.Detail = fmt.Sprintf("a link to %s, which does not exist (a volume not mounted?); the articles indexed from it are kept until --prune", target)
			}
			probs = append(probs, p)
			return nil
		}
		if info.IsDir() {
			// A symbolic link to a folder is not followed: it could loop
			// back, or lead out of the corpus. It is said, not skipped in
			// silence: a user who linked a folder in expects its files.
			probs = append(probs, folderLink(path))
			return nil
		}
		if prob := notRegular(path, info.Mode()); prob != nil {
			probs = append(probs, *prob) // FIFOs, devices, sockets: never opened
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 && outside(path) {
			probs = append(probs, linkOutside(path))
			return nil
		}
		f, prob := fileEntry(path, root, info, true)
		if f != nil {
			f.Within = within
		}
		files, probs = appendEntry(files, probs, f, prob)
		return nil
	})
	return files, probs, err
}

// leadsOutside returns the test of whether a path found in folder leads
// (through every link on the way) to a file outside folder, which it
// resolves once for all the paths of a walk or a glob. A path (or a
// folder) that cannot be resolved does not: reading it says why.
func leadsOutside(folder string) func(path string) bool {
	base, baseErr := resolved(folder)
	return func(path string) bool {
		if baseErr != nil {
			return false
		}
		target, err := resolved(path)
		if err != nil {
			return false
		}
		_, inside := below(base, target)
		return !inside
	}
}

// resolved is p's absolute path without links. Absolute, so that a
// relative folder ("--corpus corpus") and an absolute link's target are
// compared: filepath.EvalSymlinks keeps a relative path relative, and no
// relative path leads from it to an absolute one (an absolute link that
// stayed inside was taken for one leading outside).
func resolved(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	return filepath.EvalSymlinks(abs)
}

// below returns target's path relative to base, and whether target lies
// inside base; both are paths without links.
func below(base, target string) (string, bool) {
	rel, err := filepath.Rel(base, target)
	if err != nil || !filepath.IsLocal(rel) {
		return "", false
	}
	return rel, true
}

// folderLink is the problem of a symbolic link to a folder, which is not
// walked.
func folderLink(path string) Problem {
	return Problem{Path: path, Reason: ReasonFolderLink, Skipped: true,
		Detail: "a symbolic link to a folder is not followed; give the folder itself as a --corpus path to index it"}
}

// linkOutside is the problem of a file link that leads out of its folder.
// The target is not named: it is no business of whoever reads the report.
func linkOutside(path string) Problem {
	return Problem{Path: path, Reason: ReasonLinkOutside, Skipped: true, Unfinished: true,
		Detail: "a link to a file outside its corpus folder is not followed (whoever can write in the folder could have any file the bot can read indexed and quoted); " +
			"give the file itself as a --corpus path to index it; articles indexed from it before are kept until bot index --prune"}
}

// fileEntry makes the File for a regular file, or the problem that keeps it
// out of the corpus.
func fileEntry(path, root string, info fs.FileInfo, inFolder bool) (*File, *Problem) {
	if f, _, _ := formatOf(info.Name()); f == formatUnknown {
		return nil, &Problem{Path: path, Reason: ReasonUnknownExt, Detail: "not .txt, .md, .json, .jsonl or .jsonl.gz", Skipped: true}
	}
	if inFolder && isDocFile(info.Name()) {
		return nil, &Problem{Path: path, Reason: ReasonNotArticle, Detail: "looks like a data set's documentation; name the file directly to load it", Skipped: true}
	}
	return &File{Path: path, Root: root, Size: info.Size(), ModTime: info.ModTime()}, nil
}

func appendEntry(files []File, probs []Problem, f *File, p *Problem) ([]File, []Problem) {
	if f != nil {
		files = append(files, *f)
	}
	if p != nil {
		probs = append(probs, *p)
	}
	return files, probs
}

func optional(f *File, p *Problem) ([]File, []Problem, error) {
	files, probs := appendEntry(nil, nil, f, p)
	return files, probs, nil
}

func isHidden(name string) bool {
	return strings.HasPrefix(name, ".") && name != "." && name != ".."
}
