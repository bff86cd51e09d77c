package answer

import (
	"testing"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/terms"
)

// TestArticleCoverage: the same sentence scores higher in an article that
// speaks of the rest of the question elsewhere than in one that does not:
// an article about the question's whole event is likelier to answer it.
func TestArticleCoverage(t *testing.T) {
	// Near copies (an identical one would be dropped as syndicated).
	same := map[string]string{
		"about": "Officials said the ship was built in Finland.",
		"other": "Officials said that the ship was built in Finland.",
	}
	about := article("about", "2024-03-25", "Report",
		same["about"], "The icebreaker Polaris was launched on Tuesday from the harbour at Turku.")
	other := article("other", "2024-03-25", "Report",
		same["other"], "Fishing quotas were the main topic of the meeting.")
	an := terms.New()
	q := Analyze(an, "Where was the icebreaker Polaris that was launched on Tuesday built?")
	r := newRanker(q, an, 0, nil, day("2024-03-26"), defaultModel)
	ranked := r.rank([]chronicle.Candidate{{Article: other, Score: 1}, {Article: about, Score: 1}}, nil)
	cov := map[string]float64{}
	score := map[string]float64{}
	for _, s := range ranked {
		if s.text == same[s.art.ID] {
			cov[s.art.ID], score[s.art.ID] = s.f[fArtCov], s.score
		}
	}
	if len(cov) != 2 {
		t.Fatalf("ranked %d copies of the sentence, want 2 (one per article): %+v", len(cov), cov)
	}
	if !(cov["about"] > cov["other"]) {
		t.Errorf("art_cov about = %.2f, other = %.2f; want the article about the event higher", cov["about"], cov["other"])
	}
	if !(score["about"] > score["other"]) {
		t.Errorf("score in the article about the event %.3f <= %.3f in the other", score["about"], score["other"])
	}
	if cov["about"] > 1 || cov["other"] <= 0 {
		t.Errorf("art_cov = %v, want within (0, 1]", cov)
	}
}
