//go:build unix

package index

import (
	"os"
	"path/filepath"
	"testing"
)

// TestDirWritable: a folder this user may write is writable, one made
// read-only (mode 0555) is not. Root writes whatever the mode, so the
// read-only case is skipped as root; TestDirWritableAsTheEffectiveUser
// (Linux, root only) covers a process whose effective and real users
// differ.
func TestDirWritable(t *testing.T) {
	for _, tt := range []struct {
		name string
		mode os.FileMode
		want bool
	}{
		{"writable", 0o755, true},
		{"read-only", 0o555, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if !tt.want && os.Geteuid() == 0 {
				t.Skip("runs as root, which may write a folder of any mode; run the test binary as another user (setpriv --reuid=nobody) for this case")
			}
			dir := filepath.Join(t.TempDir(), "d")
			if err := os.Mkdir(dir, tt.mode); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(dir, tt.mode); err != nil { // whatever the umask
				t.Fatal(err)
			}
			t.Cleanup(func() { os.Chmod(dir, 0o755) })
			if got := dirWritable(dir); got != tt.want {
				t.Errorf("dirWritable(%s, mode %o) = %v; want %v", dir, tt.mode, got, tt.want)
			}
		})
	}
}
