package index

import (
	"errors"

	"golang.org/x/sys/unix"
)

// dirWritable reports whether this process may create, rename and remove
// entries in dir (a read-only mount or permissions say no). It asks
// faccessat2 with AT_EACCESS, which the kernel answers for the effective
// user and groups and the effective capabilities (CAP_DAC_OVERRIDE held
// by a process that is not root, as containers give it), read-only mounts
// and ACLs included. access(2) asks as the real user and, for a real user
// that is not root, drops every capability, so it refused a folder such a
// process may write. Where faccessat2 is missing (Linux before 5.8) or
// refused by a seccomp profile (ENOSYS, or EPERM from older container
// runtimes), it falls back to accessWritable.
func dirWritable(dir string) bool {
	return writableBy(dir, faccessat2, accessWritable)
}

// faccessat2 is the faccessat2 system call on a path relative to the
// current folder.
func faccessat2(path string, mode uint32, flags int) error {
	return unix.Faccessat2(unix.AT_FDCWD, path, mode, flags)
}

// writableBy is dirWritable with its system call and its fallback given:
// it asks faccessat2 for write and search permission on dir as the
// effective user, and asks fallback instead when faccessat2 answers ENOSYS
// or EPERM, which say that the call itself was not made. (EPERM is also
// the answer for a folder marked immutable; the fallback, which asks
// access(2) when the real and effective users are the same, says no to it
// too.)
func writableBy(dir string, faccessat2 func(path string, mode uint32, flags int) error, fallback func(dir string) bool) bool {
	err := faccessat2(dir, unix.W_OK|unix.X_OK, unix.AT_EACCESS)
	if errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EPERM) {
		return fallback(dir)
	}
	return err == nil
}
