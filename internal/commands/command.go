package commands

import (
	"context"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// Command is one command: its definition and its handler.
type Command interface {
	Definition() Definition
	// Handle answers a KindCommand request.
	Handle(ctx context.Context, req Request) (Response, error)
}

// ComponentHandler is implemented by commands that own buttons. The router
// sends a click to the command whose ComponentPrefix equals the custom ID's
// text before the first ':'.
type ComponentHandler interface {
	ComponentPrefix() string
	HandleComponent(ctx context.Context, req Request) (Response, error)
}

// Autocompleter is implemented by commands with autocomplete options.
type Autocompleter interface {
	Autocomplete(ctx context.Context, req Request) ([]Choice, error)
}

// Answerer answers a question from the corpus; a zero asOf means no limit.
type Answerer interface {
	Ask(ctx context.Context, question string, asOf time.Time) (chronicle.Answer, error)
}

// Searcher finds articles.
type Searcher interface {
	Search(ctx context.Context, q chronicle.SearchQuery) (chronicle.SearchResult, error)
}

// Articles looks articles up by ID and by title prefix.
type Articles interface {
	Article(ctx context.Context, id string) (chronicle.Article, error)
	Titles(ctx context.Context, prefix string, limit int) ([]chronicle.TitleMatch, error)
}

// StatsSource describes the corpus.
type StatsSource interface {
	Stats(ctx context.Context) (chronicle.CorpusStats, error)
}

// definitionsUser is implemented by commands that list the router's
// commands (help); the router calls it once when built.
type definitionsUser interface {
	useDefinitions(defs []Definition)
}
