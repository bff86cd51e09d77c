// Package terms splits English text into tokens with byte offsets, lower-cased
// forms and Porter stems, the common vocabulary of highlighting (index) and
// sentence ranking (answer). It mirrors Bleve's "en" analyzer closely enough
// that a word the index matched is a word this package matches: runs of
// letters and digits, possessive "'s" dropped, lower case, Porter stem.
//
// Stemming is the costly step, so an Analyzer caches stems; one Analyzer is
// safe for concurrent use and is meant to live as long as the index.
//
// Beside the tokens it holds the text rules several packages share:
// sentence splitting (Sentences), English stop words (IsStop), a user's
// query read as the words meant (CleanQuery), quotes cut to length around
// their highlights (Trim, TrimNames) and cleared of page time stamps and
// bylines (CutStamps, CutByline), EditDistance (spelling corrections,
// config-key hints) and Counted ("1 file", "2 files").
package terms

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	porterstemmer "github.com/blevesearch/go-porterstemmer"
)

// Token is one word of a text.
type Token struct {
	// Start and End are byte offsets of the word in the analysed text.
	Start, End int
	// Lower is the word in lower case, possessive removed.
	Lower string
	// Stem is the Porter stem of Lower.
	Stem string
	// Stop reports whether Lower is an English stop word.
	Stop bool
	// Upper reports whether the word starts with an upper-case letter.
	Upper bool
	// Digit reports whether the word starts with a digit.
	Digit bool
	// Possessive reports whether the word ended in 's, now removed.
	Possessive bool
}

// maxCache bounds the stem cache; past it stems are computed every time.
const maxCache = 1 << 20

// Analyzer tokenizes text and caches stems. The zero value is not usable:
// call New.
type Analyzer struct {
	mu    sync.RWMutex
	stems map[string]string
}

// New returns an Analyzer with an empty stem cache.
func New() *Analyzer {
	return &Analyzer{stems: make(map[string]string, 1<<14)}
}

// Stem returns the Porter stem of a lower-case word.
func (a *Analyzer) Stem(lower string) string {
	a.mu.RLock()
	s, ok := a.stems[lower]
	a.mu.RUnlock()
	if ok {
		return s
	}
	s = lower
	if len(lower) > 2 && !startsWithDigit(lower) {
		s = porterstemmer.StemString(lower)
	}
	a.mu.Lock()
	if len(a.stems) < maxCache {
		// Neither key nor value may point into the caller's memory: a
		// Memo's lower case is a slice of its arena, which one cached
		// short word ("US", "5G") would keep alive for the cache's life.
		key := strings.Clone(lower)
		if s == lower {
			s = key
		}
		a.stems[key] = s
	}
	a.mu.Unlock()
	return s
}

// Memo is one goroutine's memo of stems in front of an Analyzer's shared
// cache, which every goroutine reads under a lock: the answerer's ranking
// workers stem the same few question-like words in paragraph after
// paragraph, and read them from a small map of their own without the
// lock. Not safe for concurrent use; meant to live for one task (it keeps
// every word it is asked).
type Memo struct {
	a     *Analyzer
	stems map[string]string
	// lows is an arena of lower-cased words (lowerASCII): a string a
	// Builder returns stays valid and unchanged as the Builder grows, so
	// the words of many paragraphs share one allocation.
	lows strings.Builder
}

// lowArena is the size of a Memo's arena of lower-cased text.
const lowArena = 32 << 10

// lowerASCII returns the ASCII word text[start:end] lower-cased, written to
// the memo's arena.
func (m *Memo) lowerASCII(text string, start, end int, low string) (string, string) {
	w := text[start:end]
	if m.lows.Cap()-m.lows.Len() < len(w) {
		m.lows = strings.Builder{} // the strings given out keep the old one
		m.lows.Grow(max(lowArena, len(w)))
	}
	from := m.lows.Len()
	writeLowerASCII(&m.lows, w)
	return m.lows.String()[from:], low
}

// NewMemo returns an empty Memo in front of a.
func (a *Analyzer) NewMemo() *Memo { return &Memo{a: a, stems: map[string]string{}} }

