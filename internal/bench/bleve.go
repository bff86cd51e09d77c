package bench

import (
	"context"
	"fmt"
	"html"
	"path/filepath"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/chronicle-bot/chronicle"
)

// The bare-Bleve baseline: bleve.NewIndexMapping() as it comes (dynamic
// mapping, standard analyzer, stored fields with term vectors, the "_all"
// composite field), one document {title, text, date} per article; the
// question is a match query on "_all" filtered by date, and the answer is
// the top hit's best fragment from Bleve's html highlighter, with the
// markup taken out.
const (
	bleveDir       = "bleve"
	bleveBatchSize = 500
	bleveHits      = 4
)

func buildBleve(ctx context.Context, dir string, paths []string) (int, error) {
	b, err := bleve.New(filepath.Join(dir, bleveDir), bleve.NewIndexMapping())
	if err != nil {
		return 0, fmt.Errorf("create bleve index: %w", err)
	}
	batch := b.NewBatch()
	n, err := eachArticle(ctx, paths, func(a chronicle.Article) error {
		doc := map[string]any{"title": a.Title, "text": articleText(a)}
		if a.Dated() {
			doc["date"] = a.Published.UTC()
		}
		if err := batch.Index(a.ID, doc); err != nil {
			return err
		}
		if batch.Size() >= bleveBatchSize {
			if err := b.Batch(batch); err != nil {
				return err
			}
			batch.Reset()
		}
		return nil
	})
	if err == nil {
		err = b.Batch(batch)
	}
	if err != nil {
		b.Close()
		return 0, fmt.Errorf("index: %w", err)
	}
	if err := b.Close(); err != nil {
		return 0, fmt.Errorf("close bleve index: %w", err)
	}
	return n, nil
}

// bleveEngine asks a bare Bleve index.
type bleveEngine struct{ b bleve.Index }

func openBleve(_ context.Context, dir string) (Engine, error) {
	b, err := bleve.OpenUsing(filepath.Join(dir, bleveDir), map[string]any{"read_only": true})
	if err != nil {
		return nil, fmt.Errorf("open bleve index in %s: %w", dir, err)
	}
	return bleveEngine{b}, nil
}

func (e bleveEngine) Ask(ctx context.Context, question string, asOf time.Time) (chronicle.Answer, error) {
	ans := chronicle.Answer{Question: question, AsOf: asOf}
	if strings.TrimSpace(question) == "" {
		return ans, chronicle.Errorf(chronicle.EINVALID, "The question has no words.")
	}
	var q query.Query = bleve.NewMatchQuery(question)
	if !asOf.IsZero() {
		dr := bleve.NewDateRangeQuery(time.Time{}, endOfDay(asOf))
		dr.SetField("date")
		q = bleve.NewConjunctionQuery(q, dr)
	}
	req := bleve.NewSearchRequestOptions(q, bleveHits, 0, false)
	req.Fields = []string{"title", "date"}
	req.Highlight = bleve.NewHighlight()
	req.Highlight.AddField("text")
	sr, err := e.b.SearchInContext(ctx, req)
	if err != nil {
		return ans, fmt.Errorf("bleve search %q: %w", question, err)
	}
	for _, h := range sr.Hits {
		c := chronicle.Citation{ArticleID: h.ID}
		c.Title, _ = h.Fields["title"].(string)
		if d, ok := h.Fields["date"].(string); ok {
			c.Published, _ = time.Parse(time.RFC3339, d)
		}
		if frags := h.Fragments["text"]; len(frags) > 0 {
			c.Text = plainFragment(frags[0])
		}
		if ans.Best == nil {
			ans.Best = &c
			continue
		}
		ans.Sources = append(ans.Sources, c)
	}
	if ans.Best != nil {
		ans.Confidence = 1
	}
	return ans, nil
}

func (e bleveEngine) Close() error { return e.b.Close() }

// plainFragment removes the html highlighter's <mark> tags and escaping.
func plainFragment(s string) string {
	s = strings.NewReplacer("<mark>", "", "</mark>", "").Replace(s)
	return html.UnescapeString(s)
}
