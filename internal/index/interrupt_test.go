package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// TestInterruptedSync: a sync that stops in the middle (Ctrl-C: its
// context is cancelled; or a commit that fails, as a process that dies
// leaves it) keeps what it committed, and every stored article is held by
// a record: the next sync finishes the work without calling the index's
// records damaged (it adopted the articles of a file read in part, of a
// gone file, and those that left a file, as "held by no record"). A
// cancelled sync whose commits all went in leaves the index clean, so the
// next open does not make the search index again from the store.
func TestInterruptedSync(t *testing.T) {
	rows := func(from, to int) string {
		var b strings.Builder
		for i := from; i <= to; i++ {
			fmt.Fprintf(&b, `{"id": "r%d", "title": "Row %d", "date": "2024-04-01", "text": "A row about Quillon harbour, number %d."}`+"\n", i, i, i)
		}
		return b.String()
	}
	tests := []struct {
		name   string
		before map[string]string // synced before the interrupted sync
		gone   []string          // removed before it
		after  map[string]string // written before it
		cancel bool              // cancelled, else a commit fails
		want   int               // articles once the next sync is over
	}{
		{name: "a new file read in part", after: map[string]string{"big.jsonl": rows(1, 12)}, cancel: true, want: 12},
		{name: "a new file read in part, a commit failed", after: map[string]string{"big.jsonl": rows(1, 12)}, want: 12},
		{
			name:   "a gone file's articles",
			before: map[string]string{"g.jsonl": rows(100, 102)},
			gone:   []string{"g.jsonl"},
			after:  map[string]string{"big.jsonl": rows(1, 12)},
			cancel: true, want: 12,
		},
		{
			name:   "articles that left a file",
			before: map[string]string{"a.jsonl": rows(100, 120)},
			after:  map[string]string{"a.jsonl": rows(100, 119), "b.jsonl": rows(1, 12)},
			cancel: true, want: 32,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			corp, dir := filepath.Join(root, "corpus"), filepath.Join(root, "index")
			write := func(files map[string]string) {
				for name, text := range files {
					if err := os.MkdirAll(corp, 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(filepath.Join(corp, name), []byte(text), 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
			write(tt.before)
			if len(tt.before) > 0 {
				ix, err := Open(t.Context(), dir, Options{})
				if err != nil {
					t.Fatal(err)
				}
				if _, err := ix.Sync(t.Context(), []string{corp}, SyncOptions{}); err != nil {
					t.Fatal(err)
				}
				if err := ix.Close(); err != nil {
					t.Fatal(err)
				}
			}
			for _, name := range tt.gone {
				if err := os.Remove(filepath.Join(corp, name)); err != nil {
					t.Fatal(err)
				}
			}
			write(tt.after)

			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			var stores atomic.Int32
			stop := errors.New("disk gone")
			ix, err := Open(t.Context(), dir, Options{BatchSize: 1, storing: func() error {
				if stores.Add(1) != 3 {
					return nil
				}
				if tt.cancel {
					cancel()
					return nil
				}
				return stop
			}})
			if err != nil {
				t.Fatal(err)
			}
			_, err = ix.Sync(ctx, []string{corp}, SyncOptions{})
			want := stop
			if tt.cancel {
				want = context.Canceled
			}
			if !errors.Is(err, want) {
				t.Fatalf("interrupted sync: error %v, want %v", err, want)
			}
			if tt.cancel && (strings.Contains(err.Error(), "context canceled") || !strings.Contains(err.Error(), "interrupted before it finished")) {
				t.Errorf("interrupted sync: error %q, want a sentence that says it was interrupted, not the context's error", err)
			}
			if err := ix.Close(); err != nil {
				t.Fatal(err)
			}

			ix, err = Open(t.Context(), dir, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = ix.Close() }()
			if tt.cancel && ix.Repaired != "" {
				t.Errorf("open after a cancelled sync: repaired (%s), want the index clean as the sync left it", ix.Repaired)
			}
			rep, err := ix.Sync(t.Context(), []string{corp}, SyncOptions{Verify: true})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range rep.Problems {
				t.Errorf("sync after the interrupted one: problem %s: %s", p.Reason, p.Detail)
			}
			if ix.Len() != tt.want {
				t.Errorf("after the next sync: %d articles, want %d", ix.Len(), tt.want)
			}
			recs, err := ix.store.files()
			if err != nil {
				t.Fatal(err)
			}
			held := 0
			for key, r := range recs {
				if r.Recovered || r.Size == unreadSize {
					t.Errorf("record of %s after the next sync: recovered %v, size %d; want a file's, read whole", key, r.Recovered, r.Size)
				}
				held += len(r.IDs)
			}
			if held != tt.want {
				t.Errorf("the records hold %d IDs, want %d", held, tt.want)
			}
			if again, err := ix.Sync(t.Context(), []string{corp}, SyncOptions{Verify: true}); err != nil || again.FilesRead != 0 || again.Changed() {
				t.Errorf("a sync of the corpus unchanged: %s (%v); want no file read", again.Summary(), err)
			}
		})
	}
}

// TestInterruptedPut: a feed's Put that stops in the middle leaves the
// articles it stored held by the feed's record (they were held by none
// until its last batch, and the next sync called them damaged), and the
// index clean.
func TestInterruptedPut(t *testing.T) {
	root := t.TempDir()
	corp, dir := filepath.Join(root, "corpus"), filepath.Join(root, "index")
	if err := os.MkdirAll(corp, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(corp, "a.jsonl"), []byte(`{"id": "a", "title": "A story", "date": "2024-04-01", "text": "About Quillon harbour."}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var stores atomic.Int32
	ix, err := Open(t.Context(), dir, Options{BatchSize: 1, storing: func() error {
		if stores.Add(1) == 3 {
			cancel()
		}
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	var arts []chronicle.Article
	for i := range 12 {
		arts = append(arts, chronicle.Article{ID: fmt.Sprintf("feed-%d", i), Title: fmt.Sprintf("Item %d", i),
			Published: time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC), Paragraphs: []chronicle.Paragraph{{Text: "About Marvola."}}})
	}
	_, err = ix.Put(ctx, "https://example.org/feed", arts)
	if !errors.Is(err, context.Canceled) || strings.Contains(err.Error(), "context canceled") {
		t.Errorf("interrupted Put: error %v, want a sentence that says so", err)
	}
	stored := ix.Len()
	if stored == 0 || stored == len(arts) {
		t.Fatalf("interrupted Put stored %d articles, want some of %d", stored, len(arts))
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(t.Context(), dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = ix.Close() }()
	if ix.Repaired != "" {
		t.Errorf("open after a cancelled Put: repaired (%s), want the index clean", ix.Repaired)
	}
	rep, err := ix.Sync(t.Context(), []string{corp}, SyncOptions{Verify: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rep.Problems {
		t.Errorf("sync after the interrupted Put: problem %s: %s", p.Reason, p.Detail)
	}
	if ix.Len() != stored+1 {
		t.Errorf("after the sync: %d articles, want the %d stored and a.jsonl's", ix.Len(), stored)
	}
}

// TestInterruptedRebuild: a rebuild stopped by Ctrl-C removes the new
// index it was building and leaves the one in use as it was; its error says
// so, not the sync's "what it stored is kept, and the next update goes on
// from there", which is not so of a rebuild (helper 139: bot index
// --rebuild said it of "<index>.rebuild", a folder already deleted).
func TestInterruptedRebuild(t *testing.T) {
	root := t.TempDir()
	corp, dir := filepath.Join(root, "corpus"), filepath.Join(root, "index")
	if err := os.MkdirAll(corp, 0o755); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for i := range 12 {
		fmt.Fprintf(&b, `{"id": "r%d", "title": "Row %d", "date": "2024-04-01", "text": "A row about Quillon harbour, number %d."}`+"\n", i, i, i)
	}
	if err := os.WriteFile(filepath.Join(corp, "big.jsonl"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(t.Context(), dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Sync(t.Context(), []string{corp}, SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var stores atomic.Int32
	l, err := OpenForRebuild(t.Context(), dir, Options{BatchSize: 1, storing: func() error {
		if stores.Add(1) == 3 {
			cancel()
		}
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = l.RebuildWith(ctx, []string{corp}, SyncOptions{})
	if cerr := l.Close(); cerr != nil {
		t.Fatal(cerr)
	}
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted rebuild: error %v, want %v", err, context.Canceled)
	}
	msg := err.Error()
	for _, bad := range []string{"the next update goes on from there", "what it stored is kept", "context canceled"} {
		if strings.Contains(msg, bad) {
			t.Errorf("interrupted rebuild: error %q says %q", msg, bad)
		}
	}
	if !strings.Contains(msg, "rebuild") || !strings.Contains(msg, "interrupted") || !strings.Contains(msg, "unchanged") {
		t.Errorf("interrupted rebuild: error %q, want a sentence that the rebuild was interrupted and the index in use is unchanged", msg)
	}
	if _, err := os.Stat(dir + ".rebuild"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("after the interrupted rebuild %s.rebuild: %v, want it removed", dir, err)
	}
	ix, err = Open(t.Context(), dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = ix.Close() }()
	if ix.Len() != 12 {
		t.Errorf("index in use after the interrupted rebuild holds %d articles, want 12", ix.Len())
	}
}
