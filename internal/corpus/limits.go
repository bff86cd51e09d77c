package corpus

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/chronicle-bot/chronicle"
)

// Limits bound what one corpus file can cost, so that a hostile or broken
// file (a gzip bomb, a 3 GB line, a 10 MB title) is reported instead of
// exhausting memory. Every limit is in bytes; a zero field takes its
// default (see DefaultLimits).
//
// What happens at each limit:
//   - MaxFileBytes: reading stops after this many bytes (after
//     decompression); the records before are kept and one "file too large"
//     problem names the file. Nothing more than one record is ever held.
//   - MaxArticleBytes: a JSON Lines line or a JSON value longer than this is
//     skipped as "record too large" and streamed past without being held.
//     A .txt or .md file longer than this is cut there, and an article whose
//     decoded text is longer is cut at a paragraph or character boundary;
//     both with a "text too long" warning, so the article is still found.
//   - MaxFileArticles: after this many articles from one file, reading
//     stops with a "too many records" problem; the articles before are
//     kept. Each article costs a few hundred bytes beyond its text, so
//     without it 256 MiB of tiny records would cost gigabytes.
//   - MaxTitleBytes: a longer title is cut at a character boundary (with
//     "…") and a "title too long" warning.
//   - MaxIDBytes: a longer ID is replaced by a stable short one, its first
//     bytes plus the hex SHA-256 of the whole ID (see ShortID), with an
//     "ID too long" warning naming the original length. The same record
//     always gets the same ID, so re-indexing stays idempotent.
type Limits struct {
	MaxFileBytes    int64
	MaxFileArticles int
	MaxArticleBytes int
	MaxTitleBytes   int
	MaxIDBytes      int
}

// Default limits, far above any real news article: the largest RealTimeQA
// file is 89 MB unpacked and its longest record 104 KB.
const (
	DefaultMaxFileBytes    = 256 << 20
	DefaultMaxFileArticles = 200_000
	DefaultMaxArticleBytes = 1 << 20
	DefaultMaxTitleBytes   = 1 << 10
	DefaultMaxIDBytes      = 512
)

// minIDBytes is the smallest MaxIDBytes honoured: room for a short prefix
// and the 64 hex digits of the hash.
const minIDBytes = 80

// DefaultLimits returns the limits used when none are given.
func DefaultLimits() Limits {
	return Limits{
		MaxFileBytes:    DefaultMaxFileBytes,
		MaxFileArticles: DefaultMaxFileArticles,
		MaxArticleBytes: DefaultMaxArticleBytes,
		MaxTitleBytes:   DefaultMaxTitleBytes,
		MaxIDBytes:      DefaultMaxIDBytes,
	}
}

// withDefaults fills zero (or negative) fields with the defaults and raises
// MaxIDBytes to minIDBytes.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxFileBytes <= 0 {
		l.MaxFileBytes = d.MaxFileBytes
	}
	if l.MaxFileArticles <= 0 {
		l.MaxFileArticles = d.MaxFileArticles
	}
	if l.MaxArticleBytes <= 0 {
		l.MaxArticleBytes = d.MaxArticleBytes
	}
	if l.MaxTitleBytes <= 0 {
		l.MaxTitleBytes = d.MaxTitleBytes
	}
	if l.MaxIDBytes <= 0 {
		l.MaxIDBytes = d.MaxIDBytes
	}
	l.MaxIDBytes = max(l.MaxIDBytes, minIDBytes)
	l.MaxTitleBytes = max(l.MaxTitleBytes, len("…")+4)
	return l
}

// ShortID returns id when it is at most maxBytes long, else a stable
// replacement of at most maxBytes (at least 80): the first bytes of id (cut
// at a character boundary), "~", and the hex SHA-256 of the whole id.
func ShortID(id string, maxBytes int) string {
	maxBytes = max(maxBytes, minIDBytes)
	if len(id) <= maxBytes {
		return id
	}
	return hashedID(id, id, min(48, maxBytes-hashedSuffix))
}

// hashedSuffix is the length of what hashedID puts after its prefix: "~"
// and a SHA-256 in hex.
const hashedSuffix = 1 + 2*sha256.Size

