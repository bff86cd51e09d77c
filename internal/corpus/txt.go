package corpus

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/chronicle-bot/chronicle"
)

// loadText reads a .txt or .md file holding one article. Only the first
// MaxArticleBytes are read; a longer file is cut there with a warning. The
// front matter of a .md file that does not close within them is read line
// by line (longFrontMatter), and the body after it.
func (l *fileLoader) loadText(file io.Reader, kind format) {
	limit := l.o.lim.MaxArticleBytes
	data, err := io.ReadAll(io.LimitReader(file, int64(limit)+1))
	if err != nil {
		l.unfinished(0, ReasonUnreadable, err.Error())
		return
	}
	cut := len(data) > limit
	var fmWarns []Problem
	head, rest := data, file
	if kind == formatMD && cut && crLines(data) {
		// Old Mac line endings, read as cleanText reads them, so that
		// long front matter opens and closes as short front matter does.
		head, rest = bytes.ReplaceAll(data, []byte("\r"), []byte("\n")), crReader{r: file}
	}
	if kind == formatMD && cut && openFrontMatter(head) {
		var ok bool
		data, cut, fmWarns, ok = l.longFrontMatter(head, rest)
		if !ok {
			return
		}
	} else if cut {
		data = cutUTF8(data[:limit])
	}
	data, ok := l.checkText(bytes.TrimPrefix(data, []byte("\ufeff")))
	if !ok {
		return
	}
	text := cleanText(string(data))
	var res result
	if kind == formatMD {
		res = l.o.parseMarkdown(text)
	} else {
		res = l.o.parseTXT(text)
	}
	if cut && res.skip == nil {
		res.warns = append([]Problem{{Path: l.o.f.Path, Reason: ReasonLongText,
			Detail: fmt.Sprintf("file longer than %s; only that much is read", sizeString(int64(limit)))}}, res.warns...)
	}
	if res.skip == nil {
		res.warns = append(fmWarns, res.warns...)
	}
	l.add(res)
}

// checkText reports empty and binary files and repairs text that is not
// valid UTF-8 (with a warning); ok is false when the file is skipped.
func (l *fileLoader) checkText(data []byte) ([]byte, bool) {
	if len(bytes.TrimSpace(data)) == 0 {
		l.unfinished(0, ReasonEmptyFile, "")
		return nil, false
	}
	if why := binaryDetail(data, false); why != "" {
		l.unfinished(0, ReasonBinaryFile, why)
		return nil, false
	}
	if line := firstInvalid(data); line > 0 {
		l.problem(line, ReasonInvalidUTF8, "decoded as Latin-1 (Windows-1252)", false)
		data = repairUTF8(data)
	}
	return data, true
}

// parseTXT parses seed-style text: an optional leading "date YYYY-MM-DD"
// marker that may share its line with the text, then blocks separated by
// blank lines. A leading title-like block is the title; a later one heads
// the paragraphs after it.
func (o origin) parseTXT(text string) result {
	rest, date, hasMarker := dateMarker(text)
	bs := blocks(rest, false)
	var title string
	if len(bs) > 1 && headingLike(bs[0]) {
		title, bs = bs[0].text(), bs[1:]
	}
	r := record{Title: title}
	if hasMarker {
		r.Date, _ = json.Marshal(date)
	}
	return r.build(o, headedParagraphs(bs), "")
}

// headedParagraphs turns blocks into paragraphs, taking a title-like block
// followed by a paragraph as the heading of the paragraphs after it.
func headedParagraphs(bs []block) []chronicle.Paragraph {
	var paras []chronicle.Paragraph
	heading := ""
	for i, b := range bs {
		if headingLike(b) && i+1 < len(bs) && !headingLike(bs[i+1]) {
			heading = b.text()
			continue
		}
		if t := b.text(); hasWord(t) {
			paras = append(paras, chronicle.Paragraph{Heading: heading, Text: t})
		}
	}
	return paras
}

// dateMarker strips a leading "date YYYY-MM-DD" (or "date: YYYY-MM-DD")
// marker, returning the text after it and the date string.
func dateMarker(text string) (rest, date string, ok bool) {
	s := strings.TrimLeft(text, " \t\n")
	if len(s) < 4 || !strings.EqualFold(s[:4], "date") {
		return text, "", false
	}
	s = strings.TrimLeft(strings.TrimPrefix(s[4:], ":"), " \t")
	if len(s) < 10 || !isDateShape(s[:10]) || (len(s) > 10 && !isSpaceByte(s[10])) {
		return text, "", false
	}
	return s[10:], s[:10], true
}

