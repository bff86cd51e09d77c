package commands

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chronicle-bot/chronicle"
	"golang.org/x/time/rate"
)

// From an adversarial pass over the interactions path: Discord never sends
// a custom ID over 100 characters, but a forged click can carry one of any
// size (up to the endpoint's 1 MiB body). Its question or query went whole
// to the answerer, the index or the timeline builder, and into Buttons'
// memory, however long it was.
func TestEnormousCustomIDReachesNoBackend(t *testing.T) {
	now := func() time.Time { return time.Date(2024, 3, 29, 12, 0, 0, 0, time.UTC) }
	huge := strings.Repeat("Moscow attack ", 8000) // 112 000 characters
	tests := []struct {
		name string
		id   string
	}{
		{"ask more sources", "ask:v1:more:" + huge},
		{"search page", "search:v1:1:::" + huge},
		{"timeline page", "timeline:v1:1:::" + huge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			answerer := &fakeAnswerer{answer: isisAnswer}
			searcher := &fakeSearcher{articles: testArticles(12)}
			timelines := &fakeTimelines{n: 12}
			buttons := NewButtons(now)
			r, err := NewRouter(RouterConfig{RateLimit: rate.Inf, Now: now},
				&Ask{Answerer: answerer, Buttons: buttons}, &Search{Searcher: searcher, Buttons: buttons},
				&Timeline{Builder: timelines, Buttons: buttons, Now: now})
			if err != nil {
				t.Fatal(err)
			}
			rec := &recorder{}
			r.Dispatch(context.Background(), Request{Kind: KindComponent, CustomID: tt.id, UserID: "u1", GuildID: "g1"}, rec)
			if rec.last(t).Content == "" && len(rec.last(t).Embeds) == 0 {
				t.Errorf("empty reply to the click")
			}
			for _, q := range answerer.asked() {
				if n := utf8.RuneCountInString(q); n > MaxQuestion {
					t.Errorf("the answerer was asked a question of %d characters (at most %d from Discord)", n, MaxQuestion)
				}
			}
			for _, q := range searcher.queries {
				if n := utf8.RuneCountInString(q.Text); n > MaxSearchQuery {
					t.Errorf("the index was searched for a query of %d characters (at most %d from Discord)", n, MaxSearchQuery)
				}
			}
			for _, o := range timelines.calls {
				if n := utf8.RuneCountInString(o.Query); n > MaxSearchQuery {
					t.Errorf("a timeline was built for a query of %d characters (at most %d from Discord)", n, MaxSearchQuery)
				}
			}
			buttons.mu.Lock()
			for key, e := range buttons.entries {
				if n := utf8.RuneCountInString(e.state.Query); n > MaxSearchQuery {
					t.Errorf("Buttons keeps a query of %d characters under %s", n, key)
				}
			}
			buttons.mu.Unlock()
		})
	}
}

// From the same pass: "Check in sources" on a message that is only a
// mention, a custom emoji or a timestamp took the snowflake in its markup
// (<@300000000000000007>) for a figure, so the message passed for a claim
// and the snowflake was looked up in the sources; a claim beside a mention
// was looked up with the mention's markup and ID in it.
func TestCheckIgnoresDiscordMarkup(t *testing.T) {
	noClaim := []string{
		"<@300000000000000007>",
		"<@!300000000000000007> lol same",
		"<@&300000000000000008> <#300000000000000002>",
		"<:pepe:300000000000000009> <a:dance:300000000000000010>",
		"see you <t:1711400000:R>",
		"</ask:400000000000000001>",
	}
	for _, text := range noClaim {
		t.Run(text, func(t *testing.T) {
			fa := &fakeAnswerer{answer: isisAnswer}
			_, err := (&Check{Answerer: fa}).Handle(context.Background(), Request{Command: CheckName, TargetText: text})
			if chronicle.ErrorCode(err) != chronicle.EINVALID {
				t.Errorf("Check(%q) error = %v, want EINVALID", text, err)
			}
			if q := fa.asked(); len(q) != 0 {
				t.Errorf("Check(%q) looked up %q, want nothing looked up", text, q)
			}
		})
	}
	t.Run("claim beside a mention", func(t *testing.T) {
		fa := &fakeAnswerer{answer: isisAnswer}
		text := "<@300000000000000007> ISIS claimed the Moscow attack <:pepe:300000000000000009>"
		if _, err := (&Check{Answerer: fa}).Handle(context.Background(), Request{Command: CheckName, TargetText: text}); err != nil {
			t.Fatal(err)
		}
		q := fa.asked()
		if len(q) != 1 || strings.Contains(q[0], "3000000000000000") || strings.ContainsAny(q[0], "<>") ||
			!strings.Contains(q[0], "ISIS claimed the Moscow attack") {
			t.Errorf("Check(%q) looked up %q, want the claim without the mention and emoji", text, q)
		}
	})
}

