package chronicle

import "time"

// SearchQuery asks for articles matching free text. Text is a user's words and
// is never interpreted as query syntax.
type SearchQuery struct {
	Text string
	// From and To bound the publication date (inclusive days); zero is open.
	From, To time.Time
	// Limit is the page size (default 10); Offset skips that many hits.
	Limit, Offset int
}

// SearchHit is one matching article with its best passage.
type SearchHit struct {
	Article Article
	Score   float64
	// Snippet is the best matching passage with highlight spans.
	Snippet Citation
}

// SearchResult is a page of hits and the total number of matches.
type SearchResult struct {
	Total int
	Hits  []SearchHit
	// Corrected lists, for words of the query that no article holds, the
	// index's spelling that was searched beside them ("moscow" for
	// "moskow"), at a lower weight: articles with the words as typed come
	// first.
	Corrected []Correction
}

// Correction is a query word no article holds and the spelling searched
// for it instead.
type Correction struct {
	Word, As string
}

// TitleMatch is an autocomplete suggestion for an article.
type TitleMatch struct {
	ArticleID string
	Title     string
	Published time.Time
}

// CorpusStats describes the indexed corpus at a glance.
type CorpusStats struct {
	Articles int
	// Outlets counts articles per source; "" is the unknown source.
	Outlets map[string]int
	// Oldest and Newest span the dated articles published by the end of
	// tomorrow, UTC (Newest is the day answers without an as-of day are
	// given as of: index.Newest).
	Oldest, Newest time.Time
	// Ahead counts the articles dated after tomorrow, taken for misdated
	// (answers without an as-of day leave them out), and Latest is the
	// latest of their dates.
	Ahead   int
	Latest  time.Time
	Undated int
	// Updated is when the index last changed.
	Updated time.Time
}
