package feed

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/chronicle-bot/chronicle"
)

// fillFullText replaces the summary of each new or changed item that has a
// link of its own with the article text extracted from the linked page,
// when that text is longer. Pages are fetched by a pool of
// FullTextConcurrency workers, all of them within FullTextDeadline; each
// result goes back to its own item, so the order of items is kept. A page that fails to load, is refused (a
// non-public address) or is not in by the deadline leaves its item with the
// summary, and the reason is logged. Pages are fetched for the first most
// such items only (the items the feed may still put today).
func (f *Fetcher) fillFullText(ctx context.Context, feedURL string, start time.Time, items []item, most int) {
	ids := make([]string, len(items))
	for i, it := range items {
		ids[i] = it.article.ID
	}
	recs, err := f.store.seen(ids)
	if err != nil {
		return // ingestItems reports the store error
	}
	// Items that share a link (a live blog's updates, each its own
	// article: articles) keep their own text: each took the whole page,
	// which was fetched once per update, and the updates after the first
	// were then dropped as near-duplicates of it (helper 76).
	links := make(map[string]int, len(items))
	for i := range items {
		links[items[i].article.URL]++
	}
	var todo []int
	for i := range items {
		a := &items[i].article
		r, ok := recs[a.ID]
		if a.URL == "" || links[a.URL] > 1 || standingOf(r, ok, feedURL, items[i].feedHash, start, recs) != offer {
			continue
		}
		todo = append(todo, i)
	}
	todo, beyond := todo[:min(len(todo), most)], todo[min(len(todo), most):]
	for _, i := range beyond {
		items[i].page = pageLate
	}
	if len(todo) == 0 {
		return
	}
	parent := ctx
	ctx, cancel := context.WithTimeout(ctx, f.opts.FullTextDeadline)
	defer cancel()
	next := make(chan int)
	var (
		late   atomic.Int32 // pages not fetched because the deadline passed
		waited atomic.Bool  // a page was left for the next fetch (MaxFullText)
		used   atomic.Int64 // page text taken (Options.MaxFullText)
		cut    atomic.Int32 // pages whose text was cut (Options.MaxPageText)
		wg     sync.WaitGroup
	)
	for range min(f.opts.FullTextConcurrency, len(todo)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				a := &items[i].article
				if ctx.Err() != nil {
					items[i].page = pageLate
					late.Add(1)
					continue
				}
				// Room for a whole page is held while it is read, so
				// that the pages in flight cannot pass the limit
				// together; the first page of a fetch is always read.
				reserve := int64(f.opts.MaxPageText)
				if before := used.Add(reserve) - reserve; before > 0 && before+reserve > int64(f.opts.MaxFullText) {
					used.Add(-reserve)
					items[i].waits = true
					waited.Store(true)
					continue
				}
				taken, wasCut, err := f.fillOne(ctx, a)
				used.Add(int64(taken) - reserve)
				if wasCut {
					cut.Add(1)
				}
				items[i].page = pageRead
				if err != nil {
					if ctx.Err() != nil {
						items[i].page = pageLate
						late.Add(1)
						continue
					}
					items[i].page = pageFailed
					f.log.Warn("full text not fetched; the item keeps the feed's summary",
						"feed", feedURL, "url", a.URL, "err", err)
				}
			}
		}()
	}
	for _, i := range todo {
		next <- i
	}
	close(next)
	wg.Wait()
	if waited.Load() {
		// The items past the day's room wait as well: were they taken
		// in the room the waiting items leave, it would be with their
		// summaries, for good.
		for _, i := range beyond {
			items[i].waits = true
		}
	}
	if n := cut.Load(); n > 0 {
		f.log.Warn("page text cut: the article is longer than the index keeps",
			"feed", feedURL, "pages", n, "limit_bytes", f.opts.MaxPageText)
	}
	if n := late.Load(); n > 0 && parent.Err() != nil {
		// The fetch was stopped (a shutdown), not late: it was said to
		// have passed its deadline (helper 75).
		f.log.Info("full text not fetched: the fetch was stopped; those items keep the feed's summary",
			"feed", feedURL, "pages", n)
	} else if n > 0 {
		f.log.Warn("full text not fetched: the feed's page deadline passed; those items keep the feed's summary",
			"feed", feedURL, "pages", n, "deadline", f.opts.FullTextDeadline)
	}
}

// fillOne fetches a's page and takes its text, cut to
// Options.MaxPageText, when it is longer than the summary. taken is the
// bytes of page text taken, and cut whether the page had more.
func (f *Fetcher) fillOne(ctx context.Context, a *chronicle.Article) (taken int, cut bool, err error) {
	var (
		page []chronicle.Paragraph
		perr error
	)
	hdr := http.Header{"Accept": {"text/html, application/xhtml+xml;q=0.9, */*;q=0.5"}}
	err = f.get(ctx, a.URL, hdr, func(_ *http.Response, body []byte) {
		if perr = checkElements(body, maxPageElements); perr == nil {
			page, cut = cutPage(extractArticle(body, a.URL), f.opts.MaxPageText)
		}
	})
	if err != nil {
		return 0, false, err
	}
	if perr != nil {
		return 0, false, fmt.Errorf("page %s: %w", a.URL, perr)
	}
	if n := textLen(page); n > textLen(a.Paragraphs) {
		a.Paragraphs = page
		a.Hash = articleHash(*a)
		return n, cut, nil
	}
	return 0, false, nil
}

// cutPage keeps the paragraphs of page while their text fits in limit
// bytes, the last one cut at a character boundary and copied, so that the
// rest of it is not held; cut reports whether text was left out.
func cutPage(page []chronicle.Paragraph, limit int) (out []chronicle.Paragraph, cut bool) {
	n := 0
	for i, p := range page {
		if n+len(p.Text) <= limit {
			n += len(p.Text)
			continue
		}
		// A new array, so that the paragraphs from i on are let go
		// (page[:i:i] would share page's).
		out = append(make([]chronicle.Paragraph, 0, i+1), page[:i]...)
		if k := chronicle.RuneCut(p.Text, limit-n); k > 0 {
			p.Text = strings.Clone(p.Text[:k])
			out = append(out, p)
		}
		return out, true
	}
	return page, false
}

// maxPageElements bounds the elements of a page read for its full text. A
// real article page has a few thousand; readability holds some 800 bytes
// per element, so a hostile 5 MB page of a million tiny elements cost some
// 800 MB, and several pages are read at once.
const maxPageElements = 50_000

// checkElements refuses a page of more than limit elements, counting its tags
// with the tokenizer, which holds nothing.
func checkElements(page []byte, limit int) error {
	z := html.NewTokenizer(bytes.NewReader(page))
	n := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return nil
		case html.StartTagToken, html.SelfClosingTagToken:
			if n++; n > limit {
				return fmt.Errorf("more than %d elements, not read", limit)
			}
		}
	}
}

// extractArticle finds the main text of an HTML page with readability (a
// port of Mozilla's Readability, as browsers' reader views use) and returns
// its paragraphs, list items and quotes in order, each under the heading
// before it. A page readability finds no article in gives nothing.
func extractArticle(page []byte, pageURL string) []chronicle.Paragraph {
	u, _ := url.Parse(pageURL)
	art, err := readability.FromReader(bytes.NewReader(page), u)
	if err != nil || art.Node == nil {
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
	collect(art.Node)
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
