package commands

import (
	"context"
	"math"
	"regexp"
	"strings"
)

// RunText runs one command's handler for the command line, as the router
// runs it for Discord (panic recovery, permission check; no rate limit,
// deferral or deadline other than ctx's), and returns its reply rendered by
// RenderText. The request's Kind and Command are filled in from c, and CLI
// is set.
func RunText(ctx context.Context, c Command, req Request) (string, error) {
	r, err := NewRouter(RouterConfig{Timeout: math.MaxInt64}, c)
	if err != nil {
		return "", err
	}
	req.Kind, req.Command, req.CLI = KindCommand, c.Definition().Name, true
	resp, err := r.Handle(ctx, req)
	if err != nil {
		return "", err
	}
	return RenderText(resp), nil
}

// RenderText renders a response as plain text for a terminal: markdown
// removed, links shown as "text <url>", embeds as a title, description,
// indented fields and a footer, autocomplete choices one per line; or the
// response's own Text when the command rendered one. The CLI prints it for
// the same handlers the bot uses (see RunText).
func RenderText(resp Response) string {
	if resp.Text != "" {
		return resp.Text
	}
	var b strings.Builder
	if c := strings.TrimSpace(resp.Content); c != "" {
		b.WriteString(Plain(c) + "\n")
	}
	for _, e := range resp.Embeds {
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		if e.Title != "" {
			b.WriteString(Plain(e.Title) + "\n")
			if e.URL != "" {
				b.WriteString("<" + e.URL + ">\n")
			}
			b.WriteString("\n")
		}
		if d := strings.TrimSpace(e.Description); d != "" {
			b.WriteString(Plain(d) + "\n")
		}
		for _, f := range e.Fields {
			b.WriteString("\n" + Plain(f.Name) + ":\n")
			for _, line := range strings.Split(Plain(f.Value), "\n") {
				b.WriteString("  " + line + "\n")
			}
		}
		if e.Footer != "" {
			b.WriteString("\n(" + Plain(e.Footer) + ")\n")
		}
	}
	for _, c := range resp.Choices {
		b.WriteString(c.Value + "\t" + c.Name + "\n")
	}
	return b.String()
}

// mdLink matches a markdown link whose text may contain escaped characters.
var mdLink = regexp.MustCompile(`\[((?:\\.|[^\\\]])*)\]\((https?://[^)\s]*)\)`)

// Plain removes the Discord markdown this package produces: bold, italics
// and code markers, backslash escapes and zero-width spaces; links become
// "text <url>".
func Plain(md string) string {
	md = mdLink.ReplaceAllString(md, "$1 <$2>")
	var b strings.Builder
	for i := 0; i < len(md); i++ {
		c := md[i]
		switch {
		case c == '\\' && i+1 < len(md):
			i++
			b.WriteByte(md[i])
		case c == '*' || c == '`':
			// markup
		default:
			b.WriteByte(c)
		}
	}
	return strings.ReplaceAll(b.String(), zwsp, "")
}
