package feedback

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// fillAnswers writes n answers, shown at shown, straight into the answers
// bucket of the file at path, as a store that has run a while holds them.
func fillAnswers(tb testing.TB, path string, n int, shown time.Time) {
	tb.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	quote := strings.Repeat("The assault on Moscow's concert venue was attributed to the Islamic State. ", 3)
	err = db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(answersBucket)
		if err != nil {
			return err
		}
		for k := range n {
			a := Answer{Question: fmt.Sprintf("Who claimed the Moscow attack, variant %d?", k), AsOf: "2024-03-26",
				ArticleID: "000_12b1194fc15ca6a7", Quote: quote, Answered: shown}
			data, err := json.Marshal(a)
			if err != nil {
				return err
			}
			if err := b.Put([]byte(a.Key()), data); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkPutAnswer is the cost /ask pays to store its answer, with 0 to
// 150,000 answers already in the file (165 MiB): of an answer stored already (the
// same question asked again) and of a new one (a commit). It should not
// grow with the number stored.
//
//	go test ./internal/feedback -run '^$' -bench PutAnswer
func BenchmarkPutAnswer(b *testing.B) {
	for _, n := range []int{0, 10_000, 50_000, 150_000} {
		path := filepath.Join(b.TempDir(), "feedback.db")
		fillAnswers(b, path, n, time.Now())
		st, err := Open(path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		ctx := context.Background()
		known := claimed
		known.Answered = time.Now()
		if _, err := st.PutAnswer(ctx, known); err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("stored=%d/known", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := st.PutAnswer(ctx, known); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("stored=%d/new", n), func(b *testing.B) {
			i := 0
			for b.Loop() {
				a := known
				a.Question = fmt.Sprintf("fresh question %d", i)
				i++
				if _, err := st.PutAnswer(ctx, a); err != nil {
					b.Fatal(err)
				}
			}
		})
		st.Close()
	}
}
