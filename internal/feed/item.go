package feed

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
	jsonfeed "github.com/mmcdole/gofeed/json"

	"github.com/chronicle-bot/chronicle"
)

// maxSourceRead is the most of a feed's title taken as its outlet name
// (sourceName): well over corpus.MaxSourceBytes, so that the index still
// sees, cuts and reports a name too long.
const maxSourceRead = 1 << 10

// idPrefix marks article IDs that come from feeds.
const idPrefix = "feed-"

// articles converts the items of a parsed feed to articles, dropping items
// with neither title nor text and repeated IDs within the feed; repeats
// counts the items dropped under an earlier item's ID that differ from it
// (an item listed twice as it is is no loss, and is not counted).
//
// Items that share a link but have GUIDs of their own (the updates of a
// live blog) are told apart by their GUIDs: keyed by the link alone they
// were one article, each fetch replacing it with the newest update, and
// the earlier updates were lost from the index (helper 75).
func articles(parsed *gofeed.Feed, feedURL string) (out []chronicle.Article, repeats int) {
	source := sourceName(parsed, feedURL)
	base, _ := url.Parse(feedURL)
	guids := make(map[string]string, len(parsed.Items)) // link -> the first GUID seen with it
	shared := make(map[string]bool)                     // links that items with different GUIDs share
	for _, it := range parsed.Items {
		if it == nil {
			continue
		}
		link, guid := resolve(base, strings.TrimSpace(it.Link)), strings.TrimSpace(it.GUID)
		if link == "" || guid == "" {
			continue
		}
		if g, ok := guids[link]; !ok {
			guids[link] = guid
		} else if g != guid {
			shared[link] = true
		}
	}
	seen := make(map[string]string, len(parsed.Items)) // ID -> hash of the item kept
	out = make([]chronicle.Article, 0, len(parsed.Items))
	for _, it := range parsed.Items {
		if it == nil {
			continue
		}
		a := toArticle(it, feedURL, base, source, shared)
		if a.Title == "" && len(a.Paragraphs) == 0 {
			continue
		}
		if h, ok := seen[a.ID]; ok {
			if h != a.Hash {
				repeats++ // a different item lost under the same ID
			}
			continue
		}
		seen[a.ID] = a.Hash
		out = append(out, a)
	}
	return out, repeats
}

// toArticle converts one feed item; base resolves relative links.
// Items whose link is in shared are keyed by their GUID (articleID).
func toArticle(it *gofeed.Item, feedURL string, base *url.URL, source string, shared map[string]bool) chronicle.Article {
	link := resolve(base, strings.TrimSpace(it.Link))
	a := chronicle.Article{
		ID:         articleID(it, link, feedURL, shared[link]),
		Title:      PlainText(it.Title),
		Source:     source,
		URL:        link,
		Paragraphs: Paragraphs(it.Content),
	}
	if len(a.Paragraphs) == 0 {
		a.Paragraphs = Paragraphs(it.Description)
	}
	if len(a.Paragraphs) == 0 && a.Title != "" {
		// A headline-only item's text is its headline. Without text it
		// was indexed and found by search, but no digest, answer or
		// watch post could quote it: /digest said "No coverage" of a
		// window it had covered, and a watch post showed an empty quote
		// of a "paragraph 1" that did not exist (helper 75).
		a.Paragraphs = []chronicle.Paragraph{{Text: a.Title}}
	}
	// The first date an index can hold (chronicle.InDateRange); with
	// neither, the item is undated.
	for _, t := range []*time.Time{it.PublishedParsed, it.UpdatedParsed} {
		if t != nil && chronicle.InDateRange(*t) {
			a.Published = t.UTC()
			break
		}
	}
	a.Hash = articleHash(a)
	return a
}

// articleID is "feed-" and 16 hex digits of the SHA-256 of the item's
// key; the same item has the same ID across fetches and restarts, except
// that an item keyed by its link becomes keyed by its GUID once other items
// share the link (the earlier article is kept, and the same text under the
// new ID is dropped as its near-duplicate). The key is the GUID when it is an
// absolute URI (globally unique by construction), else the link, else the
// GUID, title or date qualified by the feed URL. An item whose link other
// items of the feed share with GUIDs of their own (sharedLink) is keyed by
// its GUID qualified by the feed URL.
func articleID(it *gofeed.Item, link, feedURL string, sharedLink bool) string {
	guid := strings.TrimSpace(it.GUID)
	var key string
	switch {
	case guid != "" && isAbsoluteURI(guid):
		key = guid
	case link != "" && !(sharedLink && guid != ""):
		key = link
	case guid != "":
		key = feedURL + "#" + guid
	default:
		key = feedURL + "#" + it.Title + "#" + it.Published
	}
	sum := sha256.Sum256([]byte(key))
	return idPrefix + hex.EncodeToString(sum[:8])
}

