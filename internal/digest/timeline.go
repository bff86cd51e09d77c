package digest

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/terms"
)

// A timeline follows one event through its coverage. The window's articles
// that match the query are grouped with Events; the event whose articles are
// most about the query (summed over its articles, the idf-weighted share of
// the query's words in each headline and lead) is followed. Each of its
// articles is reduced to its headline and its first sentence that states
// what happened (see teaser). Two articles report the same development when
// those say the same (half the cosine of their words, half that of their
// names and figures, idf taken within the event, so that what every report
// of the event shares counts little and a new figure, name or verb counts
// much) and were published within devGrace of each other; developments are
// joined by the same agglomerative clustering as events, at devThreshold.
// A development quotes its most central report and counts the others.

const (
	// devThreshold is the least linkage for two groups of reports to be
	// one development.
	devThreshold = 0.12
	// devGrace is how far apart two reports of one development may be;
	// beyond it their similarity fades by e every further day.
	devGrace = 24 * time.Hour
	// DefaultTimelineArticles is how many articles of the window a
	// timeline reads by default.
	DefaultTimelineArticles = 1000
)

// TimelineOptions select a timeline.
type TimelineOptions struct {
	// Query says which event to follow ("Moscow concert hall attack").
	Query string
	// From and To bound the window, as in Options.
	From, To time.Time
	// MaxArticles bounds how many matching articles are read (default
	// DefaultTimelineArticles).
	MaxArticles int
	// MaxQuote is the longest quote in characters (default 280).
	MaxQuote int
}

// Timeline is the dated developments of one event, oldest first.
type Timeline struct {
	Query string    `json:"query"`
	From  time.Time `json:"from"`
	To    time.Time `json:"to"`
	// Articles is how many articles of the window matched the query.
	Articles int `json:"articles"`
	// Reports is how many of them belong to the followed event.
	Reports int `json:"reports"`
	// Outlets lists the event's known outlets, first to report first.
	Outlets      []string      `json:"outlets,omitempty"`
	Developments []Development `json:"developments"`
}

// Development is one step of an event: a day's news or a change (a new
// figure, an arrest, a claim), quoted from one of the reports that carried
// it.
type Development struct {
	// Date is the day of its first report (YYYY-MM-DD); First is the time.
	Date  string    `json:"date"`
	First time.Time `json:"first"`
	// Citation quotes the most central report verbatim.
	Citation chronicle.Citation `json:"citation"`
	// Reports is how many articles carried it; Outlets who carried them,
	// the cited outlet first.
	Reports int      `json:"reports"`
	Outlets []string `json:"outlets,omitempty"`
}

// Empty reports whether the timeline has no developments.
func (t Timeline) Empty() bool { return len(t.Developments) == 0 }

// TimelineBuilder builds timelines from a Source.
type TimelineBuilder struct {
	Source Source
}

// Build searches the window of opts for the query, follows the event that
// best matches it and lists its developments. A window with no matching
// event gives an empty Timeline, not an error.
func (b TimelineBuilder) Build(ctx context.Context, opts TimelineOptions) (Timeline, error) {
	if strings.TrimSpace(opts.Query) == "" {
		return Timeline{}, chronicle.Errorf(chronicle.EINVALID, "Say which event to follow, for example: Moscow concert hall attack.")
	}
	if !opts.From.IsZero() && !opts.To.IsZero() && opts.To.Before(opts.From) {
		return Timeline{}, chronicle.Errorf(chronicle.EINVALID, "The window ends (%s) before it starts (%s).",
			opts.To.Format(time.DateOnly), opts.From.Format(time.DateOnly))
	}
	if opts.MaxArticles <= 0 {
		opts.MaxArticles = DefaultTimelineArticles
	}
	arts, err := b.Source.Window(ctx, chronicle.SearchQuery{Text: opts.Query, From: opts.From, To: opts.To, Limit: opts.MaxArticles})
	if err != nil {
		return Timeline{}, fmt.Errorf("timeline window %s..%s: %w", opts.From.Format(time.DateOnly), opts.To.Format(time.DateOnly), err)
	}
	t, err := TimelineOf(ctx, inWindow(arts, opts.From, opts.To), opts.Query, opts.MaxQuote)
	if err != nil {
		return Timeline{}, fmt.Errorf("timeline: %w", err)
	}
	t.From, t.To = opts.From, opts.To
	return t, nil
}

