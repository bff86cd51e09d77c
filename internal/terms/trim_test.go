package terms

import (
	"strings"
	"testing"
)

func TestTrimKeepsNamesWhole(t *testing.T) {
	filler := strings.Repeat("the long story went on and on ", 4) // 120 bytes
	tests := []struct {
		name      string
		middle    string // put between fillers
		plainCut  string // the word the window would start at, names aside
		focusWord string
		wantStart string
	}{
		{"the cut fell inside a three-word name", "while the Kansas City Chiefs enter Super Bowl 59 with a chance at history",
			"City", "history", "… Kansas City Chiefs enter"},
		{"a first name and a surname", "and so it was that Sarah Snook says the group chat has lit up since her win",
			"Snook", "win", "… Sarah Snook says"},
		{"a word after a full stop starts a new run", "it was over by then. Officials said the council would meet on the bridge",
			"Officials", "bridge", "… Officials said"},
		{"a lower-case word before the cut", "then the City Council would meet on the bridge",
			"City", "bridge", "… City Council"},
		{"a lower-case word at the cut", "and the committee voted to approve the plan after a long night of debate",
			"plan", "debate", "… plan after"},
		{"at most three words back", "at last One Two Three Four Five met at the station",
			"Five", "station", "… Two Three Four Five met"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := filler + tt.middle + " " + filler + filler
			focus := strings.Index(text, tt.focusWord)
			word := strings.Index(text, tt.plainCut)
			// The window's first guess, focus-maxLen/4, is the space before
			// plainCut, so that without the name rule it starts there.
			maxLen := 4 * (focus - word + 1)
			got, _ := TrimNames(text, nil, focus, maxLen)
			if !strings.HasPrefix(got, tt.wantStart) {
				t.Errorf("Trim = %q…; want it to start %q", got[:min(len(got), 40)], tt.wantStart)
			}
			if !strings.Contains(got, tt.focusWord) {
				t.Errorf("Trim = %q lost the focus word %q", got, tt.focusWord)
			}
			if plain, _ := Trim(text, nil, focus, maxLen); !strings.HasPrefix(plain, "… "+tt.plainCut) {
				t.Errorf("Trim = %q…; want the plain cut at %q", plain[:min(len(plain), 40)], tt.plainCut)
			}
			if n := len(strings.TrimSuffix(strings.TrimPrefix(got, "… "), " …")); n > maxLen {
				t.Errorf("Trim kept %d bytes; want at most %d", n, maxLen)
			}
		})
	}
}
