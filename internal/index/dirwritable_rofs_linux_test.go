package index

import (
	"runtime"
	"syscall"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

// TestDirWritableReadOnlyMountWithoutFaccessat2: on a kernel without
// faccessat2 (before Linux 5.8, e.g. RHEL 8's 4.18), or where a seccomp
// profile refuses it (older Docker), unix.Faccessat with AT_EACCESS falls
// back to comparing mode bits with the user (as glibc does), which never
// sees a read-only mount: a read-only folder was said writable, where
// access(2) says EROFS. The test mounts a read-only tmpfs in a mount
// namespace of its own and makes faccessat2 fail with ENOSYS, both on one
// locked thread that ends with the goroutine; it needs root. (With real
// and effective users set apart, the fallback still misses read-only
// mounts there: dirWritable asks access(2) only when they are the same.)
func TestDirWritableReadOnlyMountWithoutFaccessat2(t *testing.T) {
	if unix.Geteuid() != 0 {
		t.Skip("needs root to mount a read-only tmpfs in a mount namespace of its own")
	}
	dir := t.TempDir()
	type result struct {
		skip     string
		writable bool
	}
	done := make(chan result)
	go func() {
		// Never unlocked: the thread, with its namespace and filter, ends
		// with this goroutine.
		runtime.LockOSThread()
		if err := unix.Unshare(unix.CLONE_NEWNS); err != nil {
			done <- result{skip: "unshare: " + err.Error()}
			return
		}
		if err := unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, ""); err != nil {
			done <- result{skip: "make the mounts private: " + err.Error()}
			return
		}
		if err := unix.Mount("tmpfs", dir, "tmpfs", unix.MS_RDONLY, ""); err != nil {
			done <- result{skip: "mount: " + err.Error()}
			return
		}
		filter := []unix.SockFilter{
			{Code: unix.BPF_LD | unix.BPF_W | unix.BPF_ABS, K: 0}, // the syscall's number
			{Code: unix.BPF_JMP | unix.BPF_JEQ | unix.BPF_K, Jt: 0, Jf: 1, K: unix.SYS_FACCESSAT2},
			{Code: unix.BPF_RET | unix.BPF_K, K: unix.SECCOMP_RET_ERRNO | uint32(syscall.ENOSYS)},
			{Code: unix.BPF_RET | unix.BPF_K, K: unix.SECCOMP_RET_ALLOW},
		}
		prog := unix.SockFprog{Len: uint16(len(filter)), Filter: &filter[0]}
		if err := unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); err != nil {
			done <- result{skip: "no_new_privs: " + err.Error()}
			return
		}
		if err := unix.Prctl(unix.PR_SET_SECCOMP, unix.SECCOMP_MODE_FILTER, uintptr(unsafe.Pointer(&prog)), 0, 0); err != nil {
			done <- result{skip: "seccomp: " + err.Error()}
			return
		}
		if err := unix.Faccessat2(unix.AT_FDCWD, dir, unix.W_OK, unix.AT_EACCESS); err != unix.ENOSYS {
			done <- result{skip: "the filter did not take: faccessat2 = " + errString(err)}
			return
		}
		done <- result{writable: dirWritable(dir)}
	}()
	r := <-done
	if r.skip != "" {
		t.Skip(r.skip)
	}
	if r.writable {
		t.Error("dirWritable(a read-only mount) = true without faccessat2; want false, as access(2) says (EROFS)")
	}
}

func errString(err error) string {
	if err == nil {
		return "nil"
	}
	return err.Error()
}
