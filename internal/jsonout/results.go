package jsonout

import (
	"encoding/json"
	"io"

	"github.com/chronicle-bot/chronicle/internal/eval"
)

// Result is one question of an evaluation (eval --failures and --all): its
// id, text and gold answers, whether it was right at accuracy@1 and @3,
// and the answer object.
type Result struct {
	ID       string   `json:"id"`
	Question string   `json:"question"`
	Gold     []string `json:"gold"`
	At1      bool     `json:"at1"`
	At3      bool     `json:"at3"`
	Answer   Answer   `json:"answer"`
}

// WriteResults writes each question of rep as a JSON line (Result); only
// those not right at accuracy@1 when failedOnly.
func WriteResults(w io.Writer, rep eval.Report, failedOnly bool) error {
	enc := json.NewEncoder(w)
	for _, r := range rep.Results {
		if failedOnly && r.At1 {
			continue
		}
		row := Result{ID: r.Question.ID, Question: r.Question.Question, Gold: r.Question.Answers,
			At1: r.At1, At3: r.At3, Answer: FromAnswer(r.Answer)}
		if err := enc.Encode(row); err != nil {
			return err
		}
	}
	return nil
}
