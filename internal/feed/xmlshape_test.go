package feed

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

func TestCheckXMLShape(t *testing.T) {
	item := `<item><title>T</title><link>https://a.example/1</link><description><![CDATA[<p>One <b>two</b><br>three</p>]]></description></item>`
	nested := strings.Repeat("<x:a>", 150) + strings.Repeat("</x:a>", 150)
	for _, tt := range []struct {
		name, body string
		want       string // "" passes, else a part of the error
	}{
		{"an ordinary feed", `<?xml version="1.0"?><rss version="2.0"><channel><title>A</title>` + strings.Repeat(item, 2000) + `</channel></rss>`, ""},
		{"HTML in CDATA is text, however many tags", `<rss><channel>` + strings.Repeat(`<item><description><![CDATA[`+strings.Repeat("<p>x", 200)+`]]></description></item>`, 500) + `</channel></rss>`, ""},
		{"tags in comments and quoted attributes", `<rss><!-- <a><a><a> --><channel a="<b><b>" b='>'>` + strings.Repeat("<x a='<y>'/>", 10) + `</channel></rss>`, ""},
		{"a declaration with an internal subset", `<!DOCTYPE rss [ <!ENTITY e "<a><a>"> ]><rss><channel/></rss>`, ""},
		{"a JSON Feed whose HTML would look deep", `{"items": [{"content_html": "` + strings.Repeat("<p>", 500) + `"}]}`, ""},
		{"nested too deep", `<rss><channel><item>` + nested + `</item></channel></rss>`, "more than 100 deep"},
		{"nested too deep after a stray byte", "<rss>\xff<channel>" + nested + `</channel></rss>`, "more than 100 deep"},
		{"nested too deep after a BOM and spaces", "\xef\xbb\xbf\n  <rss>" + nested + `</rss>`, "more than 100 deep"},
		{"too many elements", `<rss><channel>` + strings.Repeat("<x:a/>", 250_001) + `</channel></rss>`, "more than 250000 XML elements"},
		{"as many elements as allowed", `<rss>` + strings.Repeat("<a/>", 249_999) + `</rss>`, ""},
		{"an unclosed tag at the end", `<rss><channel a="`, ""},
		{"empty", ``, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := checkXMLShape([]byte(tt.body), maxFeedDepth, maxFeedElements)
			if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("checkXMLShape = %v, want %q", err, tt.want)
			}
		})
	}
}

// TestDeepFeedRefused: a feed whose XML would cost the parser hundreds of
// megabytes is a failed fetch that says why, and the other feeds are taken.
func TestDeepFeedRefused(t *testing.T) {
	deep := `<rss version="2.0"><channel><title>Deep</title><item><title>T</title><x:e xmlns:x="urn:x">` +
		strings.Repeat("<x:a>", 5000) + strings.Repeat("</x:a>", 5000) + `</x:e></item></channel></rss>`
	srv := newFeedServer(t, map[string]http.HandlerFunc{
		"/deep": serveBody("application/rss+xml", deep),
		"/good": serveBody("application/rss+xml", rssFeed("Good", [3]string{"g1", "Good story", "A good story's text."})),
	})
	sink := &fakeSink{}
	f := newTestFetcher(t, []Feed{{URL: srv.URL + "/deep"}, {URL: srv.URL + "/good"}}, sink, Options{})
	rep, err := f.FetchAll(context.Background())
	if err == nil || !strings.Contains(err.Error(), "nests its XML elements more than 100 deep") || rep.Taken != 1 {
		t.Errorf("FetchAll = %+v, %v; want the deep feed failed, saying why, and the good one taken", rep, err)
	}
}
