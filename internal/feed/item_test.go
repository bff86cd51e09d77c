package feed

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
)

func TestArticleID(t *testing.T) {
	const feedA, feedB = "https://a.example/rss", "https://b.example/rss"
	tests := []struct {
		name     string
		a, b     gofeed.Item
		wantSame bool
	}{
		{name: "same URN guid in two feeds", wantSame: true,
			a: gofeed.Item{GUID: "urn:uuid:1", Link: "https://a.example/x"},
			b: gofeed.Item{GUID: "urn:uuid:1", Link: "https://b.example/y"}},
		{name: "same link, local guids", wantSame: true,
			a: gofeed.Item{GUID: "17", Link: "https://wire.example/s"},
			b: gofeed.Item{GUID: "99", Link: "https://wire.example/s"}},
		{name: "same local guid, no link, two feeds", wantSame: false,
			a: gofeed.Item{GUID: "1"}, b: gofeed.Item{GUID: "1"}},
		{name: "different links", wantSame: false,
			a: gofeed.Item{Link: "https://a.example/1"}, b: gofeed.Item{Link: "https://a.example/2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			idA := articleID(&tt.a, tt.a.Link, feedA, false)
			idB := articleID(&tt.b, tt.b.Link, feedB, false)
			if again := articleID(&tt.a, tt.a.Link, feedA, false); again != idA {
				t.Errorf("articleID not stable: %s then %s", idA, again)
			}
			if (idA == idB) != tt.wantSame {
				t.Errorf("articleID: %s and %s, want same = %v", idA, idB, tt.wantSame)
			}
		})
	}
}

// TestIssue12_JSONFeedBadItemSkipped: items of a JSON Feed that are not
// objects, or whose fields cannot be decoded, are skipped with their reason
// logged; the feed's other items are taken.
func TestIssue12_JSONFeedBadItemSkipped(t *testing.T) {
	body := `{"version": "https://jsonfeed.org/version/1.1", "title": "Mixed",
  "items": [
    1,
    {"id": "a", "url": "https://mixed.example/a", "title": "First good item", "content_text": "Alpha text."},
    "a string",
    null,
    {"id": "b", "title": ["not", "a", "string"], "content_text": "Bad fields."},
    [],
    {"id": "c", "url": "https://mixed.example/c", "title": "Second good item", "content_text": "Gamma text."}
  ]}`
	srv := newFeedServer(t, map[string]http.HandlerFunc{"/json": serveBody("application/feed+json", body)})
	var logs syncBuffer
	sink := &fakeSink{}
	f := newTestFetcher(t, []Feed{{URL: srv.URL + "/json"}}, sink,
		Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	rep, err := f.FetchAll(context.Background())
	if err != nil {
		t.Fatalf("FetchAll: %v", err)
	}
	var titles []string
	for _, a := range sink.articles() {
		titles = append(titles, a.Title)
	}
	if want := []string{"First good item", "Second good item"}; !slices.Equal(titles, want) || rep.Taken != 2 {
		t.Errorf("taken %q (Report %+v), want %q", titles, rep, want)
	}
	for _, want := range []string{"item 0 skipped: not an object (1)", `item 2 skipped: not an object`,
		"item 3 skipped: not an object (null)", "item 4 skipped: json: cannot unmarshal", "item 5 skipped: not an object"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, logs.String())
		}
	}
}

