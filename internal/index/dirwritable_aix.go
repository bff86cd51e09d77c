//go:build aix

package index

import "syscall"

// dirWritable reports whether this process may create, rename and remove
// entries in dir (a read-only mount or permissions say no). golang.org/x/sys
// has no AT_EACCESS for AIX, so this asks access(2), as the real user: a
// process whose effective user differs gets the real user's answer.
func dirWritable(dir string) bool {
	const wOK = 0x2 // W_OK
	return syscall.Access(dir, wOK) == nil
}
