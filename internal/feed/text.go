package feed

import (
	"strings"

	"golang.org/x/net/html"

	"github.com/chronicle-bot/chronicle"
)

// skipTag reports whether tag holds no readable text: its content is dropped.
func skipTag(tag string) bool {
	switch tag {
	case "script", "style", "noscript", "template", "svg", "iframe", "object", "head",
		"title", "button", "select", "textarea", "math", "canvas":
		return true
	}
	return false
}

// blockTag reports whether tag starts or ends a paragraph.
func blockTag(tag string) bool {
	switch tag {
	case "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre",
		"table", "tr", "section", "article", "header", "footer", "aside", "figure",
		"figcaption", "hr", "main", "nav", "address", "details", "summary", "body", "html":
		return true
	}
	return false
}

// headingTag reports whether tag is a heading, which labels the paragraphs
// below it.
func headingTag(tag string) bool {
	switch tag {
	case "h1", "h2", "h3", "h4", "h5", "h6":
		return true
	}
	return false
}

// Paragraphs converts HTML (or plain text) to paragraphs of plain text:
// entities are decoded, scripts and styles dropped, block elements and <br>
// end a paragraph, headings label the paragraphs that follow them, and
// whitespace is collapsed. Text without any tag is split on blank lines.
func Paragraphs(s string) []chronicle.Paragraph {
	if !strings.Contains(s, "<") {
		return plainParagraphs(html.UnescapeString(s))
	}
	var (
		out       []chronicle.Paragraph
		cur, head strings.Builder
		heading   string
		pending   bool // heading not yet used by a paragraph
		inHeading bool
		skip      int
	)
	flush := func() {
		if t := collapse(cur.String()); t != "" {
			out = append(out, chronicle.Paragraph{Heading: heading, Text: t})
			pending = false
		}
		cur.Reset()
	}
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		name, _ := z.TagName()
		tag := string(name)
		switch tt {
		case html.TextToken:
			if skip > 0 {
				continue
			}
			if inHeading {
				head.Write(z.Text())
			} else {
				cur.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			switch {
			case skipTag(tag):
				if tt == html.StartTagToken {
					skip++
				}
			case headingTag(tag) && skip == 0:
				flush()
				if pending {
					out = append(out, chronicle.Paragraph{Text: heading})
				}
				inHeading = true
				head.Reset()
			case blockTag(tag):
				flush()
			default:
				cur.WriteByte(' ') // e.g. <td>, <img>: keep words apart
			}
		case html.EndTagToken:
			switch {
			case skipTag(tag):
				if skip > 0 {
					skip--
				}
			case headingTag(tag) && inHeading:
				inHeading = false
				heading = collapse(head.String())
				pending = heading != ""
			case blockTag(tag):
				flush()
			}
		}
	}
	if inHeading {
		heading, pending = collapse(head.String()), true
	}
	flush()
	if pending && heading != "" {
		out = append(out, chronicle.Paragraph{Text: heading})
	}
	return out
}

// PlainText converts an HTML fragment such as a title to one line of text.
func PlainText(s string) string {
	ps := Paragraphs(s)
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = p.Text
	}
	return strings.Join(parts, " ")
}

func plainParagraphs(s string) []chronicle.Paragraph {
	var (
		out []chronicle.Paragraph
		cur []string
	)
	flush := func() {
		if t := collapse(strings.Join(cur, " ")); t != "" {
			out = append(out, chronicle.Paragraph{Text: t})
		}
		cur = cur[:0]
	}
	for _, line := range strings.Split(s, "\n") {
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		cur = append(cur, line)
	}
	flush()
	return out
}

// collapse trims s and replaces every run of white space (including
// no-break spaces) with one space.
func collapse(s string) string {
	return strings.Join(strings.Fields(chronicle.WithoutInvisibles(s)), " ")
}
