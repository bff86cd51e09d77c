package corpus

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// sniffLen is how many leading bytes are checked for NUL bytes to tell
// binary files from text.
const sniffLen = 8 << 10

// isBinary reports whether b (the start of a file) holds a NUL byte, which
// no text or JSON file does.
func isBinary(b []byte) bool {
	return bytes.IndexByte(b, 0) >= 0
}

// readProblem classifies an error that ended reading a file at line (0 for
// the whole file): a gzip stream that ends early is truncated, a bad gzip
// header or checksum is corrupt, anything else is unreadable.
func readProblem(path string, line int, err error) Problem {
	var corrupt flate.CorruptInputError
	reason := ReasonUnreadable
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		reason = ReasonTruncatedGzip
	case errors.Is(err, gzip.ErrHeader), errors.Is(err, gzip.ErrChecksum), errors.As(err, &corrupt):
		reason = ReasonCorruptGzip
	}
	detail := err.Error()
	if line > 1 {
		detail = fmt.Sprintf("%v at line %d; the rest of the file is lost", err, line)
	}
	return Problem{Path: path, Line: line, Reason: reason, Detail: detail, Skipped: true, Unfinished: true}
}

// openGzip wraps r in a gzip reader. An empty file gives io.EOF.
func openGzip(r io.Reader) (*gzip.Reader, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, err
	}
	zr.Multistream(true)
	return zr, nil
}

// firstInvalid returns the 1-based line of the first invalid UTF-8 sequence
// in b.
func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return bytes.Count(b[:i], []byte{'\n'}) + 1
		}
		i += n
	}
	return 0
}

// repairUTF8 keeps valid UTF-8 sequences and decodes every other byte as
// Windows-1252 (Latin-1 with printable characters in 0x80-0x9F), the usual
// history of text that is not UTF-8.
func repairUTF8(b []byte) []byte {
	out := make([]byte, 0, len(b)+len(b)/8)
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			r = cp1252(b[i])
		}
		out = utf8.AppendRune(out, r)
		i += n
	}
	return out
}

// cp1252High maps bytes 0x80-0x9F of Windows-1252 to runes; 0 marks the
// five unassigned bytes, which map to the Latin-1 control character.
var cp1252High = [32]rune{
	'€', 0, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0, 'Ž', 0,
	0, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0, 'ž', 'Ÿ',
}

func cp1252(c byte) rune {
	if c >= 0x80 && c < 0xa0 && cp1252High[c-0x80] != 0 {
		return cp1252High[c-0x80]
	}
	return rune(c)
}
