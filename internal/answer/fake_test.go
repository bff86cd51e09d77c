package answer

import (
	"context"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/terms"
)

// fakeIndex is a hand-written Retriever over in-memory articles: it scores
// an article by the boosted count of query words in its title and text, and
// applies the date bounds the way the index does (undated articles are out
// when a bound is set).
type fakeIndex struct {
	articles []chronicle.Article
	an       *terms.Analyzer
	mu       sync.Mutex // guards queries: Retrieve is called concurrently
	queries  []chronicle.RetrieveQuery
}

func newFakeIndex(arts ...chronicle.Article) *fakeIndex {
	return &fakeIndex{articles: arts, an: terms.New()}
}

func (f *fakeIndex) Retrieve(_ context.Context, q chronicle.RetrieveQuery) ([]chronicle.Candidate, error) {
	f.mu.Lock()
	f.queries = append(f.queries, q)
	f.mu.Unlock()
	var out []chronicle.Candidate
	for _, a := range f.articles {
		if (!q.From.IsZero() || !q.To.IsZero()) && !a.Dated() {
			continue
		}
		if !q.From.IsZero() && a.Published.Before(q.From) {
			continue
		}
		if !q.To.IsZero() && a.Published.After(q.To.Add(24*time.Hour-time.Nanosecond)) {
			continue
		}
		stems := map[string]int{}
		for _, s := range f.an.Stems(a.Title + " " + f.text(a)) {
			stems[s]++
		}
		score := 0.0
		for _, t := range q.Terms {
			for _, s := range f.an.Stems(t.Text) {
				if stems[s] > 0 {
					score += t.Boost
				}
			}
		}
		if score > 0 {
			out = append(out, chronicle.Candidate{Article: a, Score: score})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	if q.Limit > 0 && len(out) > q.Limit {
		out = out[:q.Limit]
	}
	return out, nil
}

func (f *fakeIndex) DocFreqs(_ context.Context, stems []string) (int, map[string]int, error) {
	df := map[string]int{}
	for _, a := range f.articles {
		have := map[string]bool{}
		for _, s := range f.an.Stems(f.text(a)) {
			have[s] = true
		}
		for _, s := range stems {
			if have[s] {
				df[s]++
			}
		}
	}
	return len(f.articles), df, nil
}

func (f *fakeIndex) text(a chronicle.Article) string {
	var b strings.Builder
	for _, p := range a.Paragraphs {
		b.WriteString(p.Text)
		b.WriteString("\n")
	}
	return b.String()
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func article(id, date, title string, paras ...string) chronicle.Article {
	a := chronicle.Article{ID: id, Title: title, Source: "Test Wire", URL: "https://example.com/" + id}
	if date != "" {
		a.Published = day(date)
	}
	for _, p := range paras {
		a.Paragraphs = append(a.Paragraphs, chronicle.Paragraph{Text: p})
	}
	return a
}

// Newest returns the newest article's publication time.
func (f *fakeIndex) Newest() time.Time {
	var t time.Time
	for _, a := range f.articles {
		if a.Published.After(t) {
			t = a.Published
		}
	}
	return t
}

// SentenceRepeats counts the articles holding a sentence equal to s
// (normalised with normText).
func (f *fakeIndex) SentenceRepeats(s string) int {
	want := normText(s)
	n := 0
	for _, a := range f.articles {
		for _, p := range a.Paragraphs {
			found := false
			for _, sp := range splitSentences(p.Text) {
				if normText(p.Text[sp.start:sp.end]) == want {
					found = true
					break
				}
			}
			if found {
				n++
				break
			}
		}
	}
	return n
}

// Suggest corrects a word whose stem no article holds to a stem at edit
// distance 1 that some article holds.
func (f *fakeIndex) Suggest(_ context.Context, words, _ []string) (map[string]string, error) {
	have := map[string]bool{}
	for _, a := range f.articles {
		for _, s := range f.an.Stems(a.Title + " " + f.text(a)) {
			have[s] = true
		}
	}
	out := map[string]string{}
	for _, w := range words {
		s := f.an.Stem(w)
		if have[s] || len(w) < 5 {
			continue
		}
		for h := range have {
			if editDistance1(s, h) {
				out[w] = h
				break
			}
		}
	}
	return out, nil
}

// editDistance1 reports whether a and b differ by one insertion, deletion
// or substitution.
func editDistance1(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(b)-len(a) > 1 {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	if len(a) == len(b) {
		return i < len(a) && a[i+1:] == b[i+1:]
	}
	return a[i:] == b[i+1:]
}
