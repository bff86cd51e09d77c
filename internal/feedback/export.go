package feedback

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Question is one line of an export, in the evaluation question format
// ({"id", "question", "as_of", "answers"}) with a few fields added.
// Helpful votes give Answers: the answer's value, or its quote when it has
// no value. Wrong votes give WrongAnswers instead (a right answer must
// differ from them) and no Answers.
type Question struct {
	ID           string   `json:"id"`
	Question     string   `json:"question"`
	AsOf         string   `json:"as_of"`
	Answers      []string `json:"answers,omitempty"`
	WrongAnswers []string `json:"wrong_answers,omitempty"`
	// ArticleID and Quote are the citation voted on; Votes how many
	// people gave this vote.
	ArticleID string `json:"article_id"`
	Quote     string `json:"quote"`
	Votes     int    `json:"votes"`
}

// Questions turns votes into questions: one per answer and kind of vote,
// in the order of each one's first vote.
func Questions(votes []Vote) []Question {
	var out []Question
	at := map[string]int{}
	for _, v := range votes {
		id := "feedback-" + v.Key + "-" + string(v.Kind)
		if i, ok := at[id]; ok {
			out[i].Votes++
			continue
		}
		a := v.Answer
		gold := strings.TrimSpace(a.Value)
		if gold == "" {
			gold = a.Quote
		}
		q := Question{ID: id, Question: a.Question, AsOf: a.AsOf, ArticleID: a.ArticleID, Quote: a.Quote, Votes: 1}
		if v.Kind == Wrong {
			q.WrongAnswers = []string{gold}
		} else {
			q.Answers = []string{gold}
		}
		at[id] = len(out)
		out = append(out, q)
	}
	return out
}

// Export writes the questions of votes as JSON Lines.
func Export(w io.Writer, votes []Vote) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, q := range Questions(votes) {
		if err := enc.Encode(q); err != nil {
			return fmt.Errorf("export feedback: %w", err)
		}
	}
	return nil
}

// Stats counts votes.
type Stats struct {
	Helpful, Wrong int
	// Questions is the number of distinct questions (with their as-of
	// day) voted on; Answers of distinct answers.
	Questions, Answers int
}

// Count counts votes.
func Count(votes []Vote) Stats {
	var s Stats
	questions, answers := map[[2]string]bool{}, map[string]bool{}
	for _, v := range votes {
		if v.Kind == Wrong {
			s.Wrong++
		} else {
			s.Helpful++
		}
		questions[[2]string{v.Answer.Question, v.Answer.AsOf}] = true
		answers[v.Key] = true
	}
	s.Questions, s.Answers = len(questions), len(answers)
	return s
}
