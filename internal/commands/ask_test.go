package commands

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
)

func TestConfidenceWords(t *testing.T) {
	tests := []struct {
		p    float64
		want string
	}{{0.95, "likely right"}, {0.8, "likely right"}, {0.7996, "likely right"}, // shown as 0.80
		{0.79, "probably right"}, {0.6, "probably right"}, {0.5949, "uncertain"}, {0.5951, "probably right"}, {0.59, "uncertain"}, {0, "uncertain"}}
	for _, tt := range tests {
		if got := ConfidenceWords(tt.p); got != tt.want {
			t.Errorf("ConfidenceWords(%v) = %q, want %q", tt.p, got, tt.want)
		}
	}
}

func TestOthersLine(t *testing.T) {
	lead := cite("a", "T", "Le Monde", "", "144 were killed.", day(2024, 3, 25))
	newer := cite("b", "T", "AP", "", "150 were killed.", day(2024, 3, 26))
	older := cite("c", "T", "BBC", "", "137 were killed.", day(2024, 3, 24))
	tests := []struct {
		name string
		ans  chronicle.Answer
		want string
	}{
		{"nothing to say", chronicle.Answer{Best: &lead, Agreement: 1}, ""},
		{"agreement alone", chronicle.Answer{Best: &lead, Agreement: 2}, "2 outlets agree."},
		{"older reports", chronicle.Answer{Best: &lead, Agreement: 1, Alternatives: []chronicle.Alternative{{Value: "137", Citation: older}}},
			"Earlier: **137** (*BBC*, 24 Mar)"},
		{"a newer report", chronicle.Answer{Best: &lead, Agreement: 2, Alternatives: []chronicle.Alternative{{Value: "150", Citation: newer}, {Value: "137", Citation: older}}},
			"2 outlets agree. Also reported: **150** (*AP*, 26 Mar), **137** (*BBC*, 24 Mar)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := OthersLine(tt.ans); got != tt.want {
				t.Errorf("OthersLine = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestAskHandle(t *testing.T) {
	ctx := context.Background()
	t.Run("answer", func(t *testing.T) {
		ask := &Ask{Answerer: &fakeAnswerer{answer: isisAnswer}}
		resp, err := ask.Handle(ctx, Request{Kind: KindCommand, Command: "ask", Options: map[string]string{"question": "Who claimed the Moscow attack?"}})
		if err != nil {
			t.Fatalf("Handle: %v", err)
		}
		if len(resp.Embeds) != 1 {
			t.Fatalf("Embeds = %d, want 1", len(resp.Embeds))
		}
		e := resp.Embeds[0]
		for _, want := range []string{"> Islamic State **claimed responsibility** for the **attack**", "*BBC*", "2024-03-23", "paragraph 2"} {
			if !strings.Contains(e.Description, want) {
				t.Errorf("Description = %q, want it to contain %q", e.Description, want)
			}
		}
		if e.Title != "Moscow concert hall attack" || e.URL != "https://bbc.example/moscow" {
			t.Errorf("Title, URL = %q, %q", e.Title, e.URL)
		}
		if len(e.Fields) != 1 || !strings.Contains(e.Fields[0].Value, "137 people") || !strings.Contains(e.Fields[0].Value, "[read](https://reuters.example/mourn)") {
			t.Errorf("Fields = %+v, want the Reuters source", e.Fields)
		}
		if e.Footer != "Likely right" {
			t.Errorf("Footer = %q", e.Footer)
		}
		b := resp.Components[0].Buttons[0]
		if b.Label != "More sources" || b.CustomID != "ask:v1:more:Who claimed the Moscow attack?" {
			t.Errorf("button = %+v", b)
		}
	})
	t.Run("alternatives and agreement", func(t *testing.T) {
		ans := isisAnswer
		ans.Agreement = 3
		ans.Alternatives = []chronicle.Alternative{
			{Value: "more than 100", Citation: cite("b1", "Toll", "BBC", "", "More than 100 people were killed.", day(2024, 3, 22))},
			{Value: "*60*", Citation: cite("r1", "Toll", "Reuters_", "", "*60* were killed.", day(2023, 3, 21))},
		}
		resp, err := (&Ask{Answerer: &fakeAnswerer{answer: ans}}).Handle(ctx, Request{Options: map[string]string{"question": "How many?"}})
		if err != nil {
			t.Fatal(err)
		}
		want := "3 outlets agree. Earlier: **more than 100** (*BBC*, 22 Mar), **\\*60\\*** (*Reuters\\_*, 21 Mar 2023)"
		if d := resp.Embeds[0].Description; !strings.HasSuffix(d, "\n"+want) {
			t.Errorf("Description = %q, want it to end with the line %q", d, want)
		}
	})
	t.Run("null answer shows closest sources", func(t *testing.T) {
		ans := chronicle.Answer{Sources: []chronicle.Citation{otherCitation, isisCitation, otherCitation, isisCitation}}
		resp, err := (&Ask{Answerer: &fakeAnswerer{answer: ans}}).Handle(ctx, Request{Options: map[string]string{"question": "Who won?"}})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(resp.Content, "I couldn't find a confident answer") {
			t.Errorf("Content = %q", resp.Content)
		}
		if n := len(resp.Embeds[0].Fields); n != 3 {
			t.Errorf("closest sources = %d, want 3", n)
		}
	})
	t.Run("null answer without sources", func(t *testing.T) {
		resp, err := (&Ask{Answerer: &fakeAnswerer{}}).Handle(ctx, Request{Options: map[string]string{"question": "Who won?"}})
		if err != nil || !strings.Contains(resp.Content, "nothing in the sources looks close") || len(resp.Embeds) != 0 {
			t.Errorf("Handle = %+v, %v", resp, err)
		}
	})
	t.Run("empty question", func(t *testing.T) {
		_, err := (&Ask{Answerer: &fakeAnswerer{}}).Handle(ctx, Request{Options: map[string]string{"question": "  "}})
		if chronicle.ErrorCode(err) != chronicle.EINVALID {
			t.Errorf("err = %v, want EINVALID", err)
		}
	})
	t.Run("answerer error wrapped", func(t *testing.T) {
		boom := errors.New("index closed")
		_, err := (&Ask{Answerer: &fakeAnswerer{err: boom}}).Handle(ctx, Request{Options: map[string]string{"question": "q"}})
		if !errors.Is(err, boom) {
			t.Errorf("err = %v, want wrapping %v", err, boom)
		}
	})
	t.Run("markdown in article text escaped", func(t *testing.T) {
		c := cite("x", "*Bold* title", "A_B", "", "Hello @everyone, see <@123> and **this**", day(2024, 1, 2))
		resp, _ := (&Ask{Answerer: &fakeAnswerer{answer: chronicle.Answer{Best: &c}}}).Handle(ctx, Request{Options: map[string]string{"question": "q"}})
		e := resp.Embeds[0]
		if strings.Contains(e.Description, "@everyone") || strings.Contains(e.Description, "<@123>") || strings.Contains(e.Description, "**this**") {
			t.Errorf("Description not escaped: %q", e.Description)
		}
		if e.Title != `\*Bold\* title` || !strings.Contains(e.Description, `*A\_B*`) {
			t.Errorf("Title, Description = %q, %q", e.Title, e.Description)
		}
	})
}

func TestAskMoreSources(t *testing.T) {
	ctx := context.Background()
	t.Run("with searcher", func(t *testing.T) {
		s := &fakeSearcher{articles: testArticles(7)}
		resp, err := (&Ask{Answerer: &fakeAnswerer{}, Searcher: s}).HandleComponent(ctx, Request{Kind: KindComponent, CustomID: "ask:v1:more:Moscow attack"})
		if err != nil {
			t.Fatal(err)
		}
		if !resp.Ephemeral || resp.Update || len(resp.Embeds) != 1 || len(resp.Components) != 1 {
			t.Errorf("resp = %+v, want an ephemeral search page with buttons", resp)
		}
		if s.queries[0].Text != "Moscow attack" {
			t.Errorf("query = %q", s.queries[0].Text)
		}
	})
	t.Run("without searcher lists answer sources", func(t *testing.T) {
		resp, err := (&Ask{Answerer: &fakeAnswerer{answer: isisAnswer}}).HandleComponent(ctx, Request{CustomID: "ask:v1:more:q"})
		if err != nil || len(resp.Embeds[0].Fields) != 2 || !resp.Ephemeral {
			t.Errorf("resp = %+v, %v", resp, err)
		}
	})
	t.Run("old version", func(t *testing.T) {
		resp, err := (&Ask{Answerer: &fakeAnswerer{}}).HandleComponent(ctx, Request{CustomID: "ask:v0:q"})
		if err != nil || !strings.Contains(resp.Content, "expired") || !resp.Ephemeral {
			t.Errorf("resp = %+v, %v", resp, err)
		}
	})
	t.Run("long question fits custom ID", func(t *testing.T) {
		id := moreSourcesID(strings.Repeat("été ", 60), time.Time{}, nil)
		if len(id) > MaxCustomID {
			t.Errorf("len(%q) = %d", id, len(id))
		}
	})
}

func TestCheck(t *testing.T) {
	ctx := context.Background()
	fa := &fakeAnswerer{answer: isisAnswer}
	msg := "ISIS claimed the Moscow attack. " + strings.Repeat("Lots of other words in a very long message. ", 20)
	resp, err := (&Check{Answerer: fa}).Handle(ctx, Request{Command: CheckName, TargetText: msg})
	if err != nil {
		t.Fatal(err)
	}
	asked := fa.asked()[0]
	if len(asked) > 300 || !strings.HasPrefix(asked, "ISIS claimed the Moscow attack.") || !strings.HasSuffix(asked, ".") {
		t.Errorf("asked %q, want the first sentences within 300 chars", asked)
	}
	if !strings.HasPrefix(resp.Content, "🔎 Checking: “ISIS claimed") || len(resp.Embeds) != 1 {
		t.Errorf("resp = %+v", resp)
	}
	if _, err := (&Check{Answerer: fa}).Handle(ctx, Request{TargetText: " \n"}); chronicle.ErrorCode(err) != chronicle.EINVALID {
		t.Errorf("empty message: err = %v, want EINVALID", err)
	}
	if d := (&Check{}).Definition(); d.Type != MessageCommand || d.Name != "Check in sources" {
		t.Errorf("Definition = %+v", d)
	}
}
