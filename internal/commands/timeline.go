package commands

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/chronicle-bot/chronicle/internal/digest"
	"github.com/chronicle-bot/chronicle/internal/terms"
)

// TimelineBuilder builds timelines; digest.TimelineBuilder satisfies it.
type TimelineBuilder interface {
	Build(ctx context.Context, opts digest.TimelineOptions) (digest.Timeline, error)
}

// Timeline answers /timeline with the dated developments of one event,
// oldest first, one line each (its day, how many reports when several
// carried it, the quote and its citation), five per page with Previous and
// Next buttons. The window is read as /digest reads since/until (whole UTC
// days, both inclusive; neither: the last 24 hours), with the same
// refusals. The buttons are those of /search (searchState under the
// "timeline" prefix): each page rebuilds the timeline and shows its slice.
type Timeline struct {
	Builder TimelineBuilder
	// PageSize is the number of developments per page (default 5, at
	// most 10).
	PageSize int
	// Buttons, when set, keeps the state of buttons whose query is too
	// long for their custom ID (see Search.Buttons).
	Buttons *Buttons
	// Now is the clock (default time.Now).
	Now func() time.Time
}

const timelinePrefix = "timeline"

// Definition describes /timeline.
func (c *Timeline) Definition() Definition {
	return Definition{
		Name:        "timeline",
		Description: "How one story unfolded: its dated developments, oldest first, each quoted and cited",
		Options: []Option{
			{Type: OptionString, Name: "query", Description: "The event to follow, e.g. Moscow concert hall attack", Required: true, MaxLength: MaxSearchQuery},
			sinceOption(), untilOption(),
		},
	}
}

// Handle answers /timeline with the first page. A query too long for the
// buttons and no Buttons to keep it is shortened to its first words before
// the timeline is built, so that every page follows the same event.
func (c *Timeline) Handle(ctx context.Context, req Request) (Response, error) {
	st := searchState{Prefix: timelinePrefix}
	st.Query, st.Shortened = ShortenQuery(req.Option("query"))
	if st.Query == "" {
		return Response{}, invalid("Say which event to follow, for example: /timeline query: Moscow concert hall attack")
	}
	st = c.fit(st)
	// Refuse a mistaken window before anything is built; the state keeps
	// the days as given, so that a page turned tomorrow reads them alike.
	since, until := req.Option("since"), req.Option("until")
	if _, _, err := Window(Request{Options: map[string]string{"since": since, "until": until}, CLI: req.CLI}, c.now()); err != nil {
		return Response{}, err
	}
	st.From, _ = time.Parse(DateLayout, since)
	st.To, _ = time.Parse(DateLayout, until)
	return c.page(ctx, st)
}

// ComponentPrefix routes Previous/Next clicks to Timeline.
func (c *Timeline) ComponentPrefix() string { return timelinePrefix }

// HandleComponent turns the page: the button's custom ID carries the state,
// or its key in Buttons.
func (c *Timeline) HandleComponent(ctx context.Context, req Request) (Response, error) {
	st, err := parsePageID(timelinePrefix, req.CustomID, c.Buttons)
	if err != nil {
		return expired("/timeline"), nil
	}
	st.Prefix = timelinePrefix
	resp, err := c.page(ctx, c.fit(st))
	resp.Update = true
	return resp, err
}

// fit shortens st's query to what its buttons' custom IDs hold when there
// are no Buttons to keep a longer one (see searchState), the first page's
// as every other's: a button's query can be longer than the bot makes
// (a forged custom ID), and its buttons must still fit.
func (c *Timeline) fit(st searchState) searchState {
	if c.Buttons == nil {
		whole := strings.Join(strings.Fields(st.Query), " ")
		st.Query = shorten(whole, st.maxQuery())
		st.Shortened = st.Shortened || st.Query != whole
	}
	return st
}

// window is the window of st, whose From and To are the since and until
// days (zero when not given), read as /digest reads them.
func (c *Timeline) window(st searchState) (from, to time.Time, err error) {
	opts := map[string]string{}
	if !st.From.IsZero() {
		opts["since"] = st.From.Format(DateLayout)
	}
	if !st.To.IsZero() {
		opts["until"] = st.To.Format(DateLayout)
	}
	return Window(Request{Options: opts}, c.now())
}

