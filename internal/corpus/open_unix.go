//go:build unix

package corpus

import (
	"errors"
	"io"
	"os"
	"syscall"
)

// openNoBlock makes opening a FIFO return at once instead of waiting for a
// writer; it changes nothing for regular files.
const openNoBlock = syscall.O_NONBLOCK

// reader returns what the loaders read file through: the file's reads as
// the system makes them, which never wait. A file opened with
// openNoBlock that the system can poll (/proc/kmsg, a tracing pipe: they
// stat as regular files) had Go's runtime wait on each read that would
// block, for ever, whatever the context: a link to one in a watched folder
// hung the sync, and every later one with it. Such a read now fails at
// once (errWouldWait), and the file is reported as unreadable; a file on a
// disk never refuses a read for want of data.
func reader(file *os.File) io.Reader {
	rc, err := file.SyscallConn()
	if err != nil {
		return file
	}
	return noWaitReader{rc: rc, name: file.Name()}
}

// errWouldWait is the error of a read that would wait for data.
var errWouldWait = errors.New("its reads wait for data that may never come (a kernel or device file, not a plain file); not read")

// noWaitReader reads a file without waiting for data.
type noWaitReader struct {
	rc   syscall.RawConn
	name string
}

func (r noWaitReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	var n int
	var err error
	cerr := r.rc.Read(func(fd uintptr) bool {
		for {
			n, err = syscall.Read(int(fd), p)
			if err != syscall.EINTR {
				return true // done, whatever came: never wait
			}
		}
	})
	switch {
	case cerr != nil:
		return 0, cerr
	case err == syscall.EAGAIN:
		return 0, errWouldWait
	case err != nil:
		return 0, &os.PathError{Op: "read", Path: r.name, Err: err}
	case n <= 0:
		return 0, io.EOF
	}
	return n, nil
}
