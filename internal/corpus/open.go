package corpus

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// openRegular opens f for reading if it is a regular file (directly or
// through symbolic links; see openWithin). Anything else (a FIFO, whose open would block
// until a writer comes; a device such as /dev/zero, endless; a socket) is
// a problem and is never read. The file is checked before it is opened
// and, opened without blocking, checked again, in case it was swapped in
// between.
func openRegular(f File) (*os.File, *Problem) {
	path := f.Path
	info, err := os.Stat(path)
	if err != nil {
		p := readProblem(path, 0, err)
		return nil, &p
	}
	if p := notRegular(path, info.Mode()); p != nil {
		return nil, p
	}
	file, p := openWithin(f)
	if p != nil {
		return nil, p
	}
	info, err = file.Stat()
	if err == nil {
		if p := notRegular(path, info.Mode()); p != nil {
			file.Close()
			return nil, p
		}
	}
	return file, nil
}

// notRegular returns the problem for a file that is not a regular file or
// a folder, nil otherwise.
func notRegular(path string, mode fs.FileMode) *Problem {
	if mode.IsRegular() || mode.IsDir() {
		return nil
	}
	kind := "special file"
	switch {
	case mode&fs.ModeNamedPipe != 0:
		kind = "named pipe (FIFO)"
	case mode&fs.ModeSocket != 0:
		kind = "socket"
	case mode&fs.ModeCharDevice != 0:
		kind = "character device"
	case mode&fs.ModeDevice != 0:
		kind = "device"
	case mode&fs.ModeSymlink != 0:
		kind = "symbolic link"
	}
	return &Problem{Path: path, Reason: ReasonNotRegular, Skipped: true, Unfinished: true,
		Detail: fmt.Sprintf("a %s, not read; corpus files must be regular files", kind)}
}

// openWithin opens f without waiting. A file found in a folder (f.Within)
// is opened through that folder as an os.Root, so that a link put in its
// place after the listing cannot lead out of it: the listing's check
// (leadsOutside) alone left a moment to swap one in. An os.Root refuses
// every absolute link, even one that stays inside; such a link is
// resolved, and the file it leads to opened through the folder, when it
// stays inside.
func openWithin(f File) (*os.File, *Problem) {
	const flag = os.O_RDONLY | openNoBlock
	fail := func(err error) (*os.File, *Problem) {
		p := readProblem(f.Path, 0, err)
		return nil, &p
	}
	if f.Within == "" {
		file, err := os.OpenFile(f.Path, flag, 0)
		if err != nil {
			return fail(err)
		}
		return file, nil
	}
	rel, err := filepath.Rel(f.Within, f.Path)
	if err != nil || !filepath.IsLocal(rel) {
		return fail(fmt.Errorf("%s is not inside the folder %s it was found in", f.Path, f.Within))
	}
	file, openErr := openIn(f.Within, rel, flag)
	if openErr == nil {
		return file, nil
	}
	target, err := resolved(f.Path)
	if err != nil {
		return fail(openErr)
	}
	base, err := resolved(f.Within)
	if err != nil {
		return fail(openErr)
	}
	inner, inside := below(base, target)
	if !inside {
		p := linkOutside(f.Path)
		return nil, &p
	}
	file, err = openIn(base, inner, flag)
	if err != nil {
		return fail(err)
	}
	return file, nil
}

// openIn opens name, a path inside dir, through dir as an os.Root.
func openIn(dir, name string, flag int) (*os.File, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	return root.OpenFile(name, flag, 0)
}