// From the same pass: Fit shrinks embeds whose combined text is over 6000
// characters by dropping fields, then halving descriptions, then reducing
// the last embed to its title. Footers were never shortened, and the last
// embed once reduced was reduced again, unchanged: four or more embeds
// with long footers kept Fit (and the interaction's goroutine) spinning
// for ever.
func TestFitEmbedsWithLongFooters(t *testing.T) {
	footer := strings.Repeat("f", MaxFooter)
	for _, n := range []int{4, MaxEmbeds} {
		t.Run(fmt.Sprintf("%d embeds", n), func(t *testing.T) {
			resp := Response{}
			for i := range n {
				resp.Embeds = append(resp.Embeds, Embed{Title: fmt.Sprintf("Embed %d", i), Description: "short", Footer: footer})
			}
			done := make(chan Response, 1)
			go func() { done <- Fit(resp) }()
			select {
			case got := <-done:
				if total := embedsTotal(got.Embeds); total > MaxEmbedTotal {
					t.Errorf("Fit left embeds of %d characters, over %d", total, MaxEmbedTotal)
				}
				if len(got.Embeds) == 0 || got.Embeds[0].Title != "Embed 0" {
					t.Errorf("Fit lost the first embed: %+v", got.Embeds)
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("Fit of %d embeds with %d-character footers has not returned after 10s", n, MaxFooter)
			}
		})
	}
}

// From the same pass: /watch add kept its query as typed, where the other
// commands clean theirs with chronicle.Printable (62aeb72): a bidi override
// or an escape sequence in a watch's query was stored, and echoed in the
// reply, in /watch list and in every post of the watch to its channel,
// where the override turns the rest of the line around.
func TestWatchQueryControlCharactersBecomeSpaces(t *testing.T) {
	c := newWatchCommand(t)
	ctx := context.Background()
	added, err := c.Handle(ctx, watchReq("add", map[string]string{"query": "Moscow\u202e attack\x1b[31m"}))
	if err != nil {
		t.Fatal(err)
	}
	list, err := c.Handle(ctx, watchReq("list", nil))
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{"add": added.Content, "list": list.Content} {
		if strings.ContainsFunc(text, chronicle.Unprintable) {
			t.Errorf("/watch %s = %q, with the query's control characters", name, text)
		}
	}
}

// From the same pass: a timeline button's custom ID of 100 characters
// whose query is longer than the bot puts in one (a forged or hand-made
// ID) was answered, without Buttons, with a Next button of 101 characters,
// which Discord refuses, and the click failed.
func TestTimelineButtonWithLongQueryFits(t *testing.T) {
	now := func() time.Time { return time.Date(2024, 3, 29, 12, 0, 0, 0, time.UTC) }
	id := "timeline:v1:9:::" + strings.Repeat("Moscow attack ", 6)[:84]
	c := &Timeline{Builder: &fakeTimelines{n: 60}, Now: now}
	resp, err := c.HandleComponent(context.Background(), Request{Kind: KindComponent, CustomID: id})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Components) == 0 {
		t.Fatalf("no buttons on page 10 of 12: %+v", resp)
	}
	for _, b := range resp.Components[0].Buttons {
		if len(b.CustomID) > MaxCustomID {
			t.Errorf("%s = %q, %d characters, over %d", b.Label, b.CustomID, len(b.CustomID), MaxCustomID)
		}
	}
}
