// Package jsonout writes the JSON objects of the command-line contract
// (DESIGN.md): the answer object of ask --json, ask --batch and eval's
// per-question files, and the objects of search, digest and timeline
// --json. Fields may be added, never renamed. Citations have one shape
// everywhere, dated YYYY-MM-DD.
package jsonout

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/digest"
)

// Answer is the answer object of the CLI contract.
type Answer struct {
	ID         json.RawMessage `json:"id,omitempty"`
	Question   string          `json:"question"`
	AsOf       string          `json:"as_of,omitempty"`
	Answer     *Citation       `json:"answer"`
	Sources    []Citation      `json:"sources"`
	Confidence float64         `json:"confidence"`
	// Missing lists the question's names and years that no source holds
	// (the answer is then declined).
	Missing []string `json:"missing,omitempty"`
	// Searched is the question as searched when misspelt words were
	// corrected.
	Searched string `json:"searched,omitempty"`
	// CurrentAsOf is, for a question about the present ("now", "current",
	// or "who is") asked without an as-of day, the day the answer stands
	// for: that of the newest article in the index. The text output says
	// "Current as of ..."; a consumer compares it with the answer's date
	// (nu44: the JSON had no word of it).
	CurrentAsOf string `json:"current_as_of,omitempty"`
	// Misdated counts the articles matching the question that were left
	// out, asked without an as-of day, for being dated after tomorrow, UTC (their
	// dates taken for mistakes): none is quoted as current.
	Misdated int `json:"misdated,omitempty"`
	// Value is the figure or name the answer gives, as written.
	Value string `json:"value,omitempty"`
	// Agreement is how many outlets give the answer's value.
	Agreement int `json:"agreement"`
	// Alternatives are the other figures or names the sources give, newest
	// first, each with its citation and date.
	Alternatives []Alternative `json:"alternatives"`
	Error        string        `json:"error,omitempty"`
}

// Alternative is another answer a source gives: the value and the
// citation of the sentence that gives it.
type Alternative struct {
	Value string `json:"value"`
	Citation
}

// Citation is a quoted passage and where it comes from; date is
// YYYY-MM-DD and paragraph counts from 0.
type Citation struct {
	Text      string `json:"text"`
	ArticleID string `json:"article_id"`
	Title     string `json:"title"`
	Source    string `json:"source"`
	Date      string `json:"date"`
	URL       string `json:"url"`
	Paragraph int    `json:"paragraph"`
	// LastParagraph is the paragraph the text ends in (Paragraph when it
	// is all of one).
	LastParagraph int `json:"last_paragraph"`
}

// FromCitation is c as the contract writes it.
func FromCitation(c chronicle.Citation) Citation {
	return Citation{Text: c.Text, ArticleID: c.ArticleID, Title: c.Title, Source: c.Source,
		Date: date(c.Published), URL: c.URL, Paragraph: c.Paragraph, LastParagraph: c.LastPara()}
}

// FromAnswer is the answer object of ans (without an id).
func FromAnswer(ans chronicle.Answer) Answer {
	out := Answer{Question: ans.Question, AsOf: date(ans.AsOf), Confidence: round2(ans.Confidence),
		Sources: []Citation{}, Missing: ans.Missing, Searched: ans.Searched, Misdated: ans.Misdated, Value: ans.Value, Agreement: ans.Agreement,
		Alternatives: []Alternative{}}
	if ans.AsOf.IsZero() && (ans.Present || ans.Standing) {
		out.CurrentAsOf = date(ans.Day)
	}
	for _, a := range ans.Alternatives {
		out.Alternatives = append(out.Alternatives, Alternative{Value: a.Value, Citation: FromCitation(a.Citation)})
	}
	if ans.Best != nil {
		c := FromCitation(*ans.Best)
		out.Answer = &c
	}
	for _, s := range ans.Sources {
		out.Sources = append(out.Sources, FromCitation(s))
	}
	return out
}

// date writes t's UTC day as YYYY-MM-DD, or "" when it is zero: the
// days as_of and the windows are made of are UTC days (helper 132).
func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.DateOnly)
}

// round2 rounds f to two decimals.
func round2(f float64) float64 { return float64(int(f*100+0.5)) / 100 }

