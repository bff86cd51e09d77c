// Package jsonmsg says in words why a line of JSON was not read: a user
// who wrote `nope` or left a comma out reads "not valid JSON: a word
// without double quotes, at column 1 near `nope`", not the parser's
// "invalid character 'o' in literal null (expecting 'u')" (helper 133).
// The text shown is a short excerpt with every control character and
// byte that is not UTF-8 escaped, so that a binary line never reaches a
// terminal as it is.
package jsonmsg

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/chronicle-bot/chronicle"
)

// Describe says why data, one line or value of JSON, gave err when it was
// decoded (by json.Unmarshal, or a json.Decoder reading data alone): what
// is wrong, at which column, and the text there. An error that is neither
// a syntax nor a type error is given as it is, escaped.
func Describe(data []byte, err error) string {
	return DescribeAt(data, err, 0)
}

// Wrap is Describe as an error that wraps err (errors.As still finds the
// json.SyntaxError), or nil for a nil err.
func Wrap(data []byte, err error) error {
	if err == nil {
		return nil
	}
	return &described{msg: Describe(data, err), err: err}
}

// described is the error Wrap returns.
type described struct {
	msg string
	err error
}

func (d *described) Error() string { return d.msg }
func (d *described) Unwrap() error { return d.err }

// DescribeAt is Describe for a value whose first line is line firstLine
// of its file: a fault on a later line of the value names that line.
func DescribeAt(data []byte, err error, firstLine int) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &te):
		return typeMessage(te)
	case errors.As(err, &se) && se.Error() == "unexpected end of JSON input",
		errors.Is(err, io.ErrUnexpectedEOF):
		return `not valid JSON: it ends before its JSON does (a closing "}", "]" or quote is missing), near ` + Excerpt(data, len(data))
	case errors.As(err, &se):
		what, at := syntaxWhat(data, se)
		return "not valid JSON: " + what + ", " + where(data, at, firstLine) + " near " + Excerpt(data, at)
	case err == nil:
		return ""
	}
	return "not valid JSON: " + Escape(err.Error())
}

// NotUTF8Text is why a line of questions in UTF-16 or UTF-32 (or binary)
// is not read, in the words bot ask --batch and bot eval both give
// (NotUTF8, WideStart); the corpus loader names UTF-32 too.
const NotUTF8Text = "not valid JSON: the input is UTF-16, UTF-32 or binary, not UTF-8 text; save the questions as UTF-8"

// NotUTF8 returns NotUTF8Text when line, which JSON could not read, starts
// with a UTF-16 byte order mark or holds a NUL byte (as each line of
// UTF-16 text after the first does, and binary does); "" for any other
// line, whose fault Describe says.
func NotUTF8(line []byte) string {
	if Mark(line) != "" || bytes.IndexByte(line, 0) >= 0 {
		return NotUTF8Text
	}
	return ""
}

// WideStart returns NotUTF8Text when head, the first line of a question
// file, starts with a UTF-16 or UTF-32 byte order mark (FF FE, FE FF,
// 00 00 FE FF; FF FE 00 00 starts as FF FE): bot eval and bot ask --batch
// refuse such a file once, as a whole, where each of its lines was refused
// and the lone NUL after the last newline of little-endian text was one
// more (N+1 errors for N questions). It is "" for any other head.
func WideStart(head []byte) string {
	if Mark(head) != "" {
		return NotUTF8Text
	}
	return ""
}

// Mark returns the encoding a byte order mark at the start of head names,
// "UTF-32" or "UTF-16", or "" when it starts with neither. UTF-32's
// little-endian mark, FF FE 00 00, starts as UTF-16's does, and is read
// first. The corpus loader names a file's encoding by it too.
func Mark(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte{0xff, 0xfe, 0, 0}), bytes.HasPrefix(head, []byte{0, 0, 0xfe, 0xff}):
		return "UTF-32"
	case bytes.HasPrefix(head, []byte{0xff, 0xfe}), bytes.HasPrefix(head, []byte{0xfe, 0xff}):
		return "UTF-16"
	}
	return ""
}

// syntaxWhat says what a syntax error is, and the offset of the byte it
// concerns.
func syntaxWhat(data []byte, se *json.SyntaxError) (string, int) {
	at := min(max(int(se.Offset)-1, 0), len(data))
	msg := se.Error()
	var c byte
	if at < len(data) {
		c = data[at]
	}
	// The message names the character as 'x' or '\x01'; the rest of it
	// says what the parser was looking for.
	_, rest, _ := strings.Cut(strings.TrimPrefix(msg, "invalid character "), "' ")
	switch {
	case !strings.HasPrefix(msg, "invalid character "):
		return Escape(msg), at
	case c == '\'':
		return "single quotes, where JSON takes double quotes", at
	case strings.HasPrefix(rest, "in literal "):
		// "nope", "tru": a word that is not true, false or null.
		for at > 0 && isWordByte(data[at-1]) {
			at--
		}
		return wordWithoutQuotes, at
	case rest == "looking for beginning of value":
		switch {
		case c == ',' || c == '}' || c == ']':
			return "a value missing", at
		case isWordByte(c) || startsLetter(data[at:]):
			return wordWithoutQuotes, at
		}
		return "no JSON value where one belongs", at
	case rest == "looking for beginning of object key string":
		if c == '}' {
			return `a "," before "}" with no key after it`, at
		}
		return "a key without double quotes", at
	case rest == "after object key":
		return `":" missing after a key`, at
	case rest == "after object key:value pair":
		return `"," missing between two members of an object (or "}" missing at its end)`, at
	case rest == "after array element":
		return `"," missing between two items of a list (or "]" missing at its end)`, at
	case rest == "after top-level value":
		return "more text after the end of the JSON value (one JSON object per line)", at
	case rest == "in string literal":
		return fmt.Sprintf(`a control character (%s) inside a string (write a tab as \t, a line break as \n, others as \u00XX)`, Escape(string(data[at:min(at+1, len(data))]))), at
	case rest == "in string escape code":
		return fmt.Sprintf(`an unknown escape \%s in a string (a backslash itself is written \\)`, Escape(string(data[at:min(at+1, len(data))]))), at
	case strings.HasPrefix(rest, `in \u hexadecimal`):
		return `a \u escape without four hexadecimal digits in a string`, at
	case strings.Contains(rest, "numeric literal"):
		return "a malformed number", at
	}
	return Escape(msg), at
}

