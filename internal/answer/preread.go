package answer

import (
	"slices"
	"sync"

	"github.com/chronicle-bot/chronicle"
)

// preread reads the recent window's articles (Answerer.retrieve) on the
// goroutine that searched them, while the search over every article still
// runs. The window's search ends first (a month of articles, a third as
// many hits), and on a machine of two cores its core would otherwise wait
// for the other search before any article is read: about 1.7 of the 2.6 ms
// the whole-corpus search takes on the RealTimeQA dev questions.
//
// The reader stops taking articles when the other search ends (halt):
// rank reads the rest on all cores, and waits only for the article the
// reader holds. A nil *preread reads nothing.
type preread struct {
	r        *ranker
	mu       sync.Mutex
	halted   bool
	claimed  map[string]bool // IDs taken by the reader, frozen once halted
	reads    map[string]articleRead
	finished chan struct{} // closed when run returns
}

func newPreread(r *ranker) *preread {
	if r.total == 0 { // rank reads nothing either
		return nil
	}
	return &preread{r: r, claimed: map[string]bool{}, reads: map[string]articleRead{}, finished: make(chan struct{})}
}

// run reads cands, in order, until halted. It must be called exactly once
// (with nil when the search failed), so that wait returns.
func (p *preread) run(cands []chronicle.Candidate) {
	if p == nil {
		return
	}
	defer close(p.finished)
	var sc *scratch
	for i := range cands {
		id := cands[i].Article.ID
		p.mu.Lock()
		halted, taken := p.halted, p.claimed[id]
		if !halted && !taken {
			p.claimed[id] = true
		}
		p.mu.Unlock()
		if halted {
			return
		}
		if taken { // the window's hits are distinct; this is only a guard
			continue
		}
		if sc == nil {
			sc = &scratch{stem: p.r.an.NewMemo()}
		}
		rd := p.r.read(&cands[i].Article, sc)
		p.mu.Lock()
		p.reads[id] = rd
		p.mu.Unlock()
	}
}

// halt stops the reader taking more articles and returns the IDs it took
// (read or being read).
func (p *preread) halt() map[string]bool {
	if p == nil {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.halted = true
	return p.claimed
}

// wait waits for the reader and returns, by index in cands, the reads of
// the articles it took (after halt): each made to refer to the candidate's
// own copy of its article, or zero (read it again) when that copy's text
// is not the one read.
func (p *preread) wait(cands []chronicle.Candidate) map[int]articleRead {
	if p == nil {
		return nil
	}
	<-p.finished
	out := make(map[int]articleRead, len(p.reads))
	given := make(map[string]bool, len(p.reads))
	for i := range cands {
		a := &cands[i].Article
		if !p.claimed[a.ID] {
			continue
		}
		rd := p.reads[a.ID]
		if rd.art == nil || !sameText(rd.art, a) {
			out[i] = articleRead{}
			continue
		}
		// A search may return an article twice: each candidate gets
		// sentences of its own, which rank gives that candidate's
		// retrieval rank and which refer to its copy.
		if given[a.ID] {
			rd.per = slices.Clone(rd.per)
		}
		given[a.ID] = true
		rd.art = a
		for k := range rd.per {
			rd.per[k].art = a
		}
		out[i] = rd
	}
	return out
}

// sameText reports whether two copies of an article give the same reading:
// the same title, day and paragraphs.
func sameText(a, b *chronicle.Article) bool {
	if a.Title != b.Title || !a.Published.Equal(b.Published) || len(a.Paragraphs) != len(b.Paragraphs) {
		return false
	}
	for i := range a.Paragraphs {
		if a.Paragraphs[i].Text != b.Paragraphs[i].Text {
			return false
		}
	}
	return true
}
