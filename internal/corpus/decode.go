package corpus

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/chronicle-bot/chronicle/internal/jsonmsg"
)

// sniffLen is how many leading bytes are checked for NUL bytes to tell
// binary files from text.
const sniffLen = 8 << 10

// binaryDetail says why a file whose first bytes are head is not read as
// text, or "" when it is: UTF-32 or UTF-16 (a byte order mark, or a NUL byte in
// every other place), or NUL bytes. With strayNUL, a few NUL bytes (at
// most one byte in a hundred) are let through: a JSON Lines file with one
// in a record then loses only that line, which says where, instead of the
// whole file with no line (helper 83).
//
// Past the NUL bytes, the first sniffLen bytes of head are looked at for
// control characters and bytes that are not UTF-8 (oddBytes): a gzip of
// random bytes holds a NUL in 256 bytes only, and gave a "malformed JSON"
// problem per line, each showing binary text, thousands for a large file,
// and a .txt of them was indexed as an article of mojibake (helper 133).
func binaryDetail(head []byte, strayNUL bool) string {
	nul := bytes.Count(head, []byte{0})
	if isUTF32(head) {
		return "UTF-32 text, which is not read: save the file as UTF-8"
	}
	if isUTF16(head, nul) {
		return "UTF-16 text, which is not read: save the file as UTF-8"
	}
	switch {
	case nul == 0:
	case strayNUL && nul*100 <= len(head):
	case strayNUL && mostlyRecords(head, len(head) < sniffLen):
	default:
		return nulBytes
	}
	return oddBytes(head[:min(len(head), sniffLen)])
}

