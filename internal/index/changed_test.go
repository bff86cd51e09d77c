package index_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/chronicle-bot/chronicle"
)

// TestReportChanged: SyncReport.ChangedIDs lists exactly the articles a Sync or
// a Put added or updated, never the unchanged ones (what /watch matches).
func TestReportChanged(t *testing.T) {
	dir := t.TempDir()
	corpusDir := t.TempDir()
	ix := openIndex(t, dir)
	t0 := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	a := rec{ID: "a", Title: "Volcano erupts", Text: "A volcano erupted overnight."}
	b := rec{ID: "b", Title: "Rail strike", Text: "Rail workers went on strike."}
	c := rec{ID: "c", Title: "Floods", Text: "Rivers burst their banks."}
	writeFile(t, corpusDir, "news.jsonl", jsonl(t, a, b), t0)
	if got := syncOK(t, ix, corpusDir).ChangedIDs; !cmp.Equal(got, []string{"a", "b"}) {
		t.Errorf("first Sync ChangedIDs = %v, want [a b]", got)
	}
	b.Text = "Rail workers ended their strike."
	writeFile(t, corpusDir, "news.jsonl", jsonl(t, a, b, c), t0.Add(time.Hour))
	if got := syncOK(t, ix, corpusDir).ChangedIDs; !cmp.Equal(got, []string{"b", "c"}) {
		t.Errorf("Sync after an edit ChangedIDs = %v, want [b c] (a is unchanged)", got)
	}
	if got := syncOK(t, ix, corpusDir).ChangedIDs; len(got) != 0 {
		t.Errorf("Sync of an unchanged corpus ChangedIDs = %v, want none", got)
	}
	f := feedArticle("feed-1", "Volcano", "Lava reached the sea.", t0)
	if got := put(t, ix, feedURL, f).ChangedIDs; !cmp.Equal(got, []string{"feed-1"}) {
		t.Errorf("Put ChangedIDs = %v, want [feed-1]", got)
	}
	if got := put(t, ix, feedURL, f, chronicle.Article{}).ChangedIDs; len(got) != 0 {
		t.Errorf("Put of the same article again ChangedIDs = %v, want none", got)
	}
}
