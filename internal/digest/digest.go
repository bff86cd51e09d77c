// Package digest builds extractive multi-article summaries ("digests") of the
// coverage in a time window, optionally narrowed to a topic.
//
// How it works: the articles of the window come from a Source (the index).
// Each article becomes two TF-IDF vectors: the words of its title (counted
// twice) and lead, and its names and figures (capitalised words and runs of
// them, numbers; see names). Events groups the articles into events by
// agglomerative clustering: the similarity of two articles is half the
// cosine of their word vectors plus half that of their name vectors, fading
// when they are more than two days apart, and two groups merge while the
// cosine of their summed vectors is at least mergeThreshold (see
// agglomerate.go; docs/DIGEST.md has the measured figures). Events are
// ranked by a weighted sum of coverage (distinct outlets, and articles on a
// log scale), substance and recency (rankStories); with a topic, closeness
// to it adds to the sum, and only events whose coverage as a whole is about
// it are kept (topicMatch). Within an event the sentences of the articles'
// leads are scored by LexRank centrality plus similarity to the event's
// centroid and a lead-position prior; the best quotable sentence represents
// it. Maximal marginal relevance then picks points so that no two say the same
// thing. Every point quotes article text verbatim with its citation and says
// how many outlets and articles carried the story. Build returns every
// point it chose (up to Options.MaxPoints); Text renders them as plain text.
// The package knows nothing of Discord: internal/commands renders a digest
// as a Discord message, escaped and fitted to one message
// (commands.DigestMessage).
package digest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// Source gives the articles of a time window. The index implements it.
type Source interface {
	// Window returns full articles published in q.From..q.To that match
	// q.Text (all of them when Text is empty), newest first, up to q.Limit
	// (0 = no limit).
	Window(ctx context.Context, q chronicle.SearchQuery) ([]chronicle.Article, error)
}

// Options select and shape a digest.
type Options struct {
	// Topic narrows the window to articles matching this text; "" is all.
	Topic string
	// From and To bound the window. They are passed to the Source as they
	// are (the index compares whole days); articles published outside
	// From..To are then dropped, so pass exact instants or use DayWindow.
	From, To time.Time
	// ExclusiveEnd leaves To itself out of the window: [From, To). Scheduled
	// digests set it, so that an article published exactly at a run's time
	// is in the digest whose window starts then, not also in the one that
	// ends then. Without it both ends are in (DayWindow's whole days).
	ExclusiveEnd bool
	// MaxPoints is the most points in the digest (default DefaultMaxPoints).
	MaxPoints int
	// MaxArticles bounds how many articles are read (default
	// DefaultMaxArticles); a window with more is summarised from the newest
	// MaxArticles (of the best matching ones with a Topic) and the Digest
	// says so (Capped).
	MaxArticles int
	// MaxQuote is the longest quote in characters; longer sentences are cut
	// at a word boundary with an ellipsis (default 280).
	MaxQuote int
}

// Defaults of Options.
const (
	DefaultMaxPoints   = 5
	DefaultMaxArticles = 5000
	// MostPoints is the most points a digest may ask for: choosing each
	// point compares it with every point chosen before, and 200 points of
	// a dense month took a minute (helper 77).
	MostPoints = 50
)

func (o Options) withDefaults() Options {
	if o.MaxPoints <= 0 {
		o.MaxPoints = DefaultMaxPoints
	}
	o.MaxPoints = min(o.MaxPoints, MostPoints)
	if o.MaxArticles <= 0 {
		o.MaxArticles = DefaultMaxArticles
	}
	if o.MaxQuote <= 0 {
		o.MaxQuote = 280
	}
	return o
}

// DayWindow returns the window from the start of since's day to the end of
// until's day in loc (UTC when nil), for whole-day command-line ranges.
func DayWindow(since, until time.Time, loc *time.Location) (from, to time.Time) {
	if loc == nil {
		loc = time.UTC
	}
	from = time.Date(since.Year(), since.Month(), since.Day(), 0, 0, 0, 0, loc)
	to = time.Date(until.Year(), until.Month(), until.Day(), 0, 0, 0, 0, loc).AddDate(0, 0, 1).Add(-time.Nanosecond)
	return from, to
}

// Digest is a summary of a window's coverage.
type Digest struct {
	Topic string    `json:"topic,omitempty"`
	From  time.Time `json:"from"`
	To    time.Time `json:"to"`
	// Articles is how many articles of the window were considered.
	Articles int `json:"articles"`
	// Capped is true when the window held more articles than
	// Options.MaxArticles: only Articles of them were read.
	Capped bool `json:"capped"`
	// Stories is how many distinct stories they formed.
	Stories int `json:"stories"`
	// Points are the chosen stories, at most Options.MaxPoints, best first.
	Points []Point `json:"points"`

	// unquotable is true when the window had articles but none with a
	// sentence a digest quotes (NoCoverage says so).
	unquotable bool
	// exclusiveEnd is Options.ExclusiveEnd: To is not in the window.
	exclusiveEnd bool
}

