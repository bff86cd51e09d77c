package answer

import (
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle/internal/terms"
)

// TestArticleSentencesBounded: an article of thousands of paragraphs that
// each hold the question's words has at most maxArticleSentences of them
// scored, those holding the most of the question (the earlier of equals),
// in the article's order, so that ten such articles no longer make a
// million scored sentences (1.3 GB, helper 73). A sentence holding more of
// the question late in the article still counts.
func TestArticleSentencesBounded(t *testing.T) {
	an := terms.New()
	q := Analyze(an, "Who saw the moose near the fjord?")
	df := map[string]int{}
	for _, tm := range q.Terms {
		df[tm.Stem] = 10
	}
	r := newRanker(q, an, 1000, df, time.Date(2024, 3, 26, 0, 0, 0, 0, time.UTC), defaultModel)
	for _, tt := range []struct {
		name  string
		paras int
		want  int // sentences scored
	}{
		{"under the bound", maxArticleSentences / 2, maxArticleSentences/2 + 1},
		{"at the bound", maxArticleSentences - 1, maxArticleSentences},
		{"past the bound", 5 * maxArticleSentences, maxArticleSentences},
		{"far past it", 40 * maxArticleSentences, maxArticleSentences},
	} {
		t.Run(tt.name, func(t *testing.T) {
			words := make([]string, tt.paras+1)
			for i := range tt.paras {
				words[i] = "The moose grazed."
			}
			// The one sentence that holds the whole question comes last.
			words[tt.paras] = "Ranger Tove Lindqvist saw the moose near the fjord."
			a := article("moose", "2024-03-20", "Sightings", words...)
			rd := r.read(&a, &scratch{stem: an.NewMemo()})
			if len(rd.per) != tt.want {
				t.Errorf("%d sentences scored, want %d", len(rd.per), tt.want)
			}
			last := rd.per[len(rd.per)-1]
			if !strings.Contains(last.text, "Lindqvist") || last.para != tt.paras {
				t.Errorf("last scored sentence %q (paragraph %d), want the one naming Lindqvist, last", last.text, last.para)
			}
			for i := 1; i < len(rd.per); i++ {
				if rd.per[i].para <= rd.per[i-1].para {
					t.Fatalf("sentences out of the article's order: paragraph %d after %d", rd.per[i].para, rd.per[i-1].para)
				}
			}
			if rd.per[0].para != 0 {
				t.Errorf("first scored sentence from paragraph %d, want 0 (the earlier of equals)", rd.per[0].para)
			}
		})
	}
}
