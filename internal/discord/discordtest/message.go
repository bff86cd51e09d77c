package discordtest

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// Callback is a recorded interaction response.
type Callback struct {
	Type int     `json:"type"`
	Data Message `json:"data"`
}

// Message is a message body as sent by the bot (callback data, webhook
// edit or followup, channel message).
type Message struct {
	Content         string                                      `json:"content"`
	Embeds          []*discordgo.MessageEmbed                   `json:"embeds"`
	Components      []Row                                       `json:"components"`
	Flags           int                                         `json:"flags"`
	AllowedMentions *discordgo.MessageAllowedMentions           `json:"allowed_mentions"`
	Choices         []*discordgo.ApplicationCommandOptionChoice `json:"choices"`
}

// Row is an action row.
type Row struct {
	Type       int      `json:"type"`
	Components []Button `json:"components"`
}

// Button is a button component.
type Button struct {
	Type     int    `json:"type"`
	Label    string `json:"label"`
	Style    int    `json:"style"`
	CustomID string `json:"custom_id"`
	URL      string `json:"url"`
	Disabled bool   `json:"disabled"`
}

// Ephemeral reports whether the message is visible only to its user.
func (m Message) Ephemeral() bool { return m.Flags&int(discordgo.MessageFlagsEphemeral) != 0 }

// MentionsDisabled reports whether allowed mentions parse nothing.
func (m Message) MentionsDisabled() bool {
	return m.AllowedMentions != nil && len(m.AllowedMentions.Parse) == 0 &&
		len(m.AllowedMentions.Users) == 0 && len(m.AllowedMentions.Roles) == 0
}

// Text joins the content and every embed's title, description, fields and
// footer, for assertions.
func (m Message) Text() string {
	parts := []string{m.Content}
	for _, e := range m.Embeds {
		parts = append(parts, e.Title, e.Description)
		for _, f := range e.Fields {
			parts = append(parts, f.Name, f.Value)
		}
		if e.Footer != nil {
			parts = append(parts, e.Footer.Text)
		}
	}
	return strings.Join(parts, "\n")
}

// Buttons returns every button, row by row.
func (m Message) Buttons() []Button {
	var out []Button
	for _, r := range m.Components {
		out = append(out, r.Components...)
	}
	return out
}

// Button returns the button with the given label.
func (m Message) Button(label string) (Button, bool) {
	for _, b := range m.Buttons() {
		if b.Label == label {
			return b, true
		}
	}
	return Button{}, false
}

// validate applies Discord's message limits; it returns the first problem
// or "".
func (m Message) validate() string {
	n := utf8.RuneCountInString
	switch {
	case n(m.Content) > 2000:
		return "content longer than 2000"
	case len(m.Embeds) > 10:
		return "more than 10 embeds"
	case len(m.Components) > 5:
		return "more than 5 rows"
	case len(m.Choices) > 25:
		return "more than 25 choices"
	}
	total := 0
	for _, e := range m.Embeds {
		if n(e.Title) > 256 || n(e.Description) > 4096 || len(e.Fields) > 25 {
			return "embed title, description or fields over the limit"
		}
		total += n(e.Title) + n(e.Description)
		for _, f := range e.Fields {
			if n(f.Name) > 256 || n(f.Value) > 1024 || f.Name == "" || f.Value == "" {
				return fmt.Sprintf("embed field %q invalid", f.Name)
			}
			total += n(f.Name) + n(f.Value)
		}
		if e.Footer != nil {
			total += n(e.Footer.Text)
		}
	}
	if total > 6000 {
		return "embeds longer than 6000 in total"
	}
	for _, r := range m.Components {
		if len(r.Components) > 5 {
			return "more than 5 buttons in a row"
		}
		for _, b := range r.Components {
			if len(b.CustomID) > 100 || n(b.Label) > 80 || (b.CustomID == "") == (b.URL == "") {
				return fmt.Sprintf("button %q invalid", b.Label)
			}
		}
	}
	for _, c := range m.Choices {
		if n(c.Name) > 100 {
			return "choice name longer than 100"
		}
	}
	return ""
}
