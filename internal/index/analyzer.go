package index

import (
	"bytes"
	"fmt"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/registry"
	porterstemmer "github.com/blevesearch/go-porterstemmer"
	"github.com/blevesearch/segment"
)

// analyzerName is the analyzer of the title and text fields: Bleve's "en"
// analyzer (Unicode word segmentation, possessive "'s" dropped, lower case,
// English stop words, Porter stems), made faster and giving the same terms.
// Indexes built before it name "en" in their mapping and keep it: the terms
// are the same, so both kinds of index answer alike and neither is rebuilt.
const analyzerName = "chronicle_en"

func init() {
	// Bleve's mapping names analyzers, and finds them in its registry (as
	// its own packages do, in init). Only the constructor is registered:
	// each index's mapping builds its own analyzer, with its own stem cache.
	if err := registry.RegisterAnalyzer(analyzerName, newAnalyzer); err != nil {
		panic(err)
	}
}

// newAnalyzer builds the analyzer: the filters are Bleve's own, the
// tokenizer and the stemmer are fast versions of Bleve's with the same
// output.
func newAnalyzer(_ map[string]any, cache *registry.Cache) (analysis.Analyzer, error) {
	var filters []analysis.TokenFilter
	for _, name := range []string{en.PossessiveName, lowercase.Name, en.StopName} {
		f, err := cache.TokenFilterNamed(name)
		if err != nil {
			return nil, fmt.Errorf("analyzer %s: %w", analyzerName, err)
		}
		filters = append(filters, f)
	}
	filters = append(filters, &stemFilter{stems: map[string][]byte{}})
	return &analysis.DefaultAnalyzer{Tokenizer: wordTokenizer{}, TokenFilters: filters}, nil
}

// maxStems bounds the stem cache of one index (a few MiB): news vocabulary
// is skewed, so the first words met are most of those met again.
const maxStems = 1 << 16

// maxStemWord is the longest word the stem cache keeps: the cache bounds
// words by count, and a hostile text's distinct words of a megabyte each
// would otherwise be held for as long as the index is open. Real words
// are far shorter, and a longer one is stemmed each time, as by Bleve.
const maxStemWord = 64

// stemFilter is Bleve's Porter stemmer filter with a cache: the same word
// always has the same stem, and stemming is a third of the analysis. It is
// used by several analysis goroutines at once.
type stemFilter struct {
	mu    sync.RWMutex
	stems map[string][]byte
}

// Filter implements analysis.TokenFilter, as porter.PorterStemmer does.
func (f *stemFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	var missed []*analysis.Token
	f.mu.RLock()
	for _, t := range input {
		if t.KeyWord {
			continue
		}
		if s, ok := f.stems[string(t.Term)]; ok {
			t.Term = s
		} else {
			missed = append(missed, t)
		}
	}
	f.mu.RUnlock()
	if len(missed) == 0 {
		return input
	}
	words := make([]string, len(missed))
	for i, t := range missed {
		words[i] = string(t.Term)
		t.Term = analysis.BuildTermFromRunes(porterstemmer.StemWithoutLowerCasing(bytes.Runes(t.Term)))
	}
	f.mu.Lock()
	for i, t := range missed {
		if len(f.stems) >= maxStems {
			break
		}
		if len(words[i]) <= maxStemWord {
			// The stem's array has room for four bytes a rune: the cache
			// keeps a copy of its length.
			f.stems[words[i]] = bytes.Clone(t.Term)
		}
	}
	f.mu.Unlock()
	return input
}

// wordTokenizer splits text into words exactly as Bleve's "unicode"
// tokenizer does (Unicode word segmentation by github.com/blevesearch/segment),
// faster on English text: the text is cut at ASCII bytes that never belong to
// a word nor join two (spaces, hyphens, brackets, ...), and each piece of
// plain ASCII is split by the segmenter's rules written out for ASCII; a piece
// with other characters goes to the segmenter itself. Text that is not valid
// UTF-8 goes to the segmenter whole.
type wordTokenizer struct{}

// Byte classes of the segmenter's rules (segment's ragel grammar, which
// follows Unicode's word boundaries, UAX #29) for ASCII.
const (
	cSep    = iota // never part of a word and never joining two: a cut
	cLetter        // ALetter: A-Z a-z
	cDigit         // Numeric: 0-9
	cExtend        // ExtendNumLet: _
	cMidL          // MidLetter: between two letters only (:)
	cMidN          // MidNum: between two digits only (, ;)
	cMidLN         // MidNumLet and Single_Quote: between two letters or two digits (. ')
	cQuote         // Double_Quote: joins two Hebrew letters, so not a cut (")
)

// asciiClass gives each ASCII byte its class; bytes from 0x80 are not ASCII.
var asciiClass = func() (c [128]uint8) {
	for b := 'a'; b <= 'z'; b++ {
		c[b], c[b-'a'+'A'] = cLetter, cLetter
	}
	for b := '0'; b <= '9'; b++ {
		c[b] = cDigit
	}
	c['_'], c[':'], c[','], c[';'], c['.'], c['\''], c['"'] = cExtend, cMidL, cMidN, cMidN, cMidLN, cMidLN, cQuote
	return c
}()

