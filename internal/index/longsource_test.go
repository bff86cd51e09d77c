package index_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/corpus"
)

// TestPutBoundsOutletAndLink: a feed gives every item its channel's title
// as the outlet; a title of megabytes over a few hundred items crashed
// `bot index` out of memory in the index's batch (helper 75). Put cuts an
// outlet name over corpus.MaxSourceBytes and leaves out a link over
// corpus.MaxURLBytes, each with a warning, and keeps the article.
func TestPutBoundsOutletAndLink(t *testing.T) {
	d := time.Date(2024, 6, 1, 8, 0, 0, 0, time.UTC)
	long := strings.Repeat("Outlet ", 100_000) // 700 KB, shared by every item
	longURL := "https://example.com/" + strings.Repeat("a", corpus.MaxURLBytes)
	arts := make([]chronicle.Article, 20)
	for i := range arts {
		arts[i] = feedArticle(fmt.Sprintf("feed-%d", i), "Volcano erupts", "A volcano erupted on the island overnight.", d)
		arts[i].Source = long
	}
	arts[0].URL = longURL
	ix := openIndex(t, t.TempDir())
	rep := put(t, ix, feedURL, arts...)
	if rep.Added != len(arts) {
		t.Fatalf("Added = %d, want %d", rep.Added, len(arts))
	}
	warned := map[string]int{}
	for _, p := range rep.Problems {
		if p.Reason == corpus.ReasonLongSource && !p.Skipped {
			switch {
			case strings.HasPrefix(p.Detail, "outlet name of "):
				warned["outlet"] += p.Count()
			case strings.HasPrefix(p.Detail, "link of "):
				warned["link"] += p.Count()
			}
		}
	}
	if warned["outlet"] != len(arts) || warned["link"] != 1 {
		t.Errorf("warnings %v, want 20 outlet and 1 link (problems %v)", warned, rep.Problems)
	}
	for i, want := range []string{"", arts[1].URL} {
		a, err := ix.Article(context.Background(), arts[i].ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Source) > corpus.MaxSourceBytes || !strings.HasPrefix(a.Source, "Outlet Outlet") {
			t.Errorf("%s: outlet of %d bytes (%.30q), want at most %d, cut from the feed's", a.ID, len(a.Source), a.Source, corpus.MaxSourceBytes)
		}
		if a.URL != want {
			t.Errorf("%s: link %.40q, want %.40q", a.ID, a.URL, want)
		}
	}
}
