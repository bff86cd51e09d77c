package main

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chronicle-bot/chronicle/internal/boltfile/bolttest"
	"github.com/chronicle-bot/chronicle/internal/testlog"
)

// newMainLogs builds a Main (without running it) and returns its logs.
func newMainLogs(tb testing.TB, cfg Config) (string, error) {
	tb.Helper()
	logs := &testlog.Buffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	m, err := NewMain(context.Background(), cfg, log, MainOptions{})
	if err == nil {
		m.Close()
	}
	return logs.String(), err
}

// TestIssue12_Item5_ScheduleDBReportedAtStart: bot serve says when
// schedule.db was damaged (set aside, its schedules lost) and when it
// holds no schedules; the error of a store that cannot be opened names it
// once.
func TestIssue12_Item5_ScheduleDBReportedAtStart(t *testing.T) {
	t.Run("damaged", func(t *testing.T) {
		cfg := configWithSchedules(t, "g")
		path := cfg.Schedule.Path
		bolttest.SmashLeaf(t, path)

		logs, err := newMainLogs(t, cfg)
		if err != nil {
			t.Fatalf("NewMain with a damaged schedule.db: %v", err)
		}
		for _, want := range []string{"the state file " + path + " is damaged", "moved aside to " + path + ".damaged-",
			"schedules it held are lost", "/schedule add"} {
			if !strings.Contains(logs, want) {
				t.Errorf("logs lack %q:\n%s", want, logs)
			}
		}
		if m, _ := filepath.Glob(path + ".damaged-*"); len(m) != 1 {
			t.Errorf("moved-aside files: %v, want one", m)
		}
	})
	t.Run("empty", func(t *testing.T) {
		logs, err := newMainLogs(t, testConfig(t, ""))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(logs, "the schedule store holds no schedules") {
			t.Errorf("logs do not say there are no schedules:\n%s", logs)
		}
	})
	t.Run("unopenable", func(t *testing.T) {
		cfg := testConfig(t, "")
		if err := os.MkdirAll(cfg.Schedule.Path, 0o755); err != nil { // a folder where the file belongs
			t.Fatal(err)
		}
		_, err := newMainLogs(t, cfg)
		if err == nil {
			t.Fatal("NewMain with a folder as schedule.path succeeded")
		}
		// The configuration's check names it before the store is opened.
		if n := strings.Count(err.Error(), cfg.Schedule.Path+" is a folder"); n != 1 {
			t.Errorf("error %q says %q %d times, want once", err, cfg.Schedule.Path+" is a folder", n)
		}
	})
}
