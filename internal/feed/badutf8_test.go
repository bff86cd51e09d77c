package feed

import (
	"context"
	"net/http"
	"slices"
	"testing"
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
