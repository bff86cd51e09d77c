package digest

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chronicle-bot/chronicle/internal/corpus"
)

// TestBuildMoscowWeekSplitsFranceAlert is issue 16's test: over the seed
// article, the Moscow-attack RSS set and the RealTimeQA articles of 22-26
// March 2024, the five-point digest has exactly one point about the Moscow
// attack and one about France's alert level, each cited, in one message.
// Which article reports what comes from the RSS set's topic labels (the
// seed, unlabelled, reports both); the code knows no entity.
func TestBuildMoscowWeekSplitsFranceAlert(t *testing.T) {
	rssDir := dataDir(t, "moscow-attack-2024-rss")
	rtqa, _ := filepath.Glob(filepath.Join(dataDir(t, "realtimeqa"), "articles-*.jsonl.gz"))
	paths := append([]string{filepath.Join("..", "..", "corpus"), rssDir}, rtqa...)
	all, _, err := corpus.Load(context.Background(), paths)
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	topic := make(map[string]string)
	for _, r := range readJSONL[rssRecord](t, filepath.Join(rssDir, "rss_entries.jsonl")) {
		topic[r.ID] = r.Topic
	}
	src := &fakeSource{arts: all}
	from, to := DayWindow(mustDay(t, "2024-03-22"), mustDay(t, "2024-03-26"), time.UTC)
	d, err := Build(context.Background(), src, Options{From: from, To: to})
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	t.Logf("\n%s", d.Text())
	if len(d.Points) != DefaultMaxPoints || d.Dropped != 0 {
		t.Errorf("%d points, %d dropped, want %d in one message", len(d.Points), d.Dropped, DefaultMaxPoints)
	}
	if n := utf8.RuneCountInString(d.Markdown()); n > MaxMessage {
		t.Errorf("Markdown is %d characters, want <= %d", n, MaxMessage)
	}
	// A point is about the alert when it cites an article labelled so, or
	// quotes a sentence about an alert level; about the attack when it
	// cites an article labelled so and is not about the alert.
	attack, alert := 0, 0
	for _, p := range d.Points {
		checkVerbatim(t, all, p.Citation)
		text := strings.ToLower(p.Citation.Text + " " + p.Citation.Title)
		switch {
		case topic[p.Citation.ArticleID] == "france_alert" || strings.Contains(text, "alert"):
			alert++
		case topic[p.Citation.ArticleID] == "moscow_attack":
			attack++
		}
	}
	if attack != 1 || alert != 1 {
		t.Errorf("%d points about the Moscow attack and %d about France's alert, want 1 and 1", attack, alert)
	}
}