func (c *Timeline) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// page builds the timeline of st and renders its page (the last one when
// st.Page is past the end, the coverage having changed).
func (c *Timeline) page(ctx context.Context, st searchState) (Response, error) {
	from, to, err := c.window(st)
	if err != nil {
		return Response{}, err
	}
	t, err := c.Builder.Build(ctx, digest.TimelineOptions{Query: st.Query, From: from, To: to})
	if err != nil {
		return Response{}, fmt.Errorf("timeline %q: %w", st.Query, err)
	}
	resp := renderTimeline(st, t, c.pageSize(), c.Buttons)
	resp.Text = t.Text() // the command line shows every development at once
	return resp, nil
}

func (c *Timeline) pageSize() int {
	if c.PageSize > 0 {
		return min(c.PageSize, 10)
	}
	return defaultPageSize
}

// renderTimeline renders page st.Page of t, size developments, with
// Previous/Next buttons when there are several pages.
func renderTimeline(st searchState, t digest.Timeline, size int, buttons *Buttons) Response {
	window := timelineWindow(t.From, t.To)
	if t.Empty() {
		return Response{Content: fmt.Sprintf("No event %s matches “%s” (%s read). "+
			"Try other words, or another window with since/until (YYYY-MM-DD, e.g. since: 2024-03-22 until: 2024-03-26).",
			window, Escape(st.Query), articles(t.Articles))}
	}
	pages := (len(t.Developments) + size - 1) / size
	st.Page = min(st.Page, pages-1)
	devs := t.Developments[st.Page*size : min((st.Page+1)*size, len(t.Developments))]
	// Each line gets an equal share of the description.
	budget := MaxEmbedDescription/size - 2
	lines := make([]string, len(devs))
	for i, d := range devs {
		lines[i] = developmentLine(d, budget)
	}
	footer := fmt.Sprintf("Page %d of %d · %s from %s", st.Page+1, pages,
		terms.Counted(len(t.Developments), "development", "developments"), digest.Reports(t.Reports))
	if len(t.Outlets) > 0 {
		footer += ", " + terms.Counted(len(t.Outlets), "outlet", "outlets")
	}
	footer += " · " + window
	if st.Shortened {
		footer += " · query shortened to its first words"
	}
	resp := Response{Embeds: []Embed{{
		Title:       Truncate("Timeline: “"+Escape(st.Query)+"”", MaxEmbedTitle),
		Description: strings.Join(lines, "\n\n"),
		Footer:      footer, Color: colorSearch,
	}}}
	if pages > 1 {
		ids := st.pageIDs(buttons, max(st.Page-1, 0), st.Page+1)
		resp.Components = []ActionRow{{Buttons: []Button{
			{Label: "Previous", Style: ButtonSecondary, CustomID: ids[0], Disabled: st.Page == 0},
			{Label: "Next", Style: ButtonPrimary, CustomID: ids[1], Disabled: st.Page+1 >= pages},
		}}}
	}
	return resp
}

// developmentLine is one development in at most max characters:
// "**2024-03-22** · 3 reports · “quote” — *Outlet*, 2024-03-22, paragraph 1
// · [read](url)", the quote shortened to fit and the outlet cut to
// maxOutlet characters, as in a digest, so that a long one leaves the
// quote its room.
func developmentLine(d digest.Development, max int) string {
	head := "**" + d.Date + "**"
	if d.Reports > 1 {
		head += " · " + digest.Reports(d.Reports)
	}
	c := d.Citation
	c.Source = Truncate(c.Source, maxOutlet)
	cite := citeLine(c, true)
	room := max - utf8.RuneCountInString(head+" “” "+cite)
	return head + " “" + Truncate(Escape(oneLine(d.Citation.Text)), room) + "” " + cite
}

// oneLine joins the lines of s with spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// timelineWindow describes a window: "between 22 Mar 2024 and 26 Mar
// 2024", "on 25 Mar 2024".
func timelineWindow(from, to time.Time) string {
	const layout = "2 Jan 2006"
	switch {
	case from.IsZero() || to.IsZero():
		return "in the sources"
	case from.UTC().Format(layout) == to.UTC().Format(layout) && digest.DayEdge(from.UTC()):
		return "on " + from.UTC().Format(layout)
	}
	return "between " + digest.Bound(from.UTC()) + " and " + digest.Bound(to.UTC())
}
