package schedule

import (
	"bytes"
	"context"
	"encoding/json"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// TestRecordUnderAnotherKey: a record whose own ID is not its key (one
// flipped bit turns "id":"3" into "id":"2"; the JSON still decodes) was
// listed under the other ID, and every Update of it went to that other
// record: the other schedule's state was overwritten and this one's never
// recorded, so each pass posted its digest again. Open now sets it aside
// with the undecodable ones, and the other schedules run once per day.
func TestRecordUnderAnotherKey(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "s.db")
	recs := legacy(t, "g1", 1, 2) // IDs 1, 2
	moved, err := json.Marshal(Schedule{ID: "2", GuildID: "g1", ChannelID: "g1-c3", Spec: "daily 08:00",
		Days: 1, CreatedBy: "u1", Created: capNow.Add(-48 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	recs["3"] = moved
	seedRecords(t, path, recs, 3)

	st, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, r := range st.SetAside() {
		keys = append(keys, r.Key)
	}
	if !slices.Equal(keys, []string{"3"}) {
		t.Errorf("SetAside keys = %v, want [3]", keys)
	}
	if all, err := st.List(ctx, ""); err != nil || !slices.Equal(ids(all), []string{"1", "2"}) {
		t.Errorf("List = %v, %v; want [1 2]", ids(all), err)
	}
	clk := &clock{t: capNow}
	poster := &fakePoster{clock: clk}
	sched := &Scheduler{Store: st, Builder: &fakeBuilder{}, Poster: poster, Now: clk.Now}
	for range 3 { // three passes in the same minute: each schedule posts once
		if err := sched.RunOnce(ctx); err != nil {
			t.Fatalf("RunOnce: %v", err)
		}
	}
	var channels []string
	for _, p := range poster.Posts() {
		channels = append(channels, p.Channel)
	}
	slices.Sort(channels)
	if want := []string{"g1-c1", "g1-c2"}; !slices.Equal(channels, want) {
		t.Errorf("three passes posted to %v, want %v", channels, want)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if got := readBucket(t, path, damagedBucket); !bytes.Equal(got["3"], moved) || len(got) != 1 {
		t.Errorf("damaged bucket = %q, want record 3's bytes as they were", got)
	}
}

// TestAddSkipsTakenIDs: the bucket's sequence (kept in the bucket's header,
// beside its root page) can be behind the records it holds: a damaged
// header, or records put back by hand. Add took the next sequence number
// as the new ID and put the schedule there, replacing another server's
// schedule without a word. It now skips IDs that are taken.
func TestAddSkipsTakenIDs(t *testing.T) {
	tests := []struct {
		name string
		seq  uint64
	}{
		{"sequence reset to zero", 0},
		{"sequence behind by two", 3},
		{"sequence in step", 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			path := filepath.Join(t.TempDir(), "s.db")
			recs := legacy(t, "g1", 1, 3)          // IDs 1, 2, 3
			maps.Copy(recs, legacy(t, "g2", 4, 2)) // IDs 4, 5
			seedRecords(t, path, recs, tt.seq)
			st, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			added, err := st.Add(ctx, Schedule{GuildID: "g3", ChannelID: "g3-new", Spec: "daily 09:00", Days: 1})
			if err != nil {
				t.Fatalf("Add: %v", err)
			}
			if _, taken := recs[added.ID]; taken {
				t.Errorf("Add gave the new schedule ID %s, which an existing schedule has", added.ID)
			}
			all, err := st.List(ctx, "")
			if err != nil {
				t.Fatal(err)
			}
			byID := map[string]string{}
			for _, s := range all {
				byID[s.ID] = s.ChannelID
			}
			for id := range recs {
				want := map[bool]string{true: "g1-c" + id, false: "g2-c" + id}[id <= "3"]
				if byID[id] != want {
					t.Errorf("after Add, schedule %s posts to %q, want %q", id, byID[id], want)
				}
			}
			if len(all) != len(recs)+1 || byID[added.ID] != "g3-new" {
				t.Errorf("after Add: %v, want the %d old schedules and the new one as %s", byID, len(recs), added.ID)
			}
		})
	}
}

// TestSetAsideKeyHeldByBucket: when the damaged bucket holds a nested
// bucket under the key of a record being set aside (no version writes one;
// a damaged file can), the record goes under the next free key instead of
// failing Open, which would leave the bot without any schedule.
func TestSetAsideKeyHeldByBucket(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	recs := legacy(t, "g1", 1, 2)
	recs["3"] = []byte(`{"id":"3",`)
	seedRecords(t, path, recs, 3)
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(damagedBucket)
		if err != nil {
			return err
		}
		_, err = b.CreateBucket([]byte("3"))
		return err
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}

	st, err := Open(path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if got := st.SetAside(); len(got) != 1 || got[0].Key != "3" {
		t.Errorf("SetAside = %v, want record 3", got)
	}
	if all, err := st.List(context.Background(), ""); err != nil || !slices.Equal(ids(all), []string{"1", "2"}) {
		t.Errorf("List = %v, %v; want [1 2]", ids(all), err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if got := readBucket(t, path, damagedBucket); !bytes.Equal(got["3.2"], recs["3"]) {
		t.Errorf("damaged bucket = %q, want record 3's bytes under 3.2", got)
	}
}

// TestOversizedRecordSetAside: a record far larger than any schedule (a
// damaged or hand-edited file; 200 MB of topic took 1.4 GB of memory to
// decode at Open and again at each pass) is set aside unread, with its
// bytes kept, and the other schedules run.
func TestOversizedRecordSetAside(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "s.db")
	recs := legacy(t, "g1", 1, 2)
	big, err := json.Marshal(Schedule{ID: "3", GuildID: "g1", ChannelID: "g1-c3", Spec: "daily 08:00", Days: 1,
		Topic: strings.Repeat("x", maxRecordBytes)})
	if err != nil {
		t.Fatal(err)
	}
	recs["3"] = big
	seedRecords(t, path, recs, 3)
	st, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := st.SetAside(); len(got) != 1 || got[0].Key != "3" {
		t.Errorf("SetAside = %v, want record 3", got)
	}
	if all, err := st.List(ctx, ""); err != nil || !slices.Equal(ids(all), []string{"1", "2"}) {
		t.Errorf("List = %v, %v; want [1 2]", ids(all), err)
	}
	// Nothing writes a record that a later Open would set aside.
	if _, err := st.Add(ctx, Schedule{GuildID: "g1", ChannelID: "c", Spec: "daily 08:00", Topic: strings.Repeat("y", maxRecordBytes)}); err == nil {
		t.Error("Add of a schedule larger than a record can be succeeded")
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if got := readBucket(t, path, damagedBucket); !bytes.Equal(got["3"], big) {
		t.Errorf("damaged bucket holds %d bytes under 3, want the record's %d", len(got["3"]), len(big))
	}
}
