package index

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// dirWritableChild carries "ruid euid dir" to the child process of
// TestDirWritableAsTheEffectiveUser.
const dirWritableChild = "CHRONICLE_TEST_DIRWRITABLE_CHILD"

// TestDirWritableAsTheEffectiveUser: dirWritable answers for the effective
// user, who does the writing, not the real one (access(2) asked as the
// real user). Setting the two apart takes root; it is done in a child
// process (this test binary again, TestDirWritableChild), so that this one
// keeps its users. The folder is root's, mode 0755: root may write it,
// nobody (65534) may not.
func TestDirWritableAsTheEffectiveUser(t *testing.T) {
	if os.Geteuid() != 0 || os.Getuid() != 0 {
		t.Skip("needs root to set the real and effective user apart (setreuid); TestDirWritable covers what an unprivileged run can")
	}
	dir := rootOnlyDir(t)
	const nobody = 65534
	for _, tt := range []struct {
		name       string
		ruid, euid int
		want       bool
	}{
		{"real root, effective nobody", -1, nobody, false},
		{"real nobody, effective root", nobody, -1, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestDirWritableChild$", "-test.v")
			cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%d %d %s", dirWritableChild, tt.ruid, tt.euid, dir))
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("child: %v\n%s", err, out)
			}
			want := fmt.Sprintf("dirWritable=%v", tt.want)
			if !strings.Contains(string(out), want) {
				t.Errorf("child (%s) does not say %s:\n%s", tt.name, want, out)
			}
		})
	}
}

// TestDirWritableChild is the child process of
// TestDirWritableAsTheEffectiveUser; run on its own it is skipped.
func TestDirWritableChild(t *testing.T) {
	arg := os.Getenv(dirWritableChild)
	if arg == "" {
		t.Skip("the child process of TestDirWritableAsTheEffectiveUser")
	}
	var ruid, euid int
	var dir string
	if _, err := fmt.Sscanf(arg, "%d %d %s", &ruid, &euid, &dir); err != nil {
		t.Fatalf("%s=%q: %v", dirWritableChild, arg, err)
	}
	if err := syscall.Setreuid(ruid, euid); err != nil {
		t.Fatalf("setreuid(%d, %d): %v", ruid, euid, err)
	}
	fmt.Printf("real %d, effective %d: dirWritable=%v\n", os.Getuid(), os.Geteuid(), dirWritable(dir))
}

// rootOnlyDir makes a folder of the test's user (root), mode 0755, that
// every other user may search but not write. Every folder on the way is
// made searchable too, so that only the write permission of the folder
// decides.
func rootOnlyDir(t *testing.T) string {
	t.Helper()
	top := t.TempDir()
	dir := filepath.Join(top, "d")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{filepath.Dir(top), top, dir} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
