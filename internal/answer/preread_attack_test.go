package answer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/terms"
)

// A Retriever may return one article twice (the interface does not promise
// distinct IDs; an index read across a swap could): reading it ahead
// (preread) must still rank as reading every candidate afterwards, each
// candidate's sentences with its own retrieval rank and referring to its
// own copy.
func TestPrereadDuplicateCandidate(t *testing.T) {
	an := terms.New()
	q := Analyze(an, "How many people were killed in the Crocus City Hall attack?")
	dup := article("dup", "2024-03-24", "Crocus City Hall attack",
		"At least 133 people were killed in the attack on Crocus City Hall.")
	other := article("other", "2024-03-25", "Death toll rises",
		"The death toll of the Crocus City Hall attack rose to 137 people killed, officials said.")
	third := article("third", "2024-01-10", "Concert hall", "The Crocus City Hall concert venue opened in 2009, people said.")
	// The main search returned dup twice; the window found it too.
	cands := []chronicle.Candidate{{Article: dup, Score: 3}, {Article: other, Score: 2}, {Article: third, Score: 1.5}, {Article: dup, Score: 1}}
	recent := []chronicle.Candidate{{Article: dup, Score: 3}}

	want := newRanker(q, an, 0, nil, day("2024-03-26"), defaultModel).rank(slices.Clone(cands), nil)

	r := newRanker(q, an, 0, nil, day("2024-03-26"), defaultModel)
	pre := newPreread(r)
	pre.run(recent)
	got := r.rank(cands, pre)
	if len(got) != len(want) {
		t.Fatalf("ranked %d sentences, want %d", len(got), len(want))
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.text != w.text || math.Float64bits(g.score) != math.Float64bits(w.score) ||
			math.Float64bits(g.f[fDocRank]) != math.Float64bits(w.f[fDocRank]) {
			t.Errorf("sentence %d: %q of %s (score %v, doc rank %v), want %q of %s (score %v, doc rank %v)",
				i, g.text, g.art.ID, g.score, g.f[fDocRank], w.text, w.art.ID, w.score, w.f[fDocRank])
		}
		if g.art.ID == "dup" && g.art != &cands[0].Article {
			t.Errorf("sentence %q of dup refers to another candidate's copy than the first (kept) one", g.text)
		}
	}
}

// orderedIndex is a fakeIndex whose two searches of Answerer.retrieve (the
// window's has a From day) can be made to end in a set order, fail, or
// return another copy of an article.
type orderedIndex struct {
	*fakeIndex
	// windowDone is closed when the window's search returns; mainDone when
	// the main search returns.
	windowDone, mainDone chan struct{}
	windowOnce, mainOnce sync.Once // a fallback search runs both again
	mu                   sync.Mutex
	// seen gets the first sentence of each article read (SentenceRepeats
	// is asked it first, by boilerCut), to know the reader has begun one.
	seen       map[string]bool
	seenSignal chan struct{}

	mainFirst   bool // the window's search waits for the main one
	readFirst   bool // the main search waits until the reader began every window article
	mainErr     error
	windowErr   error
	mainBlocks  bool                                              // the main search waits for its context
	onWindow    func()                                            // called as the window's search returns
	editMain    func([]chronicle.Candidate) []chronicle.Candidate // changes the main search's result
	editWindow  func([]chronicle.Candidate) []chronicle.Candidate // changes the window's result
	windowFirst []string                                          // first sentences of the window's articles
	gaveUp      int                                               // readFirst waits that ran out (orderWait)
}

// orderWait bounds the wait of a readFirst search for the reader.
const orderWait = 10 * time.Second

func newOrderedIndex(f *fakeIndex) *orderedIndex {
	return &orderedIndex{fakeIndex: f, windowDone: make(chan struct{}), mainDone: make(chan struct{}),
		seen: map[string]bool{}, seenSignal: make(chan struct{}, 1)}
}

func (o *orderedIndex) SentenceRepeats(s string) int {
	o.mu.Lock()
	o.seen[s] = true
	o.mu.Unlock()
	select {
	case o.seenSignal <- struct{}{}:
	default:
	}
	return o.fakeIndex.SentenceRepeats(s)
}

