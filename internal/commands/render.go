package commands

import (
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/discordtext"
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

// formatDate returns t's UTC day as 2006-01-02, or "undated": the days
// --as-of, --until and the digests' windows are made of are UTC days, so
// that a date given with an offset is shown on the day it is filtered by
// (helper 132: 23:30 on 2 May in New York, 3 May in UTC, was shown as 2 May
// but found only by 3 May's windows).
func formatDate(t time.Time) string {
	if t.IsZero() {
		return "undated"
	}
	return t.UTC().Format(DateLayout)
}

// link renders escaped text linked to u, or the escaped text alone.
func link(text, u string) string {
	text = Escape(text)
	if u = discordtext.SafeURL(u); u != "" {
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

// citeLine is "— *Outlet*, 2024-03-25, paragraph 3" with an optional link.
func citeLine(c chronicle.Citation, withLink bool) string {
	outlet := func(s string) string { return "*" + Escape(s) + "*" }
	line := "— " + strings.Join(citeParts(c, outlet, true), ", ")
	if u := discordtext.SafeURL(c.URL); withLink && u != "" {
		line += " · [read](" + u + ")"
	}
	return line
}

// CiteText is a citation as plain text for the command line:
// "Title (Outlet, 2024-03-25, paragraph 3) URL", with the article ID in
// brackets when there is no URL (or one holding a chronicle.Unprintable
// character: an escape sequence would drive the terminal, a bidirectional
// override turn the line around) and no date when it is undated.
func CiteText(c chronicle.Citation) string {
	s := c.Title + " (" + strings.Join(citeParts(c, strings.TrimSpace, false), ", ") + ")"
	if c.URL != "" && !strings.ContainsFunc(c.URL, chronicle.Unprintable) {
		return s + " " + c.URL
	}
	return s + " [" + c.ArticleID + "]"
}

// citeParts is the outlet (written by outlet, left out when blank), the
// date ("undated", or left out when withUndated is false) and the paragraph
// that a citation line shows.
func citeParts(c chronicle.Citation, outlet func(string) string, withUndated bool) []string {
	var parts []string
	if s := strings.TrimSpace(c.Source); s != "" {
		parts = append(parts, outlet(s))
	}
	if withUndated || !c.Published.IsZero() {
		parts = append(parts, formatDate(c.Published))
	}
	if last := c.LastPara(); last > c.Paragraph {
		return append(parts, fmt.Sprintf("paragraphs %d–%d", c.Paragraph+1, last+1))
	}
	return append(parts, fmt.Sprintf("paragraph %d", c.Paragraph+1))
}

// sourceField renders a supporting or closest source as an embed field.
func sourceField(c chronicle.Citation) Field {
	return Field{
		Name:  Truncate(Escape(titleOr(c.Title, "Untitled article")), MaxFieldName),
		Value: Truncate(quote(c, 400)+"\n"+citeLine(c, true), MaxFieldValue),
	}
}

// ConfidenceWords says what a calibrated confidence (the probability that
// the answer is right) means: "likely right" from 0.8, "probably right"
// from 0.6, "uncertain" below.
func ConfidenceWords(p float64) string {
	// The words follow the number as shown (two decimals): 0.7996 is shown
	// as 0.80, so it reads "likely right".
	p = math.Round(p*100) / 100
	switch {
	case p >= 0.8:
		return "likely right"
	case p >= 0.6:
		return "probably right"
	}
	return "uncertain"
}

// OthersLine is one line (Discord markdown) on how the sources agree with
// an answer: "3 outlets agree." when several outlets give its value, and
// what the others said, by whom and when ("Earlier: 137 (BBC, 24 Mar), more
// than 100 (BBC, 23 Mar)"); "Earlier" when every other report is older than
// the answer, "Also reported" otherwise. It is "" when there is nothing to
// say.
func OthersLine(ans chronicle.Answer) string {
	var parts []string
	if ans.Agreement >= 2 {
		parts = append(parts, fmt.Sprintf("%d outlets agree.", ans.Agreement))
	}
	if len(ans.Alternatives) > 0 {
		var lead time.Time
		if ans.Best != nil {
			lead = ans.Best.Published
		}
		label := "Earlier"
		alts := make([]string, 0, len(ans.Alternatives))
		for _, a := range ans.Alternatives {
			if lead.IsZero() || a.Citation.Published.IsZero() || a.Citation.Published.After(lead) {
				label = "Also reported"
			}
			var by []string
			if s := strings.TrimSpace(a.Citation.Source); s != "" {
				by = append(by, "*"+Escape(s)+"*")
			}
			if d := shortDate(a.Citation.Published, lead); d != "" {
				by = append(by, d)
			}
			alt := "**" + Escape(a.Value) + "**"
			if len(by) > 0 {
				alt += " (" + strings.Join(by, ", ") + ")"
			}
			alts = append(alts, alt)
		}
		parts = append(parts, label+": "+strings.Join(alts, ", "))
	}
	return strings.Join(parts, " ")
}

// shortDate writes t's UTC day as "25 Mar", with the year when it is not
// ref's year ("25 Mar 2023"); "" when t is zero.
func shortDate(t, ref time.Time) string {
	t, ref = t.UTC(), ref.UTC()
	switch {
	case t.IsZero():
		return ""
	case !ref.IsZero() && t.Year() == ref.Year():
		return t.Format("2 Jan")
	}
	return t.Format("2 Jan 2006")
}
