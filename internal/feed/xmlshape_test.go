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
		{"a tag of too many attributes", `<rss><channel><x:foo ` + strings.Repeat(`a="b" `, 200000) + `/></channel></rss>`, "XML tag of more than 1048576 bytes"},
		{"a tag of exactly the most bytes", `<rss><a b="` + strings.Repeat("x", maxFeedTag-9) + `"/></rss>`, ""},
		{"a tag of a byte more", `<rss><a b="` + strings.Repeat("x", maxFeedTag-8) + `"/></rss>`, "XML tag of more than"},
		{"sloppy HTML in descriptions: unclosed tags close with their element", `<rss><channel>` + strings.Repeat(`<item><description><p>One<br>two<img src="x">three</p></description></item>`, 500) + `</channel></rss>`, ""},
		{"an end tag that matches nothing open", `<rss><channel>` + strings.Repeat(`</p></br>`, 500) + strings.Repeat("<a>", 50) + `</channel></rss>`, ""},
		{"nested too deep after a NUL", "\x00<rss>" + nested + `</rss>`, "more than 100 deep"},
		{"nested too deep after a DOCTYPE that ends at its first >", `<!DOCTYPE rss [><rss>` + nested + `</rss><!-- ]> -->`, "more than 100 deep"},
		{"nested too deep after a subset with an apostrophe in a comment", `<!DOCTYPE rss [ <!-- don't --> ]><rss>` + nested + `</rss>`, "more than 100 deep"},
		{"a long link in an attribute", `<rss><channel><link href="https://a.example/` + strings.Repeat("x", 8000) + `"/></channel></rss>`, ""},
		{"an unclosed tag at the end", `<rss><channel a="`, ""},
		{"a body that ends with <", `<rss><`, ""},
		{"a body that ends with </", `<rss></`, ""},
		{"a body of < alone", `<`, ""},
		{"a body that ends with <!", `<rss><!`, ""},
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

// TestEncodingLabels: an ASCII feed whose XML declaration names an
// encoding the parser does not know ("latin-1") is read; a feed that still
// cannot be read says which encoding its declaration names, instead of
// only "failed to detect feed type" (helper 79).
func TestEncodingLabels(t *testing.T) {
	feed := func(enc, title string) string {
		return `<?xml version="1.0" encoding="` + enc + `"?><rss version="2.0"><channel><title>Labels</title>` +
			`<item><guid>e1</guid><title>` + title + `</title><description>A story of its own.</description></item></channel></rss>`
	}
	for _, tt := range []struct {
		name, body, wantErr string
	}{
		{"latin-1, all ASCII", feed("latin-1", "Plain title"), ""},
		{"win-1252, all ASCII", feed("win-1252", "Plain title"), ""},
		{"utf-16 named, all ASCII", feed("utf-16", "Plain title"), ""},
		{"an unknown name and a byte past ASCII", feed("no-such-charset", "Caf\xe9"), `its XML declaration names the encoding "no-such-charset"`},
		{"a page that is no feed, in UTF-8", `<?xml version="1.0" encoding="UTF-8"?><html><body>No feed</body></html>`, "failed to detect feed type"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := newFeedServer(t, map[string]http.HandlerFunc{"/feed": serveBody("application/rss+xml", tt.body)})
			sink := &fakeSink{}
			f := newTestFetcher(t, []Feed{{URL: srv.URL + "/feed"}}, sink, Options{})
			rep, err := f.FetchAll(context.Background())
			if tt.wantErr == "" && (err != nil || rep.Taken != 1) {
				t.Errorf("FetchAll = %+v, %v; want the item taken", rep, err)
			}
			if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Errorf("FetchAll: %v, want an error with %q", err, tt.wantErr)
			}
			if err != nil && strings.Contains(err.Error(), `encoding "UTF-8"`) {
				t.Errorf("FetchAll: %v, blames an encoding the parser reads", err)
			}
		})
	}
	if label, at := xmlEncoding([]byte("\xef\xbb\xbf <?xml version='1.0' encoding='ISO-8859-1'?><rss/>")); label != "ISO-8859-1" || at[1]-at[0] != len(label) {
		t.Errorf("xmlEncoding = %q %v", label, at)
	}
	if label, _ := xmlEncoding([]byte(`<rss encoding="x"/>`)); label != "" {
		t.Errorf("xmlEncoding of no declaration = %q", label)
	}
}

// TestManyJSONObjectsRefused: a JSON Feed of more objects than an XML feed
// may hold elements is refused before it is parsed, saying why, and the
// other feeds are taken. A 5 MiB body of empty items ({},{},...: 1.7 million
// of them) cost the parser 1.2 GB and 17 s, where the XML bounds keep a feed
// of any shape to a few hundred megabytes.
func TestManyJSONObjectsRefused(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"version": "https://jsonfeed.org/version/1.1", "title": "Many", "items": [{"title": "T", "content_text": "a {text} of [brackets]"}`)
	b.WriteString(strings.Repeat(`,{}`, maxFeedElements))
	b.WriteString(`]}`)
	srv := newFeedServer(t, map[string]http.HandlerFunc{
		"/many": serveBody("application/feed+json", b.String()),
		"/good": serveBody("application/rss+xml", rssFeed("Good", [3]string{"g1", "Good story", "A good story's text."})),
	})
	sink := &fakeSink{}
	f := newTestFetcher(t, []Feed{{URL: srv.URL + "/many"}, {URL: srv.URL + "/good"}}, sink, Options{})
	rep, err := f.FetchAll(context.Background())
	if err == nil || !strings.Contains(err.Error(), srv.URL+"/many") || !strings.Contains(err.Error(), "more than 250000 JSON objects and arrays") || rep.Taken != 1 {
		t.Errorf("FetchAll = %+v, %v; want the JSON feed failed, saying why, and the good one taken", rep, err)
	}
}

func TestCheckJSONShape(t *testing.T) {
	for _, tt := range []struct {
		name, body string
		want       string
	}{
		{"a JSON Feed of 2,000 items with authors", `{"items": [` + strings.TrimSuffix(strings.Repeat(`{"title": "{[{[", "authors": [{"name": "A"}], "tags": ["x"]},`, 2000), ",") + `]}`, ""},
		{"brackets inside strings, escaped quotes", `{"items": [{"title": "\"{[` + strings.Repeat("{", 300_000) + `"}]}`, ""},
		{"as many as allowed", `[` + strings.TrimSuffix(strings.Repeat("{},", maxFeedElements-1), ",") + `]`, ""},
		{"one more", `[` + strings.TrimSuffix(strings.Repeat("{},", maxFeedElements), ",") + `]`, "more than 250000 JSON objects and arrays"},
		{"arrays count too", `{"items": [{"authors": [` + strings.TrimSuffix(strings.Repeat("[],", maxFeedElements), ",") + `]}]}`, "more than 250000 JSON objects and arrays"},
		{"a string that never ends", `{"items": [{"title": "\`, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := checkXMLShape([]byte(tt.body), maxFeedDepth, maxFeedElements)
			if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("checkXMLShape = %v, want %q", err, tt.want)
			}
		})
	}
}
