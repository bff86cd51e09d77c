package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/chronicle-bot/chronicle/internal/feedback"
)

// TestFeedbackBadVoteSkipped: one vote record that does not decode (a
// later version's, a hand edit, damaged bytes) used to make `bot feedback
// export` and `stats` fail for every vote, with an error that did not name
// the file; and a vote of a kind this version does not know (a later
// version's) was counted and exported as helpful. Now such votes are
// skipped and said on stderr with the file and their keys, the others are
// read, and the file is left as it was.
func TestFeedbackBadVoteSkipped(t *testing.T) {
	path := filepath.Join(t.TempDir(), "feedback.db")
	key := writeVotes(t, path, "u1", "u2")
	bad := map[string]string{
		key + "/00000000000000000000000000000000": `{"key":"x","vote":5}`,
		key + "/11111111111111111111111111111111": `{"key":"` + key + `","answer":{"question":"Who claimed the attack?"},"vote":"outdated"}`,
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for k, v := range bad {
			if err := tx.Bucket([]byte("votes")).Put([]byte(k), []byte(v)); err != nil {
				return err
			}
		}
		return nil
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}

	config := writeConfig(t, fmt.Sprintf("feedback: {path: %q}\n", path))
	stats, stderr, err := runCLI(t, "", "feedback", "stats", "--config", config)
	if err != nil {
		t.Fatalf("bot feedback stats with one bad vote: %v", err)
	}
	if !strings.Contains(stats, "helpful: 2\n") {
		t.Errorf("bot feedback stats = %q, want the two votes that decode", stats)
	}
	wants := []string{path}
	for k := range bad {
		wants = append(wants, k)
	}
	for _, want := range wants {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr = %q, want the skipped vote said with %q", stderr, want)
		}
	}
	if _, _, err := runCLI(t, "", "feedback", "export", "--out", filepath.Join(t.TempDir(), "out.jsonl"), "--config", config); err != nil {
		t.Errorf("bot feedback export with one bad vote: %v", err)
	}
	db, err = bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.View(func(tx *bolt.Tx) error {
		for k, v := range bad {
			if got := string(tx.Bucket([]byte("votes")).Get([]byte(k))); got != v {
				t.Errorf("the bad vote %s is now %q, want it left as it was, %q", k, got, v)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// writeVotes makes the votes file path with one answer ("Who claimed the
// attack?", quoting seed-1) and a helpful vote on it by each of users, and
// returns the answer's key.
func writeVotes(t *testing.T, path string, users ...string) string {
	t.Helper()
	ctx := context.Background()
	st, err := feedback.Open(path, feedback.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	at := time.Date(2024, 3, 26, 10, 0, 0, 0, time.UTC)
	key, err := st.PutAnswer(ctx, feedback.Answer{Question: "Who claimed the attack?", AsOf: "2024-03-26",
		ArticleID: "seed-1", Quote: "Islamic State claimed responsibility.", Value: "Islamic State", Answered: at})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if _, err := st.Vote(ctx, key, u, feedback.Helpful, at); err != nil {
			t.Fatal(err)
		}
	}
	return key
}
