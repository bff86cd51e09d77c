package corpus

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// A .md file's front matter that does not close within its first
// MaxArticleBytes (a 2 MB title line) cut the file before it closed: the
// text became "---\ntitle: TTT…", and the date and the whole body were
// lost (helper 133). It is read again line by line: a line longer than
// maxFrontMatterLine is cut (its value closed as YAML, fitFrontMatterLine;
// a title is then cut further to MaxTitleBytes, as any title is), the
// lines past MaxArticleBytes of front matter are passed over, and the body
// after its closing line is read to MaxArticleBytes of its own. Front
// matter that never closes (a Markdown rule on the first line) leaves the
// file read as it was: its first MaxArticleBytes, as text.

// maxFrontMatterLine is the most bytes of one front matter line read, for
// a MaxArticleBytes of limit: a quarter of it (256 KiB by default), so
// that the keys after a long one are still read.
func maxFrontMatterLine(limit int) int { return max(limit/4, 256) }

// openFrontMatter reports whether data starts with the "---" line that
// opens front matter, once cleaned as frontMatter reads it (isFenceOpen; an
// invisible character before it opened a short front matter, not a long
// one), and its closing line is not within data.
func openFrontMatter(data []byte) bool {
	first, rest, ok := bytes.Cut(data, []byte("\n"))
	if !ok || !isFenceOpen(cleanText(string(first))) {
		return false
	}
	for {
		line, more, ok := bytes.Cut(rest, []byte("\n"))
		if !ok {
			return true // a last line without its newline may be cut
		}
		if fenceLine(line) {
			return false
		}
		rest = more
	}
}

// crLines reports whether head, the start of a file, breaks its lines with
// CR alone (old Mac line endings): it holds a CR and no LF. Such a file is
// read with each CR an LF (crReader), as cleanText reads a short one, so
// that its long front matter is seen to open and close (openFrontMatter
// and longFrontMatter cut lines at LF): it was read as its first
// MaxArticleBytes of text.
func crLines(head []byte) bool {
	return bytes.IndexByte(head, '\r') >= 0 && bytes.IndexByte(head, '\n') < 0
}

// crReader reads r with each CR an LF (crLines).
type crReader struct{ r io.Reader }

func (c crReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i, b := range p[:n] {
		if b == '\r' {
			p[i] = '\n'
		}
	}
	return n, err
}

// fenceLine reports whether a line of the file, as read, closes front
// matter: whether it is a fence once cleaned, as frontMatter reads it in
// the cleaned text (isFence). A fence followed by a control character or
// an invisible one ("---\v", "---\u200b") closed a short front matter but
// not a long one, whose date and body were lost to its text.
func fenceLine(line []byte) bool {
	return isFence(cleanText(string(line)))
}

// longFrontMatter reads a .md file whose front matter opens in head, its
// first MaxArticleBytes and a byte, and does not close there; file is the
// rest of the file: the front matter line by line, then up to
// MaxArticleBytes of body. It returns the text as loadText reads it,
// whether it was cut, warnings about the front matter, and false when
// reading failed (reported).
func (l *fileLoader) longFrontMatter(head []byte, file io.Reader) (data []byte, cut bool, warns []Problem, ok bool) {
	limit := l.o.lim.MaxArticleBytes
	lineMax := maxFrontMatterLine(limit)
	r := io.MultiReader(bytes.NewReader(head), file)
	br := bufio.NewReaderSize(&capReader{r: r, n: l.o.lim.MaxFileBytes}, 64<<10)
	var (
		meta              []byte
		lineNo            int
		cutLines, dropped int
		firstCut, cutSize int64
		firstDropped      int
		cutKey            string // the key of the first line cut, as `"title" `
		cutDropped        bool   // the first line cut is a flow list or mapping, left out
		closed            bool
	)
	for !closed {
		line, size, err := readBoundedLine(br, lineMax)
		if err != nil && err != io.EOF || size == 0 && err == io.EOF {
			if err == io.EOF || errors.Is(err, errFileTooLarge) {
				break // never closed: read as text
			}
			l.unfinished(0, ReasonUnreadable, err.Error())
			return nil, false, nil, false
		}
		lineNo++
		switch {
		case lineNo > 1 && fenceLine(line):
			closed = true
		case size > int64(lineMax):
			if cutLines == 0 {
				// Its key, named in the warning, as read (a value left
				// out leaves no ": ").
				if k, _, ok := bytes.Cut(bytes.TrimLeft(line, " -"), []byte(": ")); ok && len(k) <= 40 {
					cutKey = fmt.Sprintf("%q ", k)
				}
			}
			fitted, drop := fitFrontMatterLine(bytes.TrimRight(line, "\r\n"), lineMax)
			line = append(fitted, '\n')
			if cutLines++; cutLines == 1 {
				firstCut, cutSize, cutDropped = int64(lineNo), size, drop
			}
		}
		if !closed && len(meta)+len(line) > limit {
			if dropped++; dropped == 1 {
				firstDropped = lineNo
			}
			continue
		}
		meta = append(meta, line...)
	}
	if !closed {
		// Read as it was: its first MaxArticleBytes, as text.
		return cutUTF8(head[:limit]), true, nil, true
	}
	body, err := io.ReadAll(io.LimitReader(br, int64(limit)+1))
	if err != nil && !errors.Is(err, errFileTooLarge) {
		l.unfinished(0, ReasonUnreadable, err.Error())
		return nil, false, nil, false
	}
	if cut = len(body) > limit || errors.Is(err, errFileTooLarge); cut {
		body = cutUTF8(body[:min(len(body), limit)])
	}
	warn := func(line int64, detail string) {
		warns = append(warns, Problem{Path: l.o.f.Path, Line: int(line), Reason: ReasonBadFrontMatter, Detail: detail + "; body kept"})
	}
	if cutLines > 0 {
		more := ""
		if cutLines > 1 {
			more = fmt.Sprintf(" (and %d more lines)", cutLines-1)
		}
		what := "its value is cut there"
		if cutDropped {
			what = "its value, a list or mapping that cannot be cut, is left out"
		}
		warn(firstCut, fmt.Sprintf("%sline of %d bytes, more than the %s read of a front matter line%s: %s",
			cutKey, cutSize, sizeString(int64(lineMax)), more, what))
	}
	if dropped > 0 {
		warn(int64(firstDropped), fmt.Sprintf("front matter longer than %s: its %d lines from this one on are not read", sizeString(int64(limit)), dropped))
	}
	return append(meta, body...), cut, warns, true
}