// TimelineOf follows the event of arts that best matches query (see the
// package comment of timeline.go) and lists its developments, oldest
// first. Undated articles are left out. maxQuote <= 0 means 280. The
// error is ctx's, when it ends first.
func TimelineOf(ctx context.Context, arts []chronicle.Article, query string, maxQuote int) (Timeline, error) {
	if maxQuote <= 0 {
		maxQuote = 280
	}
	dated := make([]chronicle.Article, 0, len(arts))
	for _, a := range arts {
		if a.Dated() {
			dated = append(dated, a)
		}
	}
	t := Timeline{Query: query, Articles: len(dated), Developments: []Development{}}
	events, err := Events(ctx, dated)
	if err != nil {
		return Timeline{}, err
	}
	ev, ok := followed(events, query)
	if !ok {
		return t, nil
	}
	t.Reports, t.Outlets = len(ev.Articles), ev.Outlets
	if t.Developments, err = developments(ctx, ev.Articles, maxQuote); err != nil {
		return Timeline{}, err
	}
	return t, ctx.Err()
}

// report is one article of the followed event, reduced to what it reports.
type report struct {
	art  *chronicle.Article
	text string // the quoted sentence
	para int
}

// followed returns the event whose articles are most about query (the sum
// over its articles of about, below) with the articles of every other event
// that is about the query as a whole (the mean of about over its articles
// at least topicThreshold): the grouping leaves some follow-ups of an event
// apart (a court hearing, an arrest), and the query names them. ok is false
// when no article holds a word of the query.
func followed(events []Event, query string) (Event, bool) {
	q := dedupe(tokens(query))
	voc := newVocab()
	var leads [][]string
	for _, e := range events {
		for _, a := range e.Articles {
			leads = append(leads, dedupe(append(tokens(a.Title), tokens(leadText(a, leadWords))...)))
			voc.addDoc(leads[len(leads)-1])
		}
	}
	total := 0.0
	weight := make(map[string]float64, len(q))
	for _, w := range q {
		if id, ok := voc.ids[w]; ok {
			weight[w] = voc.idf(id)
			total += weight[w]
		}
	}
	// about is the idf-weighted share of the query's words in an
	// article's headline and lead.
	sums := make([]float64, len(events))
	best, k := -1, 0
	for i, e := range events {
		for range e.Articles {
			for _, w := range leads[k] {
				sums[i] += weight[w] / total
			}
			k++
		}
		if sums[i] > 0 && (best < 0 || sums[i] > sums[best]) {
			best = i
		}
	}
	if best < 0 {
		return Event{}, false
	}
	ev := events[best]
	ev.Articles = slices.Clone(ev.Articles)
	for i, e := range events {
		if i != best && sums[i]/float64(len(e.Articles)) >= topicThreshold {
			ev.Articles = append(ev.Articles, e.Articles...)
		}
	}
	slices.SortStableFunc(ev.Articles, func(a, b chronicle.Article) int { return a.Published.Compare(b.Published) })
	ev.Outlets = nil
	for _, a := range ev.Articles {
		if a.Source != "" && !slices.Contains(ev.Outlets, a.Source) {
			ev.Outlets = append(ev.Outlets, a.Source)
		}
	}
	return ev, true
}

// leadText is the first n words of an article's body.
func leadText(a chronicle.Article, n int) string {
	var words []string
	for _, p := range a.Paragraphs {
		words = append(words, strings.Fields(p.Text)...)
		if len(words) >= n {
			return strings.Join(words[:n], " ")
		}
	}
	return strings.Join(words, " ")
}

// reportOf picks what an article reports: its first quotable sentence that
// is not a teaser among its first candSentences, else its first quotable
// sentence, else its first sentence, else its headline.
func reportOf(a *chronicle.Article) report {
	var first, firstQuotable *report
	n := 0
paras:
	for p, para := range a.Paragraphs {
		for _, s := range sentences(para.Text) {
			r := report{art: a, text: strings.TrimSpace(s), para: p}
			if r.text == "" {
				continue
			}
			if first == nil {
				first = &r
			}
			if quotable(r.text) {
				if !teaser(r.text) {
					return r
				}
				if firstQuotable == nil {
					firstQuotable = &r
				}
			}
			if n++; n >= candSentences {
				break paras
			}
		}
	}
	switch {
	case firstQuotable != nil:
		return *firstQuotable
	case first != nil:
		return *first
	}
	return report{art: a, text: a.Title, para: -1}
}

