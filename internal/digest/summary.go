package digest

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/terms"
)

const (
	// leadWords is how much of a body (in words) describes an article for
	// grouping.
	leadWords = 60
	// candWords and candSentences bound the sentences considered for quoting.
	candWords     = 160
	candSentences = 10
	// nameWords is how much of a body (in words) gives an article's names.
	nameWords = 120
	// redundant is the similarity at which two points say the same.
	redundant = 0.25
	// maxGroupSentences bounds the LexRank graph of one story.
	maxGroupSentences = 120
)

// doc is one article prepared for summarising.
type doc struct {
	art   *chronicle.Article
	vec   vector
	names vector
	// proper are the ids of the article's proper names (see names, strict).
	proper []int32
	words  int
	sents  []int
}

// sentence is a candidate quote.
type sentence struct {
	doc, para, pos int
	text           string
	vec            vector
}

// summary holds the prepared window.
type summary struct {
	voc   *vocab
	names *vocab
	docs  []*doc
	sents []sentence
	topic vector
}

// newSummary tokenizes the articles' titles and leads, counts document
// frequencies and builds the article and sentence vectors.
func newSummary(arts []chronicle.Article, topic string) *summary {
	s := &summary{voc: newVocab(), names: newVocab()}
	leadIDs := make([][]int32, len(arts))
	nameIDs := make([][]int32, len(arts))
	nameBody := make([]string, len(arts))
	proper := make([][]int32, len(arts))
	seen := newCaseSeen()
	sentTerms := make([][]string, 0, len(arts)*candSentences)
	for i := range arts {
		a := &arts[i]
		d := &doc{art: a}
		title := tokens(a.Title)
		lead := append(slices.Clone(title), title...)
		all := slices.Clone(title)
		words := 0
		var nameText []string
	paras:
		for p, para := range a.Paragraphs {
			for _, text := range sentences(para.Text) {
				n := len(strings.Fields(text))
				terms := tokens(text)
				if words < leadWords {
					lead = append(lead, terms...)
				}
				if words < nameWords {
					nameText = append(nameText, text)
				}
				all = append(all, terms...)
				if quotable(text) && len(d.sents) < candSentences {
					d.sents = append(d.sents, len(s.sents))
					s.sents = append(s.sents, sentence{doc: i, para: p, pos: len(d.sents) - 1, text: text})
					sentTerms = append(sentTerms, terms)
				}
				words += n
				if words >= candWords {
					break paras
				}
			}
		}
		d.words = words
		s.voc.addDoc(dedupe(all))
		leadIDs[i] = s.voc.lookup(lead)
		nameBody[i] = strings.Join(nameText, " ")
		seen.addDoc(a.Title, nameBody[i])
		s.docs = append(s.docs, d)
	}
	for i := range arts {
		nameIDs[i] = s.names.addDoc(names(arts[i].Title, nameBody[i], seen, false))
		proper[i] = s.names.lookup(names(arts[i].Title, nameBody[i], seen, true))
	}
	for i, d := range s.docs {
		d.vec = s.voc.weighPow(leadIDs[i], 1.5)
		d.names = s.names.weigh(nameIDs[i])
		d.proper = dedupeIDs(proper[i])
	}
	for i := range s.sents {
		s.sents[i].vec = s.voc.weigh(s.voc.lookup(sentTerms[i]))
	}
	if topic != "" {
		s.topic = s.voc.weigh(s.voc.lookup(tokens(topic)))
	}
	return s
}

