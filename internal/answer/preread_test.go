package answer

import (
	"math"
	"slices"
	"testing"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/terms"
)

// Reading the recent window's articles while the other search runs
// (preread) ranks exactly as reading them all afterwards: the same
// sentences, features and scores, each referring to the candidate's own
// copy of its article; a copy the other search read with another text is
// read again.
func TestPrereadRanksAsReadingAfter(t *testing.T) {
	an := terms.New()
	q := Analyze(an, "How many people were killed in the Crocus City Hall attack?")
	both := func() chronicle.Article {
		return article("both", "2024-03-24", "Crocus City Hall attack",
			"At least 133 people were killed in the attack on Crocus City Hall.",
			"Investigators said the gunmen fled towards the border.")
	}
	mainOnly := article("main", "2024-01-10", "Concert hall", "The Crocus City Hall concert venue opened in 2009.")
	recentOnly := article("recent", "2024-03-25", "Death toll rises",
		"The death toll of the Crocus City Hall attack rose to 137 people killed, officials said.")
	changed := article("changed", "2024-03-23", "Attack", "Officials first said 40 people were killed at Crocus City Hall.")
	changedLater := article("changed", "2024-03-23", "Attack", "Officials later said 60 people were killed at Crocus City Hall on Friday.")

	main := []chronicle.Candidate{{Article: both(), Score: 3}, {Article: changedLater, Score: 2.5}, {Article: mainOnly, Score: 1}}
	recent := []chronicle.Candidate{{Article: both(), Score: 3}, {Article: recentOnly, Score: 2}, {Article: changed, Score: 2.5}}

	tests := []struct {
		name      string
		haltFirst bool // the other search ended before the window's
		wantRead  int
	}{
		{"read while searching", false, 3},
		{"other search ended first", true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cands := mergeCandidates(slices.Clone(main), slices.Clone(recent))
			want := newRanker(q, an, 0, nil, day("2024-03-26"), defaultModel).rank(slices.Clone(cands), nil)

			r := newRanker(q, an, 0, nil, day("2024-03-26"), defaultModel)
			pre := newPreread(r)
			if tt.haltFirst {
				pre.halt()
			}
			pre.run(recent)
			if got := len(pre.reads); got != tt.wantRead {
				t.Fatalf("read %d articles ahead, want %d", got, tt.wantRead)
			}
			got := r.rank(cands, pre)

			if len(got) != len(want) || len(got) == 0 {
				t.Fatalf("ranked %d sentences, want %d (and some)", len(got), len(want))
			}
			for i := range got {
				g, w := got[i], want[i]
				if g.text != w.text || g.art.ID != w.art.ID || math.Float64bits(g.score) != math.Float64bits(w.score) {
					t.Fatalf("sentence %d: %q of %s (%v), want %q of %s (%v)", i, g.text, g.art.ID, g.score, w.text, w.art.ID, w.score)
				}
				for k := range g.f {
					if math.Float64bits(g.f[k]) != math.Float64bits(w.f[k]) {
						t.Fatalf("sentence %q: %s = %v, want %v", g.text, featureNames[k], g.f[k], w.f[k])
					}
				}
				own := false
				for j := range cands {
					own = own || g.art == &cands[j].Article
				}
				if !own {
					t.Fatalf("sentence %q refers to a copy of %s that is not the candidate's", g.text, g.art.ID)
				}
				if g.art.ID == "changed" && g.text != changedLater.Paragraphs[0].Text {
					t.Fatalf("sentence %q of the changed article: the window's copy was used, not the one ranked", g.text)
				}
			}
		})
	}
}
