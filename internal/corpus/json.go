package corpus

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// loadJSON streams a .json file: one object, an array of objects, or a
// sequence of objects. Each value is cut out by a small scanner (strings
// and bracket depth only) and decoded on its own, so a bad record is
// skipped without losing the rest, a value longer than MaxArticleBytes
// streams past without being held, and reading stops at MaxFileBytes. A
// break in the structure between values ends the file; the records before
// it are kept.
func (l *fileLoader) loadJSON(ctx context.Context, file io.Reader, gz bool) error {
	var r io.Reader = file
	if gz {
		zr, err := openGzip(file, 64<<10)
		if err != nil {
			l.openProblem(err)
			return nil
		}
		r = zr
	}
	s := &jsonScanner{br: bufio.NewReaderSize(&capReader{r: r, n: l.o.lim.MaxFileBytes}, 64<<10), line: 1, limit: l.o.lim.MaxArticleBytes}
	head, err := s.br.Peek(sniffLen)
	if len(head) == 0 {
		l.openProblem(err)
		return nil
	}
	if why := binaryDetail(head, false); why != "" {
		l.unfinished(0, ReasonBinaryFile, why)
		return nil
	}
	if _, err := s.br.Discard(len(bom(head))); err != nil {
		return nil
	}
	return l.jsonFrom(ctx, s)
}

// jsonFrom reads the values of a JSON file from s, at its first byte past
// any byte order mark.
func (l *fileLoader) jsonFrom(ctx context.Context, s *jsonScanner) error {
	c, ok := s.skipSpace()
	switch {
	case !ok && s.err == nil:
		l.unfinished(0, ReasonEmptyFile, "")
		return nil
	case !ok:
		l.readEnd(s)
		return nil
	case c != '[' && c != '{':
		l.unfinished(s.line, ReasonMalformedJSON, "not a JSON object or array of objects")
		return nil
	}
	if err := l.jsonValues(ctx, s, c); err != nil {
		return err
	}
	return nil
}

// bom returns the UTF-8 byte order mark b starts with, if any.
func bom(b []byte) []byte {
	if len(b) >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf {
		return b[:3]
	}
	return nil
}

// jsonValues reads the values of a file whose first non-space byte is c.
// The first record waits for the second: a file of one object gives an ID
// without a line number.
func (l *fileLoader) jsonValues(ctx context.Context, s *jsonScanner, c byte) error {
	array := c == '['
	var first *jsonValue
	count := 0
	lastLine, nth := -1, 0
	emit := func(v jsonValue, line int) {
		if line != lastLine {
			lastLine, nth = line, 0
		}
		nth++
		o := l.o
		o.line, o.nth = line, nth
		l.add(o.parseValue(v))
	}
	ok := true
	closed := false // the array's "]" was read
	if array {
		c, ok = s.skipSpace()
		if ok && c == ']' {
			l.afterArray(s)
			return nil
		}
	}
	for ok {
		if err := ctx.Err(); err != nil {
			return err
		}
		v, complete := s.value(c)
		if !complete {
			break
		}
		count++
		if count == 1 {
			first = &v
		} else {
			if first != nil {
				emit(*first, first.line)
				first = nil
			}
			emit(v, v.line)
		}
		if l.full() {
			break
		}
		if c, ok = s.skipSpace(); !ok || !array {
			continue
		}
		if c == ']' {
			closed = true
			break
		}
		if c != ',' {
			l.unfinished(s.line, ReasonMalformedJSON, fmt.Sprintf("%q after a value where \",\" or \"]\" belongs; the rest of the file is skipped", c))
			break
		}
		c, ok = s.skipSpace()
	}
	if first != nil {
		line := first.line
		if !array && count == 1 {
			line = 0
		}
		emit(*first, line)
	}
	if closed && !l.full() {
		l.afterArray(s)
	}
	if array && !ok && !closed && s.err == nil && !l.full() {
		// Cut after a whole value, the array was read without a word
		// (nu43): what followed is lost, as for a file cut inside one.
		l.unfinished(s.line, ReasonMalformedJSON, "the file ends before the JSON array's closing \"]\"; it may have been cut short")
	}
	if !l.full() {
		l.readEnd(s)
	}
	return nil
}

// afterArray reports what follows a file's JSON array: it is not read
// (JSON Lines after it, a second array), and was lost without a word
// (review rev40). The file counts as not read to its end, so that what the
// index holds from it stays.
func (l *fileLoader) afterArray(s *jsonScanner) {
	if c, ok := s.skipSpace(); ok {
		l.unfinished(s.line, ReasonMalformedJSON, fmt.Sprintf("%q after the JSON array that the file holds; the rest of the file is not read", c))
	}
}

