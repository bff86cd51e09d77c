package feed

import (
	"context"
	"net/http"
	"slices"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// TestStrayWindows1252Bytes: one Windows-1252 curly quote (byte 0x92) in a
// UTF-8 feed failed the whole feed ("invalid UTF-8"), losing its good items
// (helper 75). The feed is now taken, the byte read as Windows-1252.
func TestStrayWindows1252Bytes(t *testing.T) {
	for _, tt := range []struct {
		name, decl string
	}{
		{"declared UTF-8", `<?xml version="1.0" encoding="UTF-8"?>`},
		{"no declaration", `<?xml version="1.0"?>`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			body := tt.decl + `<rss version="2.0"><channel><title>Wire</title>` +
				`<item><guid isPermaLink="false">a</guid><title>It` + "\x92" + `s raining</title><description>Rain fell.</description></item>` +
				`<item><guid isPermaLink="false">b</guid><title>Caf` + "\xc3\xa9" + ` opens</title><description>A caf` + "\xc3\xa9" + ` opened.</description></item>` +
				`</channel></rss>`
			srv := newFeedServer(t, map[string]http.HandlerFunc{"/f": serveBody("application/rss+xml", body)})
			sink := &fakeSink{}
			f := newTestFetcher(t, []Feed{{URL: srv.URL + "/f"}}, sink, Options{})
			if _, err := f.FetchAll(context.Background()); err != nil {
				t.Fatalf("FetchAll: %v", err)
			}
			var titles []string
			for _, a := range sink.articles() {
				titles = append(titles, a.Title)
			}
			slices.Sort(titles)
			if want := []string{"Café opens", "It’s raining"}; !slices.Equal(titles, want) {
				t.Errorf("titles %q, want %q", titles, want)
			}
		})
	}
}

// TestCharsetFromHTTPHeader: a feed whose charset only its HTTP header names
// (windows-1251, no XML declaration of it) is read in that charset; it was
// read byte by byte as Windows-1252 and stored garbled (helper 76).
func TestCharsetFromHTTPHeader(t *testing.T) {
	enc, err := charmap.Windows1251.NewEncoder().String("Привет, мир")
	if err != nil {
		t.Fatal(err)
	}
	body := `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>` +
		`<item><guid isPermaLink="false">a</guid><title>` + enc + `</title><description>Text.</description></item></channel></rss>`
	srv := newFeedServer(t, map[string]http.HandlerFunc{"/f": serveBody("application/rss+xml; charset=windows-1251", body)})
	sink := &fakeSink{}
	f := newTestFetcher(t, []Feed{{URL: srv.URL + "/f"}}, sink, Options{})
	if _, err := f.FetchAll(context.Background()); err != nil {
		t.Fatalf("FetchAll: %v", err)
	}
	if arts := sink.articles(); len(arts) != 1 || arts[0].Title != "Привет, мир" {
		t.Errorf("articles %+v, want one titled %q", arts, "Привет, мир")
	}
}
