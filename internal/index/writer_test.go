package index

import (
	"context"
	"strings"
	"testing"

	"github.com/chronicle-bot/chronicle"
)

// TestWriterReportsAFailedCommitOnce: a commit whose store write failed is
// reported by the next flush, once (reap used to join its error with that
// of the wait that followed, which reported it again).
func TestWriterReportsAFailedCommitOnce(t *testing.T) {
	ctx := context.Background()
	ix, err := Open(ctx, t.TempDir(), Options{BatchSize: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = ix.Close() }()
	w, err := ix.newWriter(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer w.wait()
	art := func(id string) chronicle.Article {
		return chronicle.Article{ID: id, Title: "Story " + id, Paragraphs: []chronicle.Paragraph{{Text: "A report."}}}
	}
	if err := w.put(art("a")); err != nil {
		t.Fatal(err)
	}
	if err := w.flush(); err != nil {
		t.Fatal(err)
	}
	if err := w.wait(); err != nil {
		t.Fatal(err)
	}
	// The store refuses every write from now on.
	if err := ix.store.db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.put(art("b")); err != nil {
		t.Fatal(err)
	}
	if err := w.flush(); err != nil {
		t.Fatalf("flush of b: %v, want nil (its commit runs after)", err)
	}
	<-w.commits[len(w.commits)-1].done
	if err := w.put(art("c")); err != nil {
		t.Fatal(err)
	}
	err = w.flush()
	if err == nil {
		t.Fatal("flush after a failed commit: nil error, want the commit's")
	}
	if n := strings.Count(err.Error(), "store batch"); n != 1 {
		t.Errorf("flush after a failed commit: %q reports it %d times, want once", err, n)
	}
}
