package commands

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/digest"
)

// fakeTimelines returns a timeline of n developments for every window, and
// records the options it was asked for.
type fakeTimelines struct {
	n     int
	quote string // the quote of every development ("" for a numbered one)
	calls []digest.TimelineOptions
}

func (f *fakeTimelines) Build(ctx context.Context, opts digest.TimelineOptions) (digest.Timeline, error) {
	f.calls = append(f.calls, opts)
	t := digest.Timeline{Query: opts.Query, From: opts.From, To: opts.To, Articles: 3 * f.n, Developments: []digest.Development{}}
	for i := range f.n {
		first := day(2024, 3, 22).Add(time.Duration(i) * 6 * time.Hour)
		text := f.quote
		if text == "" {
			text = fmt.Sprintf("Development number %d happened.", i+1)
		}
		c := cite(fmt.Sprintf("a%d", i), fmt.Sprintf("Headline %d", i+1), "BBC", "https://www.bbc.co.uk/news/"+fmt.Sprint(i), text, first)
		t.Developments = append(t.Developments, digest.Development{Date: first.Format(DateLayout), First: first, Citation: c, Reports: 1 + i%3})
		t.Reports += 1 + i%3
	}
	if f.n > 0 {
		t.Outlets = []string{"BBC"}
	}
	return t, nil
}

// TestTimelinePages: /timeline shows five developments per page, one line
// each with its day, its report count when merged, the escaped quote and
// its citation, and Previous/Next buttons that turn the pages.
func TestTimelinePages(t *testing.T) {
	now := time.Date(2026, 12, 1, 21, 0, 0, 0, time.UTC)
	ctx := context.Background()
	tests := []struct {
		name      string
		n         int
		quote     string
		clicks    int // how many times Next is pressed
		want      []string
		notWant   []string
		wantPages string // the footer's "Page i of n", "" for no buttons
	}{
		{"first page", 12, "", 0,
			[]string{"**2024-03-22** “Development number 1 happened.” — *BBC*, 2024-03-22, paragraph 2 · [read](https://www.bbc.co.uk/news/0)",
				"**2024-03-22** · 2 reports “Development number 2 happened.”", "Development number 5 happened."},
			[]string{"Development number 6 happened."}, "Page 1 of 3"},
		{"second page", 12, "", 1, []string{"Development number 6 happened.", "Development number 10 happened."},
			[]string{"Development number 5 happened.", "Development number 11 happened."}, "Page 2 of 3"},
		{"last page", 12, "", 2, []string{"Development number 11 happened.", "Development number 12 happened."},
			[]string{"Development number 10 happened."}, "Page 3 of 3"},
		{"one page has no buttons", 3, "", 0, []string{"Development number 3 happened.", "3 developments from 6 reports, 1 outlet"}, nil, ""},
		{"quote escaped", 1, "Police said @everyone *must* leave <@123>", 0,
			[]string{`“Police said @​everyone \*must\* leave`}, []string{"*must*"}, ""},
		{"long quotes fit", 10, strings.Repeat("A very long *quoted* sentence ", 40), 0, []string{"…"}, nil, "Page 1 of 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := &fakeTimelines{n: tt.n, quote: tt.quote}
			c := &Timeline{Builder: b, Buttons: NewButtons(nil), Now: func() time.Time { return now }}
			resp, err := c.Handle(ctx, Request{Kind: KindCommand, Command: "timeline",
				Options: map[string]string{"query": "Moscow attack", "since": "2024-03-22", "until": "2024-03-26"}})
			if err != nil {
				t.Fatalf("Handle: %v", err)
			}
			for range tt.clicks {
				next := button(t, resp, "Next")
				if resp, err = c.HandleComponent(ctx, Request{Kind: KindComponent, CustomID: next.CustomID}); err != nil {
					t.Fatalf("HandleComponent(%q): %v", next.CustomID, err)
				}
				if !resp.Update {
					t.Errorf("HandleComponent(%q) sends a new message, want the page updated", next.CustomID)
				}
			}
			if len(resp.Embeds) != 1 {
				t.Fatalf("reply has %d embeds, want 1: %+v", len(resp.Embeds), resp)
			}
			e := resp.Embeds[0]
			if e.Title != "Timeline: “Moscow attack”" {
				t.Errorf("title = %q", e.Title)
			}
			if n := utf8.RuneCountInString(e.Description); n > MaxEmbedDescription {
				t.Errorf("description has %d characters, over %d", n, MaxEmbedDescription)
			}
			if fit := Fit(resp); fit.Embeds[0].Description != e.Description {
				t.Errorf("Fit changed the page: it is not within Discord's limits")
			}
			for _, w := range tt.want {
				if !strings.Contains(e.Description+"\n"+e.Footer, w) {
					t.Errorf("page =\n%s\n%s\nwant %q in it", e.Description, e.Footer, w)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(e.Description, w) {
					t.Errorf("page =\n%s\nwant no %q in it", e.Description, w)
				}
			}
			if tt.wantPages == "" {
				if len(resp.Components) != 0 {
					t.Errorf("one page has buttons: %+v", resp.Components)
				}
			} else if !strings.HasPrefix(e.Footer, tt.wantPages) {
				t.Errorf("footer = %q, want it to start with %q", e.Footer, tt.wantPages)
			}
			for _, call := range b.calls {
				if call.Query != "Moscow attack" || !call.From.Equal(day(2024, 3, 22)) || call.To.Format(DateLayout) != "2024-03-26" {
					t.Errorf("built %+v, want Moscow attack over 22-26 March", call)
				}
			}
		})
	}
}

