package main

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/chronicle-bot/chronicle/internal/schedule"
)

func TestReplicaSchedules(t *testing.T) {
	st, err := schedule.Open(filepath.Join(t.TempDir(), "schedule.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s := schedule.New(st, nil, nil, nil)
	ctx := context.Background()
	add := schedule.Schedule{GuildID: "1", ChannelID: "2", Spec: "daily 08:00"}
	if _, err := replicaSchedules(s, true).Add(ctx, add); err != nil {
		t.Fatalf("Add with schedule.enabled: %v", err)
	}
	off := replicaSchedules(s, false)
	if _, err := off.Add(ctx, add); !errors.Is(err, errNotScheduler) {
		t.Errorf("Add with schedule.enabled false: %v, want %v", err, errNotScheduler)
	}
	all, err := off.List(ctx, "1")
	if err != nil || len(all) != 1 {
		t.Fatalf("List with schedule.enabled false = %d schedules, %v; want the one stored", len(all), err)
	}
	if err := off.Remove(ctx, "1", all[0].ID); !errors.Is(err, errNotScheduler) {
		t.Errorf("Remove with schedule.enabled false: %v, want %v", err, errNotScheduler)
	}
}