// developments groups an event's reports (oldest first) into
// developments, oldest first.
func developments(ctx context.Context, arts []chronicle.Article, maxQuote int) ([]Development, error) {
	reps := make([]report, len(arts))
	voc, nameVoc := newVocab(), newVocab()
	wordIDs, nameIDs := make([][]int32, len(arts)), make([][]int32, len(arts))
	seen := newCaseSeen()
	for i := range arts {
		reps[i] = reportOf(&arts[i])
		seen.addDoc(arts[i].Title, reps[i].text)
	}
	for i := range arts {
		title := tokens(arts[i].Title)
		wordIDs[i] = voc.addDoc(append(title, tokens(reps[i].text)...))
		nameIDs[i] = nameVoc.addDoc(names(arts[i].Title, reps[i].text, seen, false))
	}
	words, nameVecs := make([]vector, len(arts)), make([]vector, len(arts))
	for i := range arts {
		words[i], nameVecs[i] = voc.weighPow(wordIDs[i], 1.5), nameVoc.weighPow(nameIDs[i], 1.5)
	}
	sims := make(map[[2]int]float64)
	for i := range arts {
		if i%ctxEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		for j := i + 1; j < len(arts); j++ {
			s := wordWeight*cosine(words[i], words[j]) + nameWeight*cosine(nameVecs[i], nameVecs[j])
			if s *= devTime(arts[i].Published, arts[j].Published); s > 0 {
				sims[[2]int{i, j}] = s
			}
		}
	}
	groups, err := agglomerate(ctx, len(arts), sims, devThreshold, nil)
	if err != nil {
		return nil, err
	}
	var out []Development
	for _, g := range groups {
		out = append(out, development(reps, g, sims, maxQuote))
	}
	slices.SortStableFunc(out, func(a, b Development) int {
		if c := a.First.Compare(b.First); c != 0 {
			return c
		}
		return strings.Compare(a.Citation.ArticleID, b.Citation.ArticleID)
	})
	return out, nil
}

// devTime weighs the similarity of two reports by the time between them: 1
// within devGrace, then falling by e every further day.
func devTime(a, b time.Time) float64 {
	gap := a.Sub(b).Abs()
	if gap <= devGrace {
		return 1
	}
	return math.Exp(-(gap - devGrace).Hours() / 12)
}

// development describes the group g of reps (ascending, so oldest first):
// it quotes the member most similar to the others, the earliest on a tie;
// a sentence that leans on an earlier one (see dangling) only when no
// member has one that stands alone, and a headline only when no member has
// a sentence to quote.
func development(reps []report, g []int, sims map[[2]int]float64, maxQuote int) Development {
	// A report quoted from its body beats one that only has a headline,
	// and one that stands alone beats one that leans on what came before.
	best, bestSum := g[0], -4.0
	for _, i := range g {
		sum := 0.0
		for _, j := range g {
			sum += sims[[2]int{min(i, j), max(i, j)}]
		}
		switch {
		case reps[i].para < 0:
			sum = -3
		case dangling(reps[i].text):
			sum = -2 + sum/float64(len(g)+1)
		}
		if sum > bestSum+1e-9 {
			best, bestSum = i, sum
		}
	}
	r := reps[best]
	a := r.art
	outlets := []string{}
	if a.Source != "" {
		outlets = append(outlets, a.Source)
	}
	for _, i := range g {
		if src := reps[i].art.Source; src != "" && !slices.Contains(outlets, src) {
			outlets = append(outlets, src)
		}
	}
	first := reps[g[0]].art.Published
	return Development{
		// The UTC day, the day the windows put it on.
		Date: first.UTC().Format(time.DateOnly), First: first, Reports: len(g), Outlets: outlets,
		Citation: chronicle.Citation{Text: clip(shown(r.text), maxQuote), ArticleID: a.ID, Title: a.Title,
			Source: a.Source, Published: a.Published, URL: a.URL, Paragraph: max(r.para, 0)},
	}
}

// Text renders the timeline for a terminal: a heading, then one line per
// development (its day, how many reports, the quote) and its citation.
func (t Timeline) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Timeline: %q", t.Query)
	if !t.From.IsZero() && !t.To.IsZero() {
		fmt.Fprintf(&b, ", %s – %s", Bound(t.From), Bound(t.To))
	}
	if t.Empty() {
		fmt.Fprintf(&b, "\nNo event in the window matches %q (%d articles read).\n", t.Query, t.Articles)
		return b.String()
	}
	// An article that names no outlet is shown as the digest shows it:
	// its date alone, and no "outlets: 0" ("unknown outlet" before).
	outlets := ""
	if len(t.Outlets) > 0 {
		outlets = fmt.Sprintf(", outlets: %d", len(t.Outlets))
	}
	fmt.Fprintf(&b, " (%s from %s%s)\n\n", terms.Counted(len(t.Developments), "development", "developments"), Reports(t.Reports), outlets)
	for _, d := range t.Developments {
		fmt.Fprintf(&b, "%s  %s  %q\n", d.First.UTC().Format("2 Jan"), Reports(d.Reports), d.Citation.Text)
		c := d.Citation
		src := ""
		if c.Source != "" {
			src = c.Source + ", "
		}
		fmt.Fprintf(&b, "        %s%s: %s\n", src, c.Published.UTC().Format("2 Jan 2006"), c.Title)
		if c.URL != "" {
			fmt.Fprintf(&b, "        %s\n", c.URL)
		}
	}
	return b.String()
}

// Reports counts reports in words: "1 report", "3 reports".
func Reports(n int) string { return terms.Counted(n, "report", "reports") }
