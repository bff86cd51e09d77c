package feed

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/chronicle-bot/chronicle"
)

func TestFetchFormats(t *testing.T) {
	srv := newFeedServer(t, map[string]http.HandlerFunc{
		"/rss":  serveFile(t, "application/rss+xml", "rss.xml"),
		"/atom": serveFile(t, "application/atom+xml", "atom.xml"),
		"/json": serveFile(t, "application/feed+json", "feed.json"),
	})
	tests := []struct {
		name string
		path string
		want []chronicle.Article
	}{
		{name: "rss", path: "/rss", want: []chronicle.Article{{
			Title: "Harbour bridge reopens after repairs", Source: "Example & News",
			URL:       "https://news.example.com/bridge",
			Published: time.Date(2024, 3, 25, 10, 0, 0, 0, time.UTC),
			Paragraphs: []chronicle.Paragraph{
				{Text: "The harbour bridge reopened on Monday & traffic resumed."},
				{Text: "Repairs took six weeks."},
				{Text: "Officials said the cost was €4 million."},
			},
		}, {
			Title: "Undated note", Source: "Example & News", URL: srv.URL + "/notes/1",
			Paragraphs: []chronicle.Paragraph{{Text: "Plain text summary."}, {Text: "Second paragraph."}},
		}}},
		{name: "atom", path: "/atom", want: []chronicle.Article{{
			Title: "Council approves new budget", Source: "Atom Times",
			URL:        "https://atom.example.org/budget",
			Published:  time.Date(2024, 3, 26, 9, 0, 0, 0, time.UTC),
			Paragraphs: []chronicle.Paragraph{{Heading: "Vote", Text: "The council approved the budget by 7 votes to 2."}},
		}}},
		{name: "json feed", path: "/json", want: []chronicle.Article{{
			Title: "Rail strike called off", Source: "JSON Daily",
			URL:       "https://json.example.net/rail",
			Published: time.Date(2024, 3, 27, 7, 30, 0, 0, time.UTC),
			Paragraphs: []chronicle.Paragraph{
				{Text: "Unions called off the rail strike."}, {Text: "Trains run as normal on Friday."},
			},
		}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sink := &fakeSink{}
			url := srv.URL + tt.path
			f := newTestFetcher(t, []Feed{{URL: url}}, sink, Options{Now: newClock().Now})
			rep, err := f.FetchAll(context.Background())
			if err != nil {
				t.Fatalf("FetchAll: %v", err)
			}
			got := sink.articles()
			for _, a := range got {
				if !strings.HasPrefix(a.ID, "feed-") || len(a.Hash) != 64 {
					t.Errorf("article %q: ID %q, Hash %q: want feed- ID and sha256 hash", a.Title, a.ID, a.Hash)
				}
				if a.Hash != articleHash(a) {
					t.Errorf("article %q: Hash does not match content", a.Title)
				}
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.IgnoreFields(chronicle.Article{}, "ID", "Hash")); diff != "" {
				t.Errorf("articles (-want +got):\n%s", diff)
			}
			if rep.Taken != len(tt.want) {
				t.Errorf("Report.Taken = %d, want %d", rep.Taken, len(tt.want))
			}
			if p := sink.puts[0].origin; p != url {
				t.Errorf("Put origin = %q, want %q", p, url)
			}
			h := healthOf(t, f, url)
			if h.Failing() || h.ItemsTaken != len(tt.want) || h.LastSuccess.IsZero() || h.Title == "" {
				t.Errorf("health = %+v, want success with %d items", h, len(tt.want))
			}
		})
	}
}

