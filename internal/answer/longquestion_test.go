package answer

import (
	"context"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/terms"
)

// TestAskRefusesAnOverlongQuestion: a question over MaxQuestion characters
// (bot ask --batch and --json passed megabytes whole) is refused with a
// user error that gives both lengths, and the answer echoes its start
// only; one of MaxQuestion characters is read.
func TestAskRefusesAnOverlongQuestion(t *testing.T) {
	a := New(newFakeIndex(article("a1", "2024-03-25", "Moscow attack",
		"Islamic State claimed the attack on the Crocus City Hall in Moscow.")))
	ask := "Who claimed the Moscow attack?"
	for _, tt := range []struct {
		name    string
		pad     int // characters of padding before the question
		refused bool
	}{
		{"at the limit", MaxQuestion - utf8.RuneCountInString(ask), false},
		{"one over", MaxQuestion - utf8.RuneCountInString(ask) + 1, true},
		{"megabytes", 1 << 21, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			q := strings.Repeat("é", tt.pad) + ask // é: the cut counts characters, not bytes
			ans, err := a.Ask(context.Background(), q, day("2024-03-26"))
			var e *chronicle.Error
			refused := errors.As(err, &e) && e.Code == chronicle.EINVALID && strings.Contains(e.Message, "at most 2000")
			if refused != tt.refused {
				t.Fatalf("Ask(%d characters) error = %v, want refused %v", utf8.RuneCountInString(q), err, tt.refused)
			}
			if n := utf8.RuneCountInString(ans.Question); n > MaxQuestion+1 || !utf8.ValidString(ans.Question) {
				t.Errorf("the answer echoes %d characters (valid UTF-8 %v), want at most %d", n, utf8.ValidString(ans.Question), MaxQuestion+1)
			}
		})
	}
}

// TestExplainReadsAsAskDoes: Explain refuses what Ask refuses (it read a
// question of megabytes whole, and printed nothing for one of stop words
// or in another language), with the same errors.
func TestExplainReadsAsAskDoes(t *testing.T) {
	a := New(newFakeIndex(article("a1", "2024-03-25", "Moscow attack",
		"Islamic State claimed the attack on the Crocus City Hall in Moscow.")))
	for _, q := range []string{
		strings.Repeat("a ", MaxQuestion) + "Who claimed the Moscow attack?",
		"¿Quién reivindicó el atentado de Moscú?",
		"what is the",
	} {
		_, askErr := a.Ask(context.Background(), q, day("2024-03-26"))
		_, _, err := a.Explain(context.Background(), q, day("2024-03-26"), 3)
		if askErr == nil || err == nil || err.Error() != askErr.Error() {
			t.Errorf("Explain(%.40q) error = %v, want Ask's: %v", q, err, askErr)
		}
	}
	_, ex, err := a.Explain(context.Background(), "Who claimed the Moscow attack?", day("2024-03-26"), 3)
	if err != nil || len(ex) == 0 {
		t.Errorf("Explain of a question Ask reads: %d explanations, error %v", len(ex), err)
	}
}

// TestPhrasesOnce: a phrase both capitalised and quoted, or repeated, is
// one phrase (a question of one quoted phrase repeated thousands of times
// searched every sentence for each).
func TestPhrasesOnce(t *testing.T) {
	q := Analyze(terms.New(), `Which song from "KPop Demon Hunters" and KPop Demon Hunters, "a b" "a b" "a b"?`)
	if d := cmp.Diff([]string{"KPop Demon Hunters", "a b"}, q.Phrases); d != "" {
		t.Errorf("Phrases (-want +got):\n%s", d)
	}
}

// TestAskRefusesWhatSaysTooLittle: text without a question word and with
// fewer than minOwnWords words of its own is refused with a user error
// that says what to ask ("hello" or "the news" got a quote about whatever
// held the word, at a confidence up to 0.75); two words, or one with a
// question word ("Who is Putin?"), are read.
func TestAskRefusesWhatSaysTooLittle(t *testing.T) {
	a := New(newFakeIndex(article("a1", "2024-03-25", "Moscow attack",
		"Islamic State claimed the attack on the Crocus City Hall in Moscow, news agencies said. Putin vowed revenge.")))
	for _, tt := range []struct {
		q       string
		refused bool
	}{
		{"hello", true},
		{"test", true},
		{"the news", true},
		{"Moscow? Moscow!", true}, // one word twice
		{"This is Putin", true},   // a message to check that claims nothing
		{"Who is Putin?", false},  // one word and a question word: a question (review rev37)
		{"Where is Moscow?", false},
		{"Moscow attack?", false},
		{"Who claimed the Moscow attack?", false},
		// Letters alone are no words (helper 82: "d e f" matched group
		// letters at 0.80).
		{"d e f", true},
		{"x y z", true},
		// A question word and one word of its own that names nothing
		// (helper 82: "who won" at 0.75).
		{"who won", true},
		{"Who died?", true},
		{"What time is it?", true},
		{"how many died?", true},
		{"who is putin", false}, // the word after a linking verb names someone
		{"who's zelensky", false},
		{"what’s bitcoin", false},
		{"Who claimed it?", true},
		{"Who claimed Moscow?", false},
		// Greetings and words to the bot name no news (nu44: "hello bot"
		// was answered with the closest sources about bots).
		{"hello bot", true},
		{"Hi there, bot!", true},
		{"thanks, good bot", true},
		{"good morning", true},
		{"Moscow attack bot", false},
		{"Good Morning America", false}, // a name
	} {
		t.Run(tt.q, func(t *testing.T) {
			_, err := a.Ask(context.Background(), tt.q, day("2024-03-26"))
			var e *chronicle.Error
			refused := errors.As(err, &e) && e.Code == chronicle.EINVALID && strings.Contains(e.Message, "too little")
			if refused != tt.refused {
				t.Errorf("Ask(%q) error = %v, want refused %v", tt.q, err, tt.refused)
			}
		})
	}
}

