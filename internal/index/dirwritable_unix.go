//go:build unix && !aix

package index

import "golang.org/x/sys/unix"

// dirWritable reports whether this process may create, rename and remove
// entries in dir (a read-only mount or permissions say no). It asks as
// the effective user, who does the writing: access(2) asks as the real
// user, which is another one in a setuid binary or after a seteuid, and
// then answers for the wrong user. When the two users (and groups) are
// the same, access(2) is asked all the same: the kernel answers it, read-only
// mounts and ACLs included, where faccessat with AT_EACCESS on a Linux
// without faccessat2 (before 5.8, or refused by a seccomp profile) only
// compares mode bits and says a read-only mount is writable.
func dirWritable(dir string) bool {
	if unix.Geteuid() == unix.Getuid() && unix.Getegid() == unix.Getgid() {
		return unix.Access(dir, unix.W_OK) == nil
	}
	return unix.Faccessat(unix.AT_FDCWD, dir, unix.W_OK, unix.AT_EACCESS) == nil
}