// Stem returns the Porter stem of a lower-case word, as Analyzer.Stem.
func (m *Memo) Stem(lower string) string {
	if s, ok := m.stems[lower]; ok {
		return s
	}
	s := m.a.Stem(lower)
	m.stems[strings.Clone(lower)] = s
	return s
}

// AppendTokensMatching is Analyzer.AppendTokensMatching stemming through
// the memo.
func (m *Memo) AppendTokensMatching(toks []Token, text string, stem func(lower string) bool) []Token {
	return appendTokens(toks, text, 0, len(text), stem, m)
}

// AppendTokensIn is AppendTokensMatching of the tokens of text that lie in
// text[from:to], with offsets in text: those of the whole text's tokens
// whose Start >= from and End <= to, provided that from is 0 or follows a
// space (which no token holds), as a sentence of Sentences does.
func (m *Memo) AppendTokensIn(toks []Token, text string, from, to int, stem func(lower string) bool) []Token {
	return appendTokens(toks, text, from, to, stem, m)
}

// Tokens splits text into words. Numbers keep inner separators ("1,000",
// "5.5"); a trailing "'s" or "’s" is dropped from the lower-case form.
func (a *Analyzer) Tokens(text string) []Token { return a.TokensMatching(text, nil) }

// TokensMatching is Tokens that stems only the words for which stem(lower)
// is true; the others get an empty Stem. Stemming is the costly step, and a
// caller comparing stems with a few known ones can skip most words.
func (a *Analyzer) TokensMatching(text string, stem func(lower string) bool) []Token {
	return a.AppendTokensMatching(make([]Token, 0, len(text)/6), text, stem)
}

// AppendTokensMatching is TokensMatching that appends the tokens to toks
// and returns the extended slice, so that a caller tokenizing many texts can
// reuse one buffer.
//
// The answerer tokenizes every paragraph that may hold a question word, so
// ASCII, nearly all of the text, takes a fast path: a byte table instead
// of the unicode tables, and the lower-case form of a word with capitals
// sliced from one lower-cased copy of the text (made at the first such
// word) instead of a string allocated per word. Other scripts take the
// unicode path; the tokens are the same either way (TestTokensFastPath).
func (a *Analyzer) AppendTokensMatching(toks []Token, text string, stem func(lower string) bool) []Token {
	return appendTokens(toks, text, 0, len(text), stem, a)
}

// stemmer is what appendTokens stems and lower-cases text with: an
// Analyzer or a Memo.
type stemmer interface {
	Stem(lower string) string
	// lowerASCII returns the ASCII word text[start:end] lower-cased. low
	// is the text lower-cased, "" until made; it returns low, made or not.
	lowerASCII(text string, start, end int, low string) (string, string)
}

// lowerASCII returns the ASCII word text[start:end] lower-cased, sliced from
// the text lower-cased (made at the first word that needs it).
func (*Analyzer) lowerASCII(text string, start, end int, low string) (string, string) {
	if low == "" {
		low = ASCIILower(text)
	}
	return low[start:end], low
}

// appendTokens is AppendTokensMatching stemming with s, of the tokens that
// start at or after from and end at or before to (AppendTokensIn).
func appendTokens(toks []Token, text string, from, to int, stem func(lower string) bool, s stemmer) []Token {
	low := "" // text with ASCII capitals lower-cased, if s makes it
	i := from
	for i < to {
		c := text[i]
		start := i
		var digit, upper, ascii bool
		if c < utf8.RuneSelf {
			k := asciiKind[c]
			if k == notWord {
				i++
				continue
			}
			digit, upper, ascii = k == digitByte, k == upperByte, true
			i++
		} else {
			r, size := utf8.DecodeRuneInString(text[i:])
			i += size
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				continue
			}
			digit, upper = unicode.IsDigit(r), unicode.IsUpper(r)
		}
		end, ascii, more := wordEnd(text, i, digit, ascii)
		hasUpper := upper || more
		i = end
		var lower string
		switch {
		case !ascii:
			lower = lowerWord(text[start:end])
		case hasUpper:
			lower, low = s.lowerASCII(text, start, end, low)
		default:
			lower = text[start:end]
		}
		// Possessive: France's -> france (the apostrophe ended the word).
		possessive := false
		if p := possessiveEnd(text, end); p > end {
			i, possessive = p, true
		}
		if end > to {
			break
		}
		st := ""
		if stem == nil || stem(lower) {
			st = s.Stem(lower)
		}
		toks = append(toks, Token{
			Start: start, End: end, Lower: lower, Stem: st,
			Stop: IsStop(lower), Upper: upper, Digit: digit, Possessive: possessive,
		})
	}
	return toks
}