// oddBytes says why head looks binary, or "" when it looks like text: at
// least minControl control characters (other than NUL, which
// binaryDetail counts, and the tab, line and page breaks of text), one
// byte in a hundred or more, and with the bytes that are not UTF-8 one in
// ten or more. Random or compressed data has a control character in nine
// bytes and most of the rest not UTF-8; text in Latin-1 or another legacy
// encoding (read, with a warning) has no control characters, and a text
// file with a few (an escape sequence in a line) has them in a few lines.
func oddBytes(head []byte) string {
	control, invalid := 0, 0
	for i := 0; i < len(head); {
		c := head[i]
		if c < utf8.RuneSelf {
			if c != 0 && (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' || c == 0x7f) {
				control++
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(head[i:])
		if r == utf8.RuneError && n == 1 && (len(head)-i >= utf8.UTFMax || utf8.FullRune(head[i:])) {
			invalid++ // not a character cut at the end of head
		}
		i += n
	}
	if control < minControl || control*100 < len(head) || (control+invalid)*10 < len(head) {
		return ""
	}
	return fmt.Sprintf("not text: of its first %s, %d%% are control characters and %d%% bytes that are not UTF-8; it looks binary",
		sizeString(int64(len(head))), control*100/len(head), invalid*100/len(head))
}

// minControl is the fewest control characters that make a file's first
// bytes look binary: a short text with a stray one or two is read.
const minControl = 16

// nulBytes is binaryDetail's reason for a file of NUL bytes.
const nulBytes = "contains NUL bytes"

// mostlyRecords reports whether the lines of head that start like a JSON
// object and hold no NUL byte outnumber the lines that hold one: a JSON
// Lines file with a run of NUL bytes where a crash left a block zeroed then
// loses only those lines, each said with its number, instead of every
// record of the file (helper 107), while a binary file, whose lines hold NUL
// bytes and rarely start with "{", stays refused. whole says head is the
// whole file; else its last line is cut, and counts only as the start of a
// record (a record longer than head after the zeroed block, helper 111).
func mostlyRecords(head []byte, whole bool) bool {
	records, nuls := 0, 0
	for len(head) > 0 {
		i := bytes.IndexByte(head, '\n')
		cut := i < 0 && !whole
		if i < 0 {
			i = len(head) - 1
		}
		line := head[:i+1]
		head = head[i+1:]
		switch {
		case bytes.IndexByte(line, 0) >= 0:
			if !cut {
				nuls++
			}
		case bytes.HasPrefix(bytes.TrimLeft(line, " \t"), []byte("{")):
			records++
		}
	}
	return records > nuls
}

// isUTF32 reports whether head starts UTF-32 text: its byte order mark
// (FF FE 00 00 starts as UTF-16's does: a UTF-32 file was "UTF-16 text",
// helper 144), or, in nine in ten of its groups of four bytes, a character
// of the first plane with its two high bytes zero (it was "contains NUL
// bytes").
func isUTF32(head []byte) bool {
	if jsonmsg.Mark(head) == "UTF-32" {
		return true
	}
	groups := len(head) / 4
	if groups < 4 {
		return false
	}
	le, be := 0, 0
	for i := 0; i+4 <= len(head); i += 4 {
		g := head[i : i+4]
		if g[2] == 0 && g[3] == 0 && (g[0] != 0 || g[1] != 0) {
			le++
		}
		if g[0] == 0 && g[1] == 0 && (g[2] != 0 || g[3] != 0) {
			be++
		}
	}
	return le*10 >= groups*9 || be*10 >= groups*9
}

// isUTF16 reports whether head, holding nul NUL bytes, starts UTF-16 text:
// its byte order mark, or a NUL in a quarter of the places or more, nine
// in ten of them on the same side of each pair of bytes.
func isUTF16(head []byte, nul int) bool {
	if jsonmsg.Mark(head) != "" { // either mark: binaryDetail reads UTF-32 first
		return true
	}
	if len(head) < 8 || nul*4 < len(head) {
		return false
	}
	even := 0
	for i := 0; i < len(head); i += 2 {
		if head[i] == 0 {
			even++
		}
	}
	return even*10 >= nul*9 || (nul-even)*10 >= nul*9
}

// readProblem classifies an error that ended reading a file at line (0 for
// the whole file): a gzip stream that ends early is truncated, a bad gzip
// header or checksum is corrupt, anything else (a file or folder that cannot
// be listed or opened, too) is unreadable. A gzip error is said in words
// (gzipWords), not the parser's "flate: corrupt input before offset 43".
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
	if reason != ReasonUnreadable {
		detail = gzipWords(err)
	}
	switch {
	case line > 1 && errors.Is(err, gzip.ErrChecksum):
		// The checksum is checked at the end of a member, after its records
		// were read: they are indexed, but may hold damaged text (helper 96).
		detail = fmt.Sprintf("%s (found at line %d): the records before it may hold damaged text (restore the file from a good copy), and the rest of the file is lost", detail, line)
	case line > 1:
		detail = fmt.Sprintf("%s, at line %d; the rest of the file is lost", detail, line)
	}
	return Problem{Path: path, Line: line, Reason: reason, Detail: detail, Skipped: true, Unfinished: true}
}

// gzipWords says what a gzip error (a truncated or corrupt one, as
// readProblem tells them) means for the file, with the byte of the file
// where the damage was found when the error knows it (gzipDamage);
// readProblem adds the line.
func gzipWords(err error) string {
	var damage *gzipDamage
	var trail *gzipTrailing
	var corrupt flate.CorruptInputError
	switch {
	case errors.As(err, &trail):
		return fmt.Sprintf("the gzip data ends at byte %d and is followed by bytes that are not gzip", trail.end)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "the gzip file is cut short"
	case errors.Is(err, gzip.ErrChecksum):
		return "the gzip checksum does not match: the file is damaged"
	case errors.As(err, &damage):
		return fmt.Sprintf("the gzip data is damaged at byte %d of the compressed file", damage.at)
	case errors.Is(err, errGzipHeader):
		return "the gzip header is damaged: the file starts as a gzip file does, but its header cannot be read"
	case errors.Is(err, gzip.ErrHeader):
		return "not gzip data: the file does not start as a gzip file does"
	case errors.As(err, &corrupt):
		return "the gzip data is damaged"
	}
	return err.Error()
}

// gzipDamage is a corrupt deflate stream (flate.CorruptInputError, which
// counts from the start of its member's compressed data) with the byte of
// the file it was found at, counted from 1.
type gzipDamage struct {
	at  int64
	err error
}

func (d *gzipDamage) Error() string {
	return fmt.Sprintf("gzip data damaged at byte %d: %v", d.at, d.err)
}
func (d *gzipDamage) Unwrap() error { return d.err }

// gzipTrailing is what follows a whole gzip member when it is neither
// another member nor zero padding: the member's data is intact and read,
// the bytes after it (from byte end+1 of the file) are not gzip. It is a
// gzip.ErrHeader, as gzip's own multistream reading says it.
type gzipTrailing struct{ end int64 }

func (t *gzipTrailing) Error() string {
	return fmt.Sprintf("bytes that are not gzip after byte %d", t.end)
}
func (t *gzipTrailing) Unwrap() error { return gzip.ErrHeader }

// gzipTrailed reports whether err is a gzipTrailing.
func gzipTrailed(err error) bool {
	var t *gzipTrailing
	return errors.As(err, &t)
}

// openGzip wraps r in a reader of the gzip members it holds, one after
// another, read through a buffer of size bytes. An empty file gives io.EOF.
func openGzip(r io.Reader, size int) (io.Reader, error) {
	cr := &countReader{r: r}
	br := bufio.NewReaderSize(cr, size)
	magic, _ := br.Peek(len(gzipMagic))
	magic = bytes.Clone(magic) // gzip reads on through br's buffer
	zr, err := gzip.NewReader(br)
	if err != nil {
		if errors.Is(err, gzip.ErrHeader) && bytes.Equal(magic, gzipMagic) {
			// Its magic bytes, then a method that is not deflate or a
			// header checksum that does not match: not "not gzip data".
			return nil, fmt.Errorf("%w: %w", errGzipHeader, err)
		}
		return nil, err
	}
	zr.Multistream(false)
	g := &gzipMembers{br: br, zr: zr, cr: cr}
	g.start = g.pos()
	return g, nil
}

// gzipMembers reads the members of a gzip file in turn, as gzip.Reader's
// multistream mode does, but ends cleanly at zero bytes that pad the file
// after its last member (tape and archive tools write them, and gzip -t
// accepts them): in multistream mode they read as a bad header, "the rest
// of the file is lost", though every record was read. gzip reads br as an
// io.ByteReader, so it never reads past a member's end (and pos is the
// byte of the file it has read to).
type gzipMembers struct {
	br    *bufio.Reader
	zr    *gzip.Reader
	cr    *countReader
	start int64 // the offset of the current member's compressed data
	err   error // the error that ended the file
}

// Read returns the error that ended the file again at every later call: a
// reader that peeked met it first (helper 144), and the next call read on
// past the zero padding it had consumed.
func (g *gzipMembers) Read(p []byte) (int, error) {
	if g.err != nil {
		return 0, g.err
	}
	n, err := g.read(p)
	g.err = err
	return n, err
}

func (g *gzipMembers) read(p []byte) (int, error) {
	for {
		n, err := g.zr.Read(p)
		if err != io.EOF || n > 0 {
			if err == io.EOF {
				err = nil // the member's end is seen again at the next call
			}
			var corrupt flate.CorruptInputError
			if errors.As(err, &corrupt) {
				err = &gzipDamage{at: g.start + int64(corrupt), err: err}
			}
			return n, err
		}
		end := g.pos()
		if zeroRest(g.br) {
			return 0, io.EOF
		}
		// Bytes that do not start as a member does are said as what
		// they are, though shorter than a header (helper 144): "not
		// gzip data" said a file did not start as gzip when its first
		// member held one line, and a few stray bytes read as a cut file.
		if next, _ := g.br.Peek(2); !bytes.HasPrefix(gzipMagic, next) {
			return 0, &gzipTrailing{end: end}
		}
		at := g.pos()
		if err := g.zr.Reset(g.br); err != nil {
			if errors.Is(err, gzip.ErrHeader) {
				err = &gzipDamage{at: at + 1, err: err} // a member's header
			}
			return 0, err
		}
		g.zr.Multistream(false)
		g.start = g.pos()
	}
}

// errGzipHeader is the damaged header of a file's first member, which
// starts with gzipMagic (the header of a later one is a gzipDamage at its
// byte).
var errGzipHeader = errors.New("damaged gzip header")

// gzipMagic is the first two bytes of a gzip member.
var gzipMagic = []byte{0x1f, 0x8b}

// pos returns how many bytes of the file were taken from br.
func (g *gzipMembers) pos() int64 { return g.cr.n - int64(g.br.Buffered()) }

// countReader counts the bytes read from r.
type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// zeroRest reports whether br holds nothing more, or only zero bytes (at
// most maxZeroPad of them), which it then reads. A stream that goes on with
// anything else is left at the first byte that is not zero.
func zeroRest(br *bufio.Reader) bool {
	for read := 0; read <= maxZeroPad; read++ {
		c, err := br.Peek(1)
		if err == io.EOF {
			return true
		}
		if err != nil || c[0] != 0 {
			return false
		}
		br.Discard(1)
	}
	return false
}

// maxZeroPad is the most zero padding after the last member that reads as
// the clean end of a gzip file.
const maxZeroPad = 1 << 20

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
