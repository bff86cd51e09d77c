package corpus

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"strings"
	"time"
	"unicode"

	"github.com/chronicle-bot/chronicle"

	"github.com/chronicle-bot/chronicle/internal/jsonmsg"
)

// record is one article object in a JSON file, with every accepted field
// name. encoding/json matches names case-insensitively, so "pubDate" also
// matches "pubdate". Text fields are plain strings (the bulk of the data,
// decoded once); the rest are raw so that numbers and objects are accepted.
type record struct {
	ID   json.RawMessage `json:"id"`
	GUID json.RawMessage `json:"guid"`

	Text        string `json:"text"`
	Body        string `json:"body"`
	Content     string `json:"content"`
	Description string `json:"description"`
	Summary     string `json:"summary"`

	Title    string `json:"title"`
	Headline string `json:"headline"`

	Date          json.RawMessage `json:"date"`
	PublishDate   json.RawMessage `json:"publish_date"`
	Published     json.RawMessage `json:"published"`
	DatePublished json.RawMessage `json:"date_published"`
	PubDate       json.RawMessage `json:"pubDate"`
	PublishedAt   json.RawMessage `json:"publishedAt"`

	URL  string `json:"url"`
	Link string `json:"link"`

	Source    json.RawMessage `json:"source"`
	Publisher json.RawMessage `json:"publisher"`
	Outlet    json.RawMessage `json:"outlet"`
	Site      json.RawMessage `json:"site"`
}

// origin says where a record came from, for IDs and problems.
type origin struct {
	f       File
	relStem string // path relative to the root, without extension
	line    int    // 1-based line of the record; 0 for a whole file
	// nth is the record's place among the records that start on its line
	// (a JSON array written on one line); 0 or 1 for the first.
	nth int
	lim Limits // with defaults filled in
}

// result is one parsed record: the article, or the problem that skips it,
// and warnings about the kept article.
type result struct {
	article chronicle.Article
	line    int
	skip    *Problem
	warns   []Problem
	// byLine is set when the article's ID was made from its file and line:
	// the record has no ID of its own.
	byLine bool
}

// skipped makes a result for a record left out.
func skipped(o origin, reason, detail string) result {
	return result{line: o.line, skip: &Problem{Path: o.f.Path, Line: o.line, Reason: reason, Detail: detail, Skipped: true}}
}

// parseRecord decodes one JSON object into an article.
func parseRecord(data []byte, o origin) result {
	var r record
	err := decodeRecord(data, &r)
	return decoded(&r, data, err, o)
}

// decoded makes the result of a record decoded from data with error err.
func decoded(r *record, data []byte, err error, o origin) result {
	var te *json.UnmarshalTypeError
	if err != nil && (!errors.As(err, &te) || te.Field == "") {
		// Not a JSON object at all ("5", "[1, 2]"), or not well formed:
		// said in words, with where and the text there, escaped
		// ("invalid character 'x' looking for beginning of value" was
		// the parser's; helper 133).
		return skipped(o, ReasonMalformedJSON, strings.TrimPrefix(jsonmsg.DescribeAt(data, err, o.line), "not valid JSON: "))
	}
	res := r.article(o)
	res.byLine = o.line > 0 && r.idByLine()
	if te != nil {
		// The JSON is well formed and json.Unmarshal read every other
		// field: a title that is a list lost the whole article as
		// "malformed JSON" (helper 107).
		detail := fmt.Sprintf("field %q holds %s, not text", te.Field, jsonmsg.Value(te.Value))
		if res.skip != nil {
			res.skip.Detail += " (" + detail + ")"
		} else {
			res.warns = append(res.warns, Problem{Path: o.f.Path, Line: o.line, Reason: ReasonFieldType, Detail: detail + "; read without it"})
		}
	}
	return res
}

// article maps the record's fields to an article. Body text is split into
// paragraphs at blank lines and indented lines, without headings.
func (r *record) article(o origin) result {
	text := cleanText(firstOf(r.Text, r.Body, r.Content, r.Description, r.Summary))
	if isPlaceholder(text) {
		return skipped(o, ReasonPlaceholder, fmt.Sprintf("record %q has only placeholder text (%q)", trimTo(r.id(o), 80), trimTo(text, 40)))
	}
	if strings.TrimSpace(text) == "" {
		// Named, so that a record whose text is under another field
		// ("article_body") says where its text was looked for (nu42).
		return skipped(o, ReasonNoText, fmt.Sprintf("record %q has no text (in text, body, content, description or summary)", trimTo(r.id(o), 80)))
	}
	return r.build(o, plainParagraphs(text, true), "")
}