// Point is one item of a digest: a story, quoted from one of its articles.
type Point struct {
	// Citation quotes the most central sentence of the story verbatim.
	Citation chronicle.Citation `json:"citation"`
	// Date is the cited article's publication day (YYYY-MM-DD).
	Date string `json:"date"`
	// Articles is how many articles of the window carried the story.
	Articles int `json:"articles"`
	// Outlets lists the distinct outlets that carried it, cited one first.
	Outlets []string `json:"outlets,omitempty"`
}

// Empty reports whether the digest has no points.
func (d Digest) Empty() bool { return len(d.Points) == 0 }

// Builder builds digests from a Source; it is the value the scheduler and
// the commands hold.
type Builder struct {
	Source Source
}

// Build is Build(ctx, b.Source, opts).
func (b Builder) Build(ctx context.Context, opts Options) (Digest, error) {
	return Build(ctx, b.Source, opts)
}

// CheckTopic returns the error Build gives for topic whatever the window:
// the Source's refusal of the topic itself, a *chronicle.Error with code
// EINVALID, such as the index's of a topic of stop words alone ("Those
// words are all too common to search by ..."), the reply /digest gives. A
// digest schedule checks its topic so when it is added, instead of failing
// at every run. The Source is asked for one article of a one-instant window
// (the first of 1970), so the check costs little; an empty topic is not
// checked. Other errors (the Source could not be asked) are returned
// wrapped: they say nothing of the topic.
func (b Builder) CheckTopic(ctx context.Context, topic string) error {
	if strings.TrimSpace(topic) == "" {
		return nil
	}
	at := time.Unix(0, 0).UTC()
	if _, err := b.Source.Window(ctx, chronicle.SearchQuery{Text: topic, From: at, To: at, Limit: 1}); err != nil {
		return fmt.Errorf("check digest topic: %w", err)
	}
	return nil
}

// Build reads the window's articles from src and summarises them. An empty
// window gives an empty Digest (Empty reports true; Text says there was no
// coverage), not an error.
//
// With a Topic, only events about it are kept: the index returns the
// articles that match the topic's words, and an event stays when its
// coverage as a whole is about the topic (see topicMatch), not when one of
// its articles mentions a topic word.
func Build(ctx context.Context, src Source, opts Options) (Digest, error) {
	opts = opts.withDefaults()
	if !opts.From.IsZero() && !opts.To.IsZero() && opts.To.Before(opts.From) {
		return Digest{}, chronicle.Errorf(chronicle.EINVALID, "The digest window ends (%s) before it starts (%s).",
			opts.To.Format(time.DateOnly), opts.From.Format(time.DateOnly))
	}
	// The Source's To is inclusive, and a midnight To is the whole of that
	// day to the index: an exclusive end is asked for as its last instant
	// before, so that the newest articles read are not the next day's.
	last := opts.To
	if opts.ExclusiveEnd && !last.IsZero() {
		last = last.Add(-time.Nanosecond)
	}
	// One article more than the cap tells whether the window has more.
	arts, err := src.Window(ctx, chronicle.SearchQuery{Text: opts.Topic, From: opts.From, To: last, Limit: opts.MaxArticles + 1})
	if err != nil {
		return Digest{}, fmt.Errorf("digest window %s..%s: %w", opts.From.Format(time.DateOnly), opts.To.Format(time.DateOnly), err)
	}
	d := Digest{Topic: opts.Topic, From: opts.From, To: opts.To, Points: []Point{}, exclusiveEnd: opts.ExclusiveEnd}
	arts = inWindow(arts, opts.From, last)
	if len(arts) > opts.MaxArticles {
		arts, d.Capped = arts[:opts.MaxArticles], true
	}
	d.Articles = len(arts)
	if len(arts) == 0 {
		return d, nil
	}
	s := newSummary(arts, opts.Topic)
	d.unquotable = len(s.sents) == 0
	if err := ctx.Err(); err != nil {
		return Digest{}, fmt.Errorf("digest: %w", err)
	}
	all, err := s.stories(ctx, opts.From, opts.To)
	if err != nil {
		return Digest{}, fmt.Errorf("digest: %w", err)
	}
	stories := s.onTopic(all)
	d.Stories = len(stories)
	if err := ctx.Err(); err != nil {
		return Digest{}, fmt.Errorf("digest: %w", err)
	}
	d.Points, err = s.points(ctx, stories, opts)
	if err != nil {
		return Digest{}, fmt.Errorf("digest: %w", err)
	}
	return d, nil
}

// inWindow drops undated articles, articles outside from..to and repeated
// ids, keeping the order.
func inWindow(arts []chronicle.Article, from, to time.Time) []chronicle.Article {
	seen := make(map[string]bool, len(arts))
	out := make([]chronicle.Article, 0, len(arts))
	for _, a := range arts {
		if !a.Dated() || seen[a.ID] || (!from.IsZero() && a.Published.Before(from)) || (!to.IsZero() && a.Published.After(to)) {
			continue
		}
		seen[a.ID] = true
		out = append(out, a)
	}
	return out
}

// outletsOf lists the distinct known outlets of docs, first seen first;
// articles without a source add none.
func outletsOf(docs []*doc, members []int) []string {
	var out []string
	for _, m := range members {
		if src := docs[m].art.Source; src != "" && !slices.Contains(out, src) {
			out = append(out, src)
		}
	}
	return out
}
