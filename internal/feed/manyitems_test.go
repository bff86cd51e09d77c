package feed

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// TestManyItemsIngest: a hostile (or broken) feed of tens of thousands of
// distinct items, well within the body limit, is ingested whole, and a
// near-duplicate among them is still dropped. (The near-duplicate check
// once compared every item with every earlier one: 30,000 items took over
// a minute, holding the lock every feed's ingestion waits for.
// TestSigIndexLooksAtFewEntries pins the look-up that replaced it; speed
// belongs in benchmarks, not in a timed test.)
func TestManyItemsIngest(t *testing.T) {
	const n = 30000
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Flood</title>`)
	for i := range n {
		fmt.Fprintf(&b, "<item><guid>g%d</guid><title>w%d x%d y%d z%d</title></item>", i, i, i, i, i)
	}
	// The same story as item 7 under another GUID: a near-duplicate.
	b.WriteString("<item><guid>again</guid><title>w7 x7 y7 z7</title></item>")
	b.WriteString(`</channel></rss>`)
	srv := newFeedServer(t, map[string]http.HandlerFunc{"/flood": serveBody("application/rss+xml", b.String())})
	sink := &fakeSink{}
	// Every item is taken (the bounds of a fetch and of a day,
	// Options.MaxItems and MaxItemsPerDay, raised above them), so that the
	// near-duplicate check meets them all.
	f := newTestFetcher(t, []Feed{{URL: srv.URL + "/flood"}}, sink, Options{MaxItems: n + 1, MaxItemsPerDay: n + 1})
	rep, err := f.FetchAll(context.Background())
	if err != nil {
		t.Fatalf("FetchAll: %v", err)
	}
	if rep.Taken != n || rep.Duplicates != 1 {
		t.Errorf("FetchAll report %+v, want %d taken and 1 duplicate", rep, n)
	}
}

// TestSigIndexLooksAtFewEntries: looking up a new item's signature among
// many distinct ones reads only the entries that share one of its bands, a
// handful, not every entry (a scan of all of them is quadratic over a
// flood of items).
func TestSigIndexLooksAtFewEntries(t *testing.T) {
	const n = 30000
	entries := make([]sigEntry, 0, n)
	for i := range n {
		a := chronicle.Article{ID: fmt.Sprintf("a%d", i), Title: fmt.Sprintf("w%d x%d y%d z%d", i, i, i, i)}
		sig, ok := fingerprint(a)
		if !ok {
			t.Fatalf("no fingerprint for %q", a.Title)
		}
		entries = append(entries, sigEntry{id: a.ID, sig: sig})
	}
	x := newSigIndex(entries)
	most := 0
	for i := range 100 {
		a := chronicle.Article{Title: fmt.Sprintf("new%d item%d words%d here%d", i, i, i, i)}
		sig, ok := fingerprint(a)
		if !ok {
			t.Fatalf("no fingerprint for %q", a.Title)
		}
		read := 0
		for b := range sigBands {
			read += len(x.byBand[bandOf(&sig, b)])
		}
		most = max(most, read)
	}
	if most > n/100 {
		t.Errorf("a look-up among %d distinct signatures reads up to %d of them, want a handful", n, most)
	}
}

// TestSigIndexAgreesWithScan: looking signatures up by band finds a
// near-duplicate exactly when comparing with every entry does, whichever
// slots differ.
func TestSigIndexAgreesWithScan(t *testing.T) {
	scan := func(entries []sigEntry, sig *signature, self string) bool {
		for i := range entries {
			if entries[i].id != self && entries[i].sig.similarity(sig) >= nearDupThreshold {
				return true
			}
		}
		return false
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var base signature
	for i := range base {
		base[i] = rng.Uint32()
	}
	entries := []sigEntry{{id: "base", sig: base}}
	x := newSigIndex(entries)
	for differ := 0; differ <= sigSize; differ++ {
		for trial := range 50 {
			sig := base
			for _, slot := range rng.Perm(sigSize)[:differ] {
				sig[slot] ^= 1 + rng.Uint32N(1<<31)
			}
			for _, self := range []string{"other", "base"} {
				want := scan(entries, &sig, self)
				if _, got := x.nearDuplicate(&sig, self); got != want {
					t.Fatalf("%d slots differ (trial %d, self %q): index says %v, scan says %v",
						differ, trial, self, got, want)
				}
			}
		}
	}
}

// TestSignaturesCappedInFile: one fetch that takes more than maxSigs
// articles keeps only the newest maxSigs signatures, in memory and in the
// file, so a restart does not load every signature a flood once brought.
func TestSignaturesCappedInFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	now := time.Date(2024, 3, 28, 12, 0, 0, 0, time.UTC)
	s, err := openStore(path, now)
	if err != nil {
		t.Fatal(err)
	}
	const n = maxSigs + 5
	sigs := make([]sigEntry, n)
	for i := range sigs {
		sigs[i] = sigEntry{id: fmt.Sprintf("a%d", i)}
		sigs[i].sig[0] = uint32(i)
	}
	err = s.commit(commit{feedURL: "https://example.com/feed", sigs: sigs})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(s.signatures()); got != maxSigs {
		t.Errorf("%d signatures in memory after the commit, want %d", got, maxSigs)
	}
	s.close()
	s, err = openStore(path, now)
	if err != nil {
		t.Fatal(err)
	}
	defer s.close()
	got := s.signatures()
	if len(got) != maxSigs {
		t.Fatalf("%d signatures loaded from the file, want %d", len(got), maxSigs)
	}
	if got[0].id != "a5" || got[len(got)-1].id != sigs[n-1].id {
		t.Errorf("signatures loaded run from %q to %q, want the newest: a5 to %q", got[0].id, got[len(got)-1].id, sigs[n-1].id)
	}
}
