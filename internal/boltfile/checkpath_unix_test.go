//go:build unix

package boltfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestCheckPath: what bot config --check asks of a state path before
// anything opens it. Something other than a regular file is refused with
// what it is, and a file that is no bbolt file at all as NotBolt does; a
// missing path, an empty file and a bbolt file, sound or damaged, pass.
// Each refusal is typed, for bot config --check to say it in its words.
// The FIFO is only looked at: a check that opened it would block.
func TestCheckPath(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	device := filepath.Join(dir, "null")
	if err := os.Symlink(os.DevNull, device); err != nil {
		t.Fatal(err)
	}
	sound := filepath.Join(dir, "sound.db")
	fill(t, sound, 10, false)
	zeros, empty, text := filepath.Join(dir, "zeros.db"), filepath.Join(dir, "empty.db"), filepath.Join(dir, "config.yaml")
	for p, b := range map[string][]byte{zeros: make([]byte, 8192), empty: nil, text: []byte("schedule: {path: config.yaml}\n")} {
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name, path string
		want       string // in the error; "" for none
		notBolt    bool
	}{
		{"missing", filepath.Join(dir, "missing.db"), "", false},
		{"empty", empty, "", false},
		{"sound", sound, "", false},
		{"damaged", zeros, "", false},
		{"folder", dir, "is not a regular file but a directory", false},
		{"FIFO", fifo, "is not a regular file but a named pipe (FIFO)", false},
		{"link to a device", device, "is not a regular file but a device", false},
		{"text", text, `is not a bbolt file: it begins "schedule: {path: config.yaml}\n"`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckPath(tt.path)
			if tt.want == "" {
				if err != nil {
					t.Errorf("CheckPath(%s) = %v; want nil", tt.path, err)
				}
				return
			}
			var nr *NotRegularError
			if err == nil || !strings.Contains(err.Error(), tt.path+" "+tt.want) ||
				errors.Is(err, ErrNotBolt) != tt.notBolt || errors.As(err, &nr) == tt.notBolt {
				t.Errorf("CheckPath(%s) = %v; want an error with %q (a NotBoltError %v, else a NotRegularError)", tt.path, err, tt.path+" "+tt.want, tt.notBolt)
			}
		})
	}
}
