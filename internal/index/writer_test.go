package index

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
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

// TestFailedCommitKeepsTheIndexDirty: once a commit has failed, Bleve and
// the store may disagree, so a later Put that succeeds must not mark the
// index clean; the next Open makes the search index again from the store.
// A panic in a commit is such a failure, not the end of the process.
func TestFailedCommitKeepsTheIndexDirty(t *testing.T) {
	art := func(id string) chronicle.Article {
		return chronicle.Article{ID: id, Title: "Story " + id, Paragraphs: []chronicle.Paragraph{{Text: "A report about " + id + "."}}}
	}
	tests := []struct {
		name string
		fail func() error
		want string
	}{
		{"error", func() error { return errors.New("disk full") }, "disk full"},
		{"panic", func() error { panic("bad page") }, "panic: bad page"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			dir := t.TempDir()
			var calls atomic.Int32
			ix, err := Open(ctx, dir, Options{BatchSize: 1, storing: func() error {
				if calls.Add(1) == 1 {
					return tt.fail()
				}
				return nil
			}})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := ix.Put(ctx, "https://example.org/feed", []chronicle.Article{art("a")}); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Put with a failing commit: error %v, want one saying %q", err, tt.want)
			}
			if _, err := ix.Put(ctx, "https://example.org/feed", []chronicle.Article{art("b")}); err != nil {
				t.Fatalf("Put after the failed one: %v", err)
			}
			if dirty, _ := ix.store.meta(keyDirty); dirty != "1" {
				t.Errorf("dirty flag after a failed commit and a good one = %q, want 1", dirty)
			}
			if err := ix.Close(); err != nil {
				t.Fatal(err)
			}
			ix, err = Open(ctx, dir, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			if ix.Repaired == "" {
				t.Errorf("reopen after a failed commit: Repaired empty, want the search index made again")
			}
			if _, err := ix.Article(ctx, "b"); err != nil {
				t.Errorf("Article(b) after the repair: %v", err)
			}
			if n := ix.Len(); n != 1 {
				t.Errorf("Len after the repair = %d, want 1 (a's commit failed before its store write)", n)
			}
		})
	}
}

// TestWriterTake: take hands back an article the writer put and leaves
// nothing of it behind, whether it is still in the batch being filled or
// an earlier batch committed it; a later put of the same ID is what Bleve
// and the store hold. Taken out of the batch, the Bleve batch holds only
// what the writer lists: a stray delete of the ID, which its commit does
// not list, could reach Bleve after a later batch put the ID again.
func TestWriterTake(t *testing.T) {
	art := func(id, text string) chronicle.Article {
		return chronicle.Article{ID: id, Title: "Story " + id, Paragraphs: []chronicle.Paragraph{{Text: text}}}
	}
	for _, tt := range []struct {
		name      string
		committed bool // flush and wait before take
	}{
		{"from the batch being filled", false},
		{"from a committed batch", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			ix, err := Open(ctx, t.TempDir(), Options{BatchSize: 100})
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = ix.Close() }()
			w, err := ix.newWriter(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer w.wait()
			for _, a := range []chronicle.Article{art("a", "About Quillon harbour."), art("b", "About Marvola.")} {
				if err := w.put(a); err != nil {
					t.Fatal(err)
				}
			}
			if tt.committed {
				if err := w.flush(); err != nil {
					t.Fatal(err)
				}
				if err := w.wait(); err != nil {
					t.Fatal(err)
				}
			}
			got, ok, err := w.take("a")
			if err != nil || !ok || got.ID != "a" || got.Paragraphs[0].Text != "About Quillon harbour." {
				t.Fatalf("take(a) = %q %v %v, want a's article", got.ID, ok, err)
			}
			if n, want := w.batch.Size(), len(w.puts)+len(w.dels); n != want {
				t.Errorf("Bleve batch after take holds %d operations, want the writer's %d", n, want)
			}
			if _, ok, err := w.take("c"); ok || err != nil {
				t.Errorf("take(c) of an ID never put = %v %v, want false", ok, err)
			}
			if err := w.put(art("./a.txt", "About Quillon harbour.")); err != nil {
				t.Fatal(err)
			}
			if err := w.flush(); err != nil {
				t.Fatal(err)
			}
			if err := w.put(art("a", "A record about Ostrel.")); err != nil {
				t.Fatal(err)
			}
			if err := w.finish(); err != nil {
				t.Fatal(err)
			}
			for _, id := range []string{"a", "b", "./a.txt"} {
				if _, ok, err := ix.store.article(id); !ok || err != nil {
					t.Errorf("store: %s missing (%v)", id, err)
				}
			}
			for _, id := range []string{"a", "b", "./a.txt"} {
				if d, err := ix.bleve.Document(id); d == nil || err != nil {
					t.Errorf("Bleve: %s missing (%v)", id, err)
				}
			}
			if n, err := ix.bleve.DocCount(); n != 3 || err != nil {
				t.Errorf("Bleve holds %d documents (%v), want 3", n, err)
			}
		})
	}
}
