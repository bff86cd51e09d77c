package corpus

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/chronicle-bot/chronicle"
)

// cleanText unescapes HTML/SGML entities ("&lt;", "&#233;"), removes the
// characters that join or split words unseen (chronicle.WithoutInvisibles),
// turns control characters other than newline and tab into spaces, and
// removes DEL and the bidirectional
// embedding, override and isolate controls (U+202A-U+202E, U+2066-U+2069),
// which can make a quote read backwards or spoof the text around it when
// shown in Discord. The single direction marks U+200E and U+200F are kept:
// right-to-left text uses them to place punctuation, and they reorder
// nothing beyond it. "\r\n" and lone "\r" become "\n". Text needing none
// of this is returned as is, without copying.
func cleanText(s string) string {
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
	}
	s = chronicle.WithoutInvisibles(s)
	if !needsClean(s) {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\r':
			return '\n'
		case r == '\n' || r == '\t':
			return r
		case r < 0x20:
			// A control character stands between words as often as
			// not ("nul\x00in" read "nulin"; helper 107): a space,
			// which collapses with its neighbours.
			return ' '
		case r == 0x7f || isBidiControl(r):
			return -1
		}
		return r
	}, s)
}

// needsClean reports whether s holds a control character cleanText removes
// or changes. Bidi controls are three bytes starting 0xE2 0x80 or 0xE2 0x81.
func needsClean(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f {
			return true
		}
		if c == 0xe2 && i+2 < len(s) && (s[i+1] == 0x80 || s[i+1] == 0x81) {
			if r, _ := utf8.DecodeRuneInString(s[i:]); isBidiControl(r) {
				return true
			}
		}
	}
	return false
}

