package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/chronicle-bot/chronicle/internal/schedule"
)

// TestScheduleRecordsSetAsideReportedAtStart: a schedule record that does
// not decode is reported at start-up in one line (how many, which, why)
// beside the count of the schedules that load; the next start, which finds
// it set aside already, does not report it again.
func TestScheduleRecordsSetAsideReportedAtStart(t *testing.T) {
	const line = "schedule records that did not decode were set aside"
	cfg := configWithTwoSchedules(t, func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("schedules")).Put([]byte("7"), []byte(`{"id":"7","guild_id":`))
	})

	tests := []struct {
		name  string
		lines int      // how many set-aside lines
		want  []string // also in the logs
	}{
		{name: "first start", lines: 1, want: []string{"count=1", "records=[7]", "unexpected end of JSON input", "/schedule add", "schedules loaded", "count=2"}},
		{name: "second start", lines: 0, want: []string{"schedules loaded", "count=2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logs, err := newMainLogs(t, cfg)
			if err != nil {
				t.Fatal(err)
			}
			if n := strings.Count(logs, line); n != tt.lines {
				t.Errorf("%d lines say %q, want %d:\n%s", n, line, tt.lines, logs)
			}
			for _, want := range tt.want {
				if !strings.Contains(logs, want) {
					t.Errorf("logs lack %q:\n%s", want, logs)
				}
			}
		})
	}
}

// TestStrayScheduleBucketReportedAtStart: the schedules bucket under a
// damaged name is restored by the store; the start-up report says so once,
// and the schedules load at both starts. A bucket the store cannot take
// for one of its own is reported at every start.
func TestStrayScheduleBucketReportedAtStart(t *testing.T) {
	const restoredLine, keptLine = `restored to \"schedules\"`, `bucket \"watch-digests\"`
	cfg := configWithTwoSchedules(t, func(tx *bolt.Tx) error { // "schedules" as a flipped bit in its name leaves it
		damaged, err := tx.CreateBucket([]byte("scheduler"))
		if err != nil {
			return err
		}
		if err := tx.Bucket([]byte("schedules")).ForEach(damaged.Put); err != nil {
			return err
		}
		if err := tx.DeleteBucket([]byte("schedules")); err != nil {
			return err
		}
		later, err := tx.CreateBucket([]byte("watch-digests"))
		if err != nil {
			return err
		}
		return later.Put([]byte("1"), []byte(`{"id":"1"}`))
	})

	tests := []struct {
		name           string
		restored, kept int // lines that say so
	}{
		{name: "first start", restored: 1, kept: 1},
		{name: "second start", restored: 0, kept: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logs, err := newMainLogs(t, cfg)
			if err != nil {
				t.Fatal(err)
			}
			if n := strings.Count(logs, restoredLine); n != tt.restored {
				t.Errorf("%d lines say %q, want %d:\n%s", n, restoredLine, tt.restored, logs)
			}
			if n := strings.Count(logs, keptLine); n != tt.kept {
				t.Errorf("%d lines say %q, want %d:\n%s", n, keptLine, tt.kept, logs)
			}
			if !strings.Contains(logs, "schedules loaded") || !strings.Contains(logs, "count=2") {
				t.Errorf("logs do not say the 2 schedules loaded:\n%s", logs)
			}
		})
	}
}

// configWithTwoSchedules returns a test configuration whose schedule file
// holds two schedules (servers g1 and g2), written by the store, then
// changed by edit in one bbolt transaction.
func configWithTwoSchedules(t *testing.T, edit func(*bolt.Tx) error) Config {
	t.Helper()
	cfg := configWithSchedules(t, "g1", "g2")
	db, err := bolt.Open(cfg.Schedule.Path, 0o600, &bolt.Options{Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(edit)
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// configWithSchedules returns a test configuration whose schedule file
// holds one daily schedule for each of guilds, written by the store.
func configWithSchedules(t *testing.T, guilds ...string) Config {
	t.Helper()
	cfg := testConfig(t, "")
	path := cfg.Schedule.Path
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	st, err := schedule.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, g := range guilds {
		if _, err := st.Add(context.Background(), schedule.Schedule{GuildID: g, ChannelID: "c", Spec: "daily 09:00", Days: 1}); err != nil {
			t.Fatal(err)
		}
	}
	return cfg
}