// isPlaceholder reports whether a body is filler that stands for a missing
// text: only "blah" words (Reuters headline-only briefs read "Blah blah
// blah.") or only "lorem ipsum". Quoting it would answer nothing.
//
// It reads only as far as it must: a real article is told apart by its
// first word (lower-casing, splitting and joining every body cost 7% of the
// indexing CPU).
func isPlaceholder(text string) bool {
	n, lorem, filler := 0, false, false
	for w := range lowerWords(text) {
		n++
		switch {
		case n == 1 && string(w) == "lorem":
			lorem = true
			continue
		case n == 2 && lorem:
			return bytes.HasPrefix(w, []byte("ipsum")) // "lorem ipsum..."
		case string(w) == "blah":
			filler = true
			continue
		}
		return false
	}
	return filler
}

// lowerWords yields the words of text: the runs of letters a-z once
// lower-cased (anything else separates them). The slice is reused.
func lowerWords(text string) iter.Seq[[]byte] {
	return func(yield func([]byte) bool) {
		var w []byte
		for _, r := range text {
			if lr := unicode.ToLower(r); lr >= 'a' && lr <= 'z' {
				w = append(w, byte(lr))
				continue
			}
			if len(w) > 0 {
				if !yield(w) {
					return
				}
				w = w[:0]
			}
		}
		if len(w) > 0 {
			yield(w)
		}
	}
}

// trimTo cuts s to at most n bytes at a rune boundary.
func trimTo(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:chronicle.RuneCut(s, n)] + "…"
}

// build makes the article from the record's metadata and the given body.
// The title is the record's, else title, else one derived from the text.
func (r *record) build(o origin, paras []chronicle.Paragraph, title string) result {
	id := r.id(o)
	paras, cut := o.limitText(paras)
	if len(paras) == 0 {
		return skipped(o, ReasonNoText, fmt.Sprintf("record %q has no text", trimTo(id, 80)))
	}
	res := result{line: o.line}
	a := chronicle.Article{ID: id, Paragraphs: paras}
	a.Title = collapse(cleanText(firstOf(r.Title, r.Headline, title)))
	if a.Title == "" {
		a.Title = titleFrom(paras[0].Text)
	}
	a.URL = strings.TrimSpace(firstOf(r.URL, r.Link))
	a.Source = collapse(cleanText(firstRaw(r.Source, r.Publisher, r.Outlet, r.Site)))
	if a.Source == "" && a.URL != "" {
		a.Source = outletFromURL(a.URL)
	}
	a.Published, res.warns = o.date(firstRaw(r.Date, r.PublishDate, r.Published, r.DatePublished, r.PubDate, r.PublishedAt))
	res.warns = append(append(res.warns, cut...), o.applyLimits(&a)...)
	if kind := r.idType(); kind != "" {
		res.warns = append(res.warns, Problem{Path: o.f.Path, Line: o.line, Reason: ReasonIDType,
			Detail: fmt.Sprintf("the id is %s; kept as %q", jsonmsg.Value(kind), id)})
	}
	a.Hash = Hash(a)
	res.article = a
	return res
}

// id returns the record's ID: a string id as is, a numeric one prefixed
// with the file's path stem relative to its corpus root ("reuters21578-1",
// "2024-03/export-1"), and without one that stem and the line
// ("news/feed#12"). A numeric id was prefixed with the file's name alone,
// so two exports of the same name in two folders ("2024-03/export.jsonl",
// "2024-04/export.jsonl", each numbering its rows from 1) gave the same IDs
// and the second folder's articles were skipped as duplicates.
func (r *record) id(o origin) string {
	raw, kind := r.ownID()
	switch kind {
	case idNone:
		if o.line == 0 {
			return o.relStem
		}
	case idString:
		return rawString(raw)
	case idNumber:
		return o.relStem + "-" + strings.TrimSpace(string(raw))
	}
	return o.lineID()
}

