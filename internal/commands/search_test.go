package commands

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
	"github.com/google/go-cmp/cmp"
)

func TestSearchPagination(t *testing.T) {
	ctx := context.Background()
	s := &Search{Searcher: &fakeSearcher{articles: testArticles(12)}}
	resp, err := s.Handle(ctx, Request{Command: "search", Options: map[string]string{"query": "Moscow attack"}})
	if err != nil {
		t.Fatal(err)
	}
	e := resp.Embeds[0]
	if !strings.Contains(e.Description, "**1. [Moscow attack report A](https://news.example/a)**") || strings.Contains(e.Description, "**6.") {
		t.Errorf("page 1 = %q", e.Description)
	}
	if e.Footer != "Page 1 of 3 · 12 articles" {
		t.Errorf("Footer = %q", e.Footer)
	}
	prev, next := resp.Components[0].Buttons[0], resp.Components[0].Buttons[1]
	if !prev.Disabled || next.Disabled || next.CustomID != "search:v1:1:::Moscow attack" {
		t.Errorf("buttons = %+v, %+v", prev, next)
	}
	// Click Next twice: the last page has two results and Next disabled.
	resp, err = s.HandleComponent(ctx, Request{Kind: KindComponent, CustomID: next.CustomID})
	if err != nil || !resp.Update {
		t.Fatalf("page 2: %+v, %v", resp, err)
	}
	resp, _ = s.HandleComponent(ctx, Request{Kind: KindComponent, CustomID: resp.Components[0].Buttons[1].CustomID})
	if e := resp.Embeds[0]; !strings.Contains(e.Description, "**11.") || !strings.Contains(e.Description, "**12.") || e.Footer != "Page 3 of 3 · 12 articles" {
		t.Errorf("page 3 = %q / %q", e.Description, e.Footer)
	}
	if b := resp.Components[0].Buttons; !b[1].Disabled || b[0].Disabled || b[0].CustomID != "search:v1:1:::Moscow attack" {
		t.Errorf("page 3 buttons = %+v", b)
	}
}

func TestSearchHandle(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		opts    map[string]string
		code    string
		content string
	}{
		{"missing query", map[string]string{}, chronicle.EINVALID, ""},
		{"bad from", map[string]string{"query": "x", "from": "March 1"}, chronicle.EINVALID, ""},
		{"to before from", map[string]string{"query": "x", "from": "2024-03-05", "to": "2024-03-01"}, chronicle.EINVALID, ""},
		{"no results", map[string]string{"query": "Paris", "from": "2024-03-01"}, "", "No articles match “Paris” from 2024-03-01"},
		{"from a day to come", map[string]string{"query": "x", "from": "2026-12-03"}, chronicle.EINVALID, "“from” (2026-12-03) is in the future; today is 2026-12-01 (UTC)."},
		{"from tomorrow, today east of UTC", map[string]string{"query": "Paris", "from": "2026-12-02"}, "", "No articles match “Paris” from 2026-12-02"},
		{"to a day to come", map[string]string{"query": "Paris", "to": "2030-01-01"}, "", "No articles match “Paris”"},
	}
	now := time.Date(2026, 12, 1, 15, 0, 0, 0, time.UTC)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &Search{Searcher: &fakeSearcher{articles: testArticles(3)}, Now: func() time.Time { return now }}
			resp, err := s.Handle(ctx, Request{Options: tt.opts})
			if chronicle.ErrorCode(err) != tt.code {
				t.Fatalf("err = %v, want code %q", err, tt.code)
			}
			if tt.code != "" && !strings.Contains(chronicle.ErrorMessage(err), tt.content) {
				t.Errorf("error = %q, want %q", chronicle.ErrorMessage(err), tt.content)
			}
			if tt.code == "" && !strings.Contains(resp.Content, tt.content) {
				t.Errorf("Content = %q, want %q", resp.Content, tt.content)
			}
		})
	}
	t.Run("dates passed and kept in buttons", func(t *testing.T) {
		fs := &fakeSearcher{articles: testArticles(12)}
		resp, err := (&Search{Searcher: fs}).Handle(ctx, Request{Options: map[string]string{"query": "attack", "from": "2024-03-02", "to": "2024-03-11"}})
		if err != nil {
			t.Fatal(err)
		}
		if q := fs.queries[0]; !q.From.Equal(day(2024, 3, 2)) || !q.To.Equal(day(2024, 3, 11)) || q.Limit != 5 {
			t.Errorf("query = %+v", q)
		}
		if id := resp.Components[0].Buttons[1].CustomID; id != "search:v1:1:20240302:20240311:attack" {
			t.Errorf("Next = %q", id)
		}
	})
}