// TestTimelineButtons: Previous is disabled on the first page and Next on
// the last; a long query is kept in Buttons, so that every page follows
// the whole query; an unknown key says the button has expired.
func TestTimelineButtons(t *testing.T) {
	ctx := context.Background()
	long := strings.TrimSpace(strings.Repeat("Moscow concert hall attack ", 5))
	b := &fakeTimelines{n: 7}
	c := &Timeline{Builder: b, Buttons: NewButtons(nil)}
	resp, err := c.Handle(ctx, Request{Kind: KindCommand, Options: map[string]string{"query": long, "since": "2024-03-22", "until": "2024-03-26"}})
	if err != nil {
		t.Fatal(err)
	}
	if prev := button(t, resp, "Previous"); !prev.Disabled {
		t.Errorf("Previous on the first page is enabled")
	}
	next := button(t, resp, "Next")
	if len(next.CustomID) > MaxCustomID || !strings.HasPrefix(next.CustomID, "timeline:") {
		t.Errorf("Next custom ID = %q, want a timeline: ID within %d bytes", next.CustomID, MaxCustomID)
	}
	resp, err = c.HandleComponent(ctx, Request{Kind: KindComponent, CustomID: next.CustomID})
	if err != nil {
		t.Fatal(err)
	}
	if n := button(t, resp, "Next"); !n.Disabled {
		t.Errorf("Next on the last page is enabled")
	}
	if got := b.calls[len(b.calls)-1]; got.Query != long || got.From.Format(DateLayout) != "2024-03-22" {
		t.Errorf("page 2 built %q from %v, want the whole query from 2024-03-22", got.Query, got.From)
	}
	resp, err = c.HandleComponent(ctx, Request{Kind: KindComponent, CustomID: "timeline:v2:1:nosuchkey"})
	if err != nil || !resp.Ephemeral || !strings.Contains(resp.Content, "expired") {
		t.Errorf("unknown key: %+v, %v; want an ephemeral 'expired' reply", resp, err)
	}

	// Without Buttons the query is shortened to fit the custom ID.
	c = &Timeline{Builder: b}
	if resp, err = c.Handle(ctx, Request{Kind: KindCommand, Options: map[string]string{"query": long}}); err != nil {
		t.Fatal(err)
	}
	if id := button(t, resp, "Next").CustomID; len(id) > MaxCustomID || !strings.Contains(resp.Embeds[0].Footer, "shortened") {
		t.Errorf("without Buttons: Next = %q (%d bytes), footer %q; want a fitting ID and a note", id, len(id), resp.Embeds[0].Footer)
	}
}

