package commands

import (
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/schedule"
)

// searchState is everything a Previous/Next button needs to show a page of
// /search or of another paged command (/timeline), named by Prefix.
// When the query is short enough it lives entirely in the button's custom
// ID, so nothing is stored server side and any replica can turn the page:
//
//	search:v1:<page>:<from YYYYMMDD or empty>:<to YYYYMMDD or empty>:<query>
//
// The query comes last so it may contain ':'. Custom IDs hold at most 100
// characters, which leaves maxQueryBytes for the query. A longer query is
// kept server side in Buttons, and the button carries its key:
//
//	search:v2:<page>:<key>
//
// Without Buttons a longer query is shortened by one rule instead: keep the
// longest prefix of whole words that fits (or, for a single long word, the
// longest prefix of whole characters). A paged reply applies it before the
// first search, so that every page lists the same results. Another
// command's prefix replaces "search" and leaves the query that many bytes
// more or fewer (see maxQuery).
type searchState struct {
	// Prefix is the component prefix of the command that turns the
	// pages; "" means searchPrefix.
	Prefix    string
	Page      int
	Query     string
	From, To  time.Time
	Shortened bool
}

const (
	searchVersion = "v1"
	// searchKeyVersion marks a custom ID that holds a Buttons key.
	searchKeyVersion = "v2"
	// maxPage bounds the page number to four digits in the custom ID.
	maxPage = 9999
	// maxQueryBytes is what remains of the custom ID after the prefix,
	// version, a four-digit page and two dates.
	maxQueryBytes = MaxCustomID - len("search:v1:9999:20060102:20060102:")
	compactDate   = "20060102"
)

// prefix is the component prefix of s's buttons.
func (s searchState) prefix() string {
	if s.Prefix == "" {
		return searchPrefix
	}
	return s.Prefix
}

// maxQuery is the longest query, in bytes, that s's custom ID can hold.
func (s searchState) maxQuery() int {
	return maxQueryBytes + len(searchPrefix) - len(s.prefix())
}

// customID encodes the state (its query already fits, see searchPage).
func (s searchState) customID() string {
	return strings.Join([]string{s.prefix(), searchVersion, strconv.Itoa(min(s.Page, maxPage)),
		compact(s.From), compact(s.To), s.Query}, ":")
}

// pageIDs returns the custom IDs of buttons that show the given pages of
// s: the state itself when its query fits, otherwise one key to it in
// buttons (stored once for all the pages).
func (s searchState) pageIDs(buttons *Buttons, pages ...int) []string {
	key := ""
	if len(s.Query) > s.maxQuery() && buttons != nil {
		key = buttons.put(buttonState{Query: s.Query, From: s.From, To: s.To, Shortened: s.Shortened})
	}
	ids := make([]string, len(pages))
	for i, p := range pages {
		if key != "" {
			ids[i] = strings.Join([]string{s.prefix(), searchKeyVersion, strconv.Itoa(min(p, maxPage)), key}, ":")
			continue
		}
		st := s
		st.Page = p
		ids[i] = st.customID()
	}
	return ids
}

func compact(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(compactDate)
}

// errExpired marks a custom ID from another version, malformed, or whose
// key is no longer (or never was) in Buttons.
var errExpired = errors.New("expired or unknown button")

// parseSearchID decodes a custom ID of /search made by pageIDs, looking its
// key up in buttons (nil: no key is known).
func parseSearchID(id string, buttons *Buttons) (searchState, error) {
	return parsePageID(searchPrefix, id, buttons)
}

