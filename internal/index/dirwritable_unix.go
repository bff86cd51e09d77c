//go:build unix && !aix

package index

import "golang.org/x/sys/unix"

// dirWritable reports whether this process may create, rename and remove
// entries in dir (a read-only mount or permissions say no). It asks as
// the effective user, who does the writing: access(2) asks as the real
// user, which is another one in a setuid binary or after a seteuid, and
// then answers for the wrong user.
func dirWritable(dir string) bool {
	return unix.Faccessat(unix.AT_FDCWD, dir, unix.W_OK, unix.AT_EACCESS) == nil
}
