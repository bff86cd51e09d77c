package schedule

import (
	"bytes"
	"context"
	"maps"
	"path/filepath"
	"slices"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/chronicle-bot/chronicle"
)

// readBucket returns a copy of a bucket's records in the file at path (nil
// when there is no such bucket), read straight through bbolt.
func readBucket(tb testing.TB, path string, name []byte) map[string][]byte {
	tb.Helper()
	var out map[string][]byte
	inFile(tb, path, false, func(tx *bolt.Tx) error {
		out = bucketCopy(tx, name)
		return nil
	})
	return out
}

// seedAside writes records into the schedules-damaged bucket of the file
// at path, as an earlier Open would have left them.
func seedAside(tb testing.TB, path string, recs map[string][]byte) {
	tb.Helper()
	inFile(tb, path, true, func(tx *bolt.Tx) error { return putRecords(tx, damagedBucket, recs, -1) })
}

func ids(all []Schedule) []string {
	out := make([]string, len(all))
	for i, s := range all {
		out[i] = s.ID
	}
	return out
}

// TestDamagedScheduleSetAside: a schedule record that does not decode,
// among good ones of two servers, stops none of them: Open moves its bytes,
// unchanged, into the schedules-damaged bucket and reports it once; List
// gives each server its good schedules, a pass posts them all, and Get,
// Remove and Update treat the damaged ID as absent. A second Open finds
// nothing more to report and the set-aside bytes stay as they were.
func TestDamagedScheduleSetAside(t *testing.T) {
	good := func() map[string][]byte {
		recs := legacy(t, "g1", 1, 2)          // IDs 1, 2
		maps.Copy(recs, legacy(t, "g2", 4, 2)) // IDs 4, 5
		return recs
	}
	tests := []struct {
		name    string
		damaged map[string][]byte // schedule records that do not decode
		aside   map[string][]byte // already in the damaged bucket
		// wantAside is the damaged bucket after Open (nil: no bucket).
		wantAside map[string][]byte
	}{
		{
			name: "no damage",
		},
		{
			name:      "truncated JSON",
			damaged:   map[string][]byte{"3": []byte(`{"id":"3","guild_id":"g1",`)},
			wantAside: map[string][]byte{"3": []byte(`{"id":"3","guild_id":"g1",`)},
		},
		{
			name:      "flipped bits",
			damaged:   map[string][]byte{"3": {0x7b, 0x22, 0xe9, 0x00, 0xff, 0x22, 0x7d}},
			wantAside: map[string][]byte{"3": {0x7b, 0x22, 0xe9, 0x00, 0xff, 0x22, 0x7d}},
		},
		{
			name:      "field of another type (a later version)",
			damaged:   map[string][]byte{"3": []byte(`{"id":"3","guild_id":"g2","channel_id":"c","spec":"daily 08:00","days":{"n":1}}`)},
			wantAside: map[string][]byte{"3": []byte(`{"id":"3","guild_id":"g2","channel_id":"c","spec":"daily 08:00","days":{"n":1}}`)},
		},
		{
			name: "two damaged, one key already taken in the damaged bucket",
			damaged: map[string][]byte{
				"3":  []byte(`not json`),
				"10": []byte(`[1,2]`),
			},
			aside: map[string][]byte{"3": []byte(`older bytes`)},
			wantAside: map[string][]byte{
				"3":   []byte(`older bytes`),
				"3.2": []byte(`not json`),
				"10":  []byte(`[1,2]`),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			path := filepath.Join(t.TempDir(), "s.db")
			recs := good()
			maps.Copy(recs, tt.damaged)
			seedRecords(t, path, recs, 10)
			if tt.aside != nil {
				seedAside(t, path, tt.aside)
			}

			st, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			var gotKeys []string
			for _, r := range st.SetAside() {
				if r.Err == nil {
					t.Errorf("set-aside record %s has no decode error", r.Key)
				}
				gotKeys = append(gotKeys, r.Key)
			}
			slices.Sort(gotKeys)
			wantKeys := slices.Sorted(maps.Keys(tt.damaged))
			if !slices.Equal(gotKeys, wantKeys) {
				t.Errorf("SetAside keys = %v, want %v", gotKeys, wantKeys)
			}

			for guild, want := range map[string][]string{"g1": {"1", "2"}, "g2": {"4", "5"}, "": {"1", "2", "4", "5"}} {
				all, err := st.List(ctx, guild)
				if err != nil || !slices.Equal(ids(all), want) {
					t.Errorf("List(%q) = %v, %v; want %v", guild, ids(all), err, want)
				}
			}
			for key := range tt.damaged {
				if _, err := st.Get(ctx, key); chronicle.ErrorCode(err) != chronicle.ENOTFOUND {
					t.Errorf("Get(%s) = %v, want ENOTFOUND", key, err)
				}
				if err := st.Remove(ctx, "", key); chronicle.ErrorCode(err) != chronicle.ENOTFOUND {
					t.Errorf("Remove(%s) = %v, want ENOTFOUND", key, err)
				}
				if _, err := st.Update(ctx, key, func(*Schedule) {}); chronicle.ErrorCode(err) != chronicle.ENOTFOUND {
					t.Errorf("Update(%s) = %v, want ENOTFOUND", key, err)
				}
			}

			clk := &clock{t: capNow}
			poster := &fakePoster{clock: clk}
			sched := &Scheduler{Store: st, Builder: &fakeBuilder{}, Poster: poster, Now: clk.Now}
			if err := sched.RunOnce(ctx); err != nil {
				t.Fatalf("RunOnce: %v", err)
			}
			var channels []string
			for _, p := range poster.Posts() {
				channels = append(channels, p.Channel)
			}
			slices.Sort(channels)
			if want := []string{"g1-c1", "g1-c2", "g2-c4", "g2-c5"}; !slices.Equal(channels, want) {
				t.Errorf("a pass posted to %v, want %v", channels, want)
			}
			// The sequence is kept: a new schedule takes no damaged ID.
			added, err := sched.Add(ctx, Schedule{GuildID: "g1", ChannelID: "c9", Spec: "daily 08:00"})
			if err != nil || added.ID != "11" {
				t.Errorf("Add = ID %q, %v; want ID 11", added.ID, err)
			}
			if err := st.Close(); err != nil {
				t.Fatal(err)
			}

			checkFile := func(when string) {
				t.Helper()
				if got := readBucket(t, path, damagedBucket); !maps.EqualFunc(got, tt.wantAside, bytes.Equal) ||
					(got == nil) != (tt.wantAside == nil) {
					t.Errorf("%s: damaged bucket = %q, want %q", when, got, tt.wantAside)
				}
				kept := readBucket(t, path, bucket)
				for key := range tt.damaged {
					if _, ok := kept[key]; ok {
						t.Errorf("%s: damaged record %s is still among the schedules", when, key)
					}
				}
				if len(kept) != 5 {
					t.Errorf("%s: %d schedule records, want 5", when, len(kept))
				}
			}
			checkFile("after the first Open")

			st, err = Open(path)
			if err != nil {
				t.Fatal(err)
			}
			if got := st.SetAside(); len(got) != 0 {
				t.Errorf("second Open set aside %v again", got)
			}
			if all, err := st.List(ctx, ""); err != nil || len(all) != 5 {
				t.Errorf("List after reopening = %v, %v; want 5 schedules", ids(all), err)
			}
			if err := st.Close(); err != nil {
				t.Fatal(err)
			}
			checkFile("after the second Open")
		})
	}
}