func TestConditionalRequest(t *testing.T) {
	const etag, lastMod = `"v1"`, "Wed, 27 Mar 2024 10:00:00 GMT"
	body := rssFeed("Cond", [3]string{"a", "Alpha story", "Alpha text."})
	srv := newFeedServer(t, map[string]http.HandlerFunc{
		"/feed": func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("If-None-Match") == etag {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("ETag", etag)
			w.Header().Set("Last-Modified", lastMod)
			w.Write([]byte(body))
		},
	})
	sink := &fakeSink{}
	clk := newClock()
	url := srv.URL + "/feed"
	f := newTestFetcher(t, []Feed{{URL: url, Interval: time.Minute}}, sink, Options{Now: clk.Now})
	ctx := context.Background()
	if _, err := f.FetchAll(ctx); err != nil {
		t.Fatalf("first FetchAll: %v", err)
	}
	clk.Advance(time.Minute)
	rep, err := f.FetchAll(ctx)
	if err != nil {
		t.Fatalf("second FetchAll: %v", err)
	}
	if rep.NotModified != 1 || rep.Taken != 0 {
		t.Errorf("second Report = %+v, want one not modified, nothing taken", rep)
	}
	hs := srv.headers("/feed")
	if len(hs) != 2 {
		t.Fatalf("got %d requests, want 2", len(hs))
	}
	if hs[0].Get("If-None-Match") != "" || hs[0].Get("If-Modified-Since") != "" {
		t.Errorf("first request sent conditional headers: %v", hs[0])
	}
	if got := hs[1].Get("If-None-Match"); got != etag {
		t.Errorf("If-None-Match = %q, want %q", got, etag)
	}
	if got := hs[1].Get("If-Modified-Since"); got != lastMod {
		t.Errorf("If-Modified-Since = %q, want %q", got, lastMod)
	}
	if !strings.HasPrefix(hs[0].Get("User-Agent"), "Chronicle/") {
		t.Errorf("User-Agent = %q, want Chronicle/...", hs[0].Get("User-Agent"))
	}
	if n := sink.calls(); n != 1 {
		t.Errorf("sink got %d puts, want 1", n)
	}
	h := healthOf(t, f, url)
	if !h.LastSuccess.Equal(clk.Now()) || h.ItemsTaken != 1 || h.LastItems != 0 {
		t.Errorf("health after 304 = %+v", h)
	}
}

func TestFetchErrors(t *testing.T) {
	big := rssFeed("Big", [3]string{"b", "Big", strings.Repeat("word ", 2000)})
	good := rssFeed("Good", [3]string{"g", "Good story", "Good text."})
	tests := []struct {
		name    string
		handler http.HandlerFunc
		wantErr string
		is      error
	}{
		{name: "timeout", wantErr: "timed out", handler: func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		}},
		{name: "malformed xml", wantErr: "parse feed", handler: serveBody("application/rss+xml",
			`<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</title><item><title>x</titl`)},
		{name: "not a feed", wantErr: "parse feed", handler: serveBody("text/html", "<html><body>hi</body></html>")},
		{name: "server error", wantErr: "500", handler: func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "boom", http.StatusInternalServerError)
		}},
		{name: "too large", is: ErrTooLarge, handler: serveBody("application/rss+xml", big)},
		{name: "too large streamed", is: ErrTooLarge, handler: func(w http.ResponseWriter, r *http.Request) {
			for i := 0; i < 10; i++ {
				w.Write([]byte(big[:1000]))
				w.(http.Flusher).Flush()
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newFeedServer(t, map[string]http.HandlerFunc{
				"/bad":  tt.handler,
				"/good": serveBody("application/rss+xml", good),
			})
			sink := &fakeSink{}
			bad, ok := srv.URL+"/bad", srv.URL+"/good"
			f := newTestFetcher(t, []Feed{{URL: bad}, {URL: ok}}, sink,
				Options{Timeout: 200 * time.Millisecond, MaxBodyBytes: 4096})
			rep, err := f.FetchAll(context.Background())
			if err == nil {
				t.Fatal("FetchAll: got nil error, want the bad feed's error")
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("FetchAll error = %v, want %v", err, tt.is)
			}
			if rep.Failed != 1 || rep.Taken != 1 {
				t.Errorf("Report = %+v, want 1 failed and 1 taken", rep)
			}
			h := healthOf(t, f, bad)
			want := tt.wantErr
			if tt.is != nil {
				want = tt.is.Error()
			}
			if !h.Failing() || !strings.Contains(h.LastError, want) {
				t.Errorf("bad feed health = %+v, want failing with %q", h, want)
			}
			if g := healthOf(t, f, ok); g.Failing() || g.ItemsTaken != 1 {
				t.Errorf("good feed health = %+v, want 1 item taken", g)
			}
		})
	}
}