// isBidiControl reports whether r is a bidirectional embedding, override or
// isolate control (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI).
func isBidiControl(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// asciiSpace marks the ASCII white-space bytes.
var asciiSpace = [256]bool{' ': true, '\t': true, '\n': true, '\r': true, '\v': true, '\f': true}

// isSpaceAt reports whether s has a white-space character at i and its
// width in bytes. Only the lead bytes 0xC2, 0xE1, 0xE2 and 0xE3 can start
// non-ASCII white space (U+0085, U+00A0, U+1680, U+2000-U+3000).
func isSpaceAt(s string, i int) (bool, int) {
	c := s[i]
	if c < utf8.RuneSelf {
		return asciiSpace[c], 1
	}
	if c != 0xc2 && (c < 0xe1 || c > 0xe3) {
		return false, 1 // a lead or continuation byte of a non-space rune
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	return unicode.IsSpace(r), n
}

// collapse trims s and replaces each run of white space with one space. It
// returns s itself when nothing changes.
func collapse(s string) string {
	if isCollapsed(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	pending := false
	for i := 0; i < len(s); {
		sp, n := isSpaceAt(s, i)
		if sp {
			pending = b.Len() > 0
		} else {
			if pending {
				b.WriteByte(' ')
				pending = false
			}
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// isCollapsed reports whether s has no leading, trailing, repeated or
// non-space white space; the fast path of collapse.
func isCollapsed(s string) bool {
	prevSpace := true
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ' ':
			if prevSpace {
				return false
			}
			prevSpace = true
			continue
		case c < utf8.RuneSelf:
			if asciiSpace[c] {
				return false
			}
		case c == 0xc2 || (c >= 0xe1 && c <= 0xe3):
			if sp, _ := isSpaceAt(s, i); sp {
				return false
			}
		}
		prevSpace = false
	}
	return !prevSpace || s == ""
}

// block is a run of non-blank lines.
type block struct {
	lines []string
	line  int // 1-based line number of the first line
}

// text returns the block's lines joined by spaces, white space collapsed.
func (b block) text() string {
	if len(b.lines) == 1 {
		return collapse(b.lines[0])
	}
	return collapse(strings.Join(b.lines, " "))
}

// blocks splits text into blocks of lines separated by blank lines. With
// indentBreaks, an indented line also starts a new block, as in
// hard-wrapped wire copy where each paragraph begins with spaces.
func blocks(text string, indentBreaks bool) []block {
	var out []block
	var cur block
	flush := func() {
		if len(cur.lines) > 0 {
			out = append(out, cur)
		}
		cur = block{}
	}
	lineNo := 0
	for len(text) > 0 {
		lineNo++
		var line string
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			line, text = text, ""
		}
		if isBlank(line) {
			flush()
			continue
		}
		if indentBreaks && (line[0] == ' ' || line[0] == '\t') {
			flush()
		}
		if len(cur.lines) == 0 {
			cur.line = lineNo
		}
		cur.lines = append(cur.lines, line)
	}
	flush()
	return out
}

func isBlank(line string) bool {
	for i := 0; i < len(line); {
		sp, n := isSpaceAt(line, i)
		if !sp {
			return false
		}
		i += n
	}
	return true
}

// plainParagraphs turns text into paragraphs without headings: the rule
// for scraped article bodies in JSON records, where short lines are as
// likely to be captions or links as headings.
func plainParagraphs(text string, indentBreaks bool) []chronicle.Paragraph {
	bs := blocks(text, indentBreaks)
	paras := make([]chronicle.Paragraph, 0, len(bs))
	for _, b := range bs {
		if t := b.text(); hasWord(t) {
			paras = append(paras, chronicle.Paragraph{Text: t})
		}
	}
	return paras
}

// maxHeading is the longest line, in bytes, taken for a heading or title.
const maxHeading = 80

// headingLike reports whether a block looks like a title or section heading:
// one short line with a letter, not starting in lower case, and not ending
// like a sentence.
func headingLike(b block) bool {
	if len(b.lines) != 1 {
		return false
	}
	t := collapse(b.lines[0])
	if t == "" || len(t) > maxHeading || !hasWord(t) {
		return false
	}
	first, _ := utf8.DecodeRuneInString(t)
	last, _ := utf8.DecodeLastRuneInString(t)
	return !unicode.IsLower(first) && !strings.ContainsRune(".!?:;,…\"'”’", last)
}

// hasWord reports whether s contains a letter or a digit.
func hasWord(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// maxTitle is the length, in bytes, at which a derived title is cut.
const maxTitle = 90

// titleFrom derives a title from body text: its first sentence, cut at a
// word boundary with "…" when longer than maxTitle.
func titleFrom(text string) string {
	s := firstSentence(text)
	if len(s) <= maxTitle {
		return s
	}
	cut := strings.LastIndexByte(s[:maxTitle+1], ' ')
	if cut <= 0 {
		cut = chronicle.RuneCut(s, maxTitle)
	}
	return strings.TrimRight(s[:cut], " ,;:-–—") + "…"
}

// firstSentence returns text up to the first sentence end: ".", "!" or "?"
// followed by a space and an upper-case letter, where the word before is
// not an initial or abbreviation ("U.S.", "Mr.").
func firstSentence(text string) string {
	for i := 0; i < len(text)-2; i++ {
		c := text[i]
		if (c != '.' && c != '!' && c != '?') || text[i+1] != ' ' {
			continue
		}
		next, _ := utf8.DecodeRuneInString(text[i+2:])
		if !unicode.IsUpper(next) && !unicode.IsDigit(next) && next != '"' && next != '“' {
			continue
		}
		if c == '.' && isAbbrev(text[:i]) {
			continue
		}
		return text[:i+1]
	}
	return text
}

// isAbbrev reports whether the last word of s is an initial ("U.S", "J")
// or a short title such as "Mr" or "Dr".
func isAbbrev(s string) bool {
	word := s[strings.LastIndexAny(s, " (\"“")+1:]
	if strings.IndexByte(word, '.') >= 0 || len(word) == 1 {
		return true
	}
	switch word {
	case "Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "No", "vs", "Inc", "Co", "Corp", "Ltd":
		return true
	}
	return false
}
