package index

import (
	"fmt"
	"testing"

	"golang.org/x/sys/unix"
)

// TestWritableBy: dirWritable believes faccessat2 when it answers, and asks
// its fallback (access(2), as before faccessat2) only when faccessat2 was
// not made: ENOSYS (Linux before 5.8, a seccomp profile) or EPERM (the
// seccomp profiles of older container runtimes answer EPERM for a system
// call they do not know). TestDirWritableReadOnlyMountWithoutFaccessat2
// runs the ENOSYS fallback against the kernel, as root.
func TestWritableBy(t *testing.T) {
	const dir = "/some/folder"
	for _, tt := range []struct {
		name       string
		faccessat2 error
		fallback   bool
		want       bool
		wantAsked  bool // the fallback was asked
	}{
		{"faccessat2 says yes", nil, false, true, false},
		{"faccessat2 says no (EACCES)", unix.EACCES, true, false, false},
		{"faccessat2 says read-only (EROFS)", unix.EROFS, true, false, false},
		{"faccessat2 says no such folder (ENOENT)", unix.ENOENT, true, false, false},
		{"faccessat2 missing (ENOSYS), fallback yes", unix.ENOSYS, true, true, true},
		{"faccessat2 missing (ENOSYS), fallback no", unix.ENOSYS, false, false, true},
		{"faccessat2 refused by seccomp (EPERM), fallback yes", unix.EPERM, true, true, true},
		{"faccessat2 refused by seccomp (EPERM), fallback no", unix.EPERM, false, false, true},
		{"faccessat2 missing, wrapped", fmt.Errorf("faccessat2: %w", unix.ENOSYS), true, true, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var calls []string
			faccessat2 := func(path string, mode uint32, flags int) error {
				calls = append(calls, fmt.Sprintf("faccessat2(%s, %#x, %#x)", path, mode, flags))
				return tt.faccessat2
			}
			asked := false
			fallback := func(d string) bool {
				asked = true
				if d != dir {
					t.Errorf("fallback(%q); want fallback(%q)", d, dir)
				}
				return tt.fallback
			}
			if got := writableBy(dir, faccessat2, fallback); got != tt.want {
				t.Errorf("writableBy(%s) with faccessat2 = %v, fallback %v: %v; want %v", dir, tt.faccessat2, tt.fallback, got, tt.want)
			}
			if asked != tt.wantAsked {
				t.Errorf("fallback asked = %v; want %v", asked, tt.wantAsked)
			}
			// Write and search permission, as the effective user.
			want := fmt.Sprintf("faccessat2(%s, %#x, %#x)", dir, unix.W_OK|unix.X_OK, unix.AT_EACCESS)
			if len(calls) != 1 || calls[0] != want {
				t.Errorf("system calls = %q; want [%s]", calls, want)
			}
		})
	}
}
