package digest

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// titleWords are the distinctive words of a headline: lower case, at least
// three letters, no figures. This is independent of the package tokenizer.
func titleWords(title string) map[string]bool {
	out := make(map[string]bool)
	for _, w := range strings.FieldsFunc(strings.ToLower(title), func(r rune) bool {
		return !(r >= 'a' && r <= 'z')
	}) {
		if len(w) >= 3 && !map[string]bool{"the": true, "and": true, "for": true, "says": true, "said": true,
			"qtr": true, "net": true, "inc": true, "corp": true, "sets": true, "year": true}[w] {
			out[w] = true
		}
	}
	return out
}

func overlap(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	n := 0
	for w := range a {
		if b[w] {
			n++
		}
	}
	return float64(n) / float64(min(len(a), len(b)))
}

// sameStory judges from Reuters metadata and headlines alone whether two
// records report the same story: most headline words shared, or the same
// topics, places and dateline city with a third of the headline shared.
func sameStory(a, b reutersRecord) bool {
	o := overlap(titleWords(a.Title), titleWords(b.Title))
	if o >= 0.6 {
		return true
	}
	city := func(r reutersRecord) string { c, _, _ := strings.Cut(r.Dateline, ","); return strings.TrimSpace(c) }
	return o >= 0.34 && len(a.Topics) > 0 && strings.Join(a.Topics, ",") == strings.Join(b.Topics, ",") &&
		strings.Join(a.Places, ",") == strings.Join(b.Places, ",") && city(a) == city(b)
}

func TestBuildReutersDayHasNoRepeatedStory(t *testing.T) {
	recs := readJSONL[reutersRecord](t, filepath.Join(dataDir(t, "reuters21578"), "reuters21578.jsonl"))
	for _, day := range []string{"1987-03-05", "1987-04-07", "1987-10-20"} {
		t.Run(day, func(t *testing.T) {
			byID := make(map[string]reutersRecord)
			src := &fakeSource{}
			for _, r := range recs {
				if strings.HasPrefix(r.Date, day) && strings.TrimSpace(r.Text) != "" {
					a := r.article()
					byID[a.ID] = r
					src.arts = append(src.arts, a)
				}
			}
			// The predicate must be able to see repeats: the day holds some.
			pairs := 0
			for i := 0; i < len(src.arts) && pairs == 0; i++ {
				for j := i + 1; j < len(src.arts); j++ {
					if sameStory(byID[src.arts[i].ID], byID[src.arts[j].ID]) {
						pairs++
						break
					}
				}
			}
			if pairs == 0 {
				t.Fatalf("no same-story pair among %d articles of %s: the check would be vacuous", len(src.arts), day)
			}
			from, to := DayWindow(mustDay(t, day), mustDay(t, day), time.UTC)
			start := time.Now()
			d, err := Build(context.Background(), src, Options{From: from, To: to})
			elapsed := time.Since(start)
			if err != nil {
				t.Fatalf("Build: %v", err)
			}
			t.Logf("%d articles, %d stories, %d points in %v\n%s", d.Articles, d.Stories, len(d.Points), elapsed, d.Text())
			if len(d.Points) < 3 {
				t.Errorf("got %d points, want at least 3", len(d.Points))
			}
			for i, p := range d.Points {
				checkVerbatim(t, src.arts, p.Citation)
				for _, q := range d.Points[:i] {
					if a, b := byID[p.Citation.ArticleID], byID[q.Citation.ArticleID]; sameStory(a, b) {
						t.Errorf("points from the same story:\n  %q\n  %q", a.Title, b.Title)
					}
				}
			}
		})
	}
}

func mustDay(tb testing.TB, s string) time.Time {
	tb.Helper()
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

// checkVerbatim fails unless c's text (without a trailing ellipsis) is in
// the cited paragraph of the cited article.
func checkVerbatim(tb testing.TB, arts []chronicle.Article, c chronicle.Citation) {
	tb.Helper()
	text := strings.TrimSuffix(c.Text, "…")
	for _, a := range arts {
		if a.ID == c.ArticleID {
			if c.Paragraph >= len(a.Paragraphs) || !strings.Contains(a.Paragraphs[c.Paragraph].Text, text) {
				tb.Errorf("quote %q is not in paragraph %d of %s", c.Text, c.Paragraph, a.ID)
			}
			return
		}
	}
	tb.Errorf("quote %q cites unknown article %s", c.Text, c.ArticleID)
}

// rssRecord is one entry of the Moscow-attack RSS set.
type rssRecord struct {
	ID          string `json:"id"`
	Source      string `json:"source"`
	Title       string `json:"title"`
	Link        string `json:"link"`
	Published   string `json:"date_published"`
	Description string `json:"description"`
	Topic       string `json:"topic"`
}

func TestBuildMoscowAttackRSS(t *testing.T) {
	recs := readJSONL[rssRecord](t, filepath.Join(dataDir(t, "moscow-attack-2024-rss"), "rss_entries.jsonl"))
	src := &fakeSource{}
	topic := make(map[string]string)
	for _, r := range recs {
		a := article(r.ID, r.Source, r.Published, r.Title, r.Description)
		a.URL = r.Link
		src.arts = append(src.arts, a)
		topic[r.ID] = r.Topic
	}
	from, to := DayWindow(mustDay(t, "2024-03-22"), mustDay(t, "2024-03-26"), time.UTC)
	d, err := Build(context.Background(), src, Options{From: from, To: to})
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	t.Logf("%d stories\n%s", d.Stories, d.Text())
	if len(d.Points) == 0 || topic[d.Points[0].Citation.ArticleID] != "moscow_attack" {
		t.Errorf("first point is not about the Moscow attack: %+v", d.Points)
	}
	grouped := false
	for _, p := range d.Points {
		grouped = grouped || len(p.Outlets) >= 2
	}
	if !grouped {
		t.Errorf("no point carried by two outlets: the same story was not grouped across outlets")
	}
	for _, p := range d.Points {
		checkVerbatim(t, src.arts, p.Citation)
	}
}
