package index

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// Articles are stored in a compact binary form: decoding one is on the path
// of every question, and JSON took a tenth of the answer time.
//
//	version byte (1)
//	hash, id, title, source, url, path   strings
//	published: flag byte, unix nanoseconds (varint), zone offset seconds (varint)
//	paragraph count (uvarint), then heading and text strings for each
//
//	CRC-32C of every byte before it (4 bytes, little endian)
//
// A string is its byte length (uvarint) followed by its bytes. The checksum
// finds a record whose bytes changed on disk since it was written (bbolt
// checks none): version 1, the layout without it, written before, is still
// read, unchecked.
const (
	codecVersion   = 2
	codecUnchecked = 1
)

var (
	errCodec = errors.New("corrupt stored article")
	// errChecksum is a record whose bytes do not match its checksum.
	errChecksum = fmt.Errorf("%w: its bytes do not match their checksum (damaged on disk)", errCodec)
	castagnoli  = crc32.MakeTable(crc32.Castagnoli)
)

func encodeArticle(a chronicle.Article) []byte {
	n := 64 + len(a.Hash) + len(a.ID) + len(a.Title) + len(a.Source) + len(a.URL) + len(a.Path)
	for _, p := range a.Paragraphs {
		n += len(p.Heading) + len(p.Text) + 8
	}
	b := make([]byte, 0, n+4)
	b = append(b, codecVersion)
	for _, s := range []string{a.Hash, a.ID, a.Title, a.Source, a.URL, a.Path} {
		b = appendString(b, s)
	}
	if !chronicle.InDateRange(a.Published) {
		// Undated, or a date its nanoseconds cannot hold (the loaders
		// already make those undated, with a warning).
		b = append(b, 0)
	} else {
		_, off := a.Published.Zone() // kept for the format; decodeArticle reads UTC
		b = append(b, 1)
		b = binary.AppendVarint(b, a.Published.UnixNano())
		b = binary.AppendVarint(b, int64(off))
	}
	b = binary.AppendUvarint(b, uint64(len(a.Paragraphs)))
	for _, p := range a.Paragraphs {
		b = appendString(b, p.Heading)
		b = appendString(b, p.Text)
	}
	return binary.LittleEndian.AppendUint32(b, crc32.Checksum(b, castagnoli))
}

// checked returns the record without its checksum once the checksum
// matches; a version 1 record, which has none, is returned whole.
func checked(b []byte) ([]byte, error) {
	if len(b) == 0 {
		return nil, errCodec
	}
	switch b[0] {
	case codecUnchecked:
		return b, nil
	case codecVersion:
		if len(b) < 5 {
			return nil, errCodec
		}
		body := b[:len(b)-4]
		if crc32.Checksum(body, castagnoli) != binary.LittleEndian.Uint32(b[len(b)-4:]) {
			return nil, errChecksum
		}
		return body, nil
	}
	return nil, fmt.Errorf("%w: unknown version", errCodec)
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// decoder reads the fields of an encoded article in order.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) string() string {
	if d.err != nil {
		return ""
	}
	n, k := binary.Uvarint(d.b)
	if k <= 0 || uint64(len(d.b)-k) < n {
		d.err = errCodec
		return ""
	}
	s := string(d.b[k : k+int(n)])
	d.b = d.b[k+int(n):]
	return s
}

func (d *decoder) varint() int64 {
	if d.err != nil {
		return 0
	}
	v, k := binary.Varint(d.b)
	if k <= 0 {
		d.err = errCodec
		return 0
	}
	d.b = d.b[k:]
	return v
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, k := binary.Uvarint(d.b)
	if k <= 0 {
		d.err = errCodec
		return 0
	}
	d.b = d.b[k:]
	return v
}

func (d *decoder) byte() byte {
	if d.err != nil || len(d.b) == 0 {
		d.err = errCodec
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

// checkedWhole is checked for a reader of the record's first fields only:
// a version 1 record, which has no checksum, is decoded whole, since those
// fields may read well where what follows does not (helper 89: such an
// article, left out of answers, was found "unchanged" by every sync).
func checkedWhole(b []byte) ([]byte, error) {
	body, err := checked(b)
	if err == nil && b[0] == codecUnchecked {
		_, err = decodeArticle(b)
	}
	return body, err
}

// decodeHash reads only the content hash of an encoded article (checking
// the record).
func decodeHash(b []byte) (string, error) {
	b, err := checkedWhole(b)
	if err != nil {
		return "", err
	}
	d := decoder{b: b[1:]}
	h := d.string()
	return h, d.err
}

// decodeID reads only the ID of an encoded article (checking the record).
func decodeID(b []byte) (string, error) {
	b, err := checkedWhole(b)
	if err != nil {
		return "", err
	}
	d := decoder{b: b[1:]}
	d.string() // the hash
	id := d.string()
	return id, d.err
}

// decodeStored decodes the record stored under key: one that holds another
// article than key names (a page's keys damaged) is damaged too.
func decodeStored(key string, b []byte) (chronicle.Article, error) {
	a, err := decodeArticle(b)
	if err == nil && a.ID != key {
		err = fmt.Errorf("%w: it holds article %q", errCodec, a.ID)
	}
	return a, err
}

func decodeArticle(b []byte) (chronicle.Article, error) {
	var a chronicle.Article
	b, err := checked(b)
	if err != nil {
		return a, err
	}
	d := decoder{b: b[1:]}
	a.Hash, a.ID, a.Title, a.Source, a.URL, a.Path = d.string(), d.string(), d.string(), d.string(), d.string(), d.string()
	if d.byte() == 1 {
		// The offset the date was given with is stored, and read past:
		// a date is read in UTC, the days the date filters use (--as-of,
		// --until, a digest's window), so that the day shown is the day
		// filtered by. Read with its offset, 23:30 on 2 May in New York
		// was shown as 2 May but found only by --as-of 3 May (helper 132).
		ns, _ := d.varint(), d.varint()
		a.Published = time.Unix(0, ns).UTC()
	}
	n := d.uvarint()
	if d.err == nil && n > uint64(len(d.b)) {
		d.err = errCodec
	}
	if d.err == nil && n > 0 {
		a.Paragraphs = make([]chronicle.Paragraph, n)
		for i := range a.Paragraphs {
			a.Paragraphs[i].Heading = d.string()
			a.Paragraphs[i].Text = d.string()
		}
	}
	if d.err == nil && len(d.b) != 0 {
		// Bytes after the last paragraph: a checksummed record whose
		// version byte reads 1, or a record cut or grown.
		d.err = fmt.Errorf("%w: %d bytes after its end", errCodec, len(d.b))
	}
	return a, d.err
}
