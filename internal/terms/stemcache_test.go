package terms

import (
	"testing"
	"unsafe"
)

// The shared stem cache lives as long as the Analyzer, so nothing it keeps
// may point into a caller's memory: a Memo hands Stem the lower case of a
// capitalised word as a slice of its 32 KB arena, and a short or digit-led
// word ("US", "5G") is its own stem. Cached as given, that one word kept the
// whole arena alive: 2,000 questions' Memos held 64 MB (a helper's test).
func TestStemCacheHoldsNoCallerMemory(t *testing.T) {
	a := New()
	for _, text := range []string{"5G network", "The US and UK", "F1 racing"} {
		a.NewMemo().AppendTokensMatching(nil, text, nil)
	}
	for _, word := range []string{"5g", "us", "uk", "f1", "network", "racing"} {
		found := false
		for key, stem := range a.stems {
			if key != word {
				continue
			}
			found = true
			// A stem equal to its word must share the key's own copy; any
			// other stem is the stemmer's new string.
			if stem == key && unsafe.StringData(stem) != unsafe.StringData(key) {
				t.Errorf("cached stem of %q points elsewhere than the cache's own copy of the word", word)
			}
		}
		if !found {
			t.Errorf("%q was not cached", word)
		}
	}
}
