package commands

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// fakeClock is a clock the test moves by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

func newFakeClock() *fakeClock { return &fakeClock{t: time.Date(2024, 3, 26, 12, 0, 0, 0, time.UTC)} }

func TestButtons(t *testing.T) {
	t.Run("kept for the TTL, then expired", func(t *testing.T) {
		clock := newFakeClock()
		b := NewButtons(clock.now)
		key := b.put(buttonState{Query: "q"})
		if len(key) != buttonKeyLen || strings.Trim(key, "abcdefghijklmnopqrstuvwxyz234567") != "" {
			t.Errorf("key = %q, want %d lower-case base-32 characters", key, buttonKeyLen)
		}
		clock.advance(ButtonTTL - time.Second)
		if st, ok := b.get(key); !ok || st.Query != "q" {
			t.Errorf("get before the TTL = %+v, %v; want q", st, ok)
		}
		clock.advance(time.Second)
		if _, ok := b.get(key); ok {
			t.Error("get at the TTL succeeded, want expired")
		}
		if _, ok := b.get("nosuchkey123"); ok {
			t.Error("get of an unknown key succeeded")
		}
		b.put(buttonState{Query: "new"})
		if n := b.len(); n != 1 {
			t.Errorf("after a put, %d states held, want the expired one dropped", n)
		}
	})
	t.Run("bounded: the oldest dropped first", func(t *testing.T) {
		clock := newFakeClock()
		b := NewButtons(clock.now)
		b.max = 3
		var keys []string
		for i := range 10 {
			keys = append(keys, b.put(buttonState{Query: string(rune('a' + i))}))
			clock.advance(time.Second)
		}
		if n := b.len(); n != 3 {
			t.Errorf("%d states held, want 3", n)
		}
		for i, k := range keys {
			_, ok := b.get(k)
			if want := i >= 7; ok != want {
				t.Errorf("state %d kept = %v, want %v", i, ok, want)
			}
		}
	})
	t.Run("keys differ", func(t *testing.T) {
		b := NewButtons(nil)
		seen := map[string]bool{}
		for range 1000 {
			k := b.put(buttonState{Query: "q"})
			if seen[k] {
				t.Fatalf("key %q given twice", k)
			}
			seen[k] = true
		}
	})
}

// repeatTo repeats s until the result has n characters, then cuts it
// there (trimmed at the end).
func repeatTo(s string, n int) string {
	return strings.TrimSpace(strings.Repeat(s, n/len(s)+1)[:n])
}

