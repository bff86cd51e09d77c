package main

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle/internal/feedback"
	"github.com/chronicle-bot/chronicle/internal/testlog"
)

// TestFeedbackExpireWired: feedback.expire is the period the votes file
// of bot serve keeps answers for (it was 30 days, whatever the config),
// and a bad one stops bot serve at start with the key named.
func TestFeedbackExpireWired(t *testing.T) {
	tests := []struct {
		name    string
		expire  time.Duration
		want    time.Duration
		wantErr string
	}{
		{name: "default", expire: DefaultConfig().Feedback.Expire, want: 30 * 24 * time.Hour},
		{name: "a week", expire: 7 * 24 * time.Hour, want: 7 * 24 * time.Hour},
		{name: "zero", expire: 0, wantErr: "feedback.expire: 0s is not a period"},
		{name: "absurd", expire: 100_000 * time.Hour, wantErr: "feedback.expire: 100000h0m0s is more than 87600h"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig(t, "")
			cfg.Feedback.Expire = tt.expire
			log := slog.New(slog.NewTextHandler(&testlog.Buffer{}, nil))
			m, err := NewMain(context.Background(), cfg, log, MainOptions{})
			if tt.wantErr != "" {
				if err == nil {
					m.Close()
					t.Fatalf("NewMain with feedback.expire %s succeeded", tt.expire)
				}
				if !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("NewMain: %v; want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer m.Close()
			if got := m.votes.MaxAge(); got != tt.want {
				t.Errorf("the votes file keeps answers %s, want %s", got, tt.want)
			}
		})
	}
}

// TestFeedbackClockStepLogged: bot serve starting on a votes file last
// written more than feedback.expire ago by the system clock (a step of
// the clock, or a bot stopped that long) keeps its answers and says why
// in a warning, with the file and the period.
func TestFeedbackClockStepLogged(t *testing.T) {
	cfg := testConfig(t, "")
	path := cfg.FeedbackPath()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	yearAgo := func() time.Time { return time.Now().Add(-365 * 24 * time.Hour) }
	st, err := feedback.Open(path, feedback.Options{Now: yearAgo})
	if err != nil {
		t.Fatal(err)
	}
	key, err := st.PutAnswer(context.Background(), feedback.Answer{Question: "Who claimed the Moscow attack?", AsOf: "2024-03-26",
		ArticleID: "seed-1", Quote: "Islamic State claimed responsibility for the attack.", Answered: yearAgo()})
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	logs, err := newMainLogs(t, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"level=WARN", "365 days ahead of the last write of the feedback store", "no answer expires for it",
		"path=" + path, "feedback.expire=720h0m0s"} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs lack %q:\n%s", want, logs)
		}
	}
	st, err = feedback.Open(path, feedback.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, ok, err := st.Answer(context.Background(), key); !ok || err != nil {
		t.Errorf("the answer shown a year ago by the clock then: ok %v, %v; want kept", ok, err)
	}
}