// TestManyBadJSONItems: of a feed's many undecodable items, the first few
// are named and the rest counted in one line; the good ones are taken.
func TestManyBadJSONItems(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"version": "https://jsonfeed.org/version/1.1", "title": "Noisy", "items": [`)
	for i := range 10000 {
		fmt.Fprintf(&b, "%d, ", i)
	}
	b.WriteString(`{"id": "good", "title": "The one good item", "content_text": "Its text."}]}`)
	srv := newFeedServer(t, map[string]http.HandlerFunc{"/json": serveBody("application/feed+json", b.String())})
	var logs syncBuffer
	sink := &fakeSink{}
	f := newTestFetcher(t, []Feed{{URL: srv.URL + "/json"}}, sink, Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	rep, err := f.FetchAll(context.Background())
	if err != nil || rep.Taken != 1 {
		t.Fatalf("FetchAll = %+v, %v; want the good item taken", rep, err)
	}
	if n := strings.Count(logs.String(), "\n"); n > 10 {
		t.Errorf("%d log lines for one fetch, want a few:\n%.2000s", n, logs.String())
	}
	for _, want := range []string{"item 4 skipped: not an object (4)", "items=9995 skipped_in_all=10000"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, logs.String())
		}
	}
	if strings.Contains(logs.String(), "item 5 skipped") {
		t.Errorf("a sixth bad item named one by one:\n%s", logs.String())
	}
}

// TestDropBadJSONItems: bodies that are not JSON Feeds with an items array,
// or have only good items, come back unchanged.
func TestDropBadJSONItems(t *testing.T) {
	tests := []struct {
		name, body string
		changed    bool
	}{
		{name: "rss", body: `<rss version="2.0"><channel><title>x</title></channel></rss>`},
		{name: "broken json", body: `{"items": [1, `},
		{name: "no items", body: `{"title": "x"}`},
		{name: "items not an array", body: `{"title": "x", "items": 3}`},
		{name: "good items", body: `{"items": [{"id": "a"}, {"id": 7}]}`},
		{name: "a bad item", body: `{"items": [{"id": "a"}, true]}`, changed: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, problems, dropped := dropBadJSONItems([]byte(tt.body))
			if changed := string(out) != tt.body; changed != tt.changed || (len(problems) > 0) != tt.changed || dropped != len(problems) {
				t.Errorf("dropBadJSONItems(%s) = %s, %q; want changed %v", tt.body, out, problems, tt.changed)
			}
		})
	}
}

// A feed item dated outside the years an index holds is undated: its
// nanoseconds would wrap into another day (9999 read back as 1816).
func TestToArticleFarDates(t *testing.T) {
	ordinary := time.Date(2024, 3, 26, 10, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name               string
		published, updated time.Time
		want               time.Time // zero: undated
	}{
		{"an ordinary day", ordinary, time.Time{}, ordinary},
		{"year 9999", time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), time.Time{}, time.Time{}},
		{"year 1600", time.Date(1600, 5, 5, 0, 0, 0, 0, time.UTC), time.Time{}, time.Time{}},
		{"year 9999, updated on an ordinary day", time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), ordinary, ordinary},
	} {
		t.Run(tt.name, func(t *testing.T) {
			it := gofeed.Item{Title: "T", Link: "https://a.example/1", Content: "<p>Text.</p>", PublishedParsed: &tt.published}
			if !tt.updated.IsZero() {
				it.UpdatedParsed = &tt.updated
			}
			a := toArticle(&it, "https://a.example/rss", nil, "A", nil)
			if !a.Published.Equal(tt.want) {
				t.Errorf("toArticle(published %v, updated %v).Published = %v, want %v", tt.published, tt.updated, a.Published, tt.want)
			}
		})
	}
}

// TestHeadlineOnlyItem: an item with a title and no text gets its headline
// as its text, so that answers, digests and watch posts can quote it; it
// was indexed without text, and a watch post showed an empty quote of a
// "paragraph 1" that did not exist (helper 75).
func TestHeadlineOnlyItem(t *testing.T) {
	it := gofeed.Item{Title: "Quake hits Tokyo", Link: "https://a.example/1"}
	a := toArticle(&it, "https://a.example/rss", nil, "A", nil)
	if len(a.Paragraphs) != 1 || a.Paragraphs[0].Text != "Quake hits Tokyo" {
		t.Errorf("paragraphs %+v, want the headline", a.Paragraphs)
	}
	empty := gofeed.Item{Link: "https://a.example/2"}
	if a := toArticle(&empty, "https://a.example/rss", nil, "A", nil); len(a.Paragraphs) != 0 {
		t.Errorf("an item without title or text got paragraphs %+v", a.Paragraphs)
	}
}
