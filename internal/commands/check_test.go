package commands

import (
	"strings"
	"testing"

	"github.com/chronicle-bot/chronicle"
)

// A message's spoilers (||…||) stay hidden: a public check leaves them out
// of the lookup and of its echo (the quote found would give them away), and
// an ephemeral one, seen only by the user who asked, checks them and echoes
// them behind a spoiler. They were echoed escaped, "\|\|…\|\|", which shows
// the hidden text in the clear (helper h48a).
func TestCheckSpoilers(t *testing.T) {
	const hiddenClaim = "137 people died in Krasnogorsk"
	tests := []struct {
		name      string
		ephemeral bool
		text      string
		wantAsked string // "" when nothing is looked up
		wantIn    []string
		wantCode  string
	}{
		{"public, spoiler left out", false, "ISIS claimed the Moscow attack. ||" + hiddenClaim + "||",
			"ISIS claimed the Moscow attack.", []string{"Checking: “ISIS claimed the Moscow attack.”", "Text behind a spoiler is left out"}, ""},
		{"public, all of it a spoiler", false, "||ISIS claimed the Moscow attack, " + hiddenClaim + "||", "", nil, chronicle.EINVALID},
		// Helper 111: "makes no claim", without a word of the spoilers.
		{"public, every claim a spoiler", false, "||ISIS|| claimed the attack. ||" + hiddenClaim + "||", "", nil, chronicle.EINVALID},
		{"public, spoilers over lines", false, "ISIS claimed the Moscow attack.\n||" + hiddenClaim + "\nand more||", "ISIS claimed the Moscow attack.", nil, ""},
		{"ephemeral, spoiler checked and still hidden", true, "ISIS claimed the Moscow attack. ||" + hiddenClaim + "||",
			"ISIS claimed the Moscow attack. " + hiddenClaim, []string{"🔎 Checking: ||“ISIS claimed the Moscow attack. " + hiddenClaim + "”||"}, ""},
		{"no spoiler: an unclosed bar is text", false, "ISIS claimed the Moscow attack || 137 dead",
			"ISIS claimed the Moscow attack || 137 dead", []string{`attack \|\| 137 dead”`}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fa := &fakeAnswerer{answer: isisAnswer}
			c := &Check{Answerer: fa, Ephemeral: tt.ephemeral}
			resp, err := c.Handle(t.Context(), Request{Command: CheckName, TargetText: tt.text})
			if tt.wantCode != "" {
				if chronicle.ErrorCode(err) != tt.wantCode || len(fa.asked()) != 0 {
					t.Fatalf("Handle(%q) = %v after asking %q; want %s and nothing asked", tt.text, err, fa.asked(), tt.wantCode)
				}
				if msg := chronicle.ErrorMessage(err); strings.Contains(msg, "Krasnogorsk") || !strings.Contains(msg, "spoiler") {
					t.Errorf("refusal %q; want it to name the spoiler, not its text", msg)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if asked := fa.asked(); len(asked) != 1 || asked[0] != tt.wantAsked {
				t.Errorf("asked %q, want %q", asked, tt.wantAsked)
			}
			all := resp.Content
			for _, e := range resp.Embeds {
				all += "\n" + e.Title + "\n" + e.Description + "\n" + e.Footer
				for _, f := range e.Fields {
					all += "\n" + f.Name + "\n" + f.Value
				}
			}
			if strings.Contains(all, `\|\|`+hiddenClaim) || (!tt.ephemeral && strings.Contains(all, "Krasnogorsk")) {
				t.Errorf("the reply shows the hidden text:\n%s", all)
			}
			for _, want := range tt.wantIn {
				if !strings.Contains(resp.Content, want) {
					t.Errorf("content =\n%s\nwant %q in it", resp.Content, want)
				}
			}
		})
	}
}
