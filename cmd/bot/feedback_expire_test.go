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
// written 40 days ago (a bot stopped that long) counts the time as
// passing: its answers expire and nothing is logged (it warned of a step
// of the clock and kept them). One last written a year ahead of the
// system clock (a clock set back, or a file from a machine whose clock
// was ahead) keeps its answers and says why in a warning, with the file
// and the period.
func TestFeedbackClockStepLogged(t *testing.T) {
	tests := []struct {
		name     string
		wrote    time.Duration // from now, by the system clock
		wantWarn []string      // nil: no warning
	}{
		{name: "stopped 40 days", wrote: -40 * 24 * time.Hour},
		{name: "a year ahead", wrote: 365 * 24 * time.Hour, wantWarn: []string{"level=WARN",
			"the system clock is 365 days behind the last write of the feedback store", "the store's clock does not run back"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig(t, "")
			path := cfg.FeedbackPath()
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			then := func() time.Time { return time.Now().Add(tt.wrote) }
			st, err := feedback.Open(path, feedback.Options{Now: then})
			if err != nil {
				t.Fatal(err)
			}
			key, err := st.PutAnswer(context.Background(), feedback.Answer{Question: "Who claimed the Moscow attack?", AsOf: "2024-03-26",
				ArticleID: "seed-1", Quote: "Islamic State claimed responsibility for the attack.", Answered: then()})
			st.Close()
			if err != nil {
				t.Fatal(err)
			}
			logs, err := newMainLogs(t, cfg)
			if err != nil {
				t.Fatal(err)
			}
			if tt.wantWarn == nil && strings.Contains(logs, "level=WARN") {
				t.Errorf("logs warn:\n%s", logs)
			}
			if tt.wantWarn != nil {
				for _, want := range append(tt.wantWarn, "path="+path, "feedback.expire=720h0m0s") {
					if !strings.Contains(logs, want) {
						t.Errorf("logs lack %q:\n%s", want, logs)
					}
				}
			}
			st, err = feedback.Open(path, feedback.Options{ReadOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if _, ok, err := st.Answer(context.Background(), key); ok != (tt.wantWarn != nil) || err != nil {
				t.Errorf("the answer shown %s from now by the clock then: ok %v, %v; want ok %v", tt.wrote, ok, err, tt.wantWarn != nil)
			}
		})
	}
}

// TestFeedbackExpireRangeInWords: a feedback.expire out of range is
// refused with the whole range it takes, in words, whichever end it
// missed (each message gave one bound, or none for a period of zero).
func TestFeedbackExpireRangeInWords(t *testing.T) {
	const takes = "give a period from a day (24h) to 10 years (87600h)"
	tests := []struct {
		name   string
		expire time.Duration
		want   string // the start of the message, after the key
	}{
		{name: "zero", expire: 0, want: "0s is not a period"},
		{name: "negative", expire: -24 * time.Hour, want: "-24h0m0s is not a period"},
		{name: "an hour", expire: time.Hour, want: "1h0m0s is shorter than a day (24h)"},
		{name: "absurd", expire: 1_000_000 * time.Hour, want: "1000000h0m0s is more than 87600h (10 years)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := DefaultConfig()
			cfg.Feedback.Expire = tt.expire
			err := cfg.Validate(false)
			if err == nil {
				t.Fatalf("Validate with feedback.expire %s succeeded", tt.expire)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, "feedback.expire: "+tt.want) || !strings.Contains(msg, takes) {
				t.Errorf("Validate with feedback.expire %s = %q, want %q and %q", tt.expire, msg, tt.want, takes)
			}
		})
	}
	for _, ok := range []time.Duration{24 * time.Hour, 87600 * time.Hour} {
		cfg := DefaultConfig()
		cfg.Feedback.Expire = ok
		if err := cfg.Validate(false); err != nil {
			t.Errorf("Validate with feedback.expire %s = %v, want nil: it is in the range", ok, err)
		}
	}
}
