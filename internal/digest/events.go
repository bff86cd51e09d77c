package digest

import (
	"context"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// Event is one happening as the coverage of a window reports it: the
// articles that Events grouped together, with who carried them and when.
type Event struct {
	// Articles are the event's articles, oldest first.
	Articles []chronicle.Article
	// Outlets lists the distinct known outlets, first to report first.
	Outlets []string
	// First and Last are the earliest and latest publication times.
	First, Last time.Time
	// Score is the event's importance (see Events); higher is more
	// important. It compares events of one call only.
	Score float64
}

// Events groups articles into events and orders them by importance, most
// important first. Articles about the same happening are joined across
// outlets and days by a similarity that weighs shared names (capitalised
// words and runs of them, places, figures) above the rest of the headline
// and lead, and fades with the time between two articles. Importance grows
// with the outlets and articles carrying an event, with how concentrated its
// coverage is in time and with how recent it is. Undated articles are
// placed at the window's start. The articles are not modified.
func Events(ctx context.Context, arts []chronicle.Article) ([]Event, error) {
	if len(arts) == 0 {
		return nil, nil
	}
	s := newSummary(arts, "")
	stories, err := s.stories(ctx, time.Time{}, time.Time{})
	if err != nil {
		return nil, err
	}
	out := make([]Event, len(stories))
	for i, st := range stories {
		out[i] = s.event(st)
	}
	return out, nil
}

// event converts a story into its exported form.
func (s *summary) event(st *story) Event {
	e := Event{Outlets: st.outlets, Score: st.score}
	for _, m := range st.docs {
		a := *s.docs[m].art
		e.Articles = append(e.Articles, a)
		if e.First.IsZero() || a.Published.Before(e.First) {
			e.First = a.Published
		}
		if a.Published.After(e.Last) {
			e.Last = a.Published
		}
	}
	return e
}