// Tokenize implements analysis.Tokenizer.
func (wordTokenizer) Tokenize(input []byte) analysis.TokenStream {
	ts := newTokens(len(input))
	splitWords(input, &ts)
	return ts.stream()
}

// wordSink takes the words a text splits into, in order: the token list
// of the analyzer, or the term counts of a countedField.
type wordSink interface {
	add(term []byte, start, end int, typ analysis.TokenType)
}

// splitWords gives sink the words of input, as Tokenize returns them.
func splitWords(input []byte, sink wordSink) {
	if !utf8.Valid(input) {
		segmentWords(input, 0, sink)
		return
	}
	for i := 0; i < len(input); {
		if input[i] < utf8.RuneSelf && asciiClass[input[i]] == cSep {
			i++
			continue
		}
		j, ascii := i, true
		for j < len(input) && (input[j] >= utf8.RuneSelf || asciiClass[input[j]] != cSep) {
			ascii = ascii && input[j] < utf8.RuneSelf
			j++
		}
		if ascii {
			asciiWords(input, i, j, sink)
		} else {
			segmentWords(input[i:j], i, sink)
		}
		i = j
	}
}

// asciiWords adds the words of input[from:to], plain ASCII without a cut.
func asciiWords(input []byte, from, to int, ts wordSink) {
	cls := func(k int) uint8 {
		if k < from || k >= to {
			return cSep
		}
		return asciiClass[input[k]]
	}
	for i := from; i < to; {
		c := cls(i)
		if c != cLetter && c != cDigit && c != cExtend {
			i++ // a joiner that joins nothing here
			continue
		}
		start, letter, digit := i, c == cLetter, c == cDigit
		i++
		for i < to {
			c := cls(i)
			if c == cLetter || c == cDigit || c == cExtend {
				letter = letter || c == cLetter
				digit = digit || c == cDigit
				i++
				continue
			}
			// A joiner stays in the word only between two letters (: . ')
			// or two digits (, ; . ').
			prev, next := cls(i-1), cls(i+1)
			if (prev == cLetter && next == cLetter && (c == cMidL || c == cMidLN)) ||
				(prev == cDigit && next == cDigit && (c == cMidN || c == cMidLN)) {
				i++
				continue
			}
			break
		}
		typ := analysis.AlphaNumeric
		if digit && !letter {
			typ = analysis.Numeric
		}
		ts.add(input[start:i], start, i, typ)
	}
}

// segmentWords adds the words the segmenter finds in b, which starts at
// byte offset off of the text, as Bleve's unicode tokenizer does.
func segmentWords(b []byte, off int, ts wordSink) {
	s := segment.NewWordSegmenterDirect(b)
	start := 0
	for s.Segment() {
		word := s.Bytes()
		end := start + len(word)
		if t := s.Type(); t != segment.None {
			typ := analysis.AlphaNumeric
			switch t {
			case segment.Ideo, segment.Kana:
				typ = analysis.Ideographic
			case segment.Number:
				typ = analysis.Numeric
			}
			ts.add(word, off+start, off+end, typ)
		}
		start = end
	}
}

// bytesPerWord is about the bytes of English text per word, spaces and
// punctuation included.
const bytesPerWord = 6

// maxChunk bounds the tokens, and the token pointers, allocated at once
// (64 and 8 KiB). Reserving for the whole text by its length cost ten
// times the text's size in memory however few words it had (a megabyte of
// punctuation, of long words or of a non-Latin script), where Bleve's
// tokenizer, which allocates in chunks of at most 1,000, costs what the
// words take.
const maxChunk = 1024

// tokens collects the tokens of one text of size bytes, numbering them
// from 1, in arrays of a few tokens (as Bleve's unicode tokenizer does),
// each sized by the text left to split.
type tokens struct {
	size int
	pos  int
	free []analysis.Token       // tokens not yet handed out
	full []analysis.TokenStream // filled lists of pointers, in order
	cur  analysis.TokenStream
}

func newTokens(size int) tokens {
	return tokens{size: size, pos: 1, cur: make(analysis.TokenStream, 0, min(size/bytesPerWord+1, maxChunk))}
}

// add appends the next word, term = text[start:end].
func (ts *tokens) add(term []byte, start, end int, typ analysis.TokenType) {
	if len(ts.free) == 0 {
		ts.free = make([]analysis.Token, min((ts.size-start)/bytesPerWord+1, maxChunk))
	}
	t := &ts.free[0]
	ts.free = ts.free[1:]
	*t = analysis.Token{Term: term, Start: start, End: end, Position: ts.pos, Type: typ}
	ts.pos++
	if len(ts.cur) == cap(ts.cur) {
		ts.full = append(ts.full, ts.cur)
		ts.cur = make(analysis.TokenStream, 0, maxChunk)
	}
	ts.cur = append(ts.cur, t)
}

// stream returns the tokens added, in order.
func (ts *tokens) stream() analysis.TokenStream {
	if len(ts.full) == 0 {
		return ts.cur
	}
	out := make(analysis.TokenStream, 0, ts.pos-1)
	for _, c := range ts.full {
		out = append(out, c...)
	}
	return append(out, ts.cur...)
}