func (o *orderedIndex) Retrieve(ctx context.Context, q chronicle.RetrieveQuery) ([]chronicle.Candidate, error) {
	if !q.From.IsZero() { // the window's search
		defer o.windowOnce.Do(func() { close(o.windowDone) })
		if o.mainFirst {
			<-o.mainDone
		}
		out, err := o.fakeIndex.Retrieve(ctx, q)
		if o.editWindow != nil {
			out = o.editWindow(out)
		}
		o.mu.Lock()
		for _, c := range out {
			o.windowFirst = append(o.windowFirst, firstSentence(c.Article))
		}
		o.mu.Unlock()
		if o.onWindow != nil {
			o.onWindow()
		}
		if o.windowErr != nil {
			return nil, o.windowErr
		}
		return out, err
	}
	defer o.mainOnce.Do(func() { close(o.mainDone) })
	if o.readFirst {
		<-o.windowDone
		// The order is forced only as long as orderWait: once (under
		// -race, with two other packages' tests on the two cores) this
		// wait never ended, and the package's tests hung for their whole
		// ten minutes (session 35; the cause was not found). Past it the
		// search goes on in whatever order came, and the answers are
		// still compared across the orders.
		deadline := time.After(orderWait)
	wait:
		for !o.allSeen() {
			select {
			case <-o.seenSignal:
			case <-deadline:
				o.mu.Lock()
				o.gaveUp++
				o.mu.Unlock()
				break wait
			}
		}
	}
	if o.mainBlocks {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	if o.mainErr != nil {
		return nil, o.mainErr
	}
	out, err := o.fakeIndex.Retrieve(ctx, q)
	if o.editMain != nil {
		out = o.editMain(out)
	}
	return out, err
}

func (o *orderedIndex) allSeen() bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, s := range o.windowFirst {
		if !o.seen[s] {
			return false
		}
	}
	return true
}

func firstSentence(a chronicle.Article) string {
	for _, p := range a.Paragraphs {
		if sp := terms.AppendSentences(nil, p.Text); len(sp) > 0 {
			return p.Text[sp[0].Start:sp[0].End]
		}
	}
	return ""
}

func attackCorpus() []chronicle.Article {
	return []chronicle.Article{
		article("both", "2024-03-24", "Crocus City Hall attack",
			"At least 133 people were killed in the attack on Crocus City Hall.",
			"Investigators said the gunmen fled towards the border."),
		article("main", "2024-01-10", "Concert hall", "The Crocus City Hall concert venue opened in 2009."),
		article("recent", "2024-03-25", "Death toll rises",
			"The death toll of the Crocus City Hall attack rose to 137 people killed, officials said."),
		article("changed", "2024-03-23", "Attack", "Officials first said 40 people were killed at Crocus City Hall."),
		article("old", "2019-05-02", "Crocus City Hall concert", "A concert at Crocus City Hall drew 6,000 people."),
		article("older", "2018-03-25", "Shopping centre fire", "A fire killed 60 people at a shopping centre; Crocus City Hall was not hit."),
	}
}

func answerJSON(t *testing.T, a chronicle.Answer) string {
	t.Helper()
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The answer does not depend on which of the two searches ends first, nor
// on how far the reader got, nor on the window reading a copy of an
// article with another text than the one ranked (a sync between the two
// searches): the main search's copy is the one ranked, as before preread.
func TestAskSameWhicheverSearchEndsFirst(t *testing.T) {
	const question = "How many people were killed in the Crocus City Hall attack?"
	asOf := day("2024-03-26")
	later := article("changed", "2024-03-23", "Attack", "Officials later said 60 people were killed at Crocus City Hall on Friday.")
	swap := func(cs []chronicle.Candidate) []chronicle.Candidate {
		cs = slices.Clone(cs)
		for i := range cs {
			if cs[i].Article.ID == "changed" {
				cs[i].Article = later
			}
		}
		return cs
	}
	// The reference: both searches see the later text, read after both ended.
	ref := newOrderedIndex(newFakeIndex(attackCorpus()...))
	ref.mainFirst = true
	ref.editMain, ref.editWindow = swap, swap
	wantAns, err := New(ref).Ask(context.Background(), question, asOf)
	if err != nil {
		t.Fatal(err)
	}
	want := answerJSON(t, wantAns)
	if wantAns.Best == nil {
		t.Fatalf("no answer to compare: %s", want)
	}
	for _, tt := range []struct {
		name                 string
		mainFirst, readFirst bool
	}{
		{"main search first", true, false},
		{"window read while main searches", false, true},
		{"unordered", false, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for range 5 {
				o := newOrderedIndex(newFakeIndex(attackCorpus()...))
				o.mainFirst, o.readFirst = tt.mainFirst, tt.readFirst
				o.editMain = swap // the window keeps the earlier text
				ans, err := New(o).Ask(context.Background(), question, asOf)
				if err != nil {
					t.Fatal(err)
				}
				if got := answerJSON(t, ans); got != want {
					t.Fatalf("answer\n%s\nwant\n%s", got, want)
				}
			}
		})
	}
}

