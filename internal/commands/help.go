package commands

import (
	"context"
	"strings"
)

// Help lists the commands the router knows.
type Help struct {
	defs []Definition
}

// Definition describes /help.
func (h *Help) Definition() Definition {
	return Definition{Name: "help", Description: "What Chronicle can do", Ephemeral: true}
}

// useDefinitions receives the router's commands.
func (h *Help) useDefinitions(defs []Definition) { h.defs = defs }

// Handle answers /help with a private list of commands.
func (h *Help) Handle(ctx context.Context, req Request) (Response, error) {
	var b strings.Builder
	b.WriteString("I answer questions about the news from the articles I have, always quoting and citing them.\n\n")
	for _, d := range h.defs {
		switch d.Type {
		case MessageCommand:
			b.WriteString("• **" + d.Name + "**: right-click (or long-press) a message, then Apps → " + d.Name + ", to look its claim up in the sources.\n")
		case UserCommand:
			b.WriteString("• **" + d.Name + "** (user menu)\n")
		default:
			b.WriteString("• **/" + d.Name + usage(d.Options) + "**: " + d.Description + "\n")
		}
	}
	e := Embed{Title: "Chronicle help", Description: strings.TrimSpace(b.String()), Color: colorInfo,
		Footer: "Dates are YYYY-MM-DD. Answers are quoted verbatim from articles; a [first name] in brackets is added from the same article."}
	return Response{Embeds: []Embed{e}, Ephemeral: true}, nil
}

// usage renders options as " question:<text> [from]"; subcommands as
// " add|list|remove".
func usage(opts []Option) string {
	var subs, parts []string
	for _, o := range opts {
		switch {
		case o.Type == OptionSubcommand || o.Type == OptionSubcommandGroup:
			subs = append(subs, o.Name)
		case o.Required:
			parts = append(parts, o.Name+":…")
		default:
			parts = append(parts, "["+o.Name+"]")
		}
	}
	if len(subs) > 0 {
		return " " + strings.Join(subs, "|")
	}
	if len(parts) == 0 {
		return ""
	}
	return " " + strings.Join(parts, " ")
}
