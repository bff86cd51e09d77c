package feed

import (
	"context"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/chronicle-bot/chronicle"
)

func TestParagraphs(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []chronicle.Paragraph
	}{
		{name: "empty", in: "", want: nil},
		{name: "plain text with entities", in: "Fish &amp; chips\n \nSecond  line",
			want: []chronicle.Paragraph{{Text: "Fish & chips"}, {Text: "Second line"}}},
		{name: "paragraphs and breaks",
			in:   "<p>One &lt;b&gt; <b>bold</b>&nbsp;word.</p><p>Two<br>Three</p>Tail",
			want: []chronicle.Paragraph{{Text: "One <b> bold word."}, {Text: "Two"}, {Text: "Three"}, {Text: "Tail"}}},
		{name: "script, style and comments dropped",
			in:   `<style>p{color:red}</style><p>Kept<script>var x = "<p>no</p>";</script> text<!-- hidden --></p>`,
			want: []chronicle.Paragraph{{Text: "Kept text"}}},
		{name: "headings label paragraphs",
			in:   "<h2>Background</h2><p>A.</p><p>B.</p><h3>Last</h3>",
			want: []chronicle.Paragraph{{Heading: "Background", Text: "A."}, {Heading: "Background", Text: "B."}, {Text: "Last"}}},
		{name: "numeric entities and list items",
			in:   "<ul><li>&#8220;Quoted&#8221;</li><li>caf&eacute;</li></ul>",
			want: []chronicle.Paragraph{{Text: "“Quoted”"}, {Text: "café"}}},
		// helper 96: words split or joined unseen were never found.
		{name: "soft hyphens, zero-width spaces and ligatures",
			in:   "<p>Cro&shy;cus in Mos\u200bcow, a \ufb01nancial loss</p>",
			want: []chronicle.Paragraph{{Text: "Crocus in Moscow, a financial loss"}}},
		{name: "table cells keep words apart",
			in:   "<table><tr><td>a</td><td>b</td></tr></table>",
			want: []chronicle.Paragraph{{Text: "a b"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, Paragraphs(tt.in)); diff != "" {
				t.Errorf("Paragraphs(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestFullText(t *testing.T) {
	page := `<html><head><title>T</title><script>x()</script></head><body>
<nav><p>Home | World | Sport and a long list of navigation links here</p></nav>
<article><h1>Bridge reopens</h1>
<p>The harbour bridge reopened on Monday after six weeks of repairs.</p>
<h2>Cost</h2><p>Officials said the work cost four million euros.</p></article>
<footer><p>Copyright and a very long footer text that should not be taken at all.</p></footer>
</body></html>`
	srv := newFeedServer(t, map[string]http.HandlerFunc{
		"/page": serveBody("text/html", page),
	})
	srv.Config.Handler.(*http.ServeMux).HandleFunc("/feed", serveBody("application/rss+xml",
		`<rss version="2.0"><channel><title>Sum</title><item><title>Bridge</title>`+
			`<link>`+srv.URL+`/page</link><description>Short.</description></item></channel></rss>`))
	sink := &fakeSink{}
	f := newTestFetcher(t, []Feed{{URL: srv.URL + "/feed", FullText: true}}, sink, Options{})
	if _, err := f.FetchAll(context.Background()); err != nil {
		t.Fatalf("FetchAll: %v", err)
	}
	got := sink.articles()
	want := []chronicle.Paragraph{
		{Text: "The harbour bridge reopened on Monday after six weeks of repairs."},
		{Heading: "Cost", Text: "Officials said the work cost four million euros."},
	}
	if len(got) != 1 {
		t.Fatalf("got %d articles, want 1", len(got))
	}
	if diff := cmp.Diff(want, got[0].Paragraphs); diff != "" {
		t.Errorf("full text (-want +got):\n%s", diff)
	}
	if got[0].Hash != articleHash(got[0]) {
		t.Error("Hash not recomputed after full-text extraction")
	}
	// Unchanged on the next fetch: the page is not fetched again.
	rep, err := f.FetchAll(context.Background())
	if err != nil || rep.Unchanged != 1 || len(srv.headers("/page")) != 1 {
		t.Errorf("second fetch: Report = %+v, err = %v, page fetches = %d", rep, err, len(srv.headers("/page")))
	}
	if strings.Contains(got[0].Paragraphs[0].Text, "Home") {
		t.Error("navigation text taken")
	}
}

// A news page with a header, comments, related links and a footer around
// the story: only the story's paragraphs, under their heading, are kept.
func TestExtractArticlePage(t *testing.T) {
	page, err := os.ReadFile("testdata/article.html")
	if err != nil {
		t.Fatal(err)
	}
	got := extractArticle(page, "https://harbour.example/2024/storm")
	if len(got) != 4 {
		t.Fatalf("extractArticle gave %d paragraphs, want the story's 4: %q", len(got), got)
	}
	if !strings.HasPrefix(got[0].Text, "The port authority closed the harbour on Tuesday") || got[0].Heading != "" {
		t.Errorf("first paragraph = %+v, want the story's lead without a heading", got[0])
	}
	if got[2].Heading != "Damage to the quays" || !strings.HasPrefix(got[2].Text, "Engineers inspected") {
		t.Errorf("third paragraph = %+v, want Engineers... under \"Damage to the quays\"", got[2])
	}
	for _, p := range got {
		for _, bad := range []string{"comment", "Related:", "Copyright", "By A. Reporter"} {
			if strings.Contains(p.Text, bad) {
				t.Errorf("paragraph %q holds page furniture %q", p.Text, bad)
			}
		}
	}
}

// A page without an article (a bare list of links) gives nothing, so the
// feed's summary is kept.
func TestExtractArticleNoStory(t *testing.T) {
	if got := extractArticle([]byte(`<html><body><a href="/a">A</a> <a href="/b">B</a></body></html>`), "https://x.example/"); len(got) != 0 {
		t.Errorf("extractArticle(link list) = %q, want nothing", got)
	}
}
