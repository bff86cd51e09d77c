//go:build linux

package corpus

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// TestPollableRegularFileDoesNotHang: a corpus file that is a link to a
// file that stats as regular but whose reads wait for data (/proc/kmsg,
// a tracing pipe) must not hang the read of the corpus.
func TestPollableRegularFileDoesNotHang(t *testing.T) {
	if f, err := os.OpenFile("/proc/kmsg", os.O_RDONLY, 0); err != nil {
		t.Skipf("/proc/kmsg cannot be opened here: %v", err)
	} else {
		f.Close()
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "kmsg.txt")
	if err := os.Symlink("/proc/kmsg", p); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	done := make(chan []Problem, 1)
	go func() {
		probs, _ := StreamFile(ctx, File{Path: p, Root: dir}, func([]chronicle.Article, []int) error { return nil })
		done <- probs
	}()
	select {
	case probs := <-done:
		t.Logf("problems: %v", probs)
	case <-time.After(5 * time.Second):
		t.Fatal("reading a link to /proc/kmsg did not return within 5s")
	}
}

// TestReaderDoesNotWait: the loaders' reader of a file the system can
// poll fails at once with errWouldWait when no data is there, instead of
// waiting for it (a pipe's read end stands for /proc/kmsg).
func TestReaderDoesNotWait(t *testing.T) {
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	defer pw.Close()
	done := make(chan error, 1)
	go func() {
		_, err := reader(pr).Read(make([]byte, 10))
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, errWouldWait) {
			t.Errorf("read = %v, want errWouldWait", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a read of a file with no data waited 5s")
	}
	pw.WriteString("data")
	b := make([]byte, 10)
	if n, err := reader(pr).Read(b); err != nil || string(b[:n]) != "data" {
		t.Errorf("read = %q, %v; want data", b[:n], err)
	}
}
