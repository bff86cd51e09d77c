package index

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"unicode/utf8"
)

// Catalog entries are stored as the JSON json.Marshal writes, and Open reads
// every one of them: with encoding/json that was a third of opening an
// index. decodeEntry reads the JSON json.Marshal writes directly (no
// whitespace, known keys, strings without escapes, plain integers) and hands
// anything else to encoding/json, so that every input decodes to what
// json.Unmarshal gives, errors included, but for keys, read as written and
// each once. encodeEntry appends a checksum field, "sum", which an earlier
// release's json.Unmarshal ignores.

// errEntrySum is decodeEntry's error for an entry that does not match its
// checksum: a byte changed on disk (a date, an ID).
var errEntrySum = errors.New("catalog entry does not match its checksum")

// entrySumSuffix is the form of the checksum field encodeEntry ends an
// entry with; its 8 hex digits start at entrySumDigits. Its key is three
// letters, so that no byte of it changed makes the key of another field
// (a one-letter "c" read as "t" made the checksum a title).
const (
	entrySumSuffix = `,"sum":"00000000"}`
	entrySumDigits = len(`,"sum":"`)
)

// decodeEntry decodes a stored catalog entry and checks its checksum when
// it has one (encodeEntry; an entry of an earlier release has none and is
// taken as it is). Keys are read as written, each once: encoding/json
// matches them in any case and takes the last of two, so that a byte
// changed in a key ("s" read as "t") is not read as another field.
func decodeEntry(v []byte) (entry, error) {
	if hasEntrySum(v) {
		n := len(v) - len(entrySumSuffix)
		body := append(v[:n:n], '}')
		if fmt.Sprintf("%08x", crc32.Checksum(body, castagnoli)) != string(v[n+entrySumDigits:len(v)-2]) {
			return entry{}, errEntrySum
		}
		v = body
	}
	if e, ok := scanEntry(v); ok {
		return e, nil
	}
	if err := entryKeys(v); err != nil {
		return entry{}, err
	}
	var e entry
	err := json.Unmarshal(v, &e)
	return e, err
}

// hasEntrySum reports whether stored entry v ends with a checksum field.
func hasEntrySum(v []byte) bool {
	n := len(v) - len(entrySumSuffix)
	return n > 0 && bytes.Equal(v[n:n+entrySumDigits], []byte(entrySumSuffix[:entrySumDigits])) &&
		v[len(v)-2] == '"' && v[len(v)-1] == '}'
}

// entryKeys checks that the keys of the JSON object v are those entry's
// fields are written under, each once (a checksum only where encodeEntry
// puts it); v that is no JSON object is left to json.Unmarshal's error.
func entryKeys(v []byte) error {
	d := json.NewDecoder(bytes.NewReader(v))
	if t, err := d.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	seen := map[string]bool{}
	for d.More() {
		t, err := d.Token()
		if err != nil {
			return nil
		}
		k, _ := t.(string)
		switch k {
		case "id", "t", "s", "u", "p", "w", "tw", "l":
		case "sum":
			return errEntrySum
		default:
			return fmt.Errorf("catalog entry has a key %q that no entry is written with", k)
		}
		if seen[k] {
			return fmt.Errorf("catalog entry has key %q twice", k)
		}
		seen[k] = true
		var skip json.RawMessage
		if err := d.Decode(&skip); err != nil {
			return nil
		}
	}
	return nil
}

// scanEntry decodes v when it is in the plain form json.Marshal writes;
// ok is false for anything else (which may still be valid JSON).
func scanEntry(v []byte) (e entry, ok bool) {
	s := scanner{b: v}
	if !s.byte('{') {
		return e, false
	}
	var seen uint16 // the keys read, one bit each: a key twice is no plain form
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
		bit := uint16(1) << entryFields[string(key)]
		if seen&bit != 0 {
			return e, false
		}
		seen |= bit
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

// entryFields numbers the keys of an entry from 1, for scanEntry's bits
// of the keys read (an unknown key is 0, and is refused anyway).
var entryFields = map[string]uint{"id": 1, "t": 2, "s": 3, "u": 4, "p": 5, "w": 6, "tw": 7, "l": 8}

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