// A search that fails or a context cancelled while the other search runs
// ends Ask with the error, and the window's reader stops: no goroutine is
// left reading.
func TestAskSearchErrorsStopTheReader(t *testing.T) {
	const question = "How many people were killed in the Crocus City Hall attack?"
	boom := errors.New("boom")
	tests := []struct {
		name  string
		setup func(o *orderedIndex, cancel context.CancelFunc)
		want  error
	}{
		{"main fails after the window was read", func(o *orderedIndex, _ context.CancelFunc) {
			o.readFirst, o.mainErr = true, boom
		}, boom},
		{"main fails first", func(o *orderedIndex, _ context.CancelFunc) { o.mainFirst, o.mainErr = true, boom }, boom},
		{"window fails", func(o *orderedIndex, _ context.CancelFunc) { o.windowErr = boom }, boom},
		{"window fails after main", func(o *orderedIndex, _ context.CancelFunc) { o.mainFirst, o.windowErr = true, boom }, boom},
		{"cancelled mid-search", func(o *orderedIndex, cancel context.CancelFunc) {
			o.mainBlocks = true
			o.onWindow = cancel
		}, context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := runtime.NumGoroutine()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			o := newOrderedIndex(newFakeIndex(attackCorpus()...))
			tt.setup(o, cancel)
			_, err := New(o).Ask(ctx, question, day("2024-03-26"))
			if !errors.Is(err, tt.want) {
				t.Fatalf("Ask error = %v, want %v", err, tt.want)
			}
			// A leak check, not a timing target: the reader, halted, ends
			// after the article it holds.
			deadline := time.Now().Add(10 * time.Second)
			for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
				time.Sleep(time.Millisecond)
			}
			if n := runtime.NumGoroutine(); n > before {
				buf := make([]byte, 1<<16)
				t.Fatalf("%d goroutines left running:\n%s", n-before, buf[:runtime.Stack(buf, true)])
			}
		})
	}
}

// With the rarer words matching nothing, Ask searches again with every
// word (a second preread, which reads the window's article while the
// main search runs): no hang, and the answer does not depend on the order
// the searches end in. (The nonsense words keep every sentence under
// minSentenceCov, so nothing is quoted: this guards the paths, not the
// answer.)
func TestAskFallbackAndNoWindow(t *testing.T) {
	var arts []chronicle.Article
	// Enough articles for document frequencies to drop common words
	// (minDFCorpus): "council" is in most.
	for i := range minDFCorpus + 20 {
		arts = append(arts, article(fmt.Sprintf("filler%d", i), "2024-02-01",
			"Council notes", "The council met on a Tuesday to discuss the budget."))
	}
	arts = append(arts, article("answer", "2024-03-20", "Council vote",
		"The council voted 7 to 2 to approve the budget for the new stadium, the mayor said."))
	for _, tt := range []struct {
		name       string
		asOf       time.Time
		recentDays int
	}{
		{"window", day("2024-03-26"), 30},
		{"no as-of day", time.Time{}, 30},
		{"no window", day("2024-03-26"), 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var outs []string
			for _, order := range []struct{ mainFirst, readFirst bool }{{true, false}, {false, true}, {false, false}} {
				o := newOrderedIndex(newFakeIndex(arts...))
				if tt.recentDays > 0 {
					o.mainFirst, o.readFirst = order.mainFirst, order.readFirst
				}
				a := New(o)
				a.RecentDays = tt.recentDays
				ans, err := a.Ask(context.Background(), "What did the council decide on the budget qzxwv plmkj?", tt.asOf)
				if err != nil {
					t.Fatal(err)
				}
				outs = append(outs, answerJSON(t, ans))
				if o.gaveUp > 0 {
					t.Logf("order %+v: the main search stopped waiting for the reader after %v", order, orderWait)
				}
				if want := 2 + 2*min(1, tt.recentDays); len(o.queries) != want {
					t.Fatalf("%d searches %+v, want %d (the rarer words, then every word)", len(o.queries), o.queries, want)
				}
			}
			for _, o := range outs[1:] {
				if o != outs[0] {
					t.Fatalf("answers differ by search order:\n%s\n%s", outs[0], o)
				}
			}
		})
	}
}

// The same at Ask: a main search that returns an article twice gives the
// answer it gives when the window is read after both searches, however
// far the reader got.
func TestAskDuplicateCandidateWhicheverSearchEndsFirst(t *testing.T) {
	const question = "How many people were killed in the Crocus City Hall attack?"
	twice := func(cs []chronicle.Candidate) []chronicle.Candidate {
		for _, c := range cs {
			if c.Article.ID == "both" {
				return append(slices.Clone(cs), chronicle.Candidate{Article: c.Article, Score: 0.1})
			}
		}
		return cs
	}
	var outs []string
	for _, order := range []struct {
		name                 string
		mainFirst, readFirst bool
	}{{"main search first", true, false}, {"window read while main searches", false, true}} {
		o := newOrderedIndex(newFakeIndex(attackCorpus()...))
		o.mainFirst, o.readFirst, o.editMain = order.mainFirst, order.readFirst, twice
		ans, err := New(o).Ask(context.Background(), question, day("2024-03-26"))
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, answerJSON(t, ans))
	}
	if outs[0] != outs[1] {
		t.Fatalf("answers differ by search order:\nmain first: %s\nread first: %s", outs[0], outs[1])
	}
}