func dedupe(terms []string) []string {
	seen := make(map[string]bool, len(terms))
	out := terms[:0:0]
	for _, t := range terms {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// stories groups the articles (oldest first, so stories grow as they
// broke), ranks the groups and orders each group's candidate sentences.
func (s *summary) stories(ctx context.Context, from, to time.Time) ([]*story, error) {
	order := make([]int, len(s.docs))
	for i := range s.docs {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return s.docs[a].art.Published.Compare(s.docs[b].art.Published)
	})
	if from.IsZero() || to.IsZero() {
		from, to = s.docs[order[0]].art.Published, s.docs[order[len(order)-1]].art.Published
	}
	// Cluster in time order, so that each group lists its articles oldest
	// first.
	words, nameVecs, when := make([]vector, len(order)), make([]vector, len(order)), make([]time.Time, len(order))
	for i, d := range order {
		words[i], nameVecs[i], when[i] = s.docs[d].vec, s.docs[d].names, s.docs[d].art.Published
	}
	vecs := make([]vector, len(s.docs))
	for i, d := range s.docs {
		vecs[i] = d.vec
	}
	keys := make([][]int32, len(order))
	for i, d := range order {
		keys[i] = s.docs[d].proper
	}
	sims, err := pairSims(ctx, words, nameVecs, when, neighbours(len(order)))
	if err != nil {
		return nil, err
	}
	groups, err := agglomerate(ctx, len(order), sims, mergeThreshold, keys)
	if err != nil {
		return nil, err
	}
	var out []*story
	for _, group := range groups {
		members := make([]int, len(group))
		for i, g := range group {
			members[i] = order[g]
		}
		st := &story{docs: members, outlets: outletsOf(s.docs, members)}
		gv := make([]vector, len(members))
		for i, m := range members {
			gv[i] = vecs[m]
			if p := s.docs[m].art.Published; p.After(st.newest) {
				st.newest = p
			}
		}
		st.centroid = centroid(gv)
		out = append(out, st)
	}
	rankStories(out, s.docs, from, to, s.topic)
	return out, nil
}

// topicThreshold is the least topicMatch for an event to be about a topic:
// more than half the weight of a topic of two words.
const topicThreshold = 0.6

// topicMatch is how well a story is about the topic: over the topic's
// terms, weighted by their idf, the mean share of the story's articles
// whose headline and lead hold the term. An event that merely mentions a
// topic word in one of its articles scores low; one whose coverage is about
// it scores near 1.
func (s *summary) topicMatch(st *story) float64 {
	var sum, total float64
	for _, e := range s.topic {
		w := s.voc.idf(e.id)
		total += w
		n := 0
		for _, m := range st.docs {
			if weightOf(s.docs[m].vec, e.id) > 0 {
				n++
			}
		}
		sum += w * float64(n) / float64(len(st.docs))
	}
	if total == 0 {
		return 0
	}
	return sum / total
}

// onTopic keeps the stories whose topicMatch reaches topicThreshold (all of
// them without a topic), in order.
func (s *summary) onTopic(stories []*story) []*story {
	if len(s.topic) == 0 {
		return stories
	}
	out := stories[:0:0]
	for _, st := range stories {
		if s.topicMatch(st) >= topicThreshold {
			out = append(out, st)
		}
	}
	return out
}

// central orders a story's quotable sentences by LexRank centrality,
// closeness to the story's centroid and position in the lead, sentences
// that state what happened before teasers, questions and promotions (see
// teaser).
func (s *summary) central(st *story) []int {
	var ids []int
	for _, m := range st.docs {
		ids = append(ids, s.docs[m].sents...)
		if len(ids) >= maxGroupSentences {
			break
		}
	}
	vecs := make([]vector, len(ids))
	for i, id := range ids {
		vecs[i] = s.sents[id].vec
	}
	lr := lexRank(vecs)
	score := make(map[int]float64, len(ids))
	lead := make(map[int]bool, len(ids))
	for i, id := range ids {
		pos := 1 / float64(1+s.sents[id].pos)
		score[id] = 0.4*lr[i] + 0.4*cosine(vecs[i], st.centroid) + 0.2*pos
		lead[id] = !teaser(s.sents[id].text)
	}
	slices.SortStableFunc(ids, func(a, b int) int {
		switch {
		case lead[a] != lead[b]:
			if lead[a] {
				return -1
			}
			return 1
		case score[a] > score[b]:
			return -1
		case score[a] < score[b]:
			return 1
		}
		return 0
	})
	return ids
}

// points picks up to opts.MaxPoints stories by maximal marginal relevance:
// each next point maximises 0.7 × its rank score minus 0.3 × its greatest
// similarity to a chosen point, and a point too similar (redundant) to a
// chosen one is never taken. A story is quoted by the sentence that best
// states it apart from the points already chosen (see quoteFor): a
// follow-up's lead often restates the event it follows.
func (s *summary) points(ctx context.Context, stories []*story, opts Options) ([]Point, error) {
	pool := stories
	if opts.MaxPoints < (len(stories)+3)/4 { // 4 × MaxPoints, which can wrap, is under len(stories)
		pool = stories[:4*opts.MaxPoints]
	}
	type cand struct {
		st    *story
		sents []int
	}
	var cands []cand
	top := 0.0
	for i, st := range pool {
		if i%16 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if c := s.central(st); len(c) > 0 {
			cands = append(cands, cand{st, c[:min(len(c), quoteChoices)]})
			top = max(top, st.score)
		}
	}
	type pick struct {
		st   *story
		sent int
	}
	var chosen []pick
	var chosenStories []*story
	var chosenSents []int
	for len(chosen) < opts.MaxPoints {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		best, bestVal, bestSent := -1, 0.0, 0
		for i, c := range cands {
			if c.st == nil {
				continue
			}
			sent, sentSim := s.quoteFor(c.st, c.sents, chosenStories, chosenSents)
			sim := sentSim
			for _, p := range chosen {
				sim = max(sim, cosine(c.st.centroid, p.st.centroid))
			}
			if sim >= redundant {
				cands[i].st = nil
				continue
			}
			if val := 0.7*c.st.score/top - 0.3*sim; best < 0 || val > bestVal {
				best, bestVal, bestSent = i, val, sent
			}
		}
		if best < 0 {
			break
		}
		chosen = append(chosen, pick{cands[best].st, bestSent})
		chosenSents = append(chosenSents, bestSent)
		chosenStories = append(chosenStories, cands[best].st)
		cands[best].st = nil
	}
	out := make([]Point, len(chosen))
	for i, c := range chosen {
		out[i] = s.point(c.st, s.sents[c.sent], opts.MaxQuote)
	}
	return out, nil
}

// quoteChoices is how many of a story's most central sentences may quote
// it.
const quoteChoices = 5

// quoteFor picks among a story's candidate sentences (most central first)
// the one that best states it apart from the stories already chosen: the
// greatest cosine to its own story's centroid less the greatest to a
// chosen story's centroid (the most central when none is chosen). A
// follow-up's lead often restates the event it follows ("... disclosed that
// ISIS was behind a devastating attack in Moscow"); another of its
// sentences states the follow-up. It returns the sentence and its greatest
// similarity to a chosen story's quote or centroid.
func (s *summary) quoteFor(st *story, cands []int, chosen []*story, chosenSents []int) (int, float64) {
	best, bestVal := cands[0], 0.0
	for r, id := range cands {
		if len(chosen) == 0 {
			break
		}
		if teaser(s.sents[id].text) && !teaser(s.sents[cands[0]].text) {
			continue // a teaser never replaces a lead
		}
		other := 0.0
		for _, c := range chosen {
			other = max(other, cosine(s.sents[id].vec, c.centroid))
		}
		if val := cosine(s.sents[id].vec, st.centroid) - other; r == 0 || val > bestVal {
			best, bestVal = id, val
		}
	}
	sim := 0.0
	for _, c := range chosenSents {
		sim = max(sim, cosine(s.sents[best].vec, s.sents[c].vec))
	}
	return best, sim
}

func (s *summary) point(st *story, sent sentence, maxQuote int) Point {
	a := s.docs[sent.doc].art
	// The cited outlet first; outletsOf leaves out the unknown outlet "".
	var outlets []string
	if a.Source != "" {
		outlets = append(outlets, a.Source)
	}
	for _, o := range st.outlets {
		if o != a.Source {
			outlets = append(outlets, o)
		}
	}
	return Point{
		Citation: chronicle.Citation{
			Text: clip(shown(sent.text), maxQuote), ArticleID: a.ID, Title: a.Title, Source: a.Source,
			Published: a.Published, URL: a.URL, Paragraph: sent.para,
		},
		Date:     a.Published.UTC().Format(time.DateOnly), // the window's days are UTC days
		Articles: len(st.docs),
		Outlets:  outlets,
	}
}

// shown is a sentence as a reader sees it: without the page time stamp a
// scraper glued to it ("Updated Jan. 3, 2026, 2:06 p.m. ET The ...").
func shown(s string) string {
	t, _ := terms.CutStamps(s, nil)
	return t
}

// clip cuts s to at most n characters at a word boundary, adding an
// ellipsis when it cuts.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n-1]
	cut := string(r)
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:") + "…"
}

func dedupeIDs(ids []int32) []int32 {
	seen := make(map[int32]bool, len(ids))
	out := ids[:0:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