// readEnd reports the read error, if any, that ended the file.
func (l *fileLoader) readEnd(s *jsonScanner) {
	switch {
	case errors.Is(s.err, errFileTooLarge):
		l.probs = append(l.probs, tooLargeProblem(l.o.f.Path, s.line, l.o.lim.MaxFileBytes))
	case s.err != nil:
		l.probs = append(l.probs, readProblem(l.o.f.Path, s.line, s.err))
	case s.open:
		l.unfinished(s.line, ReasonMalformedJSON, "the file ends inside a value; that value is skipped")
	}
}

// parseValue decodes one JSON value of a .json file, repairing text that
// is not valid UTF-8.
func (o origin) parseValue(v jsonValue) result {
	if v.over > 0 {
		return skipped(o, ReasonRecordTooLarge, fmt.Sprintf("value of %d bytes, over the %s limit; not read",
			v.over, sizeString(int64(o.lim.MaxArticleBytes))))
	}
	return o.parseRepaired(v.raw)
}

// parseRepaired decodes one record's JSON, first repairing text that is not
// valid UTF-8 (read as Latin-1, with a warning on the record).
func (o origin) parseRepaired(raw []byte) result {
	var warn *Problem
	if !utf8.Valid(raw) {
		raw = repairUTF8(raw)
		warn = &Problem{Path: o.f.Path, Line: o.line, Reason: ReasonInvalidUTF8, Detail: "decoded as Latin-1 (Windows-1252)"}
	}
	r := parseRecord(raw, o)
	if warn != nil && r.skip == nil {
		r.warns = append(r.warns, *warn)
	}
	return r
}

// jsonValue is one top-level value cut out of a .json file.
type jsonValue struct {
	raw  []byte
	line int   // line of its first byte
	over int64 // for a value over the limit (raw is nil), its length so far
}

// jsonScanner cuts the top-level values out of a JSON stream. It follows
// strings and bracket depth only; json.Unmarshal checks each value.
type jsonScanner struct {
	br    *bufio.Reader
	line  int   // current 1-based line
	limit int   // longest value kept, in bytes
	err   error // the read error that ended the stream, other than io.EOF
	open  bool  // the stream ended inside a value
}

func (s *jsonScanner) readByte() (byte, bool) {
	c, err := s.br.ReadByte()
	if err != nil {
		if err != io.EOF {
			s.err = err
		}
		return 0, false
	}
	if c == '\n' {
		s.line++
	}
	return c, true
}

// skipSpace returns the next byte that is not white space.
func (s *jsonScanner) skipSpace() (byte, bool) {
	for {
		c, ok := s.readByte()
		if !ok || (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
			return c, ok
		}
	}
}

// value reads the value starting with c (already read). complete is false
// when the stream ends inside it.
func (s *jsonScanner) value(c byte) (v jsonValue, complete bool) {
	v = jsonValue{line: s.line, raw: make([]byte, 0, 512)}
	keep := func(c byte) {
		switch {
		case v.over > 0:
			v.over++
		case len(v.raw) >= s.limit:
			v.over, v.raw = int64(len(v.raw))+1, nil
		default:
			v.raw = append(v.raw, c)
		}
	}
	keep(c)
	depth, inString, escaped := 0, c == '"', false
	switch c {
	case '{', '[':
		depth = 1
	case '"':
	default:
		return v, s.scalar(keep)
	}
	for depth > 0 || inString {
		c, ok := s.readByte()
		if !ok {
			s.open = s.err == nil
			return v, false
		}
		keep(c)
		switch {
		case escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case c == '"':
			inString = !inString
		case inString:
		case c == '{' || c == '[':
			depth++
		case c == '}' || c == ']':
			depth--
		}
	}
	return v, true
}

// scalar reads the rest of a number, true, false or null (or garbage,
// which json.Unmarshal then rejects): up to white space or a delimiter.
func (s *jsonScanner) scalar(keep func(byte)) bool {
	for {
		c, err := s.br.ReadByte()
		if err != nil {
			if err != io.EOF {
				s.err = err
				return false
			}
			return true
		}
		switch c {
		case ',', ']', '}', ' ', '\t', '\n', '\r':
			_ = s.br.UnreadByte()
			return true
		}
		keep(c)
	}
}
