package commands

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/chronicle-bot/chronicle/internal/terms"
)

// FeedStatus is the health of one news feed, for /sources.
type FeedStatus struct {
	Name string
	URL  string
	// LastSuccess is the last successful fetch; zero if never.
	LastSuccess time.Time
	// LastError is the last fetch error, "" when the last fetch worked.
	LastError string
	// Waiting is how many new items the last fetch left for later, the
	// feed having reached its daily limit; they are taken after WaitUntil.
	Waiting   int
	WaitUntil time.Time
}

// FeedHealthSource reports feed health; the feeds package provides it.
type FeedHealthSource interface {
	FeedHealth(ctx context.Context) ([]FeedStatus, error)
}

// Sources shows the corpus at a glance.
type Sources struct {
	Stats StatsSource
	// Feeds, when set, appends the feeds' health to the reply.
	Feeds FeedHealthSource
	// MaxOutlets is how many outlets are named (default 10).
	MaxOutlets int
}

// Definition describes /sources.
func (s *Sources) Definition() Definition {
	return Definition{Name: "sources", Description: "What the news sources cover: articles, outlets, dates"}
}

// Handle answers /sources.
func (s *Sources) Handle(ctx context.Context, req Request) (Response, error) {
	st, err := s.Stats.Stats(ctx)
	if err != nil {
		return Response{}, fmt.Errorf("stats: %w", err)
	}
	type outlet struct {
		name string
		n    int
	}
	// Articles that name no outlet are said apart, not counted as one.
	var outlets []outlet
	unnamed := 0
	for name, n := range st.Outlets {
		if strings.TrimSpace(name) == "" {
			unnamed += n
			continue
		}
		outlets = append(outlets, outlet{name, n})
	}
	slices.SortFunc(outlets, func(a, b outlet) int { return cmp.Or(b.n-a.n, strings.Compare(a.name, b.name)) })
	maxOutlets := cmp.Or(s.MaxOutlets, 10)
	var names []string
	for _, o := range outlets[:min(len(outlets), maxOutlets)] {
		names = append(names, fmt.Sprintf("%s (%d)", Escape(o.name), o.n))
	}
	if more := len(outlets) - maxOutlets; more > 0 {
		names = append(names, fmt.Sprintf("and %d more", more))
	}
	top := titleOr(strings.Join(names, ", "), "none yet")
	if unnamed > 0 {
		if len(names) == 0 {
			top = "none named"
		}
		top += fmt.Sprintf("; %s without an outlet", terms.Counted(unnamed, "article", "articles"))
	}
	dates := "no dated articles"
	switch {
	case !st.Oldest.IsZero():
		dates = formatDate(st.Oldest) + " to " + formatDate(st.Newest)
	case st.Ahead > 0:
		dates = "none dated by tomorrow"
	}
	var notes []string
	if st.Undated > 0 {
		notes = append(notes, fmt.Sprintf("%d undated", st.Undated))
	}
	// Answers are given as of the newest day by tomorrow (UTC: today east
	// of it, chronicle.LastUndoubted); an article dated later is left out of
	// them (answer.Answerer), and said apart here.
	switch {
	case st.Ahead == 1:
		notes = append(notes, "1 dated after tomorrow, "+formatDate(st.Latest)+", taken for misdated")
	case st.Ahead > 1:
		notes = append(notes, fmt.Sprintf("%d dated after tomorrow, the latest %s, taken for misdated", st.Ahead, formatDate(st.Latest)))
	}
	if len(notes) > 0 {
		dates += " (" + strings.Join(notes, "; ") + ")"
	}
	updated := "never"
	if !st.Updated.IsZero() {
		updated = st.Updated.UTC().Format("2006-01-02 15:04 UTC")
	}
	e := Embed{
		Title: "News sources", Color: colorInfo,
		Fields: []Field{
			{Name: "Articles", Value: fmt.Sprint(st.Articles), Inline: true},
			{Name: "Outlets", Value: fmt.Sprint(len(outlets)), Inline: true},
			{Name: "Last update", Value: updated, Inline: true},
			{Name: "Dates", Value: dates},
			{Name: "Top outlets", Value: top},
		},
	}
	if s.Feeds != nil {
		e.Fields = append(e.Fields, s.feedsField(ctx))
	}
	return Response{Embeds: []Embed{e}}, nil
}

// feedsField summarises feed health; a failure to get it is shown, not
// fatal.
func (s *Sources) feedsField(ctx context.Context) Field {
	feeds, err := s.Feeds.FeedHealth(ctx)
	if err != nil {
		return Field{Name: "Feeds", Value: "Feed status is unavailable right now."}
	}
	if len(feeds) == 0 {
		return Field{Name: "Feeds", Value: "No feeds configured."}
	}
	var lines []string
	for _, f := range feeds {
		status := "✅ fetched " + formatDate(f.LastSuccess)
		if f.LastSuccess.IsZero() {
			status = "⏳ not fetched yet"
		}
		if f.LastError != "" {
			status = "⚠️ " + Escape(Truncate(f.LastError, 120))
		} else if f.Waiting > 0 {
			items := "items wait"
			if f.Waiting == 1 {
				items = "item waits"
			}
			status += fmt.Sprintf(" · ⏸️ daily limit reached, %d new %s", f.Waiting, items)
			if !f.WaitUntil.IsZero() {
				status += " until " + f.WaitUntil.UTC().Format("2006-01-02 15:04 UTC")
			}
		}
		lines = append(lines, "• "+link(titleOr(f.Name, f.URL), f.URL)+": "+status)
	}
	return Field{Name: fmt.Sprintf("Feeds (%d)", len(feeds)), Value: strings.Join(lines, "\n")}
}
