package chronicle

import "time"

// WeightedTerm is a word or phrase of a retrieval query with its boost.
type WeightedTerm struct {
	Text  string
	Boost float64
	// TextOnly skips the title field (for common words, where a title match
	// says little and costs a second posting-list scan).
	TextOnly bool
}

// RetrieveQuery asks the index for the articles most likely to hold an
// answer. Terms are analysed like article text; Phrases must match as
// phrases and only add to the score. It is built by the answer package, never
// from raw query syntax.
type RetrieveQuery struct {
	Terms   []WeightedTerm
	Phrases []WeightedTerm
	// From and To bound the publication time (inclusive); zero is open.
	// When either is set, undated articles are excluded.
	From, To time.Time
	Limit    int
}

// Candidate is a retrieved article and its relevance score.
type Candidate struct {
	Article Article
	Score   float64
}
