package commands

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/corpus"
	"github.com/chronicle-bot/chronicle/internal/digest"
)

// daySource is a digest.Source over articles in memory: whole UTC days
// From..To, newest first, as the index gives them (the topic is ignored).
type daySource []chronicle.Article

func (s daySource) Window(_ context.Context, q chronicle.SearchQuery) ([]chronicle.Article, error) {
	day := func(t time.Time) string { return t.UTC().Format(time.DateOnly) }
	var out []chronicle.Article
	for _, a := range s {
		if (q.From.IsZero() || day(a.Published) >= day(q.From)) && (q.To.IsZero() || day(a.Published) <= day(q.To)) {
			out = append(out, a)
		}
	}
	slices.SortStableFunc(out, func(a, b chronicle.Article) int { return b.Published.Compare(a.Published) })
	if q.Limit > 0 && len(out) > q.Limit {
		out = out[:q.Limit]
	}
	return out, nil
}

// storyArticles are n articles of 23 March 2024, each its own story with
// a long lead, from outlets "Outlet s00"...
func storyArticles(n int) daySource {
	var arts daySource
	for i := range n {
		id := fmt.Sprintf("s%02d", i)
		w := strings.Repeat(string(rune('a'+i)), 6)
		arts = append(arts, chronicle.Article{ID: id, Source: "Outlet " + id, Title: "Story " + w,
			URL:       "https://news.example.com/" + id,
			Published: time.Date(2024, 3, 23, 10, 0, 0, 0, time.UTC),
			Paragraphs: []chronicle.Paragraph{{Text: "Officials in " + w + "ville said the " + w + " bridge would close for repairs that will last at least until the end of the summer season, " +
				"while traffic in " + w + "ville is sent through the narrow streets of the old town and the " + w + " ferry doubles its crossings at weekends."}}})
	}
	return arts
}

// TestDigestMessageFitsOneMessage: a digest's message is at most one
// Discord message; the points left out to fit are the last ones, counted,
// and announced in the message and in its terminal text alike. (Moved from
// internal/digest's TestBuildSaysWhatDidNotFit with the fitting.)
func TestDigestMessageFitsOneMessage(t *testing.T) {
	from, to := digest.DayWindow(time.Date(2024, 3, 23, 0, 0, 0, 0, time.UTC), time.Date(2024, 3, 23, 0, 0, 0, 0, time.UTC), time.UTC)
	tests := []struct {
		name        string
		maxPoints   int
		wantDropped bool
	}{
		{"fits", 3, false},
		{"too many for one message", 20, true},
		{"many points, long quotes", 30, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := digest.Build(context.Background(), storyArticles(20), digest.Options{From: from, To: to, MaxPoints: tt.maxPoints, MaxQuote: 400})
			if err != nil {
				t.Fatalf("Build: %v", err)
			}
			built := slices.Clone(d.Points)
			fitted, dropped := FitDigest(d)
			if got := dropped > 0; got != tt.wantDropped {
				t.Fatalf("FitDigest: dropped %d of %d points, want dropped %v", dropped, len(d.Points), tt.wantDropped)
			}
			if len(fitted.Points)+dropped != min(tt.maxPoints, d.Stories) || !slices.EqualFunc(fitted.Points, built[:len(fitted.Points)], samePoint) {
				t.Errorf("FitDigest: kept %d + dropped %d, want the first points of %d", len(fitted.Points), dropped, min(tt.maxPoints, d.Stories))
			}
			if len(d.Points) != len(built) {
				t.Errorf("FitDigest changed its argument: %d points, was %d", len(d.Points), len(built))
			}
			msg := DigestMessage(d)
			if n := utf8.RuneCountInString(msg.Content); n > MaxContent {
				t.Errorf("message is %d characters, want <= %d", n, MaxContent)
			}
			if n := len(fitted.Points); !strings.Contains(msg.Content, fmt.Sprintf("\n%d. “", n)) || strings.Contains(msg.Content, fmt.Sprintf("\n%d. “", n+1)) {
				t.Errorf("message = %q, want points 1..%d", msg.Content, n)
			}
			note := fmt.Sprintf("+%d more stories (left out to fit one message)", dropped)
			for name, out := range map[string]string{"Content": msg.Content, "Text": msg.Text} {
				if strings.Contains(out, note) != tt.wantDropped || strings.Contains(out, "more stor") != tt.wantDropped {
					t.Errorf("%s = %q, want %q in it: %v", name, out, note, tt.wantDropped)
				}
			}
			if msg.Text != fitted.Text()+map[bool]string{true: "\n" + note + "\n"}[tt.wantDropped] {
				t.Errorf("Text = %q, want the fitted digest's text and the note", msg.Text)
			}
		})
	}
}

func samePoint(a, b digest.Point) bool {
	return a.Citation.ArticleID == b.Citation.ArticleID && a.Citation.Text == b.Citation.Text
}

