package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chronicle-bot/chronicle/internal/commands"
	"github.com/chronicle-bot/chronicle/internal/discord/discordtest"
)

// serveFeedback (TestServe): a user clicks Helpful on an /ask answer twice and
// another user clicks Wrong, through the fake Discord: two votes are
// recorded, each clicker is thanked privately (the second click of the
// first user says it changed nothing), and `bot feedback stats` and
// `export`, run while the bot serves, show both votes without a user ID.
func serveFeedback(t *testing.T, cfg Config) {
	msg := askReply(t, "Who claimed the Moscow attack?")
	var labels []string
	for _, b := range msg.Buttons() {
		labels = append(labels, b.Label)
		if len(b.CustomID) > commands.MaxCustomID {
			t.Errorf("button %s: custom ID %q is over %d characters", b.Label, b.CustomID, commands.MaxCustomID)
		}
	}
	helpful, okH := msg.Button("Helpful")
	wrong, okW := msg.Button("Wrong")
	if !okH || !okW || len(msg.Components) != 1 {
		t.Fatalf("/ask reply buttons = %q in %d rows, want More sources, Helpful and Wrong in one row", labels, len(msg.Components))
	}

	const otherUser = "300000000000000077"
	click := func(customID, user string) string {
		t.Helper()
		i := discordtest.ButtonClick(customID)
		i.Member.User.ID = user
		id, token := fake.Interact(t, i)
		cb, reply := fake.WaitReply(t, id, token)
		if !cb.Data.Ephemeral() {
			t.Errorf("reply to %s's click on %s is not private: %+v", user, customID, cb)
		}
		return reply.Text()
	}
	for _, c := range []struct{ customID, user, want string }{
		{helpful.CustomID, discordtest.UserID, "Thanks: your vote is recorded (helpful)."},
		{helpful.CustomID, discordtest.UserID, "You already voted on this answer (helpful); your vote stays as it was."},
		{wrong.CustomID, otherUser, "Thanks: your vote is recorded (wrong)."},
	} {
		if got := click(c.customID, c.user); !strings.Contains(got, c.want) {
			t.Errorf("click by %s on %s = %q, want %q", c.user, c.customID, got, c.want)
		}
	}

	config := writeConfig(t, fmt.Sprintf("schedule: {path: %q}\n", cfg.Schedule.Path))
	stats, _, err := runCLI(t, "", "feedback", "stats", "--config", config)
	if err != nil {
		t.Fatalf("bot feedback stats: %v", err)
	}
	if want := "helpful: 1\nwrong: 1\nquestions: 1\nanswers: 1\n"; stats != want {
		t.Errorf("bot feedback stats =\n%s\nwant\n%s", stats, want)
	}
	t.Logf("bot feedback stats:\n%s", stats)

	out := filepath.Join(t.TempDir(), "feedback.jsonl")
	if _, _, err := runCLI(t, "", "feedback", "export", "--out", out, "--config", config); err != nil {
		t.Fatalf("bot feedback export: %v", err)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("bot feedback export:\n%s", data)
	if strings.Contains(string(data), discordtest.UserID) || strings.Contains(string(data), otherUser) {
		t.Errorf("the export holds a user ID:\n%s", data)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) != 2 {
		t.Fatalf("export has %d lines, want 2 (the helpful and the wrong vote):\n%s", len(lines), data)
	}
	var q [2]struct {
		ID           string   `json:"id"`
		Question     string   `json:"question"`
		AsOf         string   `json:"as_of"`
		Answers      []string `json:"answers"`
		WrongAnswers []string `json:"wrong_answers"`
		Votes        int      `json:"votes"`
	}
	for i, l := range lines {
		if err := json.Unmarshal([]byte(l), &q[i]); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		if q[i].Question != "Who claimed the Moscow attack?" || len(q[i].AsOf) != len("2006-01-02") || q[i].Votes != 1 {
			t.Errorf("line %d = %+v, want the question, its as-of day and one vote", i+1, q[i])
		}
	}
	if len(q[0].Answers) != 1 || len(q[0].WrongAnswers) != 0 || len(q[1].WrongAnswers) != 1 || len(q[1].Answers) != 0 {
		t.Errorf("export = %+v, want the helpful vote's answers, then the wrong vote's wrong_answers", q)
	}
}

// TestServeFeedbackOff: with feedback.enabled false, /ask answers have no
// vote buttons.
func TestServeFeedbackOff(t *testing.T) {
	cfg := testConfig(t, "")
	cfg.Feedback.Enabled = false
	startMain(t, cfg, MainOptions{})
	msg := askReply(t, "Who claimed the Moscow attack?")
	if len(msg.Embeds) != 1 {
		t.Fatalf("/ask gave no answer: %q", msg.Text())
	}
	for _, b := range msg.Buttons() {
		if b.Label != "More sources" {
			t.Errorf("with feedback off the reply has the button %q", b.Label)
		}
	}
	if _, err := os.Stat(cfg.FeedbackPath()); err == nil {
		t.Errorf("with feedback off %s was created", cfg.FeedbackPath())
	}
}
