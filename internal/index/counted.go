package index

import (
	"bytes"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/chronicle-bot/chronicle"
)

// Bleve analyses a text field by making a token for every word, passing the
// list through each filter in turn (possessive, lower case, stop words,
// stems) and then counting the terms. The index keeps no positions (no term
// vectors), so only the counts and the number of terms are used. A
// countedField gives Bleve the same counts made in one pass: each word, as
// the tokenizer cuts it, is looked up in a table of what the filters make of
// it (a term, or nothing for a stop word). Every filter of the analyzer works
// on one token at a time and reads nothing but its text, so a word's term
// does not depend on the words around it; the table is filled by running the
// analyzer's own filters on a word the first time it is met, so the terms
// are the analyzer's by construction.

// maxCountedWords bounds the table of one Sync: the words of news are
// skewed, and a word missing from a full table is filtered as Bleve would,
// only slower. 65,536 words keep the build's peak where Bleve's own
// analysis has it (423 to 431 MiB for RealTimeQA); 262,144 took 50 MiB
// more, and four interleaved builds showed no speed over 65,536.
const maxCountedWords = 1 << 16

// wordTerm is what the analyzer's filters make of one word: the number of
// its term in the counter's list, or -1 for a word the filters drop (a
// stop word).
type wordTerm int32

const dropped wordTerm = -1

// term is one term the filters made.
type term struct {
	bytes []byte // shared by every count of it: Bleve only reads it
	key   string // the same, as a map key
}

// termCounter holds the table of one analyzer. The analysis runs on
// several goroutines at once: the table is read under a read lock, and
// the words a text adds to it are added under the lock afterwards.
type termCounter struct {
	filters []analysis.TokenFilter
	mu      sync.RWMutex
	words   *wordTable          // a word as the tokenizer cuts it
	terms   []term              // indexed by wordTerm
	numbers map[string]wordTerm // a term's number
	scratch sync.Pool           // *countSink, with its counts cleared
}

// newTermCounter returns a counter for a, or nil when a is not an analyzer
// whose words can be counted this way: this package's tokenizer, no
// character filters.
func newTermCounter(a analysis.Analyzer) *termCounter {
	da, ok := a.(*analysis.DefaultAnalyzer)
	if !ok || len(da.CharFilters) > 0 {
		return nil
	}
	if _, ok := da.Tokenizer.(wordTokenizer); !ok {
		return nil
	}
	return &termCounter{filters: da.TokenFilters, words: newWordTable(), numbers: map[string]wordTerm{}}
}

// filter runs the analyzer's filters on one word and returns the term, or
// nil for a word they drop.
func (c *termCounter) filter(word []byte, typ analysis.TokenType) []byte {
	// The filters change a term in place (lower case): the word is the
	// field's text, which must stay as it is.
	ts := analysis.TokenStream{{Term: bytes.Clone(word), Start: 0, End: len(word), Position: 1, Type: typ}}
	for _, f := range c.filters {
		ts = f.Filter(ts)
	}
	if len(ts) == 0 {
		return nil
	}
	return bytes.Clone(ts[0].Term)
}

// number returns the number of a term, giving it one if it has none; c is
// locked.
func (c *termCounter) number(t []byte) wordTerm {
	if n, ok := c.numbers[string(t)]; ok {
		return n
	}
	n := wordTerm(len(c.terms))
	k := string(t)
	c.terms = append(c.terms, term{bytes: t, key: k})
	c.numbers[k] = n
	return n
}

