package terms

import (
	"strings"
	"testing"

	"github.com/chronicle-bot/chronicle"
)

func TestCutStamps(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"updated, date, time and zone", "Updated Jan. 3, 2026, 2:06 p.m. ET The United States struck on Saturday. It said so.",
			"The United States struck on Saturday. It said so."},
		{"date, time and zone", "June 4, 2026, 3:50 p.m. ET Hunter Biden spoke. Then he left.", "Hunter Biden spoke. Then he left."},
		{"time first", "10:50 pm ET March 9, 2026 Share this update Iranian operative convicted.",
			"Iranian operative convicted."},
		{"published and updated", "March 4, 2025 Updated March 6, 2025, 11:39 a.m. ET Data is starting to come in.",
			"Data is starting to come in."},
		{"a comma after the stamp", "Published March 4, 2025, The council met.", "The council met."},
		{"a stamp between sentences", "The vote failed. Updated Jan. 3, 2026, 2:06 p.m. ET The vote was held again.",
			"The vote failed. … The vote was held again."},
		{"a cut quote keeps its marks", "… Updated Jan. 3, 2026, 2:06 p.m. ET The vote was held again in the town …",
			"… The vote was held again in the town …"},
		{"a stamp and nothing else stays", "Updated Jan. 3, 2026, 2:06 p.m. ET", "Updated Jan. 3, 2026, 2:06 p.m. ET"},
		// A date or a time alone is the report's own.
		{"a date with its year alone", "March 9, 2026 Was the day the vote failed.", "March 9, 2026 Was the day the vote failed."},
		{"a time alone", "2:15 p.m. ET Rioters breach the Capitol.", "2:15 p.m. ET Rioters breach the Capitol."},
		{"a date in the sentence", "On March 9, 2026, at 10:50 pm ET the vote failed.", "On March 9, 2026, at 10:50 pm ET the vote failed."},
		{"not followed by a sentence", "March 9, 2026, 10:50 pm ET is the deadline.", "March 9, 2026, 10:50 pm ET is the deadline."},
		{"updated as a word", "Updated figures show a rise. Posted by a reader.", "Updated figures show a rise. Posted by a reader."},
		{"a zone the text starts with", "ET The vote was held again. It failed.", "The vote was held again. It failed."},
		{"a cut quote that starts with a zone", "… ET The vote was held again …", "… The vote was held again …"},
		{"a zone before no sentence", "CT scans showed a fracture.", "CT scans showed a fracture."},
		{"a zone after a sentence that is no stamp", "They met at 9 p.m. ET Officials said so.", "They met at 9 p.m. ET Officials said so."},
		// Found in the RealTimeQA corpus (rev30): report text, not stamps.
		{"a zone labelling the times after it", "PT: 6:45 p.m. | 7:50 p.m. | 10:35 p.m.", "PT: 6:45 p.m. | 7:50 p.m. | 10:35 p.m."},
		{"rows of zone labels", "PT: 6:45 p.m. | 7:50 p.m. MT: 7:45 p.m. | 8:50 p.m.", "PT: 6:45 p.m. | 7:50 p.m. MT: 7:45 p.m. | 8:50 p.m."},
		{"a label with a colon", "CST: Free", "CST: Free"},
		{"a name whose initials are a zone", "CT Pan wins seven-player bronze medal golf playoff", "CT Pan wins seven-player bronze medal golf playoff"},
		{"a stamp, its zone split off, then a name", "Updated Jan. 3, 2026, 2:06 p.m. PT Bob Jones won.", "Bob Jones won."},
		// A page's labels glued to a sentence go with the stamps.
		{"a label alone", "Share this update Oil back over $100 as US plans blockade. Prices rose.",
			"Oil back over $100 as US plans blockade. Prices rose."},
		{"a date with its year and a label", "April 28, 2026 Share this update State dinner menu features fish.",
			"State dinner menu features fish."},
		{"a label that starts with no stamp's letter, then a date with its year",
			"Read more April 28, 2026 State dinner menu features fish.", "State dinner menu features fish."},
		{"a gallery's caption label, then a date with its year",
			"Hide Caption 3 of 9 March 6, 2025 Data is starting to come in.", "Data is starting to come in."},
		{"a summary label", "AI-assisted summary President Trump has ordered the Treasury to stop minting pennies.",
			"President Trump has ordered the Treasury to stop minting pennies."},
		{"a gallery's caption label", "Hide Caption 65 of 66 Photos: The Queen welcomes Liz Truss at Balmoral.",
			"The Queen welcomes Liz Truss at Balmoral."},
		{"a label between sentences", "It rained. Read more Photo of the day: Simone Biles earns 9th US title.",
			"It rained. … Photo of the day: Simone Biles earns 9th US title."},
		{"a newsletter button", "Sign up The prime minister made the comments on Monday.", "The prime minister made the comments on Monday."},
		{"a newsletter invitation stays", "Sign up for our Daily Money newsletter.", "Sign up for our Daily Money newsletter."},
		{"a label in the sentence stays", "Readers can share this update with friends.", "Readers can share this update with friends."},
		{"a label before no sentence stays", "Read more about it here.", "Read more about it here."},
		{"a label and nothing else stays", "Advertisement", "Advertisement"},
		// A photo credit glued to the caption after it goes the same way.
		{"a credit between captions", "Abe spoke in Nara on Friday. The Asahi Shimbun/Getty Images Abe lies on the ground.",
			"Abe spoke in Nara on Friday. … Abe lies on the ground."},
		{"a credit that ends the text", "Spectators watched the launch. Jim Watson/AFP/Getty Images",
			"Spectators watched the launch."},
		{"a credit that starts the text", "Pool/AP While at Buckingham Palace, the Queen viewed flowers.",
			"While at Buckingham Palace, the Queen viewed flowers."},
		{"a slash in a sentence stays", "The 24/7 service ran. AC/DC played on Friday.", "The 24/7 service ran. AC/DC played on Friday."},
		{"an agency in a sentence stays", "Reporters from AP/Reuters pools asked.", "Reporters from AP/Reuters pools asked."},
		// A gallery's "Prev Next" buttons, wherever the scraper left them.
		{"a gallery's buttons after a credit", "A man pays tribute at a memorial. Chung Sung-Jun/Getty Images Prev Next",
			"A man pays tribute at a memorial."},
		{"a gallery's buttons inside a sentence", "In pictures: UK Prime Minister Rishi Sunak Prev Next Sunak has also been scrutinized.",
			"In pictures: UK Prime Minister Rishi Sunak … Sunak has also been scrutinized."},
		{"the words in a sentence stay", "Press Prev Next to turn the page.", "Press Prev Next to turn the page."},
		{"a timeline's time and date before its entry", "6:31 p.m., Jan. 27, 1967 John Tribe was on console when a fire swept through the spacecraft.",
			"6:31 p.m., Jan. 27, 1967 John Tribe was on console when a fire swept through the spacecraft."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, _ := CutStamps(tt.text, nil); got != tt.want {
				t.Errorf("CutStamps(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

// TestCutStampsHighlights: highlighted words keep their place in the new
// text; one inside a stamp goes.
func TestCutStampsHighlights(t *testing.T) {
	text := "… The vote failed. Updated Jan. 3, 2026, 2:06 p.m. ET The vote was held again …"
	var spans []chronicle.Span
	for _, w := range []string{"vote", "Jan", "held"} {
		i := indexFrom(text, w, 0)
		spans = append(spans, chronicle.Span{Start: i, End: i + len(w)})
	}
	spans = append(spans, chronicle.Span{Start: indexFrom(text, "vote", spans[0].End), End: indexFrom(text, "vote", spans[0].End) + 4})
	got, hs := CutStamps(text, spans)
	if want := "… The vote failed. … The vote was held again …"; got != want {
		t.Fatalf("CutStamps = %q, want %q", got, want)
	}
	var words []string
	for _, h := range hs {
		words = append(words, got[h.Start:h.End])
	}
	if len(words) != 3 || words[0] != "vote" || words[1] != "held" || words[2] != "vote" {
		t.Errorf("highlights = %q, want [vote held vote]", words)
	}
}

func indexFrom(s, w string, from int) int {
	for i := from; i+len(w) <= len(s); i++ {
		if s[i:i+len(w)] == w {
			return i
		}
	}
	return -1
}

func TestTrimZone(t *testing.T) {
	for in, want := range map[string]string{"ET Bob Jones": "Bob Jones", "Bob Jones": "Bob Jones", "ET": "ET", "ETA Bob": "ETA Bob", "PT ": "PT "} {
		if got := TrimZone(in); got != want {
			t.Errorf("TrimZone(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzCutStamps: CutStamps never panics, never lengthens the text by more
// than its marks, and
// every highlight it keeps covers the same word as before.
func FuzzCutStamps(f *testing.F) {
	for _, s := range []string{"Updated Jan. 3, 2026, 2:06 p.m. ET The vote. ET It", "… 10:50 pm ET March 9, 2026 Share this …",
		"… …", "… ", " …", "ET", "May 1, 2026, 1:00 a.m", "Sept. 31, 99999, 99:99 pm PT X"} {
		f.Add(s, 0, 3)
	}
	f.Fuzz(func(t *testing.T, text string, start, n int) {
		var spans []chronicle.Span
		if start >= 0 && n > 0 && start+n <= len(text) {
			spans = []chronicle.Span{{Start: start, End: start + n}}
		}
		got, hs := CutStamps(text, spans)
		if len(strings.ReplaceAll(got, " …", "")) > len(text) {
			t.Fatalf("CutStamps(%q) = %q, longer", text, got)
		}
		if len(hs) > len(spans) {
			t.Fatalf("CutStamps(%q) made highlights %v of %v", text, hs, spans)
		}
		for _, h := range hs {
			if h.Start < 0 || h.End > len(got) || h.Start > h.End || got[h.Start:h.End] != text[spans[0].Start:spans[0].End] {
				t.Fatalf("CutStamps(%q, %v) = %q, %v: the highlight moved off its word", text, spans, got, hs)
			}
		}
	})
}