// TestItemDatedAfterItWasSeen: an item dated more than a day after it was
// first seen is dated when it was first seen: one item of 2029 made every
// question without an as-of day answered as of 2029 (nu43). An item dated
// within the day keeps its date, and a refetch gives the same date.
func TestItemDatedAfterItWasSeen(t *testing.T) {
	clk := newClock() // 2024-03-28 12:00 UTC
	body := `<?xml version="1.0"?><rss version="2.0"><channel><title>Odd</title>` +
		`<item><guid isPermaLink="false">f1</guid><title>Comet seen</title><link>https://example.com/f1</link>` +
		`<description>A comet was seen over the harbour.</description><pubDate>Mon, 01 Jan 2029 00:00:00 +0000</pubDate></item>` +
		`<item><guid isPermaLink="false">f2</guid><title>Ferry late</title><link>https://example.com/f2</link>` +
		`<description>The ferry ran late.</description><pubDate>Thu, 28 Mar 2024 20:00:00 +0000</pubDate></item>` +
		`</channel></rss>`
	srv := newFeedServer(t, map[string]http.HandlerFunc{"/rss": serveBody("application/rss+xml", body)})
	sink := &fakeSink{}
	f := newTestFetcher(t, []Feed{{URL: srv.URL + "/rss"}}, sink, Options{Now: clk.Now})
	if _, err := f.FetchAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	want := map[string]time.Time{
		"Comet seen": clk.Now(),
		"Ferry late": time.Date(2024, 3, 28, 20, 0, 0, 0, time.UTC),
	}
	got := sink.articles()
	if len(got) != 2 {
		t.Fatalf("%d articles, want 2", len(got))
	}
	for _, a := range got {
		if !a.Published.Equal(want[a.Title]) || a.Hash != articleHash(a) {
			t.Errorf("%q dated %v (hash matches: %v), want %v", a.Title, a.Published, a.Hash == articleHash(a), want[a.Title])
		}
	}
}

// TestUpdatedItemKeepsItsDate: an item updated days after it was first
// seen, with its new date, keeps that date: compared with when it was
// first seen, it was dated back to then (helper 94).
func TestUpdatedItemKeepsItsDate(t *testing.T) {
	clk := newClock() // 2024-03-28 12:00 UTC
	var mu sync.Mutex
	body := func(desc, date string) string {
		return `<?xml version="1.0"?><rss version="2.0"><channel><title>Daily</title>` +
			`<item><guid isPermaLink="false">daily-briefing</guid><title>Daily briefing</title><link>https://example.com/briefing</link>` +
			`<description>` + desc + `</description><pubDate>` + date + `</pubDate></item></channel></rss>`
	}
	cur := body("The ferry ran late on Thursday.", "Thu, 28 Mar 2024 11:00:00 +0000")
	srv := newFeedServer(t, map[string]http.HandlerFunc{"/rss": func(w http.ResponseWriter, _ *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, cur)
	}})
	sink := &fakeSink{}
	f := newTestFetcher(t, []Feed{{URL: srv.URL + "/rss"}}, sink, Options{Now: clk.Now})
	if _, err := f.FetchAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	clk.Advance(10 * 24 * time.Hour)
	mu.Lock()
	cur = body("A storm closed the harbour on Sunday.", "Sun, 07 Apr 2024 11:00:00 +0000")
	mu.Unlock()
	if _, err := f.FetchAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	arts := sink.articles()
	if want := time.Date(2024, 4, 7, 11, 0, 0, 0, time.UTC); len(arts) == 0 || !arts[len(arts)-1].Published.Equal(want) {
		t.Errorf("the updated item: %v, want dated %v", arts, want)
	}
}

