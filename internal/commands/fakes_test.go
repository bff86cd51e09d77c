package commands

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// fakeAnswerer returns a fixed answer and records the questions.
type fakeAnswerer struct {
	answer chronicle.Answer
	err    error
	delay  time.Duration

	mu        sync.Mutex
	questions []string
}

func (f *fakeAnswerer) Ask(ctx context.Context, q string, asOf time.Time) (chronicle.Answer, error) {
	f.mu.Lock()
	f.questions = append(f.questions, q)
	f.mu.Unlock()
	if f.delay > 0 {
		select {
		case <-time.After(f.delay):
		case <-ctx.Done():
			return chronicle.Answer{}, ctx.Err()
		}
	}
	a := f.answer
	a.Question = q
	return a, f.err
}

func (f *fakeAnswerer) asked() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.questions...)
}

// fakeSearcher matches articles whose title or text contains every word of
// the query, newest first, and records the queries.
type fakeSearcher struct {
	articles []chronicle.Article
	err      error
	// corrected is returned as every result's Corrected.
	corrected []chronicle.Correction

	mu      sync.Mutex
	queries []chronicle.SearchQuery
}

func (f *fakeSearcher) Search(ctx context.Context, q chronicle.SearchQuery) (chronicle.SearchResult, error) {
	f.mu.Lock()
	f.queries = append(f.queries, q)
	f.mu.Unlock()
	if f.err != nil {
		return chronicle.SearchResult{}, f.err
	}
	var hits []chronicle.SearchHit
	for _, a := range f.articles {
		text := strings.ToLower(a.Title + " " + a.Paragraphs[0].Text)
		ok := true
		for _, w := range strings.Fields(strings.ToLower(q.Text)) {
			ok = ok && strings.Contains(text, w)
		}
		if (!q.From.IsZero() && a.Published.Before(q.From)) || (!q.To.IsZero() && a.Published.After(q.To.AddDate(0, 0, 1))) {
			ok = false
		}
		if ok {
			hits = append(hits, chronicle.SearchHit{Article: a, Score: 1, Snippet: chronicle.Citation{
				Text: a.Paragraphs[0].Text, ArticleID: a.ID, Title: a.Title, Source: a.Source, Published: a.Published, URL: a.URL,
			}})
		}
	}
	res := chronicle.SearchResult{Total: len(hits), Corrected: f.corrected}
	if q.Offset < len(hits) {
		res.Hits = hits[q.Offset:min(len(hits), q.Offset+q.Limit)]
	}
	return res, nil
}

// fakeArticles serves articles by ID and title prefix.
type fakeArticles struct{ articles []chronicle.Article }

func (f *fakeArticles) Article(ctx context.Context, id string) (chronicle.Article, error) {
	for _, a := range f.articles {
		if a.ID == id {
			return a, nil
		}
	}
	return chronicle.Article{}, chronicle.Errorf(chronicle.ENOTFOUND, "no article %q", id)
}

func (f *fakeArticles) Titles(ctx context.Context, prefix string, limit int) ([]chronicle.TitleMatch, error) {
	var out []chronicle.TitleMatch
	for _, a := range f.articles {
		if strings.HasPrefix(strings.ToLower(a.Title), strings.ToLower(prefix)) && len(out) < limit {
			out = append(out, chronicle.TitleMatch{ArticleID: a.ID, Title: a.Title, Published: a.Published})
		}
	}
	return out, nil
}

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// cite builds a citation whose highlights are the given words.
func cite(id, title, source, url, text string, published time.Time, words ...string) chronicle.Citation {
	c := chronicle.Citation{Text: text, ArticleID: id, Title: title, Source: source, URL: url, Published: published, Paragraph: 1}
	for _, w := range words {
		if i := strings.Index(text, w); i >= 0 {
			c.Highlights = append(c.Highlights, chronicle.Span{Start: i, End: i + len(w)})
		}
	}
	return c
}

var (
	isisCitation = cite("bbc-1", "Moscow concert hall attack", "BBC", "https://bbc.example/moscow",
		"Islamic State claimed responsibility for the attack on Crocus City Hall near Moscow.", day(2024, 3, 23),
		"claimed responsibility", "attack", "Moscow")
	otherCitation = cite("reuters-2", "Russia mourns victims", "Reuters", "https://reuters.example/mourn",
		"Russia held a day of mourning after the attack, in which 137 people were killed.", day(2024, 3, 24), "attack")
	isisAnswer = chronicle.Answer{Best: &isisCitation, Sources: []chronicle.Citation{otherCitation}, Confidence: 0.82}
)

// testArticles returns n dated articles about the Moscow attack.
func testArticles(n int) []chronicle.Article {
	var out []chronicle.Article
	for i := range n {
		out = append(out, chronicle.Article{
			ID: "a" + string(rune('a'+i)), Title: "Moscow attack report " + string(rune('A'+i)), Source: "Outlet",
			URL: "https://news.example/" + string(rune('a'+i)), Published: day(2024, 3, 1+i),
			Paragraphs: []chronicle.Paragraph{{Text: "The Moscow attack was discussed. More text follows here."}},
		})
	}
	return out
}

// replyCall is one Responder call recorded by recorder.
type replyCall struct {
	Method    string
	Resp      Response
	Ephemeral bool
}

// recorder is a Responder that records every call.
type recorder struct {
	mu    sync.Mutex
	calls []replyCall
	err   error
}

func (r *recorder) add(c replyCall) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, c)
	return r.err
}

func (r *recorder) Respond(ctx context.Context, resp Response) error {
	return r.add(replyCall{Method: "respond", Resp: resp})
}
func (r *recorder) Defer(ctx context.Context, eph bool) error {
	return r.add(replyCall{Method: "defer", Ephemeral: eph})
}
func (r *recorder) Edit(ctx context.Context, resp Response) error {
	return r.add(replyCall{Method: "edit", Resp: resp})
}
func (r *recorder) Followup(ctx context.Context, resp Response) error {
	return r.add(replyCall{Method: "followup", Resp: resp})
}

func (r *recorder) methods() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var m []string
	for _, c := range r.calls {
		m = append(m, c.Method)
	}
	return m
}

func (r *recorder) last(tb testing.TB) Response {
	tb.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.calls) == 0 {
		tb.Fatal("no reply recorded")
	}
	return r.calls[len(r.calls)-1].Resp
}
