package commands

import "unicode/utf8"

// Discord message limits, in characters.
const (
	MaxContent          = 2000
	MaxEmbeds           = 10
	MaxEmbedTitle       = 256
	MaxEmbedDescription = 4096
	MaxFields           = 25
	MaxFieldName        = 256
	MaxFieldValue       = 1024
	MaxFooter           = 2048
	MaxEmbedTotal       = 6000
	MaxRows             = 5
	MaxButtonsPerRow    = 5
	MaxButtonLabel      = 80
	MaxCustomID         = 100
	MaxChoices          = 25
	MaxChoiceLength     = 100
)

// Fit returns resp shortened to Discord's limits: every text truncated
// gracefully, at most 25 fields and 10 embeds, the embeds' combined text
// under 6000 characters (dropping trailing fields first), at most five rows
// of five buttons, and at most 25 autocomplete choices.
func Fit(resp Response) Response {
	out := resp
	out.Content = Truncate(resp.Content, MaxContent)
	out.Embeds = nil
	for i := range min(len(resp.Embeds), MaxEmbeds) {
		out.Embeds = append(out.Embeds, fitEmbed(resp.Embeds[i]))
	}
	for embedsTotal(out.Embeds) > MaxEmbedTotal {
		shrinkLast(out.Embeds)
	}
	out.Components = fitRows(resp.Components)
	out.Choices = nil
	for i := range min(len(resp.Choices), MaxChoices) {
		c := resp.Choices[i]
		out.Choices = append(out.Choices, Choice{Name: Truncate(c.Name, MaxChoiceLength), Value: c.Value})
	}
	return out
}

func fitEmbed(e Embed) Embed {
	e.Title = Truncate(e.Title, MaxEmbedTitle)
	e.Description = Truncate(e.Description, MaxEmbedDescription)
	e.Footer = Truncate(e.Footer, MaxFooter)
	if len(e.Fields) > MaxFields {
		e.Fields = e.Fields[:MaxFields]
	}
	fields := make([]Field, len(e.Fields))
	for i, f := range e.Fields {
		fields[i] = Field{Name: Truncate(f.Name, MaxFieldName), Value: Truncate(f.Value, MaxFieldValue), Inline: f.Inline}
		if fields[i].Name == "" {
			fields[i].Name = zwsp
		}
		if fields[i].Value == "" {
			fields[i].Value = zwsp
		}
	}
	e.Fields = fields
	return e
}

func embedsTotal(embeds []Embed) int {
	n := 0
	for _, e := range embeds {
		n += utf8.RuneCountInString(e.Title) + utf8.RuneCountInString(e.Description) + utf8.RuneCountInString(e.Footer)
		for _, f := range e.Fields {
			n += utf8.RuneCountInString(f.Name) + utf8.RuneCountInString(f.Value)
		}
	}
	return n
}

// shrinkLast removes the last field of the last embed that has one, or else
// halves the longest description, or else drops the last embed's text.
func shrinkLast(embeds []Embed) {
	for i := len(embeds) - 1; i >= 0; i-- {
		if n := len(embeds[i].Fields); n > 0 {
			embeds[i].Fields = embeds[i].Fields[:n-1]
			return
		}
	}
	longest := 0
	for i, e := range embeds {
		if len(e.Description) > len(embeds[longest].Description) {
			longest = i
		}
	}
	if d := embeds[longest].Description; utf8.RuneCountInString(d) > 16 {
		embeds[longest].Description = Truncate(d, utf8.RuneCountInString(d)/2)
		return
	}
	last := len(embeds) - 1
	embeds[last] = Embed{Title: Truncate(embeds[last].Title, 64)}
}

func fitRows(rows []ActionRow) []ActionRow {
	if len(rows) > MaxRows {
		rows = rows[:MaxRows]
	}
	var out []ActionRow
	for _, r := range rows {
		if len(r.Buttons) == 0 {
			continue
		}
		btns := r.Buttons
		if len(btns) > MaxButtonsPerRow {
			btns = btns[:MaxButtonsPerRow]
		}
		fitted := make([]Button, len(btns))
		for i, b := range btns {
			b.Label = Truncate(b.Label, MaxButtonLabel)
			fitted[i] = b
		}
		out = append(out, ActionRow{Buttons: fitted})
	}
	return out
}
