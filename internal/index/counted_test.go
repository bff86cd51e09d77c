package index

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/chronicle-bot/chronicle"
)

// freqString renders what Bleve indexes of an analysed field that keeps no
// term vectors: its length and each term's count (and locations, none).
func freqString(length int, tf index.TokenFrequencies) string {
	var terms []string
	for k, v := range tf {
		if k != string(v.Term) {
			terms = append(terms, fmt.Sprintf("key %q holds term %q", k, v.Term))
		}
		terms = append(terms, fmt.Sprintf("%q=%d/%d", k, v.Frequency(), len(v.Locations)))
	}
	slices.Sort(terms)
	return fmt.Sprintf("%d: %s", length, strings.Join(terms, " "))
}

// textOptions are the options of the mapping's text fields.
const textOptions = index.IndexField

// checkCounted fails when the counter's terms of text are not those of
// Bleve's own text field analysed by Bleve's "en" analyzer.
func checkCounted(t *testing.T, c *termCounter, bleveEn analysis.Analyzer, text string) {
	t.Helper()
	f := document.NewTextFieldCustom("text", nil, []byte(text), textOptions, bleveEn)
	f.Analyze()
	want := freqString(f.AnalyzedLength(), f.AnalyzedTokenFrequencies())
	value := []byte(text)
	got := freqString(c.count(value))
	if got != want {
		t.Fatalf("count(%q):\n got %s\nwant %s", text, got, want)
	}
	if string(value) != text {
		t.Fatalf("count(%q) changed its text to %q", text, value)
	}
}

func counter(t *testing.T) (*termCounter, analysis.Analyzer) {
	t.Helper()
	bleveEn, ours := analyzers(t)
	c := newTermCounter(ours)
	if c == nil {
		t.Fatal("newTermCounter refused the index's own analyzer")
	}
	return c, bleveEn
}

func TestCountedMatchesBleveEn(t *testing.T) {
	c, bleveEn := counter(t)
	texts := []string{
		"", "the", "The THE the", "a an and", "Who claimed the Moscow attack? Islamic State's affiliate said it did.",
		"The U.S. Treasury's 10-year yield rose to 4.25% on Tuesday; stocks fell 1,200 points.",
		"Running runners ran; the runner’s RUNS were running.", "it's It's IT'S its",
		"Ça va? Très bien. Zürich’s naïve café-goers’ élan.", "ΟΔΟΣ ΟΔΟΣ οδος", "Ⱥ Ⱥx", "日本語のテキスト カタカナ",
		"\xff\xfe invalid UTF-8 The the", "a\x00b", strings.Repeat("word ", 3000),
		strings.Repeat("x", maxStemWord+1) + " " + strings.Repeat("X", maxStemWord+1),
	}
	// Twice: the second pass reads the table the first one filled.
	for range 2 {
		for _, text := range texts {
			checkCounted(t, c, bleveEn, text)
		}
	}
	alphabet := []string{"a", "S", "s", "1", "_", ":", ",", ".", "'", "’", " ", "-", "é", "Σ", "日"}
	n := 3
	if testing.Short() {
		n = 2
	}
	everyString(alphabet, n, func(s string) { checkCounted(t, c, bleveEn, s) })
	rng := rand.New(rand.NewPCG(3, 4))
	words := []string{"the", "The", "running", "Runs", "it's", "U.S.", "1,000", "’s", "and", "AND", "café", "ΟΔΟΣ"}
	for range 5000 {
		var b strings.Builder
		for range rng.IntN(30) {
			if rng.IntN(3) == 0 {
				b.WriteString(alphabet[rng.IntN(len(alphabet))])
			} else {
				b.WriteString(words[rng.IntN(len(words))])
			}
		}
		checkCounted(t, c, bleveEn, b.String())
	}
}

// TestCountedFullTable: once the table is full, words not in it are still
// counted right.
func TestCountedFullTable(t *testing.T) {
	c, bleveEn := counter(t)
	for i := range maxCountedWords {
		c.words.put([]byte(fmt.Sprintf("filler%d", i)), dropped)
	}
	for range 2 {
		checkCounted(t, c, bleveEn, "Running runners ran; the runner’s RUNS were running.")
	}
	if c.words.len() != maxCountedWords {
		t.Fatalf("the table grew past its bound: %d words", c.words.len())
	}
}

// TestCountedConcurrent: several goroutines analyse at once, as Bleve's
// analysis workers do (run with -race).
func TestCountedConcurrent(t *testing.T) {
	c, bleveEn := counter(t)
	texts := []string{"Running runners ran", "the runner’s RUNS were running", "Zürich’s naïve café", "1,000 U.S. it's"}
	want := make([]string, len(texts))
	for i, text := range texts {
		f := document.NewTextFieldCustom("text", nil, []byte(text), textOptions, bleveEn)
		f.Analyze()
		want[i] = freqString(f.AnalyzedLength(), f.AnalyzedTokenFrequencies())
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8*len(texts))
	for range 8 {
		wg.Go(func() {
			for i, text := range texts {
				if got := freqString(c.count([]byte(text))); got != want[i] {
					errs <- fmt.Sprintf("count(%q) = %s, want %s", text, got, want[i])
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func FuzzCountedField(f *testing.F) {
	for _, s := range []string{"U.S. officials don't", "1,000.5 a_b", "naïve café’s", "\xff\xfe a", "ΟΔΟΣ Ⱥ the"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		c, bleveEn := counter(t)
		checkCounted(t, c, bleveEn, text)
		checkCounted(t, c, bleveEn, text) // from the table
	})
}

// TestCountedOnNews compares the counts with Bleve's on real articles.
func TestCountedOnNews(t *testing.T) {
	c, bleveEn := counter(t)
	n := eachNewsArticle(t, func(title, text string) {
		checkCounted(t, c, bleveEn, title)
		checkCounted(t, c, bleveEn, text)
	})
	t.Logf("%d articles counted alike", n)
}

// TestDocMakerCountsOnlyItsAnalyzer: a new index's text fields are counted;
// a mapping whose text fields name another analyzer (an index made before
// chronicle_en, with Bleve's "en") keeps Bleve's own fields.
func TestDocMakerCountsOnlyItsAnalyzer(t *testing.T) {
	a := chronicle.Article{ID: "a1", Title: "The runner’s race", Paragraphs: []chronicle.Paragraph{{Text: "Running runners ran."}}}
	counted := func(d docMaker) []string {
		doc, err := d.document(a)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, f := range doc.Fields {
			if _, ok := f.(*countedField); ok {
				names = append(names, f.Name())
			}
		}
		return names
	}
	if got := counted(newDocMaker(buildMapping())); !slices.Equal(got, []string{fieldTitle, fieldText}) {
		t.Errorf("new mapping: counted fields %v, want title and text", got)
	}
	old := buildMapping().(*mapping.IndexMappingImpl)
	old.DefaultAnalyzer = en.AnalyzerName
	for _, name := range []string{fieldTitle, fieldText} {
		old.DefaultMapping.Properties[name].Fields[0].Analyzer = en.AnalyzerName
	}
	if got := counted(newDocMaker(old)); len(got) != 0 {
		t.Errorf("mapping with Bleve's en: counted fields %v, want none", got)
	}
}
