package corpus

import (
	"fmt"
	"io/fs"
	"os"
)

// openRegular opens path for reading if it is a regular file (directly or
// through symbolic links). Anything else (a FIFO, whose open would block
// until a writer comes; a device such as /dev/zero, endless; a socket) is
// a problem and is never read. The file is checked before it is opened
// and, opened without blocking, checked again, in case it was swapped in
// between.
func openRegular(path string) (*os.File, *Problem) {
	info, err := os.Stat(path)
	if err != nil {
		p := readProblem(path, 0, err)
		return nil, &p
	}
	if p := notRegular(path, info.Mode()); p != nil {
		return nil, p
	}
	file, err := os.OpenFile(path, os.O_RDONLY|openNoBlock, 0)
	if err != nil {
		p := readProblem(path, 0, err)
		return nil, &p
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
