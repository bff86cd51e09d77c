package schedule

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
)

func TestReadOnly(t *testing.T) {
	st, err := Open(filepath.Join(t.TempDir(), "schedule.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s := New(st, nil, nil, nil)
	ctx := context.Background()
	add := Schedule{GuildID: "1", ChannelID: "2", Spec: "daily 08:00"}
	if _, err := s.Add(ctx, add); err != nil {
		t.Fatalf("Add on the scheduler: %v", err)
	}
	off := ReadOnly{Scheduler: s}
	if _, err := off.Add(ctx, add); !errors.Is(err, ErrNotScheduler) {
		t.Errorf("ReadOnly.Add: %v, want %v", err, ErrNotScheduler)
	}
	all, err := off.List(ctx, "1")
	if err != nil || len(all) != 1 {
		t.Fatalf("ReadOnly.List = %d schedules, %v; want the one stored", len(all), err)
	}
	if err := off.Remove(ctx, "1", all[0].ID); !errors.Is(err, ErrNotScheduler) {
		t.Errorf("ReadOnly.Remove: %v, want %v", err, ErrNotScheduler)
	}
}
