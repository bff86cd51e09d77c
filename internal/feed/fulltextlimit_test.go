package feed

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chronicle-bot/chronicle"
)

// bigStoryPage is story i's page: paras paragraphs of words of its own
// (no two stories share their sentences, so none is a near-duplicate).
func bigStoryPage(i string, paras int) string {
	var b strings.Builder
	b.WriteString(`<html><body><article><h1>Story ` + i + `</h1>`)
	for p := range paras {
		b.WriteString("<p>")
		for w := range 40 {
			fmt.Fprintf(&b, "w%sx%dy%d ", i, p, w)
		}
		b.WriteString("é.</p>")
	}
	b.WriteString(`</article></body></html>`)
	return b.String()
}

// TestFullTextBounds: the text taken from one page is cut to MaxPageText
// once it is extracted, and one fetch holds at most MaxFullText of page
// text, room for a whole page held while one is read: the items whose pages
// it did not read then wait for the next fetch (not taken with their
// summary, not recorded as seen), and are taken by it. With a daily limit
// too, the room the waiting items leave is not given to items past it,
// whose pages were never read: they were put with their summaries, for
// good (review rev39). A feed of 5 MB pages held every page whole until the
// fetch ended: 400 items took 5.5 GB (helper 79).
func TestFullTextBounds(t *testing.T) {
	const items, paras = 8, 16
	for _, tt := range []struct {
		name    string
		perDay  int
		advance time.Duration // between fetches
		taken   []int
	}{
		// A page's text is some 6 KB, cut to 4,000 bytes: two pages fit
		// the 10,000 bytes of a fetch, and the third and later wait.
		{"page text only", 0, 15 * time.Minute, []int{2, 2, 2, 2, 0}},
		{"and a daily limit of 3", 3, 13 * time.Hour, []int{2, 1, 2, 1, 2}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := newFeedServer(t, map[string]http.HandlerFunc{
				"/page/": func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "text/html")
					fmt.Fprint(w, bigStoryPage(strings.TrimPrefix(r.URL.Path, "/page/"), paras))
				},
			})
			srv.Config.Handler.(*http.ServeMux).HandleFunc("/feed", serveWithETag(`"v1"`, fullTextFeed(srv.URL, items)))
			sink := &fakeSink{}
			clk := newClock()
			var logs bytes.Buffer
			f := newTestFetcher(t, []Feed{{URL: srv.URL + "/feed", FullText: true, Interval: 15 * time.Minute}}, sink,
				Options{Now: clk.Now, FullTextConcurrency: 2, MaxPageText: 4000, MaxFullText: 10000, MaxItemsPerDay: tt.perDay,
					Logger: slog.New(slog.NewTextHandler(&logs, nil))})
			ctx := context.Background()
			for i, want := range tt.taken {
				logs.Reset()
				rep, err := f.FetchAll(ctx)
				if err != nil {
					t.Fatalf("fetch %d: %v", i, err)
				}
				if rep.Taken != want {
					t.Errorf("fetch %d: took %d items, want %d", i, rep.Taken, want)
				}
				if cut := strings.Contains(logs.String(), "page text cut"); cut != (want > 0) {
					t.Errorf("fetch %d: said pages were cut: %v, want %v\n%s", i, cut, want > 0, logs.String())
				}
				clk.Advance(tt.advance)
			}
			seen := map[string]bool{}
			for _, p := range sink.puts {
				for _, a := range p.articles {
					if seen[a.ID] {
						t.Errorf("%s put twice", a.ID)
					}
					seen[a.ID] = true
					n := textLen(a.Paragraphs)
					if n > 4000 || n < 3000 || strings.Contains(a.Paragraphs[0].Text, "Summary") {
						t.Errorf("%s: %d bytes of text starting %.40q, want its page's text cut to at most 4,000", a.ID, n, a.Paragraphs[0].Text)
					}
					for _, p := range a.Paragraphs {
						if !utf8.ValidString(p.Text) {
							t.Errorf("%s: a paragraph cut inside a character", a.ID)
						}
					}
				}
			}
			if len(seen) != items {
				t.Errorf("put %d articles, want all %d", len(seen), items)
			}
		})
	}
}

func TestCutPage(t *testing.T) {
	page := paragraphs("aaaa", "bbbb", "cécc")
	for _, tt := range []struct {
		limit int
		want  []string
		cut   bool
	}{
		{100, []string{"aaaa", "bbbb", "cécc"}, false},
		{13, []string{"aaaa", "bbbb", "cécc"}, false},
		{12, []string{"aaaa", "bbbb", "céc"}, true},
		{11, []string{"aaaa", "bbbb", "cé"}, true},
		{10, []string{"aaaa", "bbbb", "c"}, true}, // not half of "é"
		{8, []string{"aaaa", "bbbb"}, true},
		{6, []string{"aaaa", "bb"}, true},
		{0, nil, true},
	} {
		t.Run(fmt.Sprint(tt.limit), func(t *testing.T) {
			got, cut := cutPage(page, tt.limit)
			var texts []string
			for _, p := range got {
				texts = append(texts, p.Text)
			}
			if fmt.Sprint(texts) != fmt.Sprint(tt.want) || cut != tt.cut {
				t.Errorf("cutPage(%d) = %q, %v; want %q, %v", tt.limit, texts, cut, tt.want, tt.cut)
			}
		})
	}
	if page[2].Text != "cécc" {
		t.Errorf("cutPage changed its input: %q", page[2].Text)
	}
}

// paragraphs makes a page of texts, one paragraph each.
func paragraphs(texts ...string) []chronicle.Paragraph {
	out := make([]chronicle.Paragraph, len(texts))
	for i, t := range texts {
		out[i] = chronicle.Paragraph{Text: t}
	}
	return out
}