// TestAskRefusesFiguresAlone: a question whose own words are all figures
// ("What is 2+2?") is refused with a user error that says what to ask; a
// table of game times answered it at a confidence of 0.72. A figure next
// to a word is read.
func TestAskRefusesFiguresAlone(t *testing.T) {
	a := New(newFakeIndex(article("a1", "2024-03-25", "Schedule",
		"Game 45: 2 p.m. on ESPN2, then Game 46: 4 p.m. on ESPN.", "About 2 people were hurt in 2024, officials said.")))
	for _, tt := range []struct {
		q       string
		refused bool
	}{
		{"What is 2+2?", true},
		{"what's 2 + 2 = ?", true},
		{"How much is 15% of 80?", true},
		{"Who won in 2024?", false},
		{"How many people were hurt in 2024?", false},
	} {
		t.Run(tt.q, func(t *testing.T) {
			_, err := a.Ask(context.Background(), tt.q, day("2024-03-26"))
			var e *chronicle.Error
			refused := errors.As(err, &e) && e.Code == chronicle.EINVALID && strings.Contains(e.Message, "figures alone")
			if refused != tt.refused {
				t.Errorf("Ask(%q) error = %v, want refused %v", tt.q, err, tt.refused)
			}
		})
	}
}

// TestAskReadsStyledLetters: a question in the mathematical bold or
// fullwidth letters that social media posts use is read as the letters it
// shows (it was refused as not English, or found nothing).
func TestAskReadsStyledLetters(t *testing.T) {
	a := New(newFakeIndex(article("a1", "2024-03-25", "Moscow attack",
		"Islamic State claimed the attack on the Crocus City Hall in Moscow, news agencies said.")))
	for _, q := range []string{"𝐖𝐡𝐨 𝐜𝐥𝐚𝐢𝐦𝐞𝐝 𝐭𝐡𝐞 𝐌𝐨𝐬𝐜𝐨𝐰 𝐚𝐭𝐭𝐚𝐜𝐤?", "Ｗｈｏ ｃｌａｉｍｅｄ ｔｈｅ Ｍｏｓｃｏｗ ａｔｔａｃｋ？"} {
		ans, err := a.Ask(context.Background(), q, day("2024-03-26"))
		if err != nil || ans.Best == nil || !strings.Contains(ans.Best.Text, "Islamic State") {
			t.Errorf("Ask(%q) = %+v, %v; want the Islamic State quote", q, ans.Best, err)
		}
	}
}

// TestAskRefusesALink: a pasted web address is no question: its parts
// ("news world europe") were answered at a confidence of 0.76 (nu42). A
// link inside a question is left out of it, and the rest is answered.
func TestAskRefusesALink(t *testing.T) {
	a := New(newFakeIndex(article("a1", "2024-03-25", "Moscow attack",
		"Islamic State claimed the attack on the Crocus City Hall in Moscow, news agencies said. Putin vowed revenge.")))
	for _, tt := range []struct {
		q       string
		refused bool
	}{
		{"https://www.bbc.co.uk/news/world-europe-68644916", true},
		{"www.example.com/moscow-attack-news", true},
		{"https://example.com/a Moscow", true}, // one word beside it says too little
		{"Who claimed the attack in https://www.bbc.co.uk/news/moscow-attack?", false},
		{"Who claimed the Moscow attack?", false},
	} {
		t.Run(tt.q, func(t *testing.T) {
			ans, err := a.Ask(context.Background(), tt.q, day("2024-03-26"))
			var e *chronicle.Error
			refused := errors.As(err, &e) && e.Code == chronicle.EINVALID && strings.Contains(e.Message, "That is a link")
			if refused != tt.refused {
				t.Errorf("Ask(%q) error = %v, want refused %v", tt.q, err, tt.refused)
			}
			if !tt.refused && (ans.Best == nil || !strings.Contains(ans.Best.Text, "Islamic State")) {
				t.Errorf("Ask(%q) = %+v, want the quote that answers it", tt.q, ans.Best)
			}
			if ans.Question != strings.TrimSpace(tt.q) {
				t.Errorf("the answer echoes %q, want the question as asked", ans.Question)
			}
		})
	}
}