// TestFitDigestEdges: one point too long for a message has its quote
// shortened; a single dropped point is "1 more story"; a heading longer
// than a message (a topic typed on the command line) neither panics nor
// loops, and the message is still cut to the limit.
func TestFitDigestEdges(t *testing.T) {
	day := time.Date(2024, 3, 23, 10, 0, 0, 0, time.UTC)
	point := func(quote string) digest.Point {
		return digest.Point{Citation: chronicle.Citation{Text: quote, Source: "BBC", Published: day}, Date: "2024-03-23", Articles: 1}
	}
	long := strings.Repeat("The talks over the budget went on late into the night. ", 60) // 3,300 characters
	medium := strings.Repeat("word ", 200)                                                // 1,000 characters
	tests := []struct {
		name        string
		d           digest.Digest
		wantPoints  int
		wantDropped int
		check       func(t *testing.T, fitted digest.Digest, msg Response)
	}{
		{"one long point is shortened", digest.Digest{From: day, To: day, Points: []digest.Point{point(long)}}, 1, 0,
			func(t *testing.T, fitted digest.Digest, msg Response) {
				q := fitted.Points[0].Citation.Text
				if !strings.HasSuffix(q, "…") || !strings.HasPrefix(long, strings.TrimSuffix(q, "…")) {
					t.Errorf("quote = %q, want the start of the long one with an ellipsis", q)
				}
			}},
		{"one more story", digest.Digest{From: day, To: day, Points: []digest.Point{point(medium), point(medium)}}, 1, 1,
			func(t *testing.T, _ digest.Digest, msg Response) {
				if !strings.Contains(msg.Content, "*+1 more story (left out to fit one message)*") {
					t.Errorf("message = %q, want the singular note", msg.Content)
				}
			}},
		{"outlet name longer than a message", digest.Digest{From: day, To: day, Points: []digest.Point{
			withOutlet(point(medium), strings.Repeat("Outlet ", 900)), withOutlet(point(medium), "BBC")}}, 1, 1,
			func(t *testing.T, _ digest.Digest, msg Response) {
				if !strings.HasSuffix(msg.Content, "Outlet…, 23 Mar 2024\n*+1 more story (left out to fit one message)*") {
					t.Errorf("message ends %q, want the outlet cut, the day and the note", msg.Content[max(0, len(msg.Content)-200):])
				}
			}},
		{"heading longer than a message", digest.Digest{Topic: strings.Repeat("Moscow attack ", 200), From: day, To: day, Points: []digest.Point{point(long), point(long)}}, 1, 1,
			func(t *testing.T, _ digest.Digest, msg Response) {
				if !strings.HasPrefix(msg.Content, "**Digest for") || !strings.Contains(msg.Text, strings.TrimSpace(strings.Repeat("Moscow attack ", 200))) {
					t.Errorf("message = %q…, want the heading cut in Discord and whole in the terminal", msg.Content[:80])
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fitted, dropped := FitDigest(tt.d)
			if len(fitted.Points) != tt.wantPoints || dropped != tt.wantDropped {
				t.Errorf("FitDigest: %d points, %d dropped; want %d, %d", len(fitted.Points), dropped, tt.wantPoints, tt.wantDropped)
			}
			msg := DigestMessage(tt.d)
			if n := utf8.RuneCountInString(msg.Content); n > MaxContent {
				t.Errorf("message is %d characters, want <= %d", n, MaxContent)
			}
			tt.check(t, fitted, msg)
		})
	}
}

func withOutlet(p digest.Point, outlet string) digest.Point {
	p.Citation.Source = outlet
	return p
}

// TestDigestMarkdown: what a digest's message says and how article text is
// made safe in it (moved from internal/digest's TestEscape,
// TestMarkdownEscapesArticleText and TestBuildEmptyWindow): markdown and
// mentions escaped, line breaks collapsed so quoted text cannot start a
// heading or a list, links in <> and made safe, and a capped window's note.
func TestDigestMarkdown(t *testing.T) {
	day := time.Date(2024, 3, 23, 10, 0, 0, 0, time.UTC)
	from, to := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 1, 2, 23, 59, 0, 0, time.UTC)
	quoted := func(quote, outlet, url string) digest.Digest {
		return digest.Digest{From: day, To: day, Articles: 3, Stories: 1, Points: []digest.Point{{
			Citation: chronicle.Citation{Text: quote, Source: outlet, URL: url, Published: day},
			Date:     "2024-03-23", Articles: 3, Outlets: []string{outlet, "CNN"},
		}}}
	}
	tests := []struct {
		name    string
		d       digest.Digest
		want    []string
		notWant []string
	}{
		{"empty window", digest.Digest{Topic: "moscow", From: from, To: to, Points: []digest.Point{}},
			[]string{`No coverage of “moscow” between 1 Jan 2025 and 2 Jan 2025.`}, []string{"**"}},
		{"topic with a quote and markdown", digest.Digest{Topic: `"unterminated **x**`, From: from, To: to, Points: []digest.Point{}},
			[]string{`No coverage of “"unterminated \*\*x\*\*” between`}, []string{`\"`}},
		{"plain", quoted("plain text", "BBC", "https://example.com/a"),
			[]string{"**Digest, 23 Mar 2024**\n1. “plain text”\n— BBC, 23 Mar 2024 · 2 outlets, 3 articles · <https://example.com/a>"}, nil},
		{"markdown", quoted("*bold* _it_ ~x~ `c` |s| > q \\", "BBC", ""),
			[]string{"“" + `\*bold\* \_it\_ \~x\~ \` + "`c\\`" + ` \|s\| > q \\` + "”"}, nil},
		{"mentions", quoted("hi @everyone and @here <@123> <@!4> <@&5> <#6>", "BBC", ""),
			[]string{"hi @\u200beveryone and @\u200bhere <\u200b@123> <\u200b@!4> <\u200b@&5> <\u200b#6>"}, nil},
		{"line breaks", quoted("line\n# heading\n- item", "BBC", ""), []string{"“line # heading - item”"}, []string{"\n#", "\n-"}},
		{"link text", quoted("[click](https://evil)", "BBC", ""), []string{`\[click\](https://evil)`}, nil},
		{"outlet and link", quoted("The spokesman told @everyone that the *secret* plan for <@123> was approved.", "Evil_Outlet", "https://example.com/x> @here"),
			nil, []string{"@everyone", "*secret*", "<@123>", "Evil_Outlet", "@here"}},
		{"capped window", func() digest.Digest { d := quoted("plain text", "BBC", ""); d.Capped = true; return d }(),
			[]string{"**Digest, 23 Mar 2024**\n*Note: the window has more than 3 articles; only the newest 3 were read.*\n1. “plain text”"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := DigestMessage(tt.d)
			for _, w := range tt.want {
				if !strings.Contains(msg.Content, w) {
					t.Errorf("message = %q, want %q in it", msg.Content, w)
				}
			}
			for _, bad := range tt.notWant {
				if strings.Contains(msg.Content, bad) {
					t.Errorf("message = %q, want no %q in it", msg.Content, bad)
				}
			}
			if msg.Text != tt.d.Text() {
				t.Errorf("Text = %q, want the digest's text %q (nothing left out)", msg.Text, tt.d.Text())
			}
		})
	}
}

// TestDigestMessageRealData: digests of real coverage fit one message (the
// Markdown checks of internal/digest's real-data tests, moved here): the
// README's week of 22-26 March 2024 over the seed article, the Moscow-attack
// RSS set and the RealTimeQA articles keeps all five points; the RSS set
// alone and three Reuters days fit. Skips without ../shared/data.
func TestDigestMessageRealData(t *testing.T) {
	data := filepath.Join("..", "..", "..", "shared", "data")
	if _, err := os.Stat(data); err != nil {
		t.Skipf("real data absent (%v): this test needs ../shared/data from the project root", err)
	}
	rss := filepath.Join(data, "moscow-attack-2024-rss")
	rtqa, _ := filepath.Glob(filepath.Join(data, "realtimeqa", "articles-*.jsonl.gz"))
	tests := []struct {
		name         string
		paths        []string
		since, until string
		wantAllFive  bool
	}{
		{"seed, RSS and RealTimeQA, 22-26 March 2024", append([]string{filepath.Join("..", "..", "corpus"), rss}, rtqa...), "2024-03-22", "2024-03-26", true},
		{"RSS set, 22-26 March 2024", []string{rss}, "2024-03-22", "2024-03-26", false},
		{"Reuters, 5 March 1987", []string{filepath.Join(data, "reuters21578")}, "1987-03-05", "1987-03-05", false},
		{"Reuters, 20 October 1987", []string{filepath.Join(data, "reuters21578")}, "1987-10-20", "1987-10-20", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			arts, _, err := corpus.Load(context.Background(), tt.paths)
			if err != nil {
				t.Fatalf("load %v: %v", tt.paths, err)
			}
			since, _ := time.Parse(time.DateOnly, tt.since)
			until, _ := time.Parse(time.DateOnly, tt.until)
			from, to := digest.DayWindow(since, until, time.UTC)
			d, err := digest.Build(context.Background(), daySource(arts), digest.Options{From: from, To: to})
			if err != nil {
				t.Fatalf("Build: %v", err)
			}
			if len(d.Points) < 3 {
				t.Fatalf("Build: %d points, want at least 3", len(d.Points))
			}
			msg := DigestMessage(d)
			t.Logf("\n%s", msg.Content)
			if n := utf8.RuneCountInString(msg.Content); n > MaxContent {
				t.Errorf("message is %d characters, want <= %d", n, MaxContent)
			}
			if _, dropped := FitDigest(d); tt.wantAllFive && (len(d.Points) != digest.DefaultMaxPoints || dropped != 0) {
				t.Errorf("%d points, %d dropped, want %d in one message", len(d.Points), dropped, digest.DefaultMaxPoints)
			}
		})
	}
}
