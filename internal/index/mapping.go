package index

import (
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/chronicle-bot/chronicle"
)

// Field names of a Bleve document.
const (
	fieldTitle  = "title"
	fieldText   = "text"
	fieldDate   = "date"
	fieldSource = "source"
)

// buildMapping is the whole Bleve mapping: one document per article, title
// and text analysed in English with Porter stemming and BM25 scoring, the
// date for range filters, the outlet as a keyword. Nothing is stored in
// Bleve and there are no term vectors or composite "_all" field: the store
// keeps the text, and highlighting is done on the stored text.
func buildMapping() mapping.IndexMapping {
	text := bleve.NewTextFieldMapping()
	text.Analyzer = analyzerName
	text.Store = false
	text.IncludeTermVectors = false
	text.IncludeInAll = false
	text.DocValues = false

	date := bleve.NewDateTimeFieldMapping()
	date.Store = false
	date.IncludeInAll = false
	date.DocValues = true

	kw := bleve.NewKeywordFieldMapping()
	kw.Analyzer = keyword.Name
	kw.Store = false
	kw.IncludeInAll = false
	kw.DocValues = false

	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(fieldTitle, text)
	doc.AddFieldMappingsAt(fieldText, text)
	doc.AddFieldMappingsAt(fieldDate, date)
	doc.AddFieldMappingsAt(fieldSource, kw)

	m := bleve.NewIndexMapping()
	m.DefaultMapping = doc
	m.DefaultAnalyzer = analyzerName
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false
	m.ScoringModel = "bm25"
	return m
}

// bleveDoc is what Bleve indexes of an article.
type bleveDoc struct {
	Title  string     `json:"title"`
	Text   string     `json:"text"`
	Date   *time.Time `json:"date,omitempty"`
	Source string     `json:"source"`
}

func toBleveDoc(a chronicle.Article) bleveDoc {
	d := bleveDoc{Title: a.Title, Source: a.Source, Text: joinText(a)}
	if a.Dated() {
		t := a.Published.UTC()
		d.Date = &t
	}
	return d
}

// joinText is the searchable body: headings and paragraphs, one per line.
func joinText(a chronicle.Article) string {
	n := 0
	for _, p := range a.Paragraphs {
		n += len(p.Text) + 1
	}
	b := make([]byte, 0, n)
	last := ""
	for _, p := range a.Paragraphs {
		if p.Heading != "" && p.Heading != last {
			b = append(b, p.Heading...)
			b = append(b, '\n')
			last = p.Heading
		}
		b = append(b, p.Text...)
		b = append(b, '\n')
	}
	return string(b)
}
