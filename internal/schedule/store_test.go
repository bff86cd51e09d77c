package schedule

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/boltfile/bolttest"
)

// fillStore creates a schedule file at path holding n schedules, spread
// over as many servers as MaxGuildSchedules requires.
func fillStore(tb testing.TB, path string, n int) {
	tb.Helper()
	st, err := Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer st.Close()
	for i := range n {
		_, err := st.Add(context.Background(), Schedule{GuildID: fmt.Sprintf("g%d", 1+i/MaxGuildSchedules), ChannelID: fmt.Sprintf("c%d", i),
			Spec: "daily 09:00", Days: 1, Created: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			tb.Fatal(err)
		}
	}
}

// TestIssue12_Item5_DamagedScheduleDB: a schedule.db with a page of garbage
// used to panic on open; now it is moved aside, Damaged says so, and the
// fresh store works (and keeps what is added to it).
func TestIssue12_Item5_DamagedScheduleDB(t *testing.T) {
	ctx := context.Background()
	for _, n := range []int{3, 80} { // an inline bucket, and one with pages of its own
		t.Run(fmt.Sprintf("%d schedules", n), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "schedule.db")
			fillStore(t, path, n)
			bolttest.SmashLeaf(t, path)
			damaged, _ := os.ReadFile(path)

			st, err := Open(path)
			if err != nil {
				t.Fatalf("Open of a damaged schedule.db: %v", err)
			}
			d := st.Damaged()
			if d == nil {
				t.Fatal("Damaged() = nil for a damaged file")
			}
			if d.Path != path {
				t.Errorf("Damaged().Path = %q, want %q", d.Path, path)
			}
			if got, err := os.ReadFile(d.MovedTo); err != nil || !bytes.Equal(got, damaged) {
				t.Errorf("the damaged file is not at %s (err %v)", d.MovedTo, err)
			}
			if all, err := st.List(ctx, ""); err != nil || len(all) != 0 {
				t.Errorf("List on the fresh store = %d schedules, err %v; want none", len(all), err)
			}
			added, err := st.Add(ctx, Schedule{GuildID: "g1", ChannelID: "c1", Spec: "daily 09:00", Days: 1})
			if err != nil {
				t.Fatalf("Add on the fresh store: %v", err)
			}
			st.Close()

			st, err = Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if d := st.Damaged(); d != nil {
				t.Errorf("the fresh file is reported damaged: %v", d)
			}
			if got, err := st.Get(ctx, added.ID); err != nil || got.ChannelID != "c1" {
				t.Errorf("Get(%s) after reopening = %+v, %v", added.ID, got, err)
			}
		})
	}
}

func TestOpenSoundScheduleDB(t *testing.T) {
	path := filepath.Join(t.TempDir(), "schedule.db")
	fillStore(t, path, 80)
	st, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if d := st.Damaged(); d != nil {
		t.Errorf("Damaged() = %v for a sound file", d)
	}
	if all, err := st.List(context.Background(), ""); err != nil || len(all) != 80 {
		t.Errorf("List = %d schedules, err %v; want 80", len(all), err)
	}
}

// TestRemoveUnknownEchoesIDSafely: the id typed into /schedule remove or
// /watch remove comes back in the not-found message, which Discord renders
// as markdown; both stores escape it, so it cannot turn bold, render as a
// mention or start a heading.
func TestRemoveUnknownEchoesIDSafely(t *testing.T) {
	st, err := Open(filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	removers := []struct {
		what   string
		remove func(ctx context.Context, guildID, id string) error
	}{{"schedule", st.Remove}, {"watch", st.RemoveWatch}}
	tests := []struct{ name, id, want string }{
		{"number", "42", "42"},
		{"markdown", "**x**", `\*\*x\*\*`},
		{"everyone", "@everyone", "@\u200beveryone"},
		{"channel mention", "<#123>", "<\u200b#123>"},
		{"role mention", "<@&1>", "<\u200b@&1>"},
		{"heading", "1\n# head", "1\n\\# head"},
	}
	for _, r := range removers {
		for _, tt := range tests {
			t.Run(r.what+"/"+tt.name, func(t *testing.T) {
				err := r.remove(ctx, "g1", tt.id)
				want := "This server has no " + r.what + " " + tt.want + "."
				if chronicle.ErrorCode(err) != chronicle.ENOTFOUND || chronicle.ErrorMessage(err) != want {
					t.Errorf("remove(%q) = %v, want ENOTFOUND %q", tt.id, err, want)
				}
			})
		}
	}
}