// Kinds of a record's own id (ownID).
const (
	idNone   = iota // none, null, or a string of white space alone, which names nothing (it showed as a blank ID; helper 73)
	idString        // a string
	idNumber        // a number
	idOther         // an object, array or boolean, which names nothing
)

// ownID returns the record's id (or, without one, guid) as written, and its
// kind.
func (r *record) ownID() (json.RawMessage, int) {
	raw := r.ID
	if isNull(raw) {
		raw = r.GUID
	}
	if isNull(raw) {
		return raw, idNone
	}
	switch s := strings.TrimSpace(string(raw)); {
	case s[0] == '"' && strings.TrimSpace(rawString(raw)) == "":
		return raw, idNone
	case s[0] == '"':
		return raw, idString
	case s[0] == '-' || (s[0] >= '0' && s[0] <= '9'):
		return raw, idNumber
	}
	return raw, idOther
}

// lineID is the ID of a record without one of its own: its file and line
// ("news#12"), and its place on the line for any but the first record that
// starts there ("news#1.2"): every record of a JSON array written on one
// line was given "news#1", and all but the first were lost as duplicates
// (helper 111).
func (o origin) lineID() string {
	if o.nth > 1 {
		return fmt.Sprintf("%s#%d.%d", o.relStem, o.line, o.nth)
	}
	return fmt.Sprintf("%s#%d", o.relStem, o.line)
}

// idByLine reports whether id makes the record's ID from its file and line
// (in a file of records): it has no ID of its own, one of white space alone,
// or one of a type that names nothing.
func (r *record) idByLine() bool {
	_, kind := r.ownID()
	return kind == idNone || kind == idOther
}

// idType names the JSON type of the record's id (or, without one, guid)
// as encoding/json does, for jsonmsg.Value, when it is one that id does
// not read ("object", "array", "bool"), else "".
func (r *record) idType() string {
	raw, kind := r.ownID()
	if kind != idOther {
		return ""
	}
	switch s := strings.TrimSpace(string(raw)); s[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case 't', 'f':
		return "bool"
	}
	return ""
}

// date parses a date string, returning the warnings about it: undated, or
// unparseable (the article is then kept undated).
func (o origin) date(s string) (time.Time, []Problem) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, []Problem{{Path: o.f.Path, Line: o.line, Reason: ReasonUndated, Detail: "no date; kept undated"}}
	}
	t, ok := parseDate(s)
	if !ok {
		return time.Time{}, []Problem{{Path: o.f.Path, Line: o.line, Reason: ReasonBadDate, Detail: fmt.Sprintf("%q; kept undated", s)}}
	}
	if !chronicle.InDateRange(t) {
		return time.Time{}, []Problem{{Path: o.f.Path, Line: o.line, Reason: ReasonFarDate,
			Detail: fmt.Sprintf("%q is outside the years %d to %d that an index holds; kept undated", s, chronicle.FirstYear, chronicle.LastYear)}}
	}
	// In UTC, as a feed's items are: the date filters (--as-of, --until, a
	// digest's window) take whole UTC days, and the day shown is the day
	// filtered by (helper 132: "2024-05-02T23:30:00-05:00" was shown as 2
	// May and found only by 3 May).
	return t.UTC(), nil
}

// firstOf returns the first of ss with non-space content.
func firstOf(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

// firstRaw returns the first of raws that gives a non-empty string.
func firstRaw(raws ...json.RawMessage) string {
	for _, raw := range raws {
		if s := strings.TrimSpace(rawString(raw)); s != "" {
			return s
		}
	}
	return ""
}

// rawString reads a JSON value as a string: strings as they are, numbers as
// written, objects by their "name" (as in {"source": {"name": "CNN"}}).
func rawString(raw json.RawMessage) string {
	if isNull(raw) {
		return ""
	}
	switch raw[0] {
	case '"':
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
	case '{':
		var v struct {
			Name  string `json:"name"`
			Title string `json:"title"`
		}
		if json.Unmarshal(raw, &v) == nil {
			return firstOf(v.Name, v.Title)
		}
	case '[', 't', 'f':
		return ""
	default:
		return string(raw)
	}
	return ""
}

func isNull(raw json.RawMessage) bool {
	return len(raw) == 0 || string(raw) == "null"
}
