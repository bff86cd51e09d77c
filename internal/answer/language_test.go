package answer

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chronicle-bot/chronicle"
)

func TestNotEnglish(t *testing.T) {
	tests := []struct {
		q    string
		want bool
	}{
		{"Who claimed the Moscow attack?", false},
		{"who won the super bowl this year", false},
		{"What did Xi Jinping say in Beijing?", false},
		{"Was the Crocus City Hall attack claimed?", false},
		{"How many people died in the Le Mans crash?", false},
		{"¿Quién ganó el Super Bowl este año?", true},
		{"Qui a revendiqué l'attaque de Moscou ?", true},
		{"Wer hat den Anschlag in Moskau verübt?", true},
		{"Кто взял на себя ответственность за теракт в Москве?", true},
		{"谁声称对莫斯科袭击负责？", true},
		// nu44: short French with one function word of its own.
		{"Qui a gagné ?", true},
		{"¿Quién ganó?", true},
		{"Which café won the award?", false},
		{"Who won the Pokémon world championship in Zürich?", false},
		{"Was the naïve café owner charged?", false},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			if got := notEnglish(tt.q); got != tt.want {
				t.Errorf("notEnglish(%q) = %v, want %v", tt.q, got, tt.want)
			}
		})
	}
}

// TestNotEnglishDevQuestions: no RealTimeQA dev question (English news
// quiz questions, full of names) is taken for another language.
func TestNotEnglishDevQuestions(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "data", "realtimeqa", "questions-dev.jsonl"))
	if err != nil {
		t.Skipf("the shared data is absent (%v): skipping", err)
	}
	n := 0
	for _, line := range strings.Split(string(b), "\n") {
		var q struct {
			Question string `json:"question"`
		}
		if json.Unmarshal([]byte(line), &q) != nil || q.Question == "" {
			continue
		}
		n++
		if notEnglish(q.Question) {
			t.Errorf("notEnglish(%q) = true", q.Question)
		}
	}
	if n < 600 {
		t.Errorf("read %d questions, want the 676 dev questions", n)
	}
}

// TestAskRefusesOtherLanguages: Ask answers a question in another language
// with a user error that says why, instead of an unrelated quote.
func TestAskRefusesOtherLanguages(t *testing.T) {
	a := New(newFakeIndex(article("a1", "2024-03-25", "Moscow attack",
		"Islamic State claimed the attack on the Crocus City Hall in Moscow.")))
	_, err := a.Ask(context.Background(), "¿Quién reivindicó el atentado de Moscú?", day("2024-03-26"))
	var e *chronicle.Error
	if !errors.As(err, &e) || e.Code != chronicle.EINVALID || !strings.Contains(e.Message, "English") {
		t.Errorf("Ask(Spanish question) error = %v, want an EINVALID error that says it reads English", err)
	}
}
