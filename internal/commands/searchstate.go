package commands

import (
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// searchState is everything a Previous/Next button needs to show a page. It
// lives entirely in the button's custom ID, so nothing is stored server side:
//
//	search:v1:<page>:<from YYYYMMDD or empty>:<to YYYYMMDD or empty>:<query>
//
// The query comes last so it may contain ':'. Custom IDs hold at most 100
// characters, which leaves maxQueryBytes for the query; a longer query is
// shortened by one rule: keep the longest prefix of whole words that fits
// (or, for a single long word, the longest prefix of whole characters). A
// paged reply applies it before the first search, so that every page lists
// the same results; the one-page reply of the command line searches the
// whole query.
type searchState struct {
	Page      int
	Query     string
	From, To  time.Time
	Shortened bool
}

const (
	searchVersion = "v1"
	// maxPage bounds the page number to four digits in the custom ID.
	maxPage = 9999
	// maxQueryBytes is what remains of the custom ID after the prefix,
	// version, a four-digit page and two dates.
	maxQueryBytes = MaxCustomID - len("search:v1:9999:20060102:20060102:")
	compactDate   = "20060102"
)

// customID encodes the state (its query already fits, see searchPage).
func (s searchState) customID() string {
	return strings.Join([]string{searchPrefix, searchVersion, strconv.Itoa(min(s.Page, maxPage)),
		compact(s.From), compact(s.To), s.Query}, ":")
}

func compact(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(compactDate)
}

// errExpired marks a custom ID from another version or malformed.
var errExpired = errors.New("expired or unknown button")

// parseSearchID decodes a custom ID made by customID.
func parseSearchID(id string) (searchState, error) {
	parts := strings.SplitN(id, ":", 6)
	if len(parts) != 6 || parts[0] != searchPrefix || parts[1] != searchVersion {
		return searchState{}, errExpired
	}
	var st searchState
	var err error
	if st.Page, err = strconv.Atoi(parts[2]); err != nil || st.Page < 0 || st.Page > maxPage {
		return searchState{}, errExpired
	}
	for i, dst := range []*time.Time{&st.From, &st.To} {
		if v := parts[3+i]; v != "" {
			if *dst, err = time.Parse(compactDate, v); err != nil {
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

// shorten returns the longest prefix of s of at most maxBytes bytes that
// ends at a word boundary, or at a character boundary when the first word
// alone is too long.
func shorten(s string, maxBytes int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= maxBytes {
		return s
	}
	cut := maxBytes
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
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
