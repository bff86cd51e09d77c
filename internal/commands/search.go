package commands

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// Search lists articles matching a query, five per page, with Previous and
// Next buttons.
type Search struct {
	Searcher Searcher
	// PageSize is the number of results per page (default 5, at most 10).
	PageSize int
	// OnePage shows the first page only, without Previous/Next buttons and
	// with a footer that counts the articles shown rather than pages: the
	// reply for the command line, which cannot click.
	OnePage bool
	// Buttons, when set, keeps the state of Previous/Next buttons whose
	// query is too long for their custom ID, so that every page searches
	// the whole query; without it such a query is shortened to fit. Share
	// it with Ask.
	Buttons *Buttons
	// Now is the clock (default time.Now).
	Now func() time.Time
}

const (
	searchPrefix    = "search"
	defaultPageSize = 5
)

// Definition describes /search.
func (s *Search) Definition() Definition {
	return Definition{
		Name:        "search",
		Description: "Find articles in the news sources",
		Options: []Option{
			{Type: OptionString, Name: "query", Description: "Words to look for", Required: true, MaxLength: MaxSearchQuery},
			{Type: OptionString, Name: "from", Description: "Earliest publication date, YYYY-MM-DD", MaxLength: 10},
			{Type: OptionString, Name: "to", Description: "Latest publication date, YYYY-MM-DD", MaxLength: 10},
		},
	}
}

// Handle answers /search with the first page. A query longer than Discord
// allows (from the command line) is shortened to its first words, and the
// reply says so.
func (s *Search) Handle(ctx context.Context, req Request) (Response, error) {
	st := searchState{Query: req.Option("query")}
	st.Query, st.Shortened = ShortenQuery(st.Query)
	if st.Query == "" {
		return Response{}, chronicle.Errorf(chronicle.EINVALID, "Tell me what to search for, for example: /search query: Moscow attack")
	}
	var err error
	if st.From, err = parseDate(req, "from"); err != nil {
		return Response{}, err
	}
	// A "from" day to come finds nothing, and is a typo (2042 for 2024):
	// said, as /digest and /ask say it; a "to" day to come is harmless.
	now := time.Now()
	if s.Now != nil {
		now = s.Now()
	}
	if today, after := AfterTomorrow(st.From, now); after {
		return Response{}, chronicle.Errorf(chronicle.EINVALID, "“from” (%s) is in the future; today is %s (UTC).", req.Option("from"), today.Format(DateLayout))
	}
	if st.To, err = parseDate(req, "to"); err != nil {
		return Response{}, err
	}
	if !st.From.IsZero() && !st.To.IsZero() && st.To.Before(st.From) {
		return Response{}, chronicle.Errorf(chronicle.EINVALID, "The “to” date is before the “from” date.")
	}
	return searchPage(ctx, s.Searcher, st, s.pageSize(), !s.OnePage, s.Buttons)
}

// ComponentPrefix routes Previous/Next clicks to Search.
func (s *Search) ComponentPrefix() string { return searchPrefix }

// HandleComponent turns the page: the button's custom ID carries the state,
// or its key in Buttons.
func (s *Search) HandleComponent(ctx context.Context, req Request) (Response, error) {
	st, err := parseSearchID(req.CustomID, s.Buttons)
	if err != nil {
		return expired("/search"), nil
	}
	resp, err := searchPage(ctx, s.Searcher, st, s.pageSize(), true, s.Buttons)
	resp.Update = true
	return resp, err
}

func (s *Search) pageSize() int {
	if s.PageSize > 0 {
		return min(s.PageSize, 10)
	}
	return defaultPageSize
}

// parseDate parses the optional YYYY-MM-DD option name of req. What the
// user typed is quoted as /digest quotes it (req.quote): escaped, so that a
// role tag or markup typed in it shows as typed.
func parseDate(req Request, name string) (time.Time, error) {
	v := req.Option(name)
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(DateLayout, v)
	if err != nil {
		return time.Time{}, invalid("%s must be a date like 2024-03-26 (year-month-day), not %s.", req.optionName(name), req.quote(v))
	}
	if !chronicle.InDateRange(t) {
		return time.Time{}, invalid("%s (%s) is outside the years %d to %d that the index holds.", req.optionName(name), v, chronicle.FirstYear, chronicle.LastYear)
	}
	return t, nil
}