// ParseDay parses a day written as the contract writes dates, YYYY-MM-DD
// ("" is the zero time); its error names flag (a flag or a field).
func ParseDay(flag, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return ParseGivenDay(flag, s)
}

// ParseGivenDay is ParseDay for a day that was given (a flag on the command
// line, --as-of ""): "" is not a date, not the zero time.
func ParseGivenDay(flag, s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return t, fmt.Errorf("%s must be a date like 2024-03-26 (year-month-day), not %q", flag, s)
	}
	if !chronicle.InDateRange(t) {
		return time.Time{}, fmt.Errorf("%s (%s) is outside the years %d to %d that an index holds", flag, s, chronicle.FirstYear, chronicle.LastYear)
	}
	return t, nil
}

// Search is the object of `search --json`: the query, how many articles
// match and the results, best first.
type Search struct {
	Query   string      `json:"query"`
	Total   int         `json:"total"`
	Results []SearchHit `json:"results"`
}

// SearchHit is one search result: the best passage's citation, the
// passage with its matches in ** and the score.
type SearchHit struct {
	Citation
	Snippet string  `json:"snippet"`
	Score   float64 `json:"score"`
}

// FromSearch is the search object of res, the results of q.
func FromSearch(q chronicle.SearchQuery, res chronicle.SearchResult) Search {
	out := Search{Query: q.Text, Total: res.Total, Results: []SearchHit{}}
	for _, h := range res.Hits {
		c := FromCitation(h.Snippet)
		out.Results = append(out.Results, SearchHit{Citation: c, Snippet: boldSpans(h.Snippet), Score: h.Score})
	}
	return out
}

// boldSpans marks the highlight spans of a citation with ** (Discord
// markdown), leaving the rest of the text as it is.
func boldSpans(c chronicle.Citation) string {
	var b strings.Builder
	last := 0
	for _, s := range c.Highlights {
		if s.Start < last || s.End > len(c.Text) {
			continue
		}
		b.WriteString(c.Text[last:s.Start])
		b.WriteString("**" + c.Text[s.Start:s.End] + "**")
		last = s.End
	}
	b.WriteString(c.Text[last:])
	return b.String()
}

// Digest is the digest object of `digest --json`: digest.Digest as one
// Discord message shows it (commands.FitDigest), with citations shaped like
// those of ask and search (with their "date"); its Points hide the
// embedded ones.
type Digest struct {
	digest.Digest
	// Dropped is how many chosen points were left out so that the digest
	// fits one Discord message ("+2 more stories"); Points are those
	// that fit.
	Dropped int     `json:"dropped"`
	Points  []Point `json:"points"`
}

// Point is one story of a digest.
type Point struct {
	Citation Citation `json:"citation"`
	Date     string   `json:"date"`
	Articles int      `json:"articles"`
	Outlets  []string `json:"outlets,omitempty"`
}

// FromDigest is the digest object of d, the points that fit one message,
// and dropped, how many were left out (commands.FitDigest returns both).
func FromDigest(d digest.Digest, dropped int) Digest {
	out := Digest{Digest: d, Dropped: dropped, Points: []Point{}}
	for _, p := range d.Points {
		out.Points = append(out.Points, Point{Citation: FromCitation(p.Citation), Date: p.Date,
			Articles: p.Articles, Outlets: p.Outlets})
	}
	return out
}

// Timeline is digest.Timeline with citations shaped like those of ask
// and search.
type Timeline struct {
	digest.Timeline
	Developments []Development `json:"developments"`
}

// Development is one dated development of a timeline.
type Development struct {
	Date     string   `json:"date"`
	Citation Citation `json:"citation"`
	Reports  int      `json:"reports"`
	Outlets  []string `json:"outlets,omitempty"`
}

// FromTimeline is the timeline object of t.
func FromTimeline(t digest.Timeline) Timeline {
	out := Timeline{Timeline: t, Developments: []Development{}}
	for _, d := range t.Developments {
		out.Developments = append(out.Developments, Development{Date: d.Date, Citation: FromCitation(d.Citation),
			Reports: d.Reports, Outlets: d.Outlets})
	}
	return out
}
