package schedule

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/digest"
)

// daySource is a digest.Source that selects like the index: From..To
// inclusive, a To at midnight standing for its whole day.
type daySource struct{ arts []chronicle.Article }

func (s daySource) Window(ctx context.Context, q chronicle.SearchQuery) ([]chronicle.Article, error) {
	to := q.To
	if to.Equal(to.Truncate(24 * time.Hour)) {
		to = to.AddDate(0, 0, 1).Add(-time.Nanosecond)
	}
	var out []chronicle.Article
	for _, a := range s.arts {
		if !a.Published.Before(q.From) && !a.Published.After(to) {
			out = append(out, a)
		}
	}
	return out, nil
}

// articlesPoster records how many articles each posted digest read.
type articlesPoster struct{ articles []int }

func (p *articlesPoster) PostDigest(ctx context.Context, channelID string, d digest.Digest) error {
	p.articles = append(p.articles, d.Articles)
	return nil
}

// TestScheduledWindowsAreHalfOpen: an article dated exactly on a run's
// time (midnight UTC, a daily 00:00 UTC schedule) is in one scheduled
// digest, not in the two whose windows that time ends and starts: each
// window is [due-days, due), built by the real digest builder.
func TestScheduledWindowsAreHalfOpen(t *testing.T) {
	art := func(id, at string) chronicle.Article {
		return chronicle.Article{ID: id, Title: "Harbour bridge " + id, Published: mustTime(t, at),
			Paragraphs: []chronicle.Paragraph{{Text: "The harbour bridge was closed for repairs on the day, the city said."}}}
	}
	src := daySource{arts: []chronicle.Article{
		art("before", "2024-03-24T12:00:00Z"),
		art("boundary", "2024-03-25T00:00:00Z"),
		art("after", "2024-03-25T12:00:00Z"),
	}}
	e := newEnv(t, "2024-03-24T06:00:00Z")
	p := &articlesPoster{}
	e.sched.Builder, e.sched.Poster = digest.Builder{Source: src}, p
	e.add(t, Schedule{Spec: "daily 00:00", PostWhenEmpty: true})
	e.tick(t, mustTime(t, "2024-03-25T00:00:30Z"))
	e.tick(t, mustTime(t, "2024-03-26T00:00:30Z"))
	// [24 Mar, 25 Mar): before; [25 Mar, 26 Mar): boundary and after.
	if want := []int{1, 2}; !slices.Equal(p.articles, want) {
		t.Errorf("articles per scheduled digest = %v, want %v (the boundary article once)", p.articles, want)
	}
}