// wordWithoutQuotes is what a line that starts with a word, or has one
// for a value, is told.
const wordWithoutQuotes = `a word without double quotes (text goes in "double quotes")`

// startsLetter reports whether b starts with a letter.
func startsLetter(b []byte) bool {
	r, _ := utf8.DecodeRune(b)
	return unicode.IsLetter(r)
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// where says "at column C" (counted in characters), or "on line L, column
// C" for a fault past the first line of data.
func where(data []byte, at, firstLine int) string {
	start := 0
	line := 0
	for i := 0; i < at; i++ {
		if data[i] == '\n' {
			line, start = line+1, i+1
		}
	}
	col := utf8.RuneCount(data[start:at]) + 1
	switch {
	case line == 0:
		return fmt.Sprintf("at column %d", col)
	case firstLine > 0:
		return fmt.Sprintf("on line %d, column %d", firstLine+line, col)
	}
	return fmt.Sprintf("on its line %d, column %d", line+1, col)
}

// typeMessage says which key holds what kind of value where another
// belongs.
func typeMessage(te *json.UnmarshalTypeError) string {
	value := Value(te.Value)
	if te.Field == "" {
		kind, _, _ := strings.Cut(te.Value, " ")
		if kind == "bool" {
			return "it is true or false, not an object"
		}
		return fmt.Sprintf("it is a JSON %s, not an object", Escape(kind))
	}
	return fmt.Sprintf("\"%s\" holds %s where %s belongs", Escape(trim(te.Field, 60)), value, kindOf(te.Type))
}

// kindOf names what a Go type takes in JSON.
func kindOf(t reflect.Type) string {
	if t == nil {
		return "another value"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.String {
			return "a list of strings"
		}
		return "a list"
	case reflect.Map, reflect.Struct:
		return "an object"
	}
	return "another value"
}

// Value names a JSON value as encoding/json's UnmarshalTypeError gives it
// ("bool", "array", "number -5") in the words of every message about a
// value of the wrong kind, the corpus loader's too: "true or false", "an
// array", "the number -5".
func Value(kind string) string {
	if n, ok := strings.CutPrefix(kind, "number "); ok {
		return "the number " + Escape(trim(n, 30))
	}
	switch kind {
	case "bool":
		return "true or false"
	case "array", "object":
		return "an " + kind
	}
	return "a " + kind
}

// excerptRunes is how many characters Excerpt shows either side.
const excerptRunes = 20

// Excerpt returns the text of data around offset at, in backquotes: at
// most 20 characters before and after it, on its line only, "…" where it
// is cut, every control character and byte that is not UTF-8 escaped (\t,
// \x01, \x9b, \u202e).
func Excerpt(data []byte, at int) string {
	at = min(max(at, 0), len(data))
	start := at
	for n := 0; start > 0 && n < excerptRunes; n++ {
		_, size := utf8.DecodeLastRune(data[:start])
		if data[start-size] == '\n' {
			break
		}
		start -= size
	}
	end := at
	for n := 0; end < len(data) && n < excerptRunes; n++ {
		if data[end] == '\n' || data[end] == '\r' && end+1 < len(data) && data[end+1] == '\n' {
			break
		}
		_, size := utf8.DecodeRune(data[end:])
		end += size
	}
	var b strings.Builder
	b.WriteByte('`')
	if start > 0 && data[start-1] != '\n' {
		b.WriteString("…")
	}
	b.WriteString(Escape(string(data[start:end])))
	if end < len(data) && data[end] != '\n' && data[end] != '\r' {
		b.WriteString("…")
	}
	b.WriteByte('`')
	return b.String()
}

// Escape returns s with every byte that is not UTF-8 written as \xNN and
// every chronicle.Unprintable character as its Go escape (\x1b, \n,
// \u202e): text from a file, safe to print on one line of a terminal.
func Escape(s string) string {
	if utf8.ValidString(s) && !strings.ContainsFunc(s, chronicle.Unprintable) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case chronicle.Unprintable(r):
			q := strconv.QuoteRuneToASCII(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// trim cuts s to at most n bytes, at a character boundary, with "…".
func trim(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:chronicle.RuneCut(s, n)] + "…"
}

// Blank reports whether a line of JSON Lines holds nothing to read: white
// space alone, with the NUL bytes UTF-16 text leaves between its
// characters, never two together. The NUL after the last newline of
// UTF-16 LE text saved without a byte order mark is such a line; it was
// refused as one more question (3 refusals for 2 questions). A run of NUL
// bytes is not: a block a crash left zeroed, where questions were, is
// refused as binary (NotUTF8), not passed over without a word.
func Blank(line []byte) bool {
	return !bytes.Contains(line, []byte{0, 0}) &&
		len(bytes.TrimFunc(line, func(r rune) bool { return r == 0 || unicode.IsSpace(r) })) == 0
}
