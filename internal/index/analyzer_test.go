package index

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
)

// tokenString renders a token stream with everything Bleve indexes of it.
func tokenString(ts analysis.TokenStream) string {
	var b strings.Builder
	for _, t := range ts {
		fmt.Fprintf(&b, "%q@%d[%d:%d]t%d k%v ", t.Term, t.Position, t.Start, t.End, t.Type, t.KeyWord)
	}
	return b.String()
}

// checkTokenizer fails when wordTokenizer and Bleve's unicode tokenizer
// split text differently.
func checkTokenizer(t *testing.T, text string) {
	t.Helper()
	want := tokenString(unicode.NewUnicodeTokenizer().Tokenize([]byte(text)))
	got := tokenString(wordTokenizer{}.Tokenize([]byte(text)))
	if got != want {
		t.Fatalf("Tokenize(%q):\n got %s\nwant %s", text, got, want)
	}
}

func TestWordTokenizerMatchesBleve(t *testing.T) {
	for _, text := range []string{
		"", " ", "a", "_", "__", "1", "a1", "1a", "_1_", "a_1", "1_a",
		"U.S. officials", "U.S.A.", "don't", "don’t", "it's", "rock'n'roll", "'quoted'",
		"1,000", "1,000.50", "3.5%", "1.a", "a.1", "a..b", "1..2", "10:30", "a:b", "a::b", "1;2", "a;b", "a,b",
		"$4.5bn", "e-mail", "(AP) —", "x\ny\r\nz", "tab\tsep", "naïve café", "Zürich's", "élan",
		"a\u0301b", " \u0301abc", "-\u0301x", "\u200d👍 ok", "🇫🇷 France", "日本語のテキスト", "カタカナ_x",
		"שלום\"עולם", "א'ב", "a\"b", "1\"2", "\u00a0nbsp\u00a0", "x\u2019s", "Trump’s", "“quoted”",
		"snake_case_name", "v1.2.3-beta", "http://example.com/a_b?c=d&e=1", "#tag @user",
		"a\x00b", "\x7f", "ﬁne", "Ⅻ", "٣٤٥", "１２３", "x.\u0301y",
	} {
		t.Run(text, func(t *testing.T) { checkTokenizer(t, text) })
	}
}

// TestWordTokenizerExhaustive compares every string of up to four
// characters over an alphabet of each class the tokenizer tells apart, and
// random longer ones.
func TestWordTokenizerExhaustive(t *testing.T) {
	alphabet := []string{"a", "Z", "1", "_", ":", ",", ";", ".", "'", "\"", " ", "-", "\n", "é", "’", "\u0301", "א", "日"}
	n := 4
	if os.Getenv("CHRONICLE_TOKENIZER_LONG") != "" {
		n = 5
	}
	if testing.Short() {
		n = 3
	}
	everyString(alphabet, n, func(s string) { checkTokenizer(t, s) })
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(24) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		checkTokenizer(t, b.String())
	}
}

func FuzzWordTokenizer(f *testing.F) {
	for _, s := range []string{"U.S. officials don't", "1,000.5 a_b", "naïve café’s", "\xff\xfe a", "a:b;1,2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) { checkTokenizer(t, text) })
}

// analyzers returns Bleve's "en" analyzer and ours, from one registry cache.
func analyzers(t *testing.T) (bleveEn, ours analysis.Analyzer) {
	t.Helper()
	cache := registry.NewCache()
	a, err := cache.AnalyzerNamed(en.AnalyzerName)
	if err != nil {
		t.Fatal(err)
	}
	b, err := cache.AnalyzerNamed(analyzerName)
	if err != nil {
		t.Fatal(err)
	}
	return a, b
}

// checkAnalyzer fails when the two analyzers give text different terms.
func checkAnalyzer(t *testing.T, bleveEn, ours analysis.Analyzer, text string) {
	t.Helper()
	// Filters may change the input's bytes (lower case): each gets a copy.
	want := tokenString(bleveEn.Analyze([]byte(text)))
	got := tokenString(ours.Analyze([]byte(text)))
	if got != want {
		t.Fatalf("Analyze(%q):\n got %s\nwant %s", text, got, want)
	}
}

func TestAnalyzerMatchesBleveEn(t *testing.T) {
	bleveEn, ours := analyzers(t)
	texts := []string{
		"Who claimed the Moscow attack? Islamic State's affiliate said it did.",
		"The U.S. Treasury's 10-year yield rose to 4.25% on Tuesday; stocks fell 1,200 points.",
		"Running runners ran; the runner’s RUNS were running.",
		"Ça va? Très bien. Zürich’s naïve café-goers’ élan.",
	}
	// Twice: the second pass reads the stem cache the first one filled.
	for range 2 {
		for _, text := range texts {
			checkAnalyzer(t, bleveEn, ours, text)
		}
	}
}

// TestAnalyzerMatchesBleveEnOnNews compares the two analyzers on real
// articles' titles and texts.
func TestAnalyzerMatchesBleveEnOnNews(t *testing.T) {
	bleveEn, ours := analyzers(t)
	n := eachNewsArticle(t, func(title, text string) {
		checkAnalyzer(t, bleveEn, ours, title)
		checkAnalyzer(t, bleveEn, ours, text)
	})
	t.Logf("%d articles analysed alike", n)
}

// everyString calls fn with every string of up to n pieces of alphabet,
// the empty one first.
func everyString(alphabet []string, n int, fn func(string)) {
	var walk func(prefix string, left int)
	walk = func(prefix string, left int) {
		fn(prefix)
		if left == 0 {
			return
		}
		for _, c := range alphabet {
			walk(prefix+c, left-1)
		}
	}
	walk("", n)
}

// eachNewsArticle calls fn with the title and text of the first RealTimeQA
// articles (1,000; 300 with -short; all with CHRONICLE_TOKENIZER_LONG set)
// and returns how many, or skips the test when the corpus is not there.
func eachNewsArticle(t *testing.T, fn func(title, text string)) int {
	t.Helper()
	files, _ := filepath.Glob("../../../shared/data/realtimeqa/articles-*.jsonl.gz")
	if len(files) == 0 {
		t.Skip("skipping: ../shared/data/realtimeqa is not there")
	}
	limit := 1000
	if os.Getenv("CHRONICLE_TOKENIZER_LONG") != "" {
		limit = 1 << 30
	}
	if testing.Short() {
		limit = 300
	}
	n := 0
	for _, file := range files {
		f, err := os.Open(file)
		if err != nil {
			t.Fatal(err)
		}
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(zr)
		sc.Buffer(nil, 64<<20)
		for sc.Scan() && n < limit {
			var a struct{ Title, Text string }
			if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
				t.Fatal(err)
			}
			fn(a.Title, a.Text)
			n++
		}
		f.Close()
	}
	return n
}
