package commands

import (
	"context"
	"strings"
	"testing"

	"github.com/chronicle-bot/chronicle"
)

func TestCheckable(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"good morning everyone :)", false},
		{"lol same", false},
		{"Hello everyone, thanks!", false},
		{"yeah I really think so", false},
		{"ISIS claimed the Moscow attack", true},
		{"Macron raised the alert level", true},
		{"ISIS did it, @everyone knows.", true},
		{"LOL OK", false},
		{"the attack killed 137 people", true},
		{"the concert hall attack was claimed by islamic state gunmen", true},
		{"France is at its highest alert level", true},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := checkable(tt.text); got != tt.want {
				t.Errorf("checkable(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}

// TestCheckNoClaim: "Check in sources" on a message that makes no claim
// says so (a user error) and looks nothing up; it used to quote a
// newsletter line at 42%.
func TestCheckNoClaim(t *testing.T) {
	fa := &fakeAnswerer{}
	_, err := (&Check{Answerer: fa}).Handle(context.Background(), Request{Command: CheckName, TargetText: "good morning everyone :)"})
	if chronicle.ErrorCode(err) != chronicle.EINVALID || !strings.Contains(chronicle.ErrorMessage(err), "no claim") {
		t.Errorf("Check(greeting) error = %v, want EINVALID saying there is no claim", err)
	}
	if len(fa.questions) != 0 {
		t.Errorf("Check(greeting) asked %q, want nothing looked up", fa.questions)
	}
}

// TestRenderSaysWhatWasSearched: an answer to a corrected question says
// what was searched, whether it answers or not.
func TestRenderSaysWhatWasSearched(t *testing.T) {
	best := chronicle.Citation{Text: "Islamic State claimed the attack.", Title: "Attack", ArticleID: "a1"}
	for _, ans := range []chronicle.Answer{
		{Searched: "who claimed the moscow attack", Best: &best, Confidence: 0.8},
		{Searched: "who claimed the moscow attack", Sources: []chronicle.Citation{best}},
		{Searched: "who claimed the moscow attack"},
	} {
		resp := renderAnswer(ans, 2, "")
		if !strings.HasPrefix(resp.Content, "Searched for: who claimed the moscow attack") {
			t.Errorf("renderAnswer(%+v).Content = %q, want it to start with what was searched", ans, resp.Content)
		}
	}
}
