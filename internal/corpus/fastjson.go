package corpus

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// maxFastDepth is how deeply values may nest on the fast path; deeper ones
// go to json.Unmarshal (whose limit is 10,000).
const maxFastDepth = 1000

// fastDecoder reads JSON from data at i, a value at a time, for
// decodeRecordFast. It accepts what encoding/json's scanner accepts, except
// invalid UTF-8 in a string and nesting deeper than maxFastDepth (its
// caller then leaves the record to json.Unmarshal), and it decodes strings
// as json.Unmarshal does, except surrogate escapes (which it refuses).
type fastDecoder struct {
	data []byte
	i    int
}

// space skips JSON white space.
func (d *fastDecoder) space() {
	for d.i < len(d.data) {
		switch d.data[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// next reports whether the byte at i is c, and if so skips it.
func (d *fastDecoder) next(c byte) bool {
	if d.i < len(d.data) && d.data[d.i] == c {
		d.i++
		return true
	}
	return false
}

// value validates and skips one JSON value at depth (1 for a member of the
// record).
func (d *fastDecoder) value(depth int) bool {
	if d.i >= len(d.data) {
		return false
	}
	switch c := d.data[d.i]; {
	case c == '"':
		_, _, ok := d.scanString()
		return ok
	case c == '{':
		return d.object(depth+1, func([]byte, bool) bool { return d.value(depth + 1) })
	case c == '[':
		return d.array(depth + 1)
	case c == 't':
		return d.literal("true")
	case c == 'f':
		return d.literal("false")
	case c == 'n':
		return d.literal("null")
	case c == '-' || '0' <= c && c <= '9':
		return d.number()
	}
	return false
}

// object reads an object at depth, calling member with each key (without
// its quotes) and whether it holds escapes; member reads the value.
func (d *fastDecoder) object(depth int, member func(key []byte, escaped bool) bool) bool {
	if depth > maxFastDepth || !d.next('{') {
		return false
	}
	d.space()
	if d.next('}') {
		return true
	}
	for {
		if d.i >= len(d.data) || d.data[d.i] != '"' {
			return false
		}
		start := d.i + 1
		end, escaped, ok := d.scanString()
		if !ok {
			return false
		}
		d.space()
		if !d.next(':') {
			return false
		}
		d.space()
		if !member(d.data[start:end], escaped) {
			return false
		}
		d.space()
		if d.next('}') {
			return true
		}
		if !d.next(',') {
			return false
		}
		d.space()
	}
}

// array validates and skips an array at depth.
func (d *fastDecoder) array(depth int) bool {
	if depth > maxFastDepth || !d.next('[') {
		return false
	}
	d.space()
	if d.next(']') {
		return true
	}
	for {
		if !d.value(depth) {
			return false
		}
		d.space()
		if d.next(']') {
			return true
		}
		if !d.next(',') {
			return false
		}
		d.space()
	}
}

// literal reads the literal word (true, false or null).
func (d *fastDecoder) literal(word string) bool {
	if !bytes.HasPrefix(d.data[d.i:], []byte(word)) {
		return false
	}
	d.i += len(word)
	return true
}

// number reads a number as JSON's grammar has it:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?.
func (d *fastDecoder) number() bool {
	d.next('-')
	switch {
	case d.next('0'):
	case d.i < len(d.data) && '1' <= d.data[d.i] && d.data[d.i] <= '9':
		d.digits()
	default:
		return false
	}
	if d.next('.') && !d.digits() {
		return false
	}
	if d.next('e') || d.next('E') {
		if !d.next('+') {
			d.next('-')
		}
		return d.digits()
	}
	return true
}

// digits skips decimal digits, reporting whether there was one.
func (d *fastDecoder) digits() bool {
	start := d.i
	for d.i < len(d.data) && '0' <= d.data[d.i] && d.data[d.i] <= '9' {
		d.i++
	}
	return d.i > start
}

// scanString skips the string at i, returning the index of its closing
// quote and whether it holds escapes. It fails on a bad escape, a control
// byte or invalid UTF-8.
func (d *fastDecoder) scanString() (end int, escaped, ok bool) {
	data := d.data
	i := d.i + 1
	for i < len(data) {
		i = plainASCII(data, i)
		if i >= len(data) {
			break
		}
		c := data[i]
		switch {
		case c == '"':
			d.i = i + 1
			return i, escaped, true
		case c == '\\':
			n := escapeLen(data[i:])
			if n == 0 {
				return 0, false, false
			}
			escaped = true
			i += n
		case c < ' ':
			return 0, false, false
		case c < utf8.RuneSelf:
			i++
		default:
			r, n := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && n == 1 {
				return 0, false, false
			}
			i += n
		}
	}
	return 0, false, false
}

// plainASCII skips, from i, the plain ASCII bytes of a string: it returns
// the index of the first quote, backslash, control or non-ASCII byte, or
// where fewer than 8 bytes are left. It tests 8 bytes at a time (the text
// fields, most of a record, are long runs of plain bytes): a byte's high
// bit is set in special when the byte is below 0x20 (the subtraction
// borrows), a quote or a backslash (a zero byte after the XOR, found by
// the classic has-zero-byte test) or non-ASCII. A borrow can only set high
// bits above a special byte, so the lowest one set is the first.
func plainASCII(b []byte, i int) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		q, bs := x^(ones*'"'), x^(ones*'\\')
		special := ((x - ones*' ') | ((q - ones) &^ q) | ((bs - ones) &^ bs) | x) & highs
		if special != 0 {
			return i + bits.TrailingZeros64(special)/8
		}
	}
	return i
}

// escapeLen returns the length of the escape b starts with, or 0 if it is
// not one JSON has.
func escapeLen(b []byte) int {
	if len(b) < 2 {
		return 0
	}
	switch b[1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 2
	case 'u':
		if _, ok := hex4(b[2:]); ok {
			return 6
		}
	}
	return 0
}

// hex4 reads the four hex digits of a \u escape.
func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// unescape decodes the escapes of a string's content that scanString
// checked. It fails on a surrogate escape, which json.Unmarshal pairs or
// replaces.
func unescape(b []byte) (string, bool) {
	var sb strings.Builder
	sb.Grow(len(b))
	for {
		i := bytes.IndexByte(b, '\\')
		if i < 0 {
			sb.Write(b)
			return sb.String(), true
		}
		sb.Write(b[:i])
		c := b[i+1]
		b = b[i+2:]
		switch c {
		case 'b':
			sb.WriteByte('\b')
		case 'f':
			sb.WriteByte('\f')
		case 'n':
			sb.WriteByte('\n')
		case 'r':
			sb.WriteByte('\r')
		case 't':
			sb.WriteByte('\t')
		case 'u':
			r, _ := hex4(b)
			if utf16.IsSurrogate(r) {
				return "", false
			}
			sb.WriteRune(r)
			b = b[4:]
		default: // '"', '\\', '/'
			sb.WriteByte(c)
		}
	}
}
