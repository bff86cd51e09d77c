package index

import (
	"encoding/base64"
	"encoding/json"
	"unicode/utf8"
)

// Catalog entries are stored as the JSON json.Marshal writes, and Open reads
// every one of them: with encoding/json that was a third of opening an
// index. decodeEntry reads the JSON json.Marshal writes directly (no
// whitespace, known keys, strings without escapes, plain integers) and hands
// anything else to encoding/json, so that every input decodes to what
// json.Unmarshal gives, errors included. The stored format is unchanged.

// decodeEntry decodes a stored catalog entry.
func decodeEntry(v []byte) (entry, error) {
	if e, ok := scanEntry(v); ok {
		return e, nil
	}
	var e entry
	err := json.Unmarshal(v, &e)
	return e, err
}

// scanEntry decodes v when it is in the plain form json.Marshal writes;
// ok is false for anything else (which may still be valid JSON).
func scanEntry(v []byte) (e entry, ok bool) {
	s := scanner{b: v}
	if !s.byte('{') {
		return e, false
	}
	for first := true; ; first = false {
		if s.byte('}') {
			return e, !first && s.i == len(s.b)
		}
		if !first && !s.byte(',') {
			return e, false
		}
		key, ok := s.str()
		if !ok || !s.byte(':') {
			return e, false
		}
		switch string(key) {
		case "id":
			e.ID, ok = s.text()
		case "t":
			e.Title, ok = s.text()
		case "s":
			e.Source, ok = s.text()
		case "u":
			e.URL, ok = s.text()
		case "p":
			ok = s.time(&e)
		case "w":
			e.Words, ok = s.int()
		case "tw":
			e.TitleWords, ok = s.int()
		case "l":
			e.Lines, ok = s.bytes()
		default:
			return e, false
		}
		if !ok {
			return e, false
		}
	}
}

// scanner reads the plain JSON of scanEntry from b at i.
type scanner struct {
	b []byte
	i int
}

func (s *scanner) byte(c byte) bool {
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

// str returns the bytes of a string without escapes or control characters,
// whose bytes are valid UTF-8: what encoding/json returns for it unchanged.
func (s *scanner) str() ([]byte, bool) {
	if !s.byte('"') {
		return nil, false
	}
	start, ascii := s.i, true
	for ; s.i < len(s.b); s.i++ {
		switch c := s.b[s.i]; {
		case c == '"':
			v := s.b[start:s.i]
			s.i++
			return v, ascii || utf8.Valid(v)
		case c == '\\' || c < 0x20:
			return nil, false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return nil, false
}

func (s *scanner) text() (string, bool) {
	v, ok := s.str()
	return string(v), ok
}

// time decodes a date as encoding/json does, through time.Time's
// UnmarshalJSON of the quoted value.
func (s *scanner) time(e *entry) bool {
	start := s.i
	if _, ok := s.str(); !ok {
		return false
	}
	return e.Published.UnmarshalJSON(s.b[start:s.i]) == nil
}

// int reads a non-negative integer of at most 9 digits without a leading
// zero, which fits an int of any size.
func (s *scanner) int() (int, bool) {
	n, start := 0, s.i
	for ; s.i < len(s.b) && s.b[s.i] >= '0' && s.b[s.i] <= '9'; s.i++ {
		n = n*10 + int(s.b[s.i]-'0')
	}
	digits := s.i - start
	if digits == 0 || digits > 9 || (digits > 1 && s.b[start] == '0') {
		return 0, false
	}
	return n, true
}

// bytes decodes a base64 string as encoding/json decodes a []byte.
func (s *scanner) bytes() ([]byte, bool) {
	v, ok := s.str()
	if !ok {
		return nil, false
	}
	b := make([]byte, base64.StdEncoding.DecodedLen(len(v)))
	n, err := base64.StdEncoding.Decode(b, v)
	if err != nil {
		return nil, false
	}
	return b[:n], true
}