func TestSearchState(t *testing.T) {
	long := strings.Repeat("Moscow attack claimed ", 10)
	tests := []struct {
		name  string
		state searchState
	}{
		{"simple", searchState{Page: 3, Query: "Moscow attack"}},
		{"dates", searchState{Page: 0, Query: "x", From: day(2024, 3, 1), To: day(2024, 3, 26)}},
		{"colons in query", searchState{Page: 1, Query: "a:b:c"}},
		{"max page", searchState{Page: 9999, Query: "q", From: day(2024, 3, 1), To: day(2024, 3, 26)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := tt.state.customID()
			if len(id) > MaxCustomID {
				t.Errorf("len(%q) = %d > 100", id, len(id))
			}
			got, err := parseSearchID(id, nil)
			if err != nil {
				t.Fatalf("parseSearchID(%q): %v", id, err)
			}
			if diff := cmp.Diff(tt.state, got); diff != "" {
				t.Errorf("round trip (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("long query shortened to whole words", func(t *testing.T) {
		q, short := fitQuery(long)
		st := searchState{Page: 9999, Query: q, From: day(2024, 3, 1), To: day(2024, 3, 26)}
		if !short || len(st.customID()) > MaxCustomID || !strings.HasSuffix(q, "claimed") && !strings.HasSuffix(q, "attack") && !strings.HasSuffix(q, "Moscow") {
			t.Errorf("fitQuery = %q (%d bytes), %v", q, len(st.customID()), short)
		}
	})
	t.Run("one long word cut at a character", func(t *testing.T) {
		if q := shorten(strings.Repeat("é", 80), 67); len(q) > 67 || !strings.HasPrefix(strings.Repeat("é", 80), q) {
			t.Errorf("shorten = %q", q)
		}
	})
	for _, id := range []string{"search:v0:1:::q", "search:v1:x:::q", "search:v1:1:2024:: q", "search:v1:1:::", "search:v1", "search:v1:-1:::q",
		// dates the bot never writes (parseDate refuses them): forged
		"search:v1:0:00000101:99991231:Moscow", "search:v1:0:00010101::q", "search:v1:0::99991231:q"} {
		if _, err := parseSearchID(id, nil); err == nil {
			t.Errorf("parseSearchID(%q) succeeded, want an error", id)
		}
	}
}

func TestSearchExpiredButton(t *testing.T) {
	resp, err := (&Search{Searcher: &fakeSearcher{}}).HandleComponent(context.Background(), Request{CustomID: "search:v0:2:foo"})
	if err != nil || resp.Content != "This button has expired. Run /search again." || !resp.Ephemeral || resp.Update {
		t.Errorf("resp = %+v, %v", resp, err)
	}
}

func TestSearchPagePastEnd(t *testing.T) {
	fs := &fakeSearcher{articles: testArticles(6)}
	resp, err := (&Search{Searcher: fs}).HandleComponent(context.Background(), Request{CustomID: "search:v1:7:::attack"})
	if err != nil || resp.Embeds[0].Footer != "Page 2 of 2 · 6 articles" {
		t.Errorf("resp = %+v, %v", resp, err)
	}
}

// TestSearchLongQuery: a query too long for a button's custom ID is
// shortened to its first words before a paged search, so that every page
// lists the same results, and the reply says so; the one-page reply of the
// command line searches the whole query.
func TestSearchLongQuery(t *testing.T) {
	head := "Moscow attack discussed " + strings.Repeat("more text follows here ", 2) // 70 bytes
	tests := []struct {
		name       string
		search     Search
		query      string
		wantText   string // in the description or content
		wantFooter string
		wantNext   string // "" for no buttons
		searched   string
	}{
		{"one page: the whole query, whose last word matches nothing", Search{OnePage: true}, head + "zebra",
			"No articles match", "", "", head + "zebra"},
		{"paged: the first words, on every page", Search{}, head + "zebra",
			"**5. [Moscow attack report E]", "Page 1 of 2 · 7 articles · query shortened to its first words",
			"search:v1:1:::Moscow attack discussed more text follows here more text follows",
			"Moscow attack discussed more text follows here more text follows"},
		{"one page: no buttons, no note", Search{OnePage: true}, head + "report",
			"**5. [Moscow attack report E]", "5 of 7 articles", "", head + "report"},
		{"short query: no note", Search{}, "Moscow attack", "**1. [", "Page 1 of 2 · 7 articles", "search:v1:1:::Moscow attack",
			"Moscow attack"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := &fakeSearcher{articles: testArticles(7)}
			tt.search.Searcher = fs
			resp, err := tt.search.Handle(context.Background(), Request{Options: map[string]string{"query": tt.query}})
			if err != nil {
				t.Fatal(err)
			}
			if len(fs.queries) == 0 || fs.queries[0].Text != tt.searched {
				t.Fatalf("searched %+v, want %q", fs.queries, tt.searched)
			}
			var text, footer string
			if text = resp.Content; len(resp.Embeds) > 0 {
				text, footer = resp.Embeds[0].Description, resp.Embeds[0].Footer
			}
			if !strings.Contains(text, tt.wantText) || footer != tt.wantFooter {
				t.Errorf("reply = %q / footer %q, want %q in it / footer %q", text, footer, tt.wantText, tt.wantFooter)
			}
			var next string
			if len(resp.Components) > 0 {
				next = resp.Components[0].Buttons[1].CustomID
			}
			if next != tt.wantNext || len(next) > MaxCustomID {
				t.Errorf("Next = %q, want %q", next, tt.wantNext)
			}
		})
	}
}

// chronicle_result is a two-hit result for rendering tests.
func chronicle_result() chronicle.SearchResult {
	res, _ := (&fakeSearcher{articles: testArticles(2)}).Search(context.Background(), chronicle.SearchQuery{Text: "attack", Limit: 5})
	return res
}

// highlightSearcher returns one hit whose snippet highlights every
// occurrence of the query's words, as the index does.
type highlightSearcher struct{ text string }

func (h highlightSearcher) Search(ctx context.Context, q chronicle.SearchQuery) (chronicle.SearchResult, error) {
	c := chronicle.Citation{ArticleID: "m1", Title: "Mayor speaks", Text: h.text}
	lower := strings.ToLower(h.text)
	for _, w := range strings.Fields(strings.ToLower(q.Text)) {
		for i := 0; ; {
			j := strings.Index(lower[i:], w)
			if j < 0 {
				break
			}
			c.Highlights = append(c.Highlights, chronicle.Span{Start: i + j, End: i + j + len(w)})
			i += j + len(w)
		}
	}
	a := chronicle.Article{ID: "m1", Title: c.Title, Paragraphs: []chronicle.Paragraph{{Text: h.text}}}
	return chronicle.SearchResult{Total: 1, Hits: []chronicle.SearchHit{{Article: a, Score: 1, Snippet: c}}}, nil
}

// TestIssue12_Smaller_HighlightKeepsMentionEscape: a search whose words
// hit "@everyone", "@here" and a user mention in an article still shows
// them broken by the escape, with the words in bold. Before, the text
// around a highlight was escaped on its own, so "@" lost the zero-width
// space that follows it and the embed read "@**everyone**".
func TestIssue12_Smaller_HighlightKeepsMentionEscape(t *testing.T) {
	text := "The mayor told @everyone and @here, and <@1234> too, to stay *calm*."
	for _, onePage := range []bool{false, true} {
		s := &Search{Searcher: highlightSearcher{text}, OnePage: onePage}
		resp, err := s.Handle(context.Background(), Request{Options: map[string]string{"query": "everyone here 1234 calm"}})
		if err != nil {
			t.Fatal(err)
		}
		d := Fit(resp).Embeds[0].Description
		for _, want := range []string{"@\u200b**everyone**", "@\u200b**here**", "<\u200b@**1234**>", `\***calm**\*`} {
			if !strings.Contains(d, want) {
				t.Errorf("OnePage %v: description %q lacks %q", onePage, d, want)
			}
		}
		for _, bad := range []string{"@**everyone", "@**here", "@everyone", "@here", "<@1"} {
			if strings.Contains(d, bad) {
				t.Errorf("OnePage %v: description %q has the unescaped %q", onePage, d, bad)
			}
		}
	}
}

// TestIssue12_Item9_SearchQueryShortened: a query longer than Discord lets
// /search take (from the command line: 6,000 characters, 100 KB) is cut
// to its first words within MaxSearchQuery characters before the search,
// paged or not, and the reply says so. (A paged search without Buttons
// cuts it further, to what a custom ID holds.)
func TestIssue12_Item9_SearchQueryShortened(t *testing.T) {
	for _, n := range []int{6000, 100 << 10} {
		long := repeatTo("Moscow attack discussed more text follows here ", n)
		for _, tt := range []struct {
			s     *Search
			limit int
		}{{&Search{OnePage: true}, MaxSearchQuery}, {&Search{Buttons: NewButtons(nil)}, MaxSearchQuery}, {&Search{}, maxQueryBytes}} {
			fs := &fakeSearcher{articles: testArticles(7)}
			tt.s.Searcher = fs
			resp, err := tt.s.Handle(context.Background(), Request{Options: map[string]string{"query": long}})
			if err != nil {
				t.Fatal(err)
			}
			got := fs.queries[0].Text
			wholeWords := strings.HasPrefix(long, got) && long[len(got)] == ' '
			if len([]rune(got)) > tt.limit || len(got) < tt.limit-len("discussed ") || !wholeWords {
				t.Errorf("%d-byte query searched as %q (%d characters), want its first whole words within %d", n, got, len([]rune(got)), tt.limit)
			}
			if f := resp.Embeds[0].Footer; !strings.HasSuffix(f, " · query shortened to its first words") {
				t.Errorf("footer = %q, want the shortening noted", f)
			}
		}
	}
	if got, cut := ShortenQuery("  short   query "); got != "  short   query " || cut {
		t.Errorf("ShortenQuery(short) = %q, %v; want it unchanged", got, cut)
	}
}

// A query or topic holding control characters (given on the command line:
// Discord's options carry none) was echoed as it was in the header, the
// JSON and the logs; they are spaces now, and that alone is no shortening.
func TestControlCharactersInQueries(t *testing.T) {
	for _, tt := range []struct {
		name, in, want string
		shorten        func(string) (string, bool)
	}{
		{"newline and tab", "Moscow\nattack\tclaim", "Moscow attack claim", ShortenQuery},
		{"escape sequence", "Moscow\x1b[31m attack", "Moscow [31m attack", ShortenQuery},
		{"NUL and DEL", "a\x00b\x7fc", "a b c", ShortenQuery},
		{"C1 control", "x\u0085y", "x y", ShortenQuery},
		{"topic", "Moscow\r\nattack", "Moscow  attack", ShortenTopic},
		{"printable kept", "naïve “quoted” query", "naïve “quoted” query", ShortenQuery},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, cut := tt.shorten(tt.in)
			if got != tt.want || cut {
				t.Errorf("shorten(%q) = %q, %v; want %q, false", tt.in, got, cut, tt.want)
			}
		})
	}
}
