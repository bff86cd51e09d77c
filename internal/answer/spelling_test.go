package answer

import (
	"context"
	"strings"
	"testing"
)

// TestCorrectSpelling: a misspelt lower-case word is searched as the
// articles spell it and the answer says what was searched; a capitalised
// unknown name is not replaced (it is declined instead).
func TestCorrectSpelling(t *testing.T) {
	idx := newFakeIndex(
		article("a1", "2024-03-25", "Moscow concert hall attack",
			"Islamic State claimed the attack on the Crocus City Hall in Moscow, which killed 137 people."),
		article("a2", "2024-03-20", "Harbour festival", "The harbour festival drew 20,000 people over the weekend."),
	)
	a := New(idx)
	a.Threshold = 0
	ctx := context.Background()
	ans, err := a.Ask(ctx, "who claimed the moscw attack?", day("2024-03-26"))
	if err != nil {
		t.Fatal(err)
	}
	if ans.Searched != "who claimed the moscow attack?" {
		t.Errorf("Searched = %q, want %q", ans.Searched, "who claimed the moscow attack?")
	}
	if ans.Best == nil || !strings.Contains(ans.Best.Text, "Islamic State") {
		t.Errorf("Best = %+v, want the Islamic State quote", ans.Best)
	}
	ans, err = a.Ask(ctx, "Who claimed the attack in Moscw?", day("2024-03-26"))
	if err != nil {
		t.Fatal(err)
	}
	if ans.Searched != "" || ans.Best != nil || len(ans.Missing) == 0 {
		t.Errorf("capitalised unknown name: Searched %q, Best %v, Missing %q; want it declined, not corrected",
			ans.Searched, ans.Best, ans.Missing)
	}
	ans, err = a.Ask(ctx, "who claimed the moscow attack?", day("2024-03-26"))
	if err != nil || ans.Searched != "" {
		t.Errorf("correct spelling: Searched %q (%v), want empty", ans.Searched, err)
	}
	// A handle is not corrected: "@evryone" became "@everyone", a mention
	// (helper 82).
	if ans, err := a.Ask(ctx, "who claimed the attack, @moscw?", day("2024-03-26")); err != nil || ans.Searched != "" {
		t.Errorf("handle: Searched %q (%v), want it left as typed", ans.Searched, err)
	}
	// A word capitalised only because it starts the question, or a question
	// shouted in capitals, is corrected like one in lower case.
	for q, want := range map[string]string{
		"Moscw attack: who claimed it?":    "moscow attack: who claimed it?",
		"WHO CLAIMED THE MOSCW ATTACK?":    "WHO CLAIMED THE MOSCOW ATTACK?", // still shouted: no word becomes a name
		"Attack in Moscow. Atack claimed?": "Attack in Moscow. attack claimed?",
	} {
		ans, err = a.Ask(ctx, q, day("2024-03-26"))
		if err != nil || ans.Searched != want || ans.Best == nil {
			t.Errorf("Ask(%q): Searched %q, Best %v (%v); want %q and an answer", q, ans.Searched, ans.Best, err, want)
		}
	}
}
