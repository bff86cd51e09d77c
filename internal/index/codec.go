package index

import (
	"encoding/binary"
	"errors"
	"fmt"
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
// A string is its byte length (uvarint) followed by its bytes.
const codecVersion = 1

var errCodec = errors.New("corrupt stored article")

func encodeArticle(a chronicle.Article) []byte {
	n := 64 + len(a.Hash) + len(a.ID) + len(a.Title) + len(a.Source) + len(a.URL) + len(a.Path)
	for _, p := range a.Paragraphs {
		n += len(p.Heading) + len(p.Text) + 8
	}
	b := make([]byte, 0, n)
	b = append(b, codecVersion)
	for _, s := range []string{a.Hash, a.ID, a.Title, a.Source, a.URL, a.Path} {
		b = appendString(b, s)
	}
	if !chronicle.InDateRange(a.Published) {
		// Undated, or a date its nanoseconds cannot hold (the loaders
		// already make those undated, with a warning).
		b = append(b, 0)
	} else {
		_, off := a.Published.Zone()
		b = append(b, 1)
		b = binary.AppendVarint(b, a.Published.UnixNano())
		b = binary.AppendVarint(b, int64(off))
	}
	b = binary.AppendUvarint(b, uint64(len(a.Paragraphs)))
	for _, p := range a.Paragraphs {
		b = appendString(b, p.Heading)
		b = appendString(b, p.Text)
	}
	return b
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

// decodeHash reads only the content hash of an encoded article.
func decodeHash(b []byte) (string, error) {
	d := decoder{b: b}
	if d.byte() != codecVersion {
		return "", fmt.Errorf("%w: unknown version", errCodec)
	}
	h := d.string()
	return h, d.err
}

func decodeArticle(b []byte) (chronicle.Article, error) {
	var a chronicle.Article
	d := decoder{b: b}
	if d.byte() != codecVersion {
		return a, fmt.Errorf("%w: unknown version", errCodec)
	}
	a.Hash, a.ID, a.Title, a.Source, a.URL, a.Path = d.string(), d.string(), d.string(), d.string(), d.string(), d.string()
	if d.byte() == 1 {
		ns, off := d.varint(), d.varint()
		loc := time.UTC
		if off != 0 {
			loc = time.FixedZone("", int(off))
		}
		a.Published = time.Unix(0, ns).In(loc)
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
	return a, d.err
}