// TestRefusedItemsAreOfferedAgain: an item the sink refuses (the index: a
// corpus file gives an article of its ID) is a duplicate dropped, not an
// article added (every item offered was counted "added or updated"), and
// is not remembered as taken: it is offered again after a back-off (the
// feed's interval doubled at each refusal), and taken once the ID is free
// (helper 102: it was never offered again). Between retries it is not
// offered (it was, with its page fetched, at every fetch).
func TestRefusedItemsAreOfferedAgain(t *testing.T) {
	// The feed answers "not modified" to a request that names its ETag:
	// one remembered while an item waits to be offered again would keep
	// it from every later fetch (helper 103).
	srv := newFeedServer(t, map[string]http.HandlerFunc{
		"/f": serveWithETag(`"v1"`, rssFeed("F",
			[3]string{"a", "Alpha story", "Alpha text."},
			[3]string{"b", "Beta story", "Beta text."},
			[3]string{"c", "Gamma story", "Gamma text."})),
	})
	held := true
	sink := &fakeSink{refuse: func(a chronicle.Article) bool { return held && a.Title == "Beta story" }}
	clk := newClock()
	url := srv.URL + "/f"
	f := newTestFetcher(t, []Feed{{URL: url, Interval: time.Minute}}, sink, Options{Now: clk.Now})
	ctx := context.Background()
	rep, err := f.FetchAll(ctx)
	if err != nil {
		t.Fatalf("FetchAll: %v", err)
	}
	if rep.Taken != 2 || rep.Duplicates != 1 || rep.Unchanged != 0 {
		t.Errorf("first Report = %+v, want 2 taken and 1 duplicate dropped", rep)
	}
	if want := "2 articles added or updated, 0 unchanged, 1 duplicate dropped"; !strings.Contains(rep.Summary(), want) {
		t.Errorf("Summary %q, want it to say %q", rep.Summary(), want)
	}
	steps := []struct {
		name      string
		advance   time.Duration
		held      bool
		offered   bool // the refused item is offered again
		taken     int
		notModify bool // the feed answered "not modified"
	}{
		// The first refusal waits two intervals; the ETag is kept.
		{name: "a minute later", advance: time.Minute, held: true, notModify: true},
		{name: "two minutes later", advance: time.Minute, held: true, offered: true},
		// The second refusal waits four.
		{name: "three minutes later", advance: 3 * time.Minute, held: false, notModify: true},
		// Let go (the corpus file that gave the ID is gone).
		{name: "four minutes later", advance: time.Minute, held: false, offered: true, taken: 1},
	}
	for _, st := range steps {
		held = st.held
		clk.Advance(st.advance)
		before := len(sink.articles())
		rep, err = f.FetchAll(ctx)
		if err != nil {
			t.Fatalf("%s: FetchAll: %v", st.name, err)
		}
		offered := sink.articles()[before:]
		if st.offered && (len(offered) != 1 || offered[0].Title != "Beta story") || !st.offered && len(offered) != 0 {
			t.Errorf("%s: offered %d articles (%v), want the refused one offered again: %v", st.name, len(offered), offered, st.offered)
		}
		if got := rep.NotModified == 1; got != st.notModify {
			t.Errorf("%s: Report = %+v, want not modified: %v", st.name, rep, st.notModify)
		}
		if st.offered && (rep.Taken != st.taken || rep.Unchanged != 2 || rep.Duplicates != 1-st.taken) {
			t.Errorf("%s: Report = %+v, want %d taken, 2 unchanged", st.name, rep, st.taken)
		}
	}
	// Taken, it is not offered again.
	clk.Advance(time.Hour)
	before := len(sink.articles())
	if _, err := f.FetchAll(ctx); err != nil {
		t.Fatalf("FetchAll: %v", err)
	}
	if offered := sink.articles()[before:]; len(offered) != 0 {
		t.Errorf("the item taken was offered again: %v", offered)
	}
}