// count returns the number of terms of text and the count of each, as
// Bleve's analysis of a field that keeps no term vectors does.
func (c *termCounter) count(text []byte) (int, index.TokenFrequencies) {
	s, _ := c.scratch.Get().(*countSink)
	if s == nil {
		s = &countSink{}
	}
	s.words = c.words
	c.mu.RLock()
	s.grow(len(c.terms))
	splitWords(text, s)
	c.mu.RUnlock()
	var extra map[string]int // terms with no number: of words too long for the table, or missing from a full one
	if len(s.missed) > 0 {
		made := make([][]byte, len(s.missed))
		for i, m := range s.missed {
			made[i] = c.filter(m.word, m.typ)
		}
		c.mu.Lock()
		for i, m := range s.missed {
			if made[i] == nil {
				if c.words.len() < maxCountedWords && len(m.word) <= maxStemWord {
					c.words.put(m.word, dropped)
				}
				continue
			}
			s.length++
			if c.words.len() >= maxCountedWords || len(m.word) > maxStemWord {
				if n, ok := c.numbers[string(made[i])]; ok {
					s.grow(len(c.terms))
					s.inc(n)
					continue
				}
				if extra == nil {
					extra = map[string]int{}
				}
				extra[string(made[i])]++
				continue
			}
			n := c.number(made[i])
			c.words.put(m.word, n)
			s.grow(len(c.terms))
			s.inc(n)
		}
		c.mu.Unlock()
	}
	c.mu.RLock()
	freqs := make(index.TokenFrequencies, len(s.seen)+len(extra))
	slab := make([]index.TokenFreq, len(s.seen)+len(extra))
	for i, n := range s.seen {
		t := c.terms[n]
		tf := &slab[i]
		tf.Term = t.bytes
		tf.SetFrequency(int(s.counts[n]))
		freqs[t.key] = tf
		s.counts[n] = 0
	}
	c.mu.RUnlock()
	i := len(s.seen)
	for k, f := range extra {
		if tf, ok := freqs[k]; ok {
			// A shorter word of the same term was numbered after this
			// one was set apart.
			tf.SetFrequency(tf.Frequency() + f)
			continue
		}
		tf := &slab[i]
		i++
		tf.Term = []byte(k)
		tf.SetFrequency(f)
		freqs[k] = tf
	}
	length := s.length
	s.words, s.seen, s.missed, s.length = nil, s.seen[:0], s.missed[:0], 0
	c.scratch.Put(s)
	return length, freqs
}

type missedWord struct {
	word []byte
	typ  analysis.TokenType
}

// countSink counts the terms of one text by number; its words not yet in
// the table are set aside, to be filtered once the table's read lock is let
// go.
type countSink struct {
	words  *wordTable // the counter's, read-locked while words come
	counts []int32    // by term number; zero but for seen
	seen   []wordTerm // the terms counted, in the order first met
	length int
	missed []missedWord
}

// grow makes room for n term numbers.
func (s *countSink) grow(n int) {
	if n > len(s.counts) {
		s.counts = append(s.counts, make([]int32, n-len(s.counts)+n/4)...)
	}
}

func (s *countSink) add(word []byte, _, _ int, typ analysis.TokenType) {
	n, ok := s.words.get(word)
	switch {
	case !ok:
		s.missed = append(s.missed, missedWord{word, typ})
	case n != dropped:
		s.length++
		s.inc(n)
	}
}

func (s *countSink) inc(n wordTerm) {
	if s.counts[n] == 0 {
		s.seen = append(s.seen, n)
	}
	s.counts[n]++
}

// countedField is a text field whose analysis is done by a termCounter;
// everything else is the Bleve text field's.
type countedField struct {
	*document.TextField
	c      *termCounter
	length int
	freqs  index.TokenFrequencies
}

// Analyze implements index.Field.
func (f *countedField) Analyze() { f.length, f.freqs = f.c.count(f.Value()) }

// AnalyzedLength implements index.Field.
func (f *countedField) AnalyzedLength() int { return f.length }

// AnalyzedTokenFrequencies implements index.Field.
func (f *countedField) AnalyzedTokenFrequencies() index.TokenFrequencies { return f.freqs }

// docMaker makes the Bleve documents of articles for one index mapping,
// with the text fields counted by a termCounter when the mapping's analyzer
// allows it. One is made for each Sync or rebuild: the table of words lives
// as long as it.
type docMaker struct {
	m        mapping.IndexMapping
	analyzer analysis.Analyzer
	counter  *termCounter
}

func newDocMaker(m mapping.IndexMapping) docMaker {
	a := m.AnalyzerNamed(analyzerName)
	return docMaker{m: m, analyzer: a, counter: newTermCounter(a)}
}

// document is the Bleve document of a, as Batch.Index would make it.
func (d docMaker) document(a chronicle.Article) (*document.Document, error) {
	doc := document.NewDocument(a.ID)
	if err := d.m.MapDocument(doc, toBleveDoc(a)); err != nil {
		return nil, err
	}
	if d.counter == nil {
		return doc, nil
	}
	for i, f := range doc.Fields {
		tf, ok := f.(*document.TextField)
		if !ok || tf.Analyzer() != d.analyzer {
			continue
		}
		if o := tf.Options(); o.IncludeTermVectors() || o.SkipFreqNorm() {
			continue
		}
		doc.Fields[i] = &countedField{TextField: tf, c: d.counter}
	}
	return doc, nil
}