// searchPage runs the search for st and renders one page, with its buttons
// when paged. Without buttons to keep a long query in, a paged search runs
// on the query shortened to fit the custom ID (see searchState), so that
// every page lists the same results; otherwise it runs on the whole query.
// A page past the end (the corpus changed) shows the last page instead.
func searchPage(ctx context.Context, s Searcher, st searchState, size int, paged bool, buttons *Buttons) (Response, error) {
	if paged && buttons == nil {
		var cut bool
		st.Query, cut = fitQuery(st.Query)
		st.Shortened = st.Shortened || cut
	}
	q := chronicle.SearchQuery{Text: st.Query, From: st.From, To: st.To, Limit: size, Offset: st.Page * size}
	res, err := s.Search(ctx, q)
	if err == nil && len(res.Hits) == 0 && res.Total > 0 && st.Page > 0 {
		st.Page = (res.Total - 1) / size
		q.Offset = st.Page * size
		res, err = s.Search(ctx, q)
	}
	if err != nil {
		return Response{}, fmt.Errorf("search %q: %w", st.Query, err)
	}
	return renderSearch(st, res, size, paged, buttons), nil
}

// renderSearch renders one page of results, with Previous/Next buttons when
// paged.
func renderSearch(st searchState, res chronicle.SearchResult, size int, paged bool, buttons *Buttons) Response {
	title := "Search: “" + Escape(st.Query) + "”"
	if res.Total == 0 || len(res.Hits) == 0 {
		return Response{Content: "No articles match “" + Escape(st.Query) + "”" + st.dateNote() + ". Try fewer or other words."}
	}
	var b strings.Builder
	for i, h := range res.Hits {
		a := h.Article
		fmt.Fprintf(&b, "**%d. %s**\n", st.Page*size+i+1, link(titleOr(a.Title, "Untitled article"), a.URL))
		meta := []string{}
		if a.Source != "" {
			meta = append(meta, Escape(a.Source))
		}
		meta = append(meta, formatDate(a.Published), "`"+strings.ReplaceAll(a.ID, "`", "'")+"`")
		b.WriteString(strings.Join(meta, " · ") + "\n")
		if strings.TrimSpace(h.Snippet.Text) != "" {
			b.WriteString(quote(h.Snippet, 300) + "\n")
		}
		b.WriteString("\n")
	}
	pages := (res.Total + size - 1) / size
	footer := fmt.Sprintf("Page %d of %d · %s%s", st.Page+1, pages, articles(res.Total), st.dateNote())
	if !paged {
		footer = articles(res.Total) + st.dateNote()
		if len(res.Hits) < res.Total {
			footer = fmt.Sprintf("%d of %s", len(res.Hits), footer)
		}
	}
	if st.Shortened {
		footer += " · query shortened to its first words"
	}
	if len(res.Corrected) > 0 {
		fixes := make([]string, len(res.Corrected))
		for i, c := range res.Corrected {
			fixes[i] = c.Word + " → " + c.As
		}
		footer += " · also searched: " + strings.Join(fixes, ", ")
	}
	resp := Response{Embeds: []Embed{{
		Title: Truncate(title, MaxEmbedTitle), Description: strings.TrimSpace(b.String()),
		Footer: footer, Color: colorSearch,
	}}}
	if paged && pages > 1 {
		ids := st.pageIDs(buttons, max(st.Page-1, 0), st.Page+1)
		resp.Components = []ActionRow{{Buttons: []Button{
			{Label: "Previous", Style: ButtonSecondary, CustomID: ids[0], Disabled: st.Page == 0},
			{Label: "Next", Style: ButtonPrimary, CustomID: ids[1], Disabled: st.Page+1 >= pages},
		}}}
	}
	return resp
}

// articles counts articles in words: "1 article", "12 articles".
func articles(n int) string {
	if n == 1 {
		return "1 article"
	}
	return fmt.Sprintf("%d articles", n)
}
