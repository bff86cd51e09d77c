package watch

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// target is one configured corpus path.
type target struct {
	path string // cleaned absolute path or pattern
	glob bool
}

// newTargets cleans and classifies the configured paths.
func newTargets(paths []string) []target {
	out := make([]target, 0, len(paths))
	for _, p := range paths {
		if p == "" {
			continue
		}
		if abs, err := filepath.Abs(p); err == nil {
			p = abs
		}
		out = append(out, target{path: filepath.Clean(p), glob: hasMeta(p)})
	}
	return out
}

func hasMeta(p string) bool { return strings.ContainsAny(p, `*?[`) }

// root is a directory to watch: recursively (with every subdirectory, also
// those created later) or only itself.
type root struct {
	dir       string
	recursive bool
}

// roots returns the directories to watch for t: a directory recursively; a
// glob's static prefix (the directories before the first pattern element)
// recursively; a single file, or a path that does not exist yet, through its
// parent directory alone. A directory watched recursively is also watched
// through its parent, alone, so that when it is removed and made again or
// another folder is renamed onto its name (which ends the old watch), the
// new one is seen and watched.
func (t target) roots() []root {
	dir := t.base()
	if !t.glob {
		if fi, err := os.Stat(t.path); err != nil || !fi.IsDir() {
			return []root{{dir: filepath.Dir(t.path)}}
		}
	}
	return []root{{dir: dir, recursive: true}, {dir: filepath.Dir(dir)}}
}

// base is t's path as configured, or a glob's static prefix: the folder a
// link is followed at (Watcher.configuredDir).
func (t target) base() string {
	if t.glob {
		return staticPrefix(t.path)
	}
	return t.path
}

// staticPrefix is the directory part of pattern before any element with a
// pattern character.
func staticPrefix(pattern string) string {
	dir := pattern
	for hasMeta(dir) {
		dir = filepath.Dir(dir)
	}
	return dir
}

// covers reports whether a change at name can affect t: name is t's path or
// below it, or (for a glob) name or one of its parent directories matches.
func (t target) covers(name string) bool {
	if !t.glob {
		return name == t.path || within(name, t.path)
	}
	for p := name; ; p = filepath.Dir(p) {
		if ok, _ := filepath.Match(t.path, p); ok {
			return true
		}
		if parent := filepath.Dir(p); parent == p {
			return false
		}
	}
}

// within reports whether name lies strictly below dir.
func within(name, dir string) bool {
	rel, err := filepath.Rel(dir, name)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// ignored reports whether name is an editor's or a tool's scratch file,
// whose changes alone need no sync: dot files, backups and swap files.
func ignored(name string) bool {
	base := filepath.Base(name)
	return strings.HasPrefix(base, ".") || strings.HasSuffix(base, "~") ||
		strings.HasSuffix(base, ".swp") || strings.HasSuffix(base, ".tmp")
}

// walkDirs calls add for dir and every directory below it, skipping hidden
// ones and those skip names (and what is below them), and those add
// fails for: a folder that cannot be watched cannot be read either (or is
// past the system's limit on watches, as its subfolders would be). It
// calls unlisted for a directory that cannot be listed (whose
// subdirectories are not known). A
// dir that is a link to a directory is walked as that directory (as the
// corpus loader reads it); links below it are not followed. The error is
// that of dir itself, which does not exist or cannot be looked at.
func walkDirs(dir string, add func(string) error, unlisted func(string, error), skip func(string) bool) error {
	start := dir
	if li, err := os.Lstat(dir); err == nil && li.Mode()&fs.ModeSymlink != 0 {
		if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
			start = dir + string(filepath.Separator)
		}
	}
	name := func(p string) string {
		if p == start {
			return dir
		}
		return p
	}
	return filepath.WalkDir(start, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil && d == nil: // dir itself
			return err
		case err != nil:
			unlisted(name(p), err)
			return nil
		case !d.IsDir():
			return nil
		case p != start && (strings.HasPrefix(d.Name(), ".") || skip(p)):
			return filepath.SkipDir
		}
		if add(name(p)) != nil {
			return filepath.SkipDir
		}
		return nil
	})
}
