package main

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

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
