package corpus

import (
	"encoding/json"
	"unicode/utf8"
)

// A record is decoded by hand when its JSON has the common shape (issue
// 19): json.Unmarshal spent half its time in a validity pre-scan and most
// of the rest in reflection, 0.85 s of the RealTimeQA build. The fast path
// gives exactly the record json.Unmarshal gives, or gives up: anything it
// is not sure of (escaped or case-variant keys, surrogate escapes, invalid
// UTF-8, a wrong type, deep nesting, invalid JSON) goes to json.Unmarshal,
// so errors and odd cases stay as they were.

// decodeRecord decodes data into r, which must be zero, as json.Unmarshal
// does: by decodeRecordFast when it can, else by json.Unmarshal.
func decodeRecord(data []byte, r *record) error {
	if decodeRecordFast(data, r) {
		return nil
	}
	*r = record{}
	return json.Unmarshal(data, r)
}

// decodeRecordFast decodes one JSON object into r as json.Unmarshal would
// and reports true, or reports false, with r partly filled, for input it
// leaves to json.Unmarshal: anything but one valid JSON object whose keys
// have no escapes and are either a field's exact name or no field's name
// in any case, whose string fields are strings (without surrogate escapes
// or invalid UTF-8) or null, and whose strings are all valid UTF-8.
func decodeRecordFast(data []byte, r *record) bool {
	d := fastDecoder{data: data}
	d.space()
	if !d.object(1, func(key []byte, escaped bool) bool { return !escaped && d.field(r, key) }) {
		return false
	}
	d.space()
	return d.i == len(d.data)
}

// field reads the value of the member named key: into r's field of that
// exact name, or, for a name no field has in any case, nowhere (the value
// is only validated). A name that matches a field only in another case
// fails: json.Unmarshal would fill that field.
func (d *fastDecoder) field(r *record, key []byte) bool {
	s, raw := r.field(key)
	switch {
	case s != nil:
		return d.stringField(s)
	case raw != nil:
		start := d.i
		if !d.value(1) {
			return false
		}
		*raw = append((*raw)[:0], d.data[start:d.i]...) // as json.RawMessage copies
		return true
	case foldsToField(key):
		return false
	}
	return d.value(1)
}

// stringField reads a string into s; null leaves s as it is.
func (d *fastDecoder) stringField(s *string) bool {
	if d.i < len(d.data) && d.data[d.i] == 'n' {
		return d.literal("null")
	}
	if d.i >= len(d.data) || d.data[d.i] != '"' {
		return false
	}
	start := d.i + 1
	end, escaped, ok := d.scanString()
	switch {
	case !ok:
		return false
	case !escaped:
		*s = string(d.data[start:end])
		return true
	}
	*s, ok = unescape(d.data[start:end])
	return ok
}

// field returns the field whose JSON name is exactly key: a string field,
// a raw one, or neither.
func (r *record) field(key []byte) (*string, *json.RawMessage) {
	switch string(key) {
	case "id":
		return nil, &r.ID
	case "guid":
		return nil, &r.GUID
	case "text":
		return &r.Text, nil
	case "body":
		return &r.Body, nil
	case "content":
		return &r.Content, nil
	case "description":
		return &r.Description, nil
	case "summary":
		return &r.Summary, nil
	case "title":
		return &r.Title, nil
	case "headline":
		return &r.Headline, nil
	case "date":
		return nil, &r.Date
	case "publish_date":
		return nil, &r.PublishDate
	case "published":
		return nil, &r.Published
	case "date_published":
		return nil, &r.DatePublished
	case "pubDate":
		return nil, &r.PubDate
	case "publishedAt":
		return nil, &r.PublishedAt
	case "url":
		return &r.URL, nil
	case "link":
		return &r.Link, nil
	case "source":
		return nil, &r.Source
	case "publisher":
		return nil, &r.Publisher
	case "outlet":
		return nil, &r.Outlet
	case "site":
		return nil, &r.Site
	}
	return nil, nil
}

// foldsToField reports whether json.Unmarshal might match key to a field
// without case: it is a field's name in another case, or holds non-ASCII
// bytes (Unicode folding takes "ſ" to "s" and the Kelvin sign to "k").
func foldsToField(key []byte) bool {
	var lower [16]byte // longer than any field name
	for _, c := range key {
		if c >= utf8.RuneSelf {
			return true
		}
	}
	if len(key) > len(lower) {
		return false
	}
	for i, c := range key {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		lower[i] = c
	}
	switch string(lower[:len(key)]) {
	case "id", "guid", "text", "body", "content", "description", "summary", "title", "headline",
		"date", "publish_date", "published", "date_published", "pubdate", "publishedat",
		"url", "link", "source", "publisher", "outlet", "site":
		return true
	}
	return false
}
