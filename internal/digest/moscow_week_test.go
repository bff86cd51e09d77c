package digest

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle/internal/corpus"
)

// TestMoscowWeek reads the seed article, the Moscow-attack RSS set and the
// RealTimeQA articles as the README's examples do, and checks the digest
// and the timeline of 22-26 March 2024 (issues 16 and 17). Which article
// reports what comes from the RSS set's topic labels (the seed, unlabelled,
// reports both the attack and France's alert); the code knows no entity.
func TestMoscowWeek(t *testing.T) {
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
	t.Run("digest splits France's alert", func(t *testing.T) { checkMoscowDigest(t, src, topic, from, to) })
	t.Run("timeline", func(t *testing.T) { checkMoscowTimeline(t, src, topic, from, to) })
}

// checkMoscowDigest: the five-point digest has exactly one point about the
// Moscow attack and one about France's alert level, each cited.
func checkMoscowDigest(t *testing.T, src *fakeSource, topic map[string]string, from, to time.Time) {
	all := src.arts
	d, err := Build(context.Background(), src, Options{From: from, To: to})
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	t.Logf("\n%s", d.Text())
	if len(d.Points) != DefaultMaxPoints {
		t.Errorf("%d points, want %d (that they fit one message is TestDigestMessageRealData in internal/commands)", len(d.Points), DefaultMaxPoints)
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

// checkMoscowTimeline: the timeline of "Moscow concert hall attack" starts
// with the attack on 22 March, lists its developments oldest first, each
// quoted verbatim from the attack's coverage (or France's alert, which
// follows it), merges repeated reports (fewer lines than reports, one line
// of three reports or more) and reaches France's alert.
func checkMoscowTimeline(t *testing.T, src *fakeSource, topic map[string]string, from, to time.Time) {
	tl, err := TimelineBuilder{Source: src}.Build(context.Background(), TimelineOptions{Query: "Moscow concert hall attack", From: from, To: to})
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	t.Logf("\n%s", tl.Text())
	if len(tl.Developments) < 5 || len(tl.Developments) >= tl.Reports {
		t.Fatalf("%d developments from %d reports, want at least 5 and fewer than the reports", len(tl.Developments), tl.Reports)
	}
	on, merged, alert := 0, 0, false
	for i, d := range tl.Developments {
		checkVerbatim(t, src.arts, d.Citation)
		if i > 0 && d.First.Before(tl.Developments[i-1].First) {
			t.Errorf("development %d (%s) before development %d: not oldest first", i, d.Date, i-1)
		}
		switch l := topic[d.Citation.ArticleID]; {
		case l == "moscow_attack", l == "france_alert", l == "" && d.Citation.Source == "":
			on++
		}
		alert = alert || topic[d.Citation.ArticleID] == "france_alert"
		if d.Reports >= 3 {
			merged++
		}
	}
	if tl.Developments[0].Date != "2024-03-22" {
		t.Errorf("first development on %s, want 2024-03-22 (the attack)", tl.Developments[0].Date)
	}
	if on*10 < len(tl.Developments)*8 {
		t.Errorf("%d of %d developments quote the attack's or the alert's coverage, want at least 80%%", on, len(tl.Developments))
	}
	if merged == 0 {
		t.Errorf("no development merges three reports or more")
	}
	if !alert {
		t.Errorf("no development cites France's alert")
	}
}
