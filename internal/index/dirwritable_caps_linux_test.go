package index

import (
	"runtime"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// TestDirWritableWithCapDacOverride: a process that is not root but holds
// CAP_DAC_OVERRIDE (a container given the capability, a service run by
// systemd with AmbientCapabilities) may write a folder whatever its mode,
// and dirWritable must say so. access(2) clears the capabilities of a
// process whose real user is not root and said no, so the bot refused a
// state folder it could write. The test sets this up on one locked thread
// that ends with its goroutine: its users become nobody (65534), its
// permitted capabilities are kept (PR_SET_KEEPCAPS) and CAP_DAC_OVERRIDE
// is raised again, or not, in its effective set. The folder is root's,
// mode 0755, so that only the capability lets nobody write it. It needs
// root.
func TestDirWritableWithCapDacOverride(t *testing.T) {
	if unix.Geteuid() != 0 || unix.Getuid() != 0 {
		t.Skip("needs root to become another user on one thread and keep a capability")
	}
	dir := rootOnlyDir(t)
	for _, tt := range []struct {
		name string
		caps uint32 // the effective set, as nobody
		want bool
	}{
		{"nobody with CAP_DAC_OVERRIDE", 1 << unix.CAP_DAC_OVERRIDE, true},
		{"nobody without capabilities", 0, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, skip := asNobodyWithCaps(dir, tt.caps)
			if skip != "" {
				t.Skip(skip)
			}
			if got != tt.want {
				t.Errorf("dirWritable(root's folder, mode 0755) as nobody with effective capabilities %#x = %v; want %v", tt.caps, got, tt.want)
			}
		})
	}
}

// asNobodyWithCaps asks dirWritable(dir) on a thread of its own whose
// real, effective and saved users are nobody and whose effective
// capabilities are caps. The thread is never unlocked, so it ends with
// the goroutine and no other goroutine runs as nobody. skip says why
// this could not be set up.
func asNobodyWithCaps(dir string, caps uint32) (writable bool, skip string) {
	type result struct {
		writable bool
		skip     string
	}
	done := make(chan result)
	go func() {
		runtime.LockOSThread()
		if err := unix.Prctl(unix.PR_SET_KEEPCAPS, 1, 0, 0, 0); err != nil {
			done <- result{skip: "keepcaps: " + err.Error()}
			return
		}
		// The raw system call changes this thread only; syscall.Setresuid
		// would change every thread of the test binary.
		const nobody = 65534
		if _, _, errno := syscall.RawSyscall(syscall.SYS_SETRESUID, nobody, nobody, nobody); errno != 0 {
			done <- result{skip: "setresuid: " + errno.Error()}
			return
		}
		hdr := unix.CapUserHeader{Version: unix.LINUX_CAPABILITY_VERSION_3}
		var data [2]unix.CapUserData
		if err := unix.Capget(&hdr, &data[0]); err != nil {
			done <- result{skip: "capget: " + err.Error()}
			return
		}
		if data[0].Permitted&caps != caps {
			done <- result{skip: "the capabilities are not permitted to this test"}
			return
		}
		data[0].Effective, data[1].Effective = caps, 0
		if err := unix.Capset(&hdr, &data[0]); err != nil {
			done <- result{skip: "capset: " + err.Error()}
			return
		}
		done <- result{writable: dirWritable(dir)}
	}()
	r := <-done
	return r.writable, r.skip
}