// wordEnd returns where the word whose first character ends just before i
// runs to (letters and digits; one that starts with a digit keeps "1,000"
// and "5.5" together), whether it is all ASCII (ascii: its first character
// was), and whether an ASCII capital follows its first character. The
// tokenizer (appendTokens) and the first pass over a paragraph
// (Memo.AppendStemmed) both end words here, so that they agree.
func wordEnd(text string, i int, digit, ascii bool) (end int, allASCII, upper bool) {
	for i < len(text) {
		c := text[i]
		if c < utf8.RuneSelf {
			if k := asciiKind[c]; k != notWord {
				upper = upper || k == upperByte
				i++
				continue
			}
			// Keep "1,000" and "5.5" together.
			if digit && (c == ',' || c == '.') && i+1 < len(text) {
				if n, _ := utf8.DecodeRuneInString(text[i+1:]); unicode.IsDigit(n) {
					i++
					continue
				}
			}
			break
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			break
		}
		ascii = false
		i += size
	}
	return i, ascii, upper
}

// possessiveEnd returns where the "'s" (or "’s") just after a word that
// ends at end ends, or end when none follows: the possessive is no word of
// its own.
func possessiveEnd(text string, end int) int {
	if end+1 < len(text) && (text[end] == '\'' || strings.HasPrefix(text[end:], "’")) {
		skip := 1
		if text[end] != '\'' {
			skip = len("’")
		}
		if end+skip < len(text) && (text[end+skip] == 's' || text[end+skip] == 'S') &&
			!wordRuneAt(text, end+skip+1) {
			return end + skip + 1
		}
	}
	return end
}

// wordRuneAt reports whether a letter or digit starts at byte i of text
// (false at its end). A character of several bytes is read whole: "’s”"
// and "’s—" end a possessive, as "'s\"" does.
func wordRuneAt(text string, i int) bool {
	if i >= len(text) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	return isWordRune(r)
}

// Kinds of ASCII bytes, for AppendTokensMatching.
const (
	notWord = iota
	lowerByte
	upperByte
	digitByte
)

// asciiKind is the kind of each ASCII byte (read-only).
var asciiKind = func() (k [utf8.RuneSelf]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		k[c], k[c-'a'+'A'] = lowerByte, upperByte
	}
	for c := '0'; c <= '9'; c++ {
		k[c] = digitByte
	}
	return k
}()

// ASCIILower returns s with its ASCII capitals lower-cased and every other
// byte as it is, so byte offsets carry over: a word of ASCII letters and
// digits sliced from it is the word in lower case, as strings.ToLower gives
// it.
func ASCIILower(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	writeLowerASCII(&b, s)
	return b.String()
}

// writeLowerASCII writes s to b with its ASCII capitals lower-cased.
func writeLowerASCII(b *strings.Builder, s string) {
	from := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			b.WriteString(s[from:i])
			b.WriteByte(c + 'a' - 'A')
			from = i + 1
		}
	}
	b.WriteString(s[from:])
}

// Stems returns the stems of the non-stop words of text, in order.
func (a *Analyzer) Stems(text string) []string {
	toks := a.Tokens(text)
	out := make([]string, 0, len(toks))
	for _, t := range toks {
		if !t.Stop {
			out = append(out, t.Stem)
		}
	}
	return out
}

// HasWord reports whether s has a letter or a digit: a rune a word is made
// of.
func HasWord(s string) bool { return strings.ContainsFunc(s, isWordRune) }

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		c := byte(r) | 0x20
		return ('a' <= c && c <= 'z') || ('0' <= r && r <= '9')
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func startsWithDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

// lowerWord lower-cases a word, without allocating when it already is.
func lowerWord(w string) string {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			return strings.ToLower(w)
		}
	}
	return w
}
