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
		out.Embeds = shrink(out.Embeds)
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

// shrink makes embeds' combined text shorter, every call by something: it
// removes the last field of the last embed that has one, or else halves
// the longest description, or else the longest footer (each down to 16
// characters), or else drops the last embed, or else (one embed left)
// reduces it to its title.
func shrink(embeds []Embed) []Embed {
	for i := len(embeds) - 1; i >= 0; i-- {
		if n := len(embeds[i].Fields); n > 0 {
			embeds[i].Fields = embeds[i].Fields[:n-1]
			return embeds
		}
	}
	if halveLongest(embeds, func(e *Embed) *string { return &e.Description }) ||
		halveLongest(embeds, func(e *Embed) *string { return &e.Footer }) {
		return embeds
	}
	if len(embeds) > 1 {
		return embeds[:len(embeds)-1]
	}
	embeds[0] = Embed{Title: Truncate(embeds[0].Title, 64)}
	return embeds
}

// halveLongest halves the longest of the texts that text picks from each
// embed, when it has more than 16 characters, and reports whether it did.
func halveLongest(embeds []Embed, text func(*Embed) *string) bool {
	var longest *string
	for i := range embeds {
		if t := text(&embeds[i]); longest == nil || len(*t) > len(*longest) {
			longest = t
		}
	}
	if longest == nil || utf8.RuneCountInString(*longest) <= 16 {
		return false
	}
	*longest = Truncate(*longest, utf8.RuneCountInString(*longest)/2)
	return true
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
