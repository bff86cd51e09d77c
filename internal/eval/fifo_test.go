//go:build unix

package eval

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestReadQuestionFileCancelOnFIFO: a question file that is a FIFO with no
// writer (bot eval /path/to/fifo) blocks in open; a cancelled context (Ctrl-C)
// must still end the read. Before, ReadQuestionFile took no context and
// bot eval ignored SIGINT and SIGTERM until a writer came.
func TestReadQuestionFileCancelOnFIFO(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "questions.jsonl")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	t.Cleanup(func() {
		// Let the open left waiting return: a reader-writer open of a
		// FIFO does not block, and closing it gives the reader EOF.
		if f, err := os.OpenFile(fifo, os.O_RDWR, 0); err == nil {
			f.Close()
		}
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := ReadQuestionFile(ctx, fifo)
		done <- err
	}()
	time.Sleep(50 * time.Millisecond) // let it reach the open
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("ReadQuestionFile(FIFO) after cancel = %v, want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("ReadQuestionFile(FIFO without a writer) did not return within 5s of its context's cancel")
	}
}