// isDateShape reports whether s looks like "2024-03-25".
func isDateShape(s string) bool {
	for i := 0; i < len(s); i++ {
		if (i == 4 || i == 7) != (s[i] == '-') || (s[i] != '-' && (s[i] < '0' || s[i] > '9')) {
			return false
		}
	}
	return true
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' }

// parseMarkdown parses a Markdown article: optional YAML front matter
// (the same field names as JSON records), then paragraphs separated by
// blank lines, with "#" lines as headings. A level-1 heading before any
// paragraph is the title when the front matter has none.
func (o origin) parseMarkdown(text string) result {
	var r record
	var warn *Problem
	meta, body, found := frontMatter(text)
	if found {
		if err := metaRecord(meta, &r); err != nil {
			warn = &Problem{Path: o.f.Path, Line: 1, Reason: ReasonBadFrontMatter, Detail: err.Error() + "; body kept"}
		}
	}
	paras, title := markdownParagraphs(body)
	res := r.build(o, paras, title)
	if warn != nil && res.skip == nil {
		res.warns = append([]Problem{*warn}, res.warns...)
	}
	return res
}

// isFenceOpen reports whether the first line of cleaned text (cleanText)
// opens front matter: "---", then any spaces or tabs, as a closing line
// may have (isFence). It is the one rule of frontMatter and
// openFrontMatter.
func isFenceOpen(line string) bool {
	return strings.TrimRight(line, " \t\n") == "---"
}

// frontMatter splits "---\nYAML\n---\nbody" into YAML and body.
func frontMatter(text string) (meta, body string, ok bool) {
	first, rest, ok := strings.Cut(text, "\n")
	if !ok || !isFenceOpen(first) {
		return "", text, false
	}
	for off := 0; off < len(rest); {
		end := strings.IndexByte(rest[off:], '\n')
		if end < 0 {
			end = len(rest) - off
		}
		if isFence(rest[off : off+end]) {
			return rest[:off], rest[min(len(rest), off+end+1):], true
		}
		off += end + 1
	}
	return "", text, false
}

// isFence reports whether a line of cleaned text (cleanText) closes front
// matter: "---" or "...", then any spaces or tabs. It is the one rule of
// frontMatter and of longFrontMatter (fenceLine), which reads the lines
// before they are cleaned.
func isFence(line string) bool {
	t := strings.TrimRight(line, " \t\n")
	return t == "---" || t == "..."
}

// maxFrontMatterKeys is the most keys of front matter read. The YAML
// decoder checks a mapping's keys against each other, so 100,000 keys in
// 830 KB took 26 s of CPU (helper 73); an article's title, date, source and
// link are a handful, and a long description is one (a cap on bytes lost
// it; review rev35). The bytes are bounded by Limits.MaxArticleBytes.
const maxFrontMatterKeys = 200

// frontMatterKeys counts the lines of meta that start a key ("title: "), at
// any depth, passing over the lines of a block of text ("summary: |").
func frontMatterKeys(meta string) int {
	n, block := 0, -1
	for line := range strings.Lines(meta) {
		body := strings.TrimLeft(line, " ")
		indent := len(line) - len(body)
		if block >= 0 && (indent > block || strings.TrimSpace(body) == "") {
			continue // inside a block of text
		}
		block = -1
		t := strings.TrimLeft(body, "\t- ")
		i := strings.IndexByte(t, ':')
		if i <= 0 || strings.HasPrefix(t, "#") || i+1 < len(t) && t[i+1] != ' ' && t[i+1] != '\n' && t[i+1] != '\r' {
			continue
		}
		n++
		if v := strings.TrimSpace(t[i+1:]); strings.HasPrefix(v, "|") || strings.HasPrefix(v, ">") {
			block = indent
		}
	}
	return n
}

// metaRecord decodes YAML front matter into a record, via JSON so that the
// field names and aliases are the same as for JSON files.
func metaRecord(meta string, r *record) error {
	if n := frontMatterKeys(meta); n > maxFrontMatterKeys {
		return fmt.Errorf("front matter of %d keys, over the %d read: not read", n, maxFrontMatterKeys)
	}
	var m map[string]any
	if err := yaml.Unmarshal([]byte(meta), &m); err != nil {
		return fmt.Errorf("front matter: %w", err)
	}
	for k, v := range m {
		if t, ok := v.(time.Time); ok {
			m[k] = t.Format(time.RFC3339)
		}
	}
	data, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("front matter: %w", err)
	}
	if err := json.Unmarshal(data, r); err != nil {
		return fmt.Errorf("front matter: %w", err)
	}
	return nil
}

// markdownParagraphs splits a Markdown body into paragraphs under "#"
// headings, returning a level-1 heading met before any paragraph as title.
func markdownParagraphs(body string) (paras []chronicle.Paragraph, title string) {
	heading := ""
	for _, b := range blocks(body, false) {
		var lines []string
		flush := func() {
			if t := (block{lines: lines}).text(); len(lines) > 0 && hasWord(t) {
				paras = append(paras, chronicle.Paragraph{Heading: heading, Text: t})
			}
			lines = nil
		}
		for _, line := range b.lines {
			trimmed := strings.TrimLeft(line, " ")
			if !isATXHeading(trimmed) {
				lines = append(lines, line)
				continue
			}
			flush()
			h := collapse(strings.Trim(trimmed, "# \t"))
			if title == "" && len(paras) == 0 && strings.HasPrefix(trimmed, "# ") {
				title = h
			} else {
				heading = h
			}
		}
		flush()
	}
	return paras, title
}

// isATXHeading reports whether line is a Markdown "#" heading: one to six
// "#" followed by a space or nothing.
func isATXHeading(line string) bool {
	rest := strings.TrimLeft(line, "#")
	n := len(line) - len(rest)
	return n >= 1 && n <= 6 && (rest == "" || rest[0] == ' ' || rest[0] == '\t')
}
