package commands

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFit(t *testing.T) {
	long := strings.Repeat("lorem ipsum ", 1000)
	var fields []Field
	for range 30 {
		fields = append(fields, Field{Name: "name", Value: "a short value"})
	}
	var buttons []Button
	for range 7 {
		buttons = append(buttons, Button{Label: long, CustomID: "x"})
	}
	var choices []Choice
	for range 30 {
		choices = append(choices, Choice{Name: long, Value: "v"})
	}
	resp := Fit(Response{
		Content:    long,
		Embeds:     []Embed{{Title: long, Description: long, Fields: fields}},
		Components: []ActionRow{{Buttons: buttons}, {}, {}, {}, {}, {}, {}},
		Choices:    choices,
	})
	checks := []struct {
		name string
		got  int
		max  int
	}{
		{"content", utf8.RuneCountInString(resp.Content), MaxContent},
		{"title", utf8.RuneCountInString(resp.Embeds[0].Title), MaxEmbedTitle},
		{"description", utf8.RuneCountInString(resp.Embeds[0].Description), MaxEmbedDescription},
		{"fields", len(resp.Embeds[0].Fields), MaxFields},
		{"embed total", embedsTotal(resp.Embeds), MaxEmbedTotal},
		{"rows", len(resp.Components), MaxRows},
		{"buttons", len(resp.Components[0].Buttons), MaxButtonsPerRow},
		{"label", utf8.RuneCountInString(resp.Components[0].Buttons[0].Label), MaxButtonLabel},
		{"choices", len(resp.Choices), MaxChoices},
		{"choice name", utf8.RuneCountInString(resp.Choices[0].Name), MaxChoiceLength},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if c.got > c.max || c.got == 0 {
				t.Errorf("%s = %d, want 1..%d", c.name, c.got, c.max)
			}
		})
	}
	if !strings.HasSuffix(resp.Content, "…") {
		t.Errorf("content not marked as truncated: %q", resp.Content[len(resp.Content)-20:])
	}
}

func TestFitTotal(t *testing.T) {
	long := strings.Repeat("lorem ipsum ", 1000)
	var fields []Field
	for range 10 {
		fields = append(fields, Field{Name: "n", Value: long})
	}
	resp := Fit(Response{Embeds: []Embed{{Title: "t", Description: long, Fields: fields}, {Description: long, Footer: long}}})
	if n := embedsTotal(resp.Embeds); n > MaxEmbedTotal {
		t.Errorf("total = %d, want <= %d", n, MaxEmbedTotal)
	}
	if resp.Embeds[0].Title != "t" || len(resp.Embeds) != 2 {
		t.Errorf("Fit dropped too much: %+v", resp.Embeds[0].Title)
	}
}

func TestFitKeepsSmallResponses(t *testing.T) {
	in := Response{Content: "hi", Embeds: []Embed{{Title: "t", Fields: []Field{{Name: "", Value: ""}}}}}
	out := Fit(in)
	if out.Content != "hi" || out.Embeds[0].Title != "t" || out.Embeds[0].Fields[0].Name != zwsp {
		t.Errorf("Fit = %+v", out)
	}
	if in.Embeds[0].Fields[0].Name != "" {
		t.Error("Fit modified its input")
	}
}

func TestRenderText(t *testing.T) {
	resp := renderAnswer(isisAnswer, 2, "ask:v1:more:q")
	got := RenderText(resp)
	want := `Moscow concert hall attack
<https://bbc.example/moscow>

> Islamic State claimed responsibility for the attack on Crocus City Hall near Moscow.
— BBC, 2024-03-23, paragraph 2

Russia mourns victims:
  > Russia held a day of mourning after the attack, in which 137 people were killed.
  — Reuters, 2024-03-24, paragraph 2 · read <https://reuters.example/mourn>

(Likely right)
`
	if got != want {
		t.Errorf("RenderText =\n%s\nwant\n%s", got, want)
	}
	search := renderSearch(searchState{Query: "Moscow_attack"}, chronicle_result(), 5, true, nil)
	text := RenderText(search)
	for _, w := range []string{"Search: “Moscow_attack”", "1. Moscow attack report A <https://news.example/a>", "Outlet · 2024-03-01 · aa", "(Page 1 of 1 · 2 articles)"} {
		if !strings.Contains(text, w) {
			t.Errorf("search text =\n%s\nwant %q", text, w)
		}
	}
	if got := RenderText(Response{Choices: []Choice{{Name: "Title", Value: "id1"}}}); got != "id1\tTitle\n" {
		t.Errorf("choices = %q", got)
	}
	if got := Plain("a \\*b\\* <\u200b@1> **c** [t\\_x](https://u.example/p)"); got != "a *b* <@1> c t_x <https://u.example/p>" {
		t.Errorf("Plain = %q", got)
	}
}
