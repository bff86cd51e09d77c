package index_test

import (
	"path/filepath"
	"testing"

	"github.com/chronicle-bot/chronicle/internal/corpus"
	"github.com/chronicle-bot/chronicle/internal/index"
)

// TestRebuildInsideCorpus: an index inside its corpus folder, rebuilt: the
// rebuild, beside the live index, read the live one's files as articles
// ("idx/bleve/index_meta.json: no text"), and after the swap every sync
// reported the file "not listed, though it is there" (helper 100). Neither
// the rebuild nor the syncs after it take an index file for an article.
func TestRebuildInsideCorpus(t *testing.T) {
	corp := t.TempDir()
	briefs(t, corp, "Quillon", 3)
	l := adv23Live(t, filepath.Join(corp, "idx"), index.Options{}, corp)
	rep, err := l.Rebuild(t.Context(), []string{corp})
	if err != nil {
		t.Fatal(err)
	}
	check := func(when string, probs []corpus.Problem) {
		t.Helper()
		for _, p := range probs {
			if p.Reason != corpus.ReasonIndexFile {
				t.Errorf("%s: problem %v, want only the index's own files left out", when, p)
			}
		}
	}
	check("the rebuild", append(rep.Corpus.Problems, rep.CatchUp.Problems...))
	for i := range 2 {
		srep, err := l.Sync(t.Context(), []string{corp}, index.SyncOptions{})
		if err != nil {
			t.Fatal(err)
		}
		check("a sync after it", srep.Problems)
		if i == 1 && (l.Len() != 3 || srep.Unchanged != 3) {
			t.Errorf("%d articles, %d unchanged, want the 3 briefs (%s)", l.Len(), srep.Unchanged, srep.Summary())
		}
	}
}