// TestTimelineRefusals: a missing query and a mistaken window get a message
// that says what to fix, before anything is built; an empty window says
// so and how to widen it.
func TestTimelineRefusals(t *testing.T) {
	now := time.Date(2026, 12, 1, 21, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		opts    map[string]string
		wantErr string
	}{
		{"no query", map[string]string{"query": "  "}, "Say which event to follow"},
		{"bad date", map[string]string{"query": "Moscow", "since": "22/03/2024"}, "“since” must be a date like 2024-03-26"},
		{"impossible day", map[string]string{"query": "Moscow", "until": "2024-02-30"}, "“until” must be a date like"},
		{"until before since", map[string]string{"query": "Moscow", "since": "2024-03-26", "until": "2024-03-22"}, "“until” (2024-03-22) is before “since” (2024-03-26)."},
		{"future", map[string]string{"query": "Moscow", "since": "2027-01-01"}, "is in the future"},
		{"too long", map[string]string{"query": "Moscow", "since": "2024-01-01", "until": "2024-03-26"}, "That window is 86 days"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := &fakeTimelines{n: 3}
			c := &Timeline{Builder: b, Now: func() time.Time { return now }}
			_, err := c.Handle(context.Background(), Request{Kind: KindCommand, Options: tt.opts})
			if chronicle.ErrorCode(err) != chronicle.EINVALID || !strings.Contains(chronicle.ErrorMessage(err), tt.wantErr) {
				t.Errorf("Handle(%v) error = %v, want EINVALID with %q", tt.opts, err, tt.wantErr)
			}
			if len(b.calls) != 0 {
				t.Errorf("Handle(%v) built a timeline for a refused request", tt.opts)
			}
		})
	}

	t.Run("empty window", func(t *testing.T) {
		c := &Timeline{Builder: &fakeTimelines{}, Now: func() time.Time { return now }}
		resp, err := c.Handle(context.Background(), Request{Kind: KindCommand,
			Options: map[string]string{"query": "Moscow *attack*", "since": "2020-01-01", "until": "2020-01-02"}})
		want := "No event between 1 Jan 2020 and 2 Jan 2020 matches “Moscow \\*attack\\*” (0 articles read). Try other words, or another window with since/until"
		if err != nil || !strings.HasPrefix(resp.Content, want) || len(resp.Components) != 0 {
			t.Errorf("empty window = %+v, %v; want %q", resp, err, want)
		}
	})
}

// button returns the button of resp with the given label.
func button(tb testing.TB, resp Response, label string) Button {
	tb.Helper()
	for _, r := range resp.Components {
		for _, b := range r.Buttons {
			if b.Label == label {
				return b
			}
		}
	}
	tb.Fatalf("no %q button in %+v", label, resp.Components)
	return Button{}
}

// TestDevelopmentLineCapsOutlet: a timeline line cuts the outlet's name to
// maxOutlet characters, as a digest does, so that a long one (written with
// markdown, which escaping doubles) beside a long link leaves the quote
// its room. Uncut, a 200-byte outlet of markdown and a 300-character link
// left about 30 characters of quote (helper 115).
func TestDevelopmentLineCapsOutlet(t *testing.T) {
	quote := strings.TrimSpace(strings.Repeat("Troops crossed the river at dawn. ", 12)) // 407 characters
	longURL := "https://example.com/" + strings.Repeat("a", 280)
	tests := []struct {
		name       string
		outlet     string
		url        string
		wantOutlet string // the outlet as the line shows it
		minQuote   int    // characters of the quote the line keeps at least
	}{
		{name: "short outlet", outlet: "BBC", url: longURL, wantOutlet: "*BBC*", minQuote: len(quote)},
		{name: "long outlet of markdown", outlet: strings.Repeat("*_", 100), url: longURL,
			wantOutlet: "*" + Escape(Truncate(strings.Repeat("*_", 100), maxOutlet)) + "*", minQuote: 200},
		{name: "long outlet of words", outlet: strings.Repeat("Outlet ", 60), url: longURL,
			wantOutlet: "*" + Truncate(strings.Repeat("Outlet ", 60), maxOutlet) + "*", minQuote: 300},
	}
	// The room a line has on a page of five, as renderTimeline gives it.
	budget := MaxEmbedDescription/defaultPageSize - 2
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := cite("a1", "Headline", tt.outlet, tt.url, quote, day(2024, 3, 22))
			line := developmentLine(digest.Development{Date: "2024-03-22", Citation: c, Reports: 3}, budget)
			if n := utf8.RuneCountInString(line); n > budget {
				t.Errorf("line has %d characters, over %d", n, budget)
			}
			if !strings.Contains(line, "— "+tt.wantOutlet+", 2024-03-22") {
				t.Errorf("line =\n%s\nwant the outlet shown as %q", line, tt.wantOutlet)
			}
			start, end := strings.Index(line, "“"), strings.Index(line, "”")
			if start < 0 || end < start {
				t.Fatalf("line =\n%s\nwant a quote in “”", line)
			}
			if kept := utf8.RuneCountInString(line[start+len("“") : end]); kept < tt.minQuote {
				t.Errorf("line =\n%s\nkeeps %d characters of the quote, want at least %d", line, kept, tt.minQuote)
			}
		})
	}
}