// parsePageID decodes a custom ID made by pageIDs for a state with the
// given prefix, looking its key up in buttons (nil: no key is known). The
// state's Prefix is left empty for the caller to set.
func parsePageID(prefix, id string, buttons *Buttons) (searchState, error) {
	if rest, ok := strings.CutPrefix(id, prefix+":"+searchKeyVersion+":"); ok {
		page, key, ok := strings.Cut(rest, ":")
		n, err := strconv.Atoi(page)
		if !ok || err != nil || n < 0 || n > maxPage || buttons == nil {
			return searchState{}, errExpired
		}
		v, found := buttons.get(key)
		if !found || strings.TrimSpace(v.Query) == "" {
			return searchState{}, errExpired
		}
		return searchState{Page: n, Query: v.Query, From: v.From, To: v.To, Shortened: v.Shortened}, nil
	}
	parts := strings.SplitN(id, ":", 6)
	if len(parts) != 6 || parts[0] != prefix || parts[1] != searchVersion {
		return searchState{}, errExpired
	}
	var st searchState
	var err error
	if st.Page, err = strconv.Atoi(parts[2]); err != nil || st.Page < 0 || st.Page > maxPage {
		return searchState{}, errExpired
	}
	for i, dst := range []*time.Time{&st.From, &st.To} {
		if v := parts[3+i]; v != "" {
			// The bot writes only dates parseDate took; another is forged.
			if *dst, err = time.Parse(compactDate, v); err != nil || !chronicle.InDateRange(*dst) {
				return searchState{}, errExpired
			}
		}
	}
	st.Query = parts[5]
	if strings.TrimSpace(st.Query) == "" {
		return searchState{}, errExpired
	}
	return st, nil
}

// fitQuery applies the shortening rule; it reports whether q was shortened.
func fitQuery(q string) (string, bool) {
	short := shorten(q, maxQueryBytes)
	return short, short != q
}

// MaxSearchQuery is the longest query /search takes, in characters: Discord
// refuses a longer option, and every other caller (the command line) is
// shortened to it by ShortenQuery.
const MaxSearchQuery = 200

// ShortenQuery returns q cut to MaxSearchQuery characters at a word
// boundary, the way a query typed in Discord is bounded, and whether it was
// cut. A query within the limit is returned unchanged.
func ShortenQuery(q string) (string, bool) {
	return shortenChars(q, MaxSearchQuery)
}

// MaxDigestTopic is the longest topic /digest takes, in characters; the
// command line's is shortened to it by ShortenTopic. A schedule's topic is
// held to the same.
const MaxDigestTopic = schedule.MaxTopic

// ShortenTopic returns a digest topic cut to MaxDigestTopic characters at a
// word boundary, as ShortenQuery does a query, and whether it was cut.
func ShortenTopic(topic string) (string, bool) {
	return shortenChars(topic, MaxDigestTopic)
}

// shortenChars returns s unchanged when it has at most maxChars characters,
// and otherwise its longest prefix of whole words (whitespace collapsed)
// within maxChars characters, reporting whether words were cut off.
//
// Control characters (a newline, a tab, an escape sequence's ESC, NUL)
// and bidirectional overrides become spaces first (chronicle.Printable):
// the query or topic is echoed in headers, JSON and logs, where they would
// break the line or drive the terminal.
func shortenChars(s string, maxChars int) (string, bool) {
	s = chronicle.Printable(s)
	if utf8.RuneCountInString(s) <= maxChars {
		return s, false
	}
	s = strings.Join(strings.Fields(s), " ")
	short := shorten(s, runeOffset(s, maxChars))
	return short, short != s
}

// shorten returns the longest prefix of s of at most maxBytes bytes that
// ends at a word boundary, or at a character boundary when the first word
// alone is too long.
func shorten(s string, maxBytes int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= maxBytes {
		return s
	}
	cut := chronicle.RuneCut(s, maxBytes)
	if sp := strings.LastIndexByte(s[:cut+1], ' '); sp > 0 {
		cut = sp
	}
	return strings.TrimSpace(s[:cut])
}

// dateNote describes the date bounds, e.g. " from 2024-03-01 to 2024-03-26".
func (s searchState) dateNote() string {
	var note string
	if !s.From.IsZero() {
		note += " from " + s.From.Format(DateLayout)
	}
	if !s.To.IsZero() {
		note += " to " + s.To.Format(DateLayout)
	}
	return note
}
