package commands

import (
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/chronicle-bot/chronicle"
)

// Embed colours.
const (
	colorAnswer  = 0x2B6CB0
	colorNoMatch = 0x718096
	colorSearch  = 0x2F855A
	colorInfo    = 0x6B46C1
)

// DateLayout is how dates are shown everywhere.
const DateLayout = "2006-01-02"

// formatDate returns t as 2006-01-02, or "undated".
func formatDate(t time.Time) string {
	if t.IsZero() {
		return "undated"
	}
	return t.Format(DateLayout)
}

// safeURL returns u when it is an absolute http(s) URL that is safe inside a
// markdown link, with parentheses and spaces percent-encoded; "" otherwise.
func safeURL(u string) string {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return ""
	}
	return strings.NewReplacer("(", "%28", ")", "%29", " ", "%20", "<", "%3C", ">", "%3E").Replace(p.String())
}

// link renders escaped text linked to u, or the escaped text alone.
func link(text, u string) string {
	text = Escape(text)
	if u = safeURL(u); u != "" {
		return "[" + text + "](" + u + ")"
	}
	return text
}

// titleOr returns title, or fallback when it is empty.
func titleOr(title, fallback string) string {
	if t := strings.TrimSpace(title); t != "" {
		return t
	}
	return fallback
}

// quote renders a citation's text as a markdown quote of at most max
// characters, with its highlights in bold.
func quote(c chronicle.Citation, max int) string {
	text := c.Text
	if utf8.RuneCountInString(text) > max {
		cut := runeOffset(text, max)
		if sp := strings.LastIndexByte(text[:cut], ' '); sp > cut/2 {
			cut = sp
		}
		text = text[:cut] + " …"
	}
	return "> " + strings.ReplaceAll(Highlight(text, c.Highlights), "\n", "\n> ")
}

// citeLine is "— Outlet, 2024-03-25, paragraph 3" with an optional link.
func citeLine(c chronicle.Citation, withLink bool) string {
	parts := []string{}
	if s := strings.TrimSpace(c.Source); s != "" {
		parts = append(parts, "*"+Escape(s)+"*")
	}
	parts = append(parts, formatDate(c.Published), fmt.Sprintf("paragraph %d", c.Paragraph+1))
	line := "— " + strings.Join(parts, ", ")
	if u := safeURL(c.URL); withLink && u != "" {
		line += " · [read](" + u + ")"
	}
	return line
}

// sourceField renders a supporting or closest source as an embed field.
func sourceField(c chronicle.Citation) Field {
	return Field{
		Name:  Truncate(Escape(titleOr(c.Title, "Untitled article")), MaxFieldName),
		Value: Truncate(quote(c, 400)+"\n"+citeLine(c, true), MaxFieldValue),
	}
}
