//go:build unix && !aix

package index

import "golang.org/x/sys/unix"

// accessWritable reports whether this process may create, rename and
// remove entries in dir (a read-only mount or permissions say no), asking
// as the effective user, who does the writing: access(2) asks as the real
// user, which is another one in a setuid binary or after a seteuid, and
// then answers for the wrong user. When the two users (and groups) are
// the same, access(2) is asked all the same: the kernel answers it, read-only
// mounts and ACLs included, where faccessat with AT_EACCESS on a Linux
// without faccessat2 (before 5.8, or refused by a seccomp profile) only
// compares mode bits and says a read-only mount is writable. access(2)
// ignores the capabilities of a process whose real user is not root, so a
// non-root process holding CAP_DAC_OVERRIDE is told no: on Linux,
// dirWritable asks faccessat2 first and this only when it cannot.
func accessWritable(dir string) bool {
	if unix.Geteuid() == unix.Getuid() && unix.Getegid() == unix.Getgid() {
		return unix.Access(dir, unix.W_OK) == nil
	}
	return unix.Faccessat(unix.AT_FDCWD, dir, unix.W_OK, unix.AT_EACCESS) == nil
}