// TestIssue12_Smaller_MoreSourcesLongQuestion: the "More sources" button of
// a 300-character question runs exactly that question, on every page of
// the listing, through a short key kept server side; once the key has
// expired the click says so. Before, the button carried the question cut
// to fit its 100-character custom ID and ran the shorter question.
func TestIssue12_Smaller_MoreSourcesLongQuestion(t *testing.T) {
	ctx := context.Background()
	// Every word is in the test articles, so the listing has two pages.
	q := strings.Repeat("Moscow attack discussed more text follows here ", 6) + "Moscow"
	if n := len([]rune(q)); n < 280 || n > 300 {
		t.Fatalf("question has %d characters", n)
	}
	clock := newFakeClock()
	buttons := NewButtons(clock.now)
	fs := &fakeSearcher{articles: testArticles(7)}
	ask := &Ask{Answerer: &fakeAnswerer{answer: isisAnswer}, Searcher: fs, Buttons: buttons}
	search := &Search{Searcher: fs, Buttons: buttons}

	resp, err := ask.Handle(ctx, Request{Command: "ask", Options: map[string]string{"question": q}})
	if err != nil {
		t.Fatal(err)
	}
	more := resp.Components[0].Buttons[0].CustomID
	if len(more) > MaxCustomID || !strings.HasPrefix(more, "ask:v2:more:") {
		t.Fatalf("More sources = %q, want a keyed custom ID of at most %d characters", more, MaxCustomID)
	}
	clock.advance(10 * time.Minute)
	resp, err = ask.HandleComponent(ctx, Request{Kind: KindComponent, CustomID: more})
	if err != nil {
		t.Fatal(err)
	}
	if got := fs.queries[len(fs.queries)-1].Text; got != q {
		t.Errorf("More sources searched %q, want the whole question %q", got, q)
	}
	if !resp.Ephemeral || len(resp.Components) != 1 || strings.Contains(resp.Embeds[0].Footer, "shortened") {
		t.Fatalf("More sources reply = %+v, want an ephemeral listing with page buttons", resp)
	}
	next := resp.Components[0].Buttons[1].CustomID
	if len(next) > MaxCustomID {
		t.Errorf("Next = %q, longer than %d", next, MaxCustomID)
	}
	clock.advance(10 * time.Minute) // the page's key is fresh; the answer's is 20 minutes old
	resp, err = search.HandleComponent(ctx, Request{Kind: KindComponent, CustomID: next})
	if err != nil {
		t.Fatal(err)
	}
	if got := fs.queries[len(fs.queries)-1]; got.Text != q || got.Offset != 5 || resp.Embeds[0].Footer != "Page 2 of 2 · 7 articles" {
		t.Errorf("Next searched %q at %d (footer %q), want the whole question at 5", got.Text, got.Offset, resp.Embeds[0].Footer)
	}

	t.Run("without a searcher the answerer gets the whole question", func(t *testing.T) {
		fa := &fakeAnswerer{answer: isisAnswer}
		a := &Ask{Answerer: fa, Buttons: NewButtons(clock.now)}
		resp, _ := a.Handle(ctx, Request{Options: map[string]string{"question": q}})
		if _, err := a.HandleComponent(ctx, Request{CustomID: resp.Components[0].Buttons[0].CustomID}); err != nil {
			t.Fatal(err)
		}
		if asked := fa.asked(); len(asked) != 2 || asked[1] != q {
			t.Errorf("asked %q, want the whole question twice", asked)
		}
	})
	t.Run("expired or unknown key", func(t *testing.T) {
		for _, id := range []string{more, "ask:v2:more:aaaaaaaaaaaa", "ask:v2:more:"} {
			resp, err := ask.HandleComponent(ctx, Request{Kind: KindComponent, CustomID: id})
			if err != nil || resp.Content != "This button has expired. Run /ask again." || !resp.Ephemeral {
				t.Errorf("click %q = %+v, %v; want the ephemeral expired reply", id, resp, err)
			}
		}
		clock.advance(ButtonTTL)
		resp, err := search.HandleComponent(ctx, Request{Kind: KindComponent, CustomID: next})
		if err != nil || resp.Content != "This button has expired. Run /search again." || !resp.Ephemeral {
			t.Errorf("expired Next = %+v, %v", resp, err)
		}
	})
	t.Run("a short question stays in the custom ID", func(t *testing.T) {
		resp, _ := ask.Handle(ctx, Request{Options: map[string]string{"question": "Who claimed the Moscow attack?"}})
		if id := resp.Components[0].Buttons[0].CustomID; id != "ask:v1:more:Who claimed the Moscow attack?" {
			t.Errorf("More sources = %q", id)
		}
	})
	t.Run("check keeps a long message too", func(t *testing.T) {
		fa := &fakeAnswerer{answer: isisAnswer}
		c := &Check{Answerer: fa, Buttons: buttons}
		resp, err := c.Handle(ctx, Request{TargetText: q})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ask.HandleComponent(ctx, Request{CustomID: resp.Components[0].Buttons[0].CustomID}); err != nil {
			t.Fatal(err)
		}
		if got := fs.queries[len(fs.queries)-1].Text; got != fa.asked()[0] {
			t.Errorf("More sources of a check searched %q, want the checked text %q", got, fa.asked()[0])
		}
	})
}

// TestSearchLongQueryWithButtons: with Buttons, a query too long for a
// custom ID is searched whole on every page.
func TestSearchLongQueryWithButtons(t *testing.T) {
	ctx := context.Background()
	q := repeatTo("Moscow attack discussed more text follows here ", 150)
	fs := &fakeSearcher{articles: testArticles(7)}
	s := &Search{Searcher: fs, Buttons: NewButtons(nil)}
	resp, err := s.Handle(ctx, Request{Options: map[string]string{"query": q, "from": "2024-03-01"}})
	if err != nil {
		t.Fatal(err)
	}
	if e := resp.Embeds[0]; strings.Contains(e.Footer, "shortened") {
		t.Errorf("footer = %q, want no shortening", e.Footer)
	}
	resp, err = s.HandleComponent(ctx, Request{CustomID: resp.Components[0].Buttons[1].CustomID})
	if err != nil {
		t.Fatal(err)
	}
	want := chronicle.SearchQuery{Text: q, From: day(2024, 3, 1), Limit: 5, Offset: 5}
	if got := fs.queries[len(fs.queries)-1]; got != want {
		t.Errorf("page 2 searched %+v, want %+v", got, want)
	}
}
