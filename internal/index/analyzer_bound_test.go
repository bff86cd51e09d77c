package index

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
)

// allocated returns the bytes f allocates.
func allocated(f func()) uint64 {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestWordTokenizerMemory: splitting a text costs no more memory than
// Bleve's tokenizer does, whatever the text holds. Reserving a token per
// six bytes of text up front cost ten times the text's size for text with
// few words.
func TestWordTokenizerMemory(t *testing.T) {
	const size = 2 << 20
	for _, tc := range []struct{ name, unit string }{
		{"english", "The officials said it was running, 1,000.5 U.S. don't. "},
		{"punctuation", "-- () [] !! ?? ** // "},
		{"long words", strings.Repeat("x", 5000) + " "},
		{"cyrillic", "Москва заявила, что атака была "},
		{"cjk", "日本語のテキストです。"},
		{"mixed", "naïve café’s 日本 Zürich ok "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text := []byte(strings.Repeat(tc.unit, size/len(tc.unit)))
			var theirs, ours analysis.TokenStream
			b := allocated(func() { theirs = unicode.NewUnicodeTokenizer().Tokenize(text) })
			o := allocated(func() { ours = wordTokenizer{}.Tokenize(text) })
			if len(ours) != len(theirs) {
				t.Fatalf("%d tokens, Bleve's tokenizer %d", len(ours), len(theirs))
			}
			// Some slack for the runtime's own allocations.
			if o > b+b/20+64<<10 {
				t.Errorf("splitting %d MiB of %s allocated %d KiB; Bleve's tokenizer %d KiB", size>>20, tc.name, o>>10, b>>10)
			}
		})
	}
}

// cacheBytes is what the stem cache of an analyzer holds: its words and the
// arrays of their stems.
func cacheBytes(t *testing.T, an analysis.Analyzer) (entries, n int) {
	t.Helper()
	da, ok := an.(*analysis.DefaultAnalyzer)
	if !ok {
		t.Fatalf("analyzer is a %T", an)
	}
	f, ok := da.TokenFilters[len(da.TokenFilters)-1].(*stemFilter)
	if !ok {
		t.Fatalf("last filter is a %T", da.TokenFilters[len(da.TokenFilters)-1])
	}
	f.mu.RLock()
	defer f.mu.RUnlock()
	for k, v := range f.stems {
		n += len(k) + cap(v)
	}
	return len(f.stems), n
}

// TestStemCacheBound: the stem cache keeps at most maxStems words, and not
// the long ones: its bound is by count, and a hostile text's distinct
// words of kilobytes each were kept, with a stem array four times their
// size, for as long as the index was open. Stems stay Bleve's.
func TestStemCacheBound(t *testing.T) {
	word := func(i, n int) string {
		w := []byte(strings.Repeat("b", n))
		for k, d := range fmt.Sprint(i) {
			w[k] = byte('c' + d - '0') // letters only: one word
		}
		return string(w) + "ing"
	}
	for _, tc := range []struct {
		name          string
		words, length int
		maxEntries    int
		maxBytes      int
	}{
		{"long words", 200, 16 << 10, 0, 0},
		{"more words than the bound", maxStems + 5000, 8, maxStems, maxStems * 64},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bleveEn, ours := analyzers(t)
			var b strings.Builder
			for i := range tc.words {
				b.WriteString(word(i, tc.length))
				b.WriteByte(' ')
			}
			// Twice: the second pass reads what the first one cached.
			checkAnalyzer(t, bleveEn, ours, b.String())
			checkAnalyzer(t, bleveEn, ours, b.String())
			entries, n := cacheBytes(t, ours)
			if entries > tc.maxEntries || n > tc.maxBytes {
				t.Errorf("after %d words of %d bytes the stem cache holds %d words, %d bytes; want at most %d words, %d bytes",
					tc.words, tc.length+3, entries, n, tc.maxEntries, tc.maxBytes)
			}
		})
	}
}

// TestAnalyzerConcurrent: one index's analyzer, and its stem cache, used by
// many goroutines at once (Bleve analyses a batch's documents in parallel)
// gives each text Bleve's terms; go test -race checks the cache's locking.
func TestAnalyzerConcurrent(t *testing.T) {
	bleveEn, ours := analyzers(t)
	texts := make([]string, 32)
	for i := range texts {
		var b strings.Builder
		for j := range 300 {
			fmt.Fprintf(&b, "Running%d runner's w%dx naïve café-goers’ %s; ", (i*j)%200, j%97, strings.Repeat("ab", j%13))
		}
		texts[i] = b.String()
	}
	want := make([]string, len(texts))
	for i, text := range texts {
		want[i] = tokenString(bleveEn.Analyze([]byte(text)))
	}
	var wg sync.WaitGroup
	errs := make(chan string, 16)
	for g := range 16 {
		wg.Go(func() {
			for r := range 16 {
				i := (g*7 + r) % len(texts)
				if got := tokenString(ours.Analyze([]byte(texts[i]))); got != want[i] {
					errs <- fmt.Sprintf("goroutine %d, text %d:\n got %s\nwant %s", g, i, got, want[i])
					return
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
