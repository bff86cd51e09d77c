package index_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chronicle-bot/chronicle/internal/corpus"
	"github.com/chronicle-bot/chronicle/internal/index"
)

// TestRepeatedRecordsSayWhyTheyLeave: records without an ID that an index
// holds apart, and that a sync now reads as one article (corpus
// ReasonSameRecord, as after an upgrade from a release that kept each
// copy), are kept by the removal check, which says they are repeats, not
// that the file was changed (helper 111).
func TestRepeatedRecordsSayWhyTheyLeave(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	var recs, same []rec
	for i := range 30 {
		recs = append(recs, rec{Title: fmt.Sprintf("Story %d", i), Date: "2024-03-26T10:00:00Z", Text: fmt.Sprintf("Text of story %d.", i)})
		same = append(same, recs[0])
	}
	writeFile(t, dir, "a.jsonl", jsonl(t, recs...), baseTime)
	l := adv23Live(t, filepath.Join(t.TempDir(), "index"), index.Options{}, dir)
	writeFile(t, dir, "a.jsonl", jsonl(t, same...), baseTime.Add(1))
	rep, err := l.Sync(ctx, []string{dir}, index.SyncOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var said string
	for _, p := range rep.Problems {
		if p.Reason == corpus.ReasonRemovalRefused {
			said = p.Detail
		}
	}
	if !strings.Contains(said, "29 of its records repeat an earlier record") || l.Len() != 30 {
		t.Errorf("sync kept %d articles and said %q; want all 30 kept, the 29 repeats named as such", l.Len(), said)
	}
}