// hashedID is the stable replacement of an ID: at most keep bytes of show
// (the ID, or a printable form of it), cut at a character, then "~" and the
// SHA-256 of the ID as given, so that IDs sharing that prefix stay apart.
func hashedID(show, id string, keep int) string {
	if len(show) > keep {
		show = show[:chronicle.RuneCut(show, keep)]
	}
	sum := sha256.Sum256([]byte(id))
	return show + "~" + hex.EncodeToString(sum[:])
}

// printableID returns id and true when it holds only printable UTF-8 (a
// NUL, a newline, an escape sequence or a bidirectional override in an ID
// would be printed into citations, terminals and logs as it is:
// chronicle.Unprintable), else a stable replacement: the
// ID with those characters as "_", then "~" and the SHA-256 of the ID as
// given (hashedID), so that IDs differing only in them stay apart.
func printableID(id string) (string, bool) {
	if utf8.ValidString(id) && !strings.ContainsFunc(id, chronicle.Unprintable) {
		return id, true
	}
	clean := strings.Map(func(r rune) rune {
		if r == utf8.RuneError || chronicle.Unprintable(r) {
			return '_'
		}
		return r
	}, strings.ToValidUTF8(id, "_"))
	return hashedID(clean, id, 48), false
}

// errFileTooLarge ends reading a file at Limits.MaxFileBytes.
var errFileTooLarge = errors.New("file too large")

// capReader reads at most n bytes from r; reading more fails with
// errFileTooLarge.
type capReader struct {
	r io.Reader
	n int64 // bytes still allowed
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.n <= 0 {
		// One byte more tells a file of exactly the limit from a longer one.
		var one [1]byte
		if n, err := c.r.Read(one[:]); n > 0 {
			return 0, errFileTooLarge
		} else if err != nil {
			return 0, err
		}
		return 0, nil
	}
	if int64(len(p)) > c.n {
		p = p[:c.n]
	}
	n, err := c.r.Read(p)
	c.n -= int64(n)
	return n, err
}

// tooLargeProblem reports a file whose reading stopped at the limit.
func tooLargeProblem(path string, line int, limit int64) Problem {
	return Problem{Path: path, Line: line, Reason: ReasonFileTooLarge, Skipped: true, Unfinished: true,
		Detail: fmt.Sprintf("more than %s after decompression; reading stopped at line %d, the rest of the file is skipped", sizeString(limit), line)}
}

