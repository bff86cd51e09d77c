package index_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/chronicle-bot/chronicle/internal/index"
)

// TestInUseMessage: an index whose lock another process holds is refused
// with a message that does not name a wrong holder. The lock does not
// record who holds it; the message said "a running bot serve or bot index
// holds it" while a bot eval or bot tune held it.
func TestInUseMessage(t *testing.T) {
	dir, _ := buildIndex(t, damageCorpus(t))
	holder, err := bolt.Open(filepath.Join(dir, "store.db"), 0o644, nil) // as bot eval holds it
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	ix, err := index.Open(context.Background(), dir, index.Options{})
	if err == nil {
		ix.Close()
		t.Fatal("Open while another holds the lock succeeded; want an in-use error")
	}
	msg := err.Error()
	for _, want := range []string{"in use by another process", "eval or tune not finished", "another --index"} {
		if !strings.Contains(msg, want) {
			t.Errorf("Open error = %q; want it to say %q", msg, want)
		}
	}
	if strings.Contains(msg, "bot serve or bot index holds it") {
		t.Errorf("Open error = %q; it names serve or index as the holder, which it cannot know", msg)
	}
}