// TestRefusedItemLeavesNoFingerprint: the near-duplicate fingerprint of an
// item the sink refused is not kept, so another feed's copy of the story is
// taken (helper 102: it was dropped as a duplicate of an article that was
// nowhere in the index).
func TestRefusedItemLeavesNoFingerprint(t *testing.T) {
	story := "The harbour of Quillon reported forty ships waiting on the third day of the dock strike, officials said on Monday evening."
	srv := newFeedServer(t, map[string]http.HandlerFunc{
		"/a": serveBody("application/rss+xml", rssFeed("A", [3]string{"a1", "Quillon strike", story})),
		"/b": serveBody("application/rss+xml", rssFeed("B", [3]string{"b1", "Quillon strike", story})),
	})
	sink := &fakeSink{refuse: func(x chronicle.Article) bool { return strings.Contains(x.URL, "a1") }}
	clk := newClock()
	a, b := srv.URL+"/a", srv.URL+"/b"
	state := filepath.Join(t.TempDir(), "feeds.db")
	ctx := context.Background()
	// Feed A first, alone; then feed B is added.
	fa := newTestFetcher(t, []Feed{{URL: a, Interval: time.Minute}}, sink, Options{Now: clk.Now, StatePath: state})
	if _, err := fa.FetchAll(ctx); err != nil {
		t.Fatalf("FetchAll: %v", err)
	}
	fa.Close()
	clk.Advance(time.Minute)
	fb := newTestFetcher(t, []Feed{{URL: a, Interval: time.Minute}, {URL: b, Interval: time.Minute}}, sink, Options{Now: clk.Now, StatePath: state})
	if _, err := fb.FetchAll(ctx); err != nil {
		t.Fatalf("FetchAll: %v", err)
	}
	taken := 0
	for _, x := range sink.articles() {
		if !sink.refuse(x) && x.Title == "Quillon strike" {
			taken++
		}
	}
	if taken != 1 {
		t.Errorf("the story was taken %d times, want once (from feed B): %v", taken, sink.articles())
	}
}

// TestSameIDItemsAreCounted: an item dropped because an earlier item of the
// same feed has its ID is counted among the duplicates dropped (it was only
// in a log line, so that the summary's counts did not add up to the items).
func TestSameIDItemsAreCounted(t *testing.T) {
	srv := newFeedServer(t, map[string]http.HandlerFunc{
		"/f": serveBody("application/rss+xml", rssFeed("F",
			[3]string{"a", "Alpha story", "Alpha text."},
			[3]string{"a", "Alpha story, again", "Alpha text told otherwise."},
			[3]string{"c", "Gamma story", "Gamma text."})),
	})
	f := newTestFetcher(t, []Feed{{URL: srv.URL + "/f", Interval: time.Minute}}, &fakeSink{}, Options{Now: newClock().Now})
	rep, err := f.FetchAll(context.Background())
	if err != nil {
		t.Fatalf("FetchAll: %v", err)
	}
	if rep.Taken != 2 || rep.Duplicates != 1 {
		t.Errorf("Report = %+v, want 2 taken and 1 duplicate dropped", rep)
	}
}

// TestDuplicateOfRefusedItemIsNotSeen: an item dropped as a near-duplicate
// of an item the sink refused in the same fetch is not remembered: it
// repeats no article taken, and a later fetch takes it (helper 103: it was
// dropped for good, and the story was nowhere once the refused item left
// the feed).
func TestDuplicateOfRefusedItemIsNotSeen(t *testing.T) {
	story := "The harbour of Quillon reported forty ships waiting on the third day of the dock strike, officials said on Monday evening."
	var mu sync.Mutex
	body := rssFeed("F", [3]string{"b1", "Quillon strike", story}, [3]string{"b2", "Quillon strike", story})
	srv := newFeedServer(t, map[string]http.HandlerFunc{
		"/f": func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			defer mu.Unlock()
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Write([]byte(body))
		},
	})
	held := true
	sink := &fakeSink{refuse: func(a chronicle.Article) bool { return held && strings.HasSuffix(a.URL, "/b1") }}
	clk := newClock()
	f := newTestFetcher(t, []Feed{{URL: srv.URL + "/f", Interval: time.Minute}}, sink, Options{Now: clk.Now})
	ctx := context.Background()
	if _, err := f.FetchAll(ctx); err != nil {
		t.Fatalf("FetchAll: %v", err)
	}
	// The refused item leaves the feed, and its ID is free again.
	mu.Lock()
	body = rssFeed("F", [3]string{"b2", "Quillon strike", story})
	mu.Unlock()
	held = false
	clk.Advance(time.Minute)
	rep, err := f.FetchAll(ctx)
	if err != nil {
		t.Fatalf("FetchAll: %v", err)
	}
	if rep.Taken != 1 {
		t.Errorf("Report = %+v, want the story taken from b2", rep)
	}
}