// readBoundedLine reads one line of br, with its newline: at most max
// bytes of it are returned, the rest is read past; size is its whole
// length.
func readBoundedLine(br *bufio.Reader, max int) (line []byte, size int64, err error) {
	for {
		var chunk []byte
		chunk, err = br.ReadSlice('\n')
		size += int64(len(chunk))
		if room := max + 2 - len(line); room > 0 { // +2: a line of max bytes and its "\r\n"
			line = append(line, chunk[:min(len(chunk), room)]...)
		}
		if err != bufio.ErrBufferFull {
			return line, size, err
		}
	}
}

// fitFrontMatterLine cuts a front matter line (without its line break) to
// at most about max bytes, keeping it YAML: a "key: value" line keeps its
// key, and a quoted value is closed after the last whole character or
// escape; a plain value loses a trailing ":" (which would make it a key);
// a flow list or mapping ("[a, b, …", "{k: v, …"), which a cut leaves
// unclosed and makes the whole front matter fail to parse (its title and
// date lost with it), is left out: the key is kept with no value, and
// dropped is true. Any other line (one of a block of text) is cut at a
// character.
func fitFrontMatterLine(line []byte, max int) (fitted []byte, dropped bool) {
	line = cutUTF8(line[:min(len(line), max)])
	i := bytes.Index(line, []byte(": "))
	if i < 0 {
		return line, false
	}
	key := line[:i+2]
	value := bytes.TrimLeft(line[i+2:], " \t")
	key = line[:len(line)-len(value)]
	if len(value) == 0 {
		return line, false
	}
	closed := func(open byte, body []byte) []byte {
		out := append([]byte{}, key...)
		out = append(out, open)
		out = append(out, body...)
		return append(out, open)
	}
	switch value[0] {
	case '"':
		if body, ok := openDoubleQuoted(value[1:]); ok {
			return closed('"', body), false
		}
	case '\'':
		if body, ok := openSingleQuoted(value[1:]); ok {
			return closed('\'', body), false
		}
	case '[', '{':
		return bytes.TrimRight(key, " \t"), true
	case '|', '>', '&', '*', '!', '`', '@', '%':
	default:
		return bytes.TrimRight(line, " \t:"), false
	}
	return line, false
}

// openDoubleQuoted returns b, the inside of a double-quoted YAML string cut
// before its end, without a last escape cut short; ok is false when the
// string ends within b.
func openDoubleQuoted(b []byte) ([]byte, bool) {
	for i := 0; i < len(b); {
		switch b[i] {
		case '"':
			return nil, false
		case '\\':
			n := 2
			if i+1 < len(b) {
				switch b[i+1] {
				case 'x':
					n = 4
				case 'u':
					n = 6
				case 'U':
					n = 10
				}
			}
			if i+n > len(b) {
				return b[:i], true
			}
			i += n
		default:
			i++
		}
	}
	return b, true
}

// openSingleQuoted returns b, the inside of a single-quoted YAML string
// cut before its end, without a last quote that may be the first of a
// doubled one (an escaped quote); ok is false when the string ends within
// b.
func openSingleQuoted(b []byte) ([]byte, bool) {
	for i := 0; i < len(b); i++ {
		if b[i] != '\'' {
			continue
		}
		switch {
		case i+1 == len(b):
			return b[:i], true
		case b[i+1] == '\'':
			i++
		default:
			return nil, false
		}
	}
	return b, true
}
