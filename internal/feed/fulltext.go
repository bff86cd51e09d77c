package feed

import (
	"bytes"
	"context"
	"net/http"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/chronicle-bot/chronicle"
)

// fillFullText replaces the summary of each new or changed item that has a
// link with the article text extracted from the linked page, when that text
// is longer. Pages that fail to load keep their summary.
func (f *Fetcher) fillFullText(ctx context.Context, feedURL string, items []item) {
	ids := make([]string, len(items))
	for i, it := range items {
		ids[i] = it.article.ID
	}
	recs, err := f.store.seen(ids)
	if err != nil {
		return // ingestItems reports the store error
	}
	for i := range items {
		a := &items[i].article
		if r, ok := recs[a.ID]; a.URL == "" || ok && (r.Origin != feedURL || r.Hash == items[i].feedHash) {
			continue
		}
		if ctx.Err() != nil {
			return
		}
		var page []chronicle.Paragraph
		hdr := http.Header{"Accept": {"text/html, application/xhtml+xml;q=0.9, */*;q=0.5"}}
		err := f.get(ctx, a.URL, hdr, func(_ *http.Response, body []byte) {
			page = extractArticle(body)
		})
		if err != nil {
			f.log.Debug("full text fetch failed", "url", a.URL, "err", err)
			continue
		}
		if textLen(page) > textLen(a.Paragraphs) {
			a.Paragraphs = page
			a.Hash = articleHash(*a)
		}
	}
}

// extractArticle finds the main text of an HTML page: the element whose
// direct <p> children hold the most text (its parent scoring half of that),
// and returns its paragraphs and headings in order, leaving out navigation,
// headers, footers and asides.
func extractArticle(page []byte) []chronicle.Paragraph {
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return nil
	}
	scores := make(map[*html.Node]int)
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && boilerplate(n) {
			return
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.P && n.Parent != nil {
			l := len(collapse(nodeText(n)))
			scores[n.Parent] += l
			if gp := n.Parent.Parent; gp != nil {
				scores[gp] += l / 2
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	var best *html.Node
	for n, s := range scores {
		if best == nil || s > scores[best] {
			best = n
		}
	}
	if best == nil {
		return nil
	}
	var out []chronicle.Paragraph
	heading := ""
	var collect func(n *html.Node)
	collect = func(n *html.Node) {
		if n.Type != html.ElementNode || boilerplate(n) {
			return
		}
		switch {
		case n.DataAtom == atom.H1: // the page title, already the article's Title
			return
		case headingTag(n.Data):
			heading = collapse(nodeText(n))
			return
		case n.DataAtom == atom.P || n.DataAtom == atom.Li || n.DataAtom == atom.Blockquote:
			if t := collapse(nodeText(n)); t != "" {
				out = append(out, chronicle.Paragraph{Heading: heading, Text: t})
			}
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			collect(c)
		}
	}
	for c := best.FirstChild; c != nil; c = c.NextSibling {
		collect(c)
	}
	return out
}

// boilerplate reports whether an element holds no article text.
func boilerplate(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Nav, atom.Header, atom.Footer, atom.Aside, atom.Form:
		return true
	}
	return skipTag(n.Data)
}

// nodeText is the text below n, without scripts and the like.
func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
		case n.Type == html.ElementNode && skipTag(n.Data):
			return
		case n.Type == html.ElementNode && n.DataAtom == atom.Br:
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

func textLen(ps []chronicle.Paragraph) int {
	n := 0
	for _, p := range ps {
		n += len(p.Text)
	}
	return n
}