func isAbsoluteURI(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme != "" && (u.Host != "" || u.Opaque != "")
}

func resolve(base *url.URL, link string) string {
	if link == "" || base == nil {
		return link
	}
	u, err := url.Parse(link)
	if err != nil {
		return link
	}
	return base.ResolveReference(u).String()
}

// sourceName is the feed's title, or the host of its site or of the feed.
// A title of more than maxSourceRead bytes is cut to that here, so that
// hashing it into every item costs little; the index then cuts it to
// corpus.MaxSourceBytes, with a warning (corpus.Limits.Fit).
func sourceName(parsed *gofeed.Feed, feedURL string) string {
	if t := PlainText(parsed.Title); t != "" {
		if len(t) > maxSourceRead {
			t = strings.ToValidUTF8(t[:maxSourceRead], "")
		}
		return t
	}
	for _, s := range []string{parsed.Link, feedURL} {
		if u, err := url.Parse(s); err == nil && u.Host != "" {
			return strings.TrimPrefix(u.Hostname(), "www.")
		}
	}
	return feedURL
}

// articleHash is a SHA-256 over every content field of a (not Path or ID).
func articleHash(a chronicle.Article) string {
	h := sha256.New()
	write := func(s string) {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	write(a.Title)
	write(a.Source)
	write(a.URL)
	if a.Dated() {
		write(a.Published.UTC().Format(time.RFC3339Nano))
	} else {
		write("")
	}
	for _, p := range a.Paragraphs {
		write(p.Heading)
		write(p.Text)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// dropBadJSONItems returns a JSON Feed body without the items gofeed cannot
// decode (a number, a string, null, an object whose fields have impossible
// types), so that one bad item does not fail the whole feed, and says why
// each was dropped. Anything that is not a JSON Feed with an items array
// comes back unchanged, for the parser to accept or report. Of the reasons,
// the first maxSaidItemProblems are given; dropped counts all.
func dropBadJSONItems(body []byte) (out []byte, problems []string, dropped int) {
	if gofeed.DetectFeedType(bytes.NewReader(body)) != gofeed.FeedTypeJSON ||
		checkJSONShape(body, maxFeedElements) != nil {
		// Too many objects to decode: parseFeed refuses it, saying so.
		return body, nil, 0
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(body, &doc); err != nil {
		return body, nil, 0
	}
	var raw []json.RawMessage
	if err := json.Unmarshal(doc["items"], &raw); err != nil {
		return body, nil, 0
	}
	say := func(format string, args ...any) {
		if dropped++; len(problems) < maxSaidItemProblems {
			problems = append(problems, fmt.Sprintf(format, args...))
		}
	}
	keep := raw[:0:0]
	for i, r := range raw {
		r = bytes.TrimSpace(r)
		if len(r) == 0 || r[0] != '{' {
			say("item %d skipped: not an object (%s)", i, clip(r, 40))
			continue
		}
		var it jsonfeed.Item
		if err := json.Unmarshal(r, &it); err != nil {
			say("item %d skipped: %v", i, err)
			continue
		}
		keep = append(keep, r)
	}
	if dropped == 0 {
		return body, nil, 0
	}
	items, err := json.Marshal(keep)
	if err != nil {
		return body, nil, 0
	}
	doc["items"] = items
	if out, err = json.Marshal(doc); err != nil {
		return body, nil, 0
	}
	return out, problems, dropped
}

// maxSaidItemProblems is how many of a feed's undecodable items are named
// one by one at a fetch: a body of 2.6 million bad items wrote a warning
// for each, 431 MB of log at every fetch (helper 79).
const maxSaidItemProblems = 5

// clip returns at most n bytes of b as a string, marking a cut with "...".
func clip(b []byte, n int) string {
	if len(b) <= n {
		return string(b)
	}
	return strings.ToValidUTF8(string(b[:n]), "") + "..."
}
