package bench

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// Names of the systems, in the order they are reported.
const (
	Chronicle = "chronicle"
	FTS5      = "fts5"
	Bleve     = "bleve"
)

// Engine answers questions from an open index.
type Engine interface {
	Ask(ctx context.Context, question string, asOf time.Time) (chronicle.Answer, error)
	Close() error
}

// System is one system under test: how it builds an index from corpus
// files and how it opens one to answer questions.
type System struct {
	Name string
	// Description is a one-line account of the method, for reports.
	Description string
	// Build indexes the corpus files under paths into dir and returns the
	// number of articles indexed.
	Build func(ctx context.Context, dir string, paths []string) (int, error)
	// Open opens an index that Build wrote to dir.
	Open func(ctx context.Context, dir string) (Engine, error)
}

// Systems returns every system, Chronicle first.
func Systems() []System {
	return []System{
		{Name: Chronicle, Description: "index.Open + Sync; answer.New(ix).Ask",
			Build: buildChronicle, Open: openChronicle},
		{Name: FTS5, Description: "SQLite FTS5 (modernc.org/sqlite): OR of the question's words, bm25, snippet() of 48 tokens",
			Build: buildFTS5, Open: openFTS5},
		{Name: Bleve, Description: "bare Bleve, default dynamic mapping: match query, top hit's best highlighted fragment",
			Build: buildBleve, Open: openBleve},
	}
}

// Lookup returns the system called name.
func Lookup(name string) (System, error) {
	var names []string
	for _, s := range Systems() {
		if s.Name == name {
			return s, nil
		}
		names = append(names, s.Name)
	}
	return System{}, fmt.Errorf("unknown system %q (want one of %s)", name, strings.Join(names, ", "))
}

// articleText is an article's body as one string, paragraphs separated by
// blank lines.
func articleText(a chronicle.Article) string {
	var b strings.Builder
	for i, p := range a.Paragraphs {
		if i > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(p.Text)
	}
	return b.String()
}

// endOfDay is the last instant of t's day.
func endOfDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 23, 59, 59, 999999999, t.Location())
}
