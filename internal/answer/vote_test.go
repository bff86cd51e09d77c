package answer

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/chronicle-bot/chronicle/internal/terms"
)

// TestCandidates: a name keeps the hyphen or apostrophe that joins its
// words, so that the sentence it is read from states it; periods are
// spaces, as before.
func TestCandidates(t *testing.T) {
	tests := []struct {
		name, sentence string
		us             bool // asked about the US
		want           []string
	}{
		{"spaces", "The winner was Tomas Lindqvist of Sweden.", false,
			[]string{"tomas lindqvist", "tomas", "lindqvist", "sweden"}},
		{"a hyphen", "The winner was Karine Jean-Pierre of Boston.", false,
			[]string{"karine jean-pierre", "karine", "jean", "pierre", "boston"}},
		{"a straight apostrophe", "The winner was Ted O'Meara of Boston.", false,
			[]string{"ted o'meara", "ted", "meara", "boston"}},
		{"a curly apostrophe", "The winner was Ted O’Meara of Boston.", false,
			[]string{"ted o’meara", "ted", "meara", "boston"}},
		{"periods", "The winner was the U.S. team.", false, []string{"u s"}},
		{"periods of a question word", "The winner was the U.S. team.", true, []string{"u s"}},
		{"a possessive is no join", "The winner was Boston’s Ted Smith.", false,
			[]string{"boston", "ted smith", "ted", "smith"}},
		// A name joined by hyphens around a word in lower case is one name,
		// not the month "Mar" and "Lago" (helper 86: "Also reported: Lago").
		{"hyphens around a lower word", "Documents were kept at Mar-a-Lago in Florida.", false,
			[]string{"documents", "mar-a-lago", "florida"}},
		{"a lower last word is no name", "It is a Hawaii-based airline.", false, []string{"hawaii"}},
		{"a lower word after the name", "Guests at Mar-a-Lago-style clubs.", false, []string{"guests", "mar-a-lago"}},
		{"a word that joins two names", "Washington-and-Beijing talks resumed.", false, []string{"washington", "beijing"}},
		// A middle initial's full stop does not end the name ("Lyndon B").
		{"a middle initial", "President Lyndon B. Johnson signed it.", false,
			[]string{"president lyndon b. johnson", "president", "lyndon", "johnson"}},
		{"initials are no middle initial", "The U.S. President signed it.", false, []string{"u s", "president"}},
	}
	an := terms.New()
	r := newRanker(Analyze(an, "Who won?"), an, 0, nil, time.Time{}, defaultModel)
	us := newRanker(Analyze(an, "Who won for the US?"), an, 0, nil, time.Time{}, defaultModel)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := r
			if tt.us {
				r = us
			}
			got := r.candidates(an.Tokens(tt.sentence), tt.sentence, 0)
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("candidates(%q) (-want +got):\n%s", tt.sentence, d)
			}
			low := strings.ToLower(tt.sentence)
			for _, c := range got {
				if c != "u s" && !statesWord(low, c) {
					t.Errorf("candidates(%q) gave %q, which the sentence does not state", tt.sentence, c)
				}
			}
		})
	}
}

// TestKindCandidatesPlaceKind: a place the gazetteer writes with a space
// is of the kind asked for when the text joins its words otherwise.
func TestKindCandidatesPlaceKind(t *testing.T) {
	tests := []struct {
		sentence string
		want     []string
	}{
		{"The summit was held in Guinea-Bissau, said Tomas Lindqvist.", []string{"guinea-bissau", "guinea"}},
		{"The summit was held in Guinea Bissau, said Tomas Lindqvist.", []string{"guinea bissau", "guinea"}},
	}
	an := terms.New()
	r := newRanker(Analyze(an, "Which country held the summit?"), an, 0, nil, time.Time{}, defaultModel)
	for _, tt := range tests {
		t.Run(tt.sentence, func(t *testing.T) {
			got := r.kindCandidates(an.Tokens(tt.sentence), tt.sentence, 0)
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("kindCandidates(%q) (-want +got):\n%s", tt.sentence, d)
			}
		})
	}
}
