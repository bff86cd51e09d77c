package corpus

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chronicle-bot/chronicle"
)

// StreamFile hands a large file on in turns, never whole: a 256 MB file of
// megabyte-long articles (a gzip bomb under the per-file limit) was held
// whole by LoadFile while the index analysed it, and `bot index` took
// 800 MB even with byte-bounded batches.
func TestIssue12_Item4_StreamFileNeverHoldsWholeFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.jsonl")
	var b strings.Builder
	text := strings.Repeat("word ", 200_000) // 1 MB
	const n = 12
	for i := range n {
		fmt.Fprintf(&b, `{"id":"a%d","title":"T","date":"2024-01-01","text":%q}`+"\n", i, text)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	var calls, total, most int
	probs, err := StreamFile(context.Background(), File{Path: path, Root: filepath.Dir(path)}, func(arts []chronicle.Article, _ []int) error {
		calls++
		total += len(arts)
		bytes := 0
		for _, a := range arts {
			for _, p := range a.Paragraphs {
				bytes += len(p.Text)
			}
		}
		most = max(most, bytes)
		return nil
	})
	if err != nil || len(probs) != 0 {
		t.Fatalf("StreamFile = %v, %v; want no problems", probs, err)
	}
	if total != n {
		t.Errorf("StreamFile handed on %d articles, want %d", total, n)
	}
	if calls < 2 || most > streamBytes+(2<<20) {
		t.Errorf("StreamFile made %d calls holding up to %d bytes, want several of at most about %d", calls, most, streamBytes)
	}

	// An error from fn stops reading and is returned.
	stop := fmt.Errorf("stop")
	calls = 0
	_, err = StreamFile(context.Background(), File{Path: path, Root: filepath.Dir(path)}, func([]chronicle.Article, []int) error {
		calls++
		return stop
	})
	if err != stop || calls != 1 {
		t.Errorf("StreamFile with a failing fn = %v after %d calls, want %v after 1", err, calls, stop)
	}
}
