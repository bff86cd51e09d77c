package index

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
)

func newsTexts(b *testing.B, n int) [][]byte {
	files, _ := filepath.Glob("../../../shared/data/realtimeqa/articles-*.jsonl.gz")
	if len(files) == 0 {
		b.Skip("skipping: ../shared/data/realtimeqa is not there")
	}
	var out [][]byte
	f, err := os.Open(files[len(files)-1])
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		b.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() && len(out) < n {
		var a struct{ Text string }
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			b.Fatal(err)
		}
		out = append(out, []byte(a.Text))
	}
	return out
}

func BenchmarkAnalyzeText(b *testing.B) {
	texts := newsTexts(b, 2000)
	m := buildMapping()
	a := m.AnalyzerNamed(analyzerName)
	b.Run("bleve", func(b *testing.B) {
		for b.Loop() {
			for _, t := range texts {
				f := document.NewTextFieldCustom("text", nil, append([]byte(nil), t...), textOptions, a)
				f.Analyze()
			}
		}
	})
	b.Run("counted", func(b *testing.B) {
		c := newTermCounter(a)
		for b.Loop() {
			for _, t := range texts {
				f := &countedField{TextField: document.NewTextFieldCustom("text", nil, append([]byte(nil), t...), textOptions, a), c: c}
				f.Analyze()
			}
		}
	})
}

type nopSink struct{ n int }

func (s *nopSink) add(term []byte, _, _ int, _ analysis.TokenType) { s.n += len(term) }

type lookupSink struct {
	m *wordTable
	n int
}

func (s *lookupSink) add(term []byte, _, _ int, _ analysis.TokenType) {
	if _, ok := s.m.get(term); ok {
		s.n++
	}
}

func BenchmarkAnalyzeParts(b *testing.B) {
	texts := newsTexts(b, 2000)
	words := 0
	for _, t := range texts {
		s := &nopSink{}
		splitWords(t, s)
		words += s.n
	}
	b.Logf("%d texts", len(texts))
	b.Run("split", func(b *testing.B) {
		for b.Loop() {
			for _, t := range texts {
				splitWords(t, &nopSink{})
			}
		}
	})
	a := buildMapping().AnalyzerNamed(analyzerName)
	c := newTermCounter(a)
	for _, t := range texts {
		c.count(t)
	}
	b.Logf("%d words in the table", c.words.len())
	b.Run("lookup", func(b *testing.B) {
		for b.Loop() {
			for _, t := range texts {
				splitWords(t, &lookupSink{m: c.words})
			}
		}
	})
	b.Run("count", func(b *testing.B) {
		for b.Loop() {
			for _, t := range texts {
				c.count(t)
			}
		}
	})
}