// sizeString formats a byte count as "4 MiB", "1 KiB" or "300 bytes".
func sizeString(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// limitText cuts paragraphs longer in all than MaxArticleBytes, with a
// warning.
func (o origin) limitText(paras []chronicle.Paragraph) ([]chronicle.Paragraph, []Problem) {
	n := textBytes(paras)
	if n <= o.lim.MaxArticleBytes {
		return paras, nil
	}
	paras = cutParagraphs(paras, o.lim.MaxArticleBytes)
	return paras, []Problem{{Path: o.f.Path, Line: o.line, Reason: ReasonLongText,
		Detail: fmt.Sprintf("%d bytes of text, more than %s; cut to %d bytes", n, sizeString(int64(o.lim.MaxArticleBytes)), textBytes(paras))}}
}

// Fit holds an article that came from elsewhere than a file (a feed item)
// to the limits a loader holds a file's articles to: a title over
// MaxTitleBytes, an outlet name over MaxSourceBytes and a text over
// MaxArticleBytes are cut, and a link over MaxURLBytes left out, each with a
// warning naming path (where the article came from). IDs are the caller's
// to check.
func (l Limits) Fit(a *chronicle.Article, path string) []Problem {
	o := origin{f: File{Path: path}, lim: l.withDefaults()}
	var warns []Problem
	a.Paragraphs, warns = o.limitText(a.Paragraphs)
	warns = append(warns, o.limitTitle(a)...)
	return append(warns, o.limitSource(a)...)
}

// MaxSourceBytes bounds an article's outlet name, and MaxURLBytes its
// link. Neither was bounded, and a feed gives every item its channel's
// title as the outlet: a 4.5 MB title over 400 items crashed `bot index`
// out of memory in the index's batch (helper 75), and a 10 KB one pushed
// the date and link out of every Discord citation.
const (
	MaxSourceBytes = 200
	MaxURLBytes    = 8 << 10
)

// limitSource cuts an outlet name over MaxSourceBytes and drops a link over
// MaxURLBytes (a link cut short leads nowhere), each with a warning.
func (o origin) limitSource(a *chronicle.Article) []Problem {
	var warns []Problem
	if n := len(a.Source); n > MaxSourceBytes {
		a.Source = trimTo(a.Source, MaxSourceBytes-len("…"))
		warns = append(warns, Problem{Path: o.f.Path, Line: o.line, Reason: ReasonLongSource,
			Detail: fmt.Sprintf("outlet name of %d bytes, more than %d; cut", n, MaxSourceBytes)})
	}
	if n := len(a.URL); n > MaxURLBytes {
		a.URL = ""
		warns = append(warns, Problem{Path: o.f.Path, Line: o.line, Reason: ReasonLongSource,
			Detail: fmt.Sprintf("link of %d bytes, more than %s; left out", n, sizeString(MaxURLBytes))})
	}
	if strings.ContainsFunc(a.URL, chronicle.Unprintable) {
		a.URL = ""
		warns = append(warns, Problem{Path: o.f.Path, Line: o.line, Reason: ReasonBadLink,
			Detail: "the link holds a control character (an escape sequence, a line break) or a bidirectional override, so it leads nowhere; left out"})
	}
	return warns
}

// limitTitle cuts a title longer than MaxTitleBytes, with a warning.
func (o origin) limitTitle(a *chronicle.Article) []Problem {
	n := len(a.Title)
	if n <= o.lim.MaxTitleBytes {
		return nil
	}
	a.Title = trimTo(a.Title, o.lim.MaxTitleBytes-len("…"))
	return []Problem{{Path: o.f.Path, Line: o.line, Reason: ReasonLongTitle,
		Detail: fmt.Sprintf("%d bytes, more than %s; cut", n, sizeString(int64(o.lim.MaxTitleBytes)))}}
}

// applyLimits cuts the article's title and shortens its ID to the limits,
// returning a warning for each change.
func (o origin) applyLimits(a *chronicle.Article) []Problem {
	var warns []Problem
	warn := func(reason, detail string) {
		warns = append(warns, Problem{Path: o.f.Path, Line: o.line, Reason: reason, Detail: detail})
	}
	if id, ok := printableID(a.ID); !ok {
		warn(ReasonBadID, fmt.Sprintf("%q holds control characters or bytes that are not UTF-8; replaced by %q", trimTo(a.ID, 80), id))
		a.ID = id
	}
	if n := len(a.ID); n > o.lim.MaxIDBytes {
		a.ID = ShortID(a.ID, o.lim.MaxIDBytes)
		warn(ReasonLongID, fmt.Sprintf("%d bytes, more than %s; replaced by %q", n, sizeString(int64(o.lim.MaxIDBytes)), a.ID))
	}
	warns = append(warns, o.limitTitle(a)...)
	return append(warns, o.limitSource(a)...)
}

// textBytes is the size of the paragraphs' text and headings.
func textBytes(paras []chronicle.Paragraph) int {
	n := 0
	for _, p := range paras {
		n += len(p.Heading) + len(p.Text)
	}
	return n
}

// cutParagraphs keeps whole paragraphs while they fit in limit bytes, then
// the part of the next one that fits, cut at a character boundary.
func cutParagraphs(paras []chronicle.Paragraph, limit int) []chronicle.Paragraph {
	n := 0
	for i, p := range paras {
		size := len(p.Heading) + len(p.Text)
		if n+size <= limit {
			n += size
			continue
		}
		room := limit - n - len(p.Heading)
		if room > 0 && hasWord(p.Text[:chronicle.RuneCut(p.Text, room)]) {
			p.Text = p.Text[:chronicle.RuneCut(p.Text, room)]
			return append(paras[:i:i], p)
		}
		return paras[:i:i]
	}
	return paras
}

// cutUTF8 drops an incomplete character at the end of b (left by cutting
// b at a byte count).
func cutUTF8(b []byte) []byte {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				return b[:i]
			}
			break
		}
	}
	return b
}
