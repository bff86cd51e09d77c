package schedule

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/chronicle-bot/chronicle"
)

// seedRecords writes schedule records straight into a new file at path, as
// a store from before MaxGuildSchedules (or a damaged one) holds them: key
// -> value, with the bucket's sequence at the highest key given.
func seedRecords(tb testing.TB, path string, recs map[string][]byte, seq uint64) {
	tb.Helper()
	inFile(tb, path, true, func(tx *bolt.Tx) error { return putRecords(tx, bucket, recs, int64(seq)) })
}

// legacy returns n encoded daily schedules of guild, with IDs from first,
// one channel each, made two days before capNow.
func legacy(tb testing.TB, guild string, first, n int) map[string][]byte {
	tb.Helper()
	out := map[string][]byte{}
	for i := range n {
		id := fmt.Sprint(first + i)
		data, err := json.Marshal(Schedule{ID: id, GuildID: guild, ChannelID: guild + "-c" + id, Spec: "daily 08:00",
			Days: 1, CreatedBy: "u1", Created: capNow.Add(-48 * time.Hour)})
		if err != nil {
			tb.Fatal(err)
		}
		out[id] = data
	}
	return out
}

var capNow = time.Date(2024, 3, 29, 12, 0, 0, 0, time.UTC)

func capRefusal(n int) string {
	return fmt.Sprintf("This server already has %d schedules, the most it can have: remove one with /schedule remove first.", n)
}

// TestAddCapsSchedulesPerGuild: a server has at most MaxGuildSchedules
// schedules; only its own count; a store from before the limit that holds
// more keeps listing, running and removing them, and refuses adds until the
// server is under the limit; a damaged record refuses no add.
func TestAddCapsSchedulesPerGuild(t *testing.T) {
	type step struct {
		op, guild, id string // op is "add" or "remove"; id for remove
		want          string // "" for success, else the error's message
	}
	add := func(guild, want string) step { return step{op: "add", guild: guild, want: want} }
	remove := func(guild, id string) step { return step{op: "remove", guild: guild, id: id} }
	repeat := func(n int, s step) []step {
		out := make([]step, n)
		for i := range out {
			out[i] = s
		}
		return out
	}
	seeded := func(parts ...map[string][]byte) map[string][]byte {
		out := map[string][]byte{}
		for _, p := range parts {
			for k, v := range p {
				out[k] = v
			}
		}
		return out
	}
	tests := []struct {
		name string
		seed map[string][]byte // written through bbolt before opening
		seq  uint64
		// listed is the schedules listed per guild and runs how many
		// digests a pass posts, both before the steps (when listed is set).
		listed map[string]int
		runs   int
		steps  []step
		count  map[string]int // schedules listed per guild after the steps
	}{
		{
			name:  "cap reached",
			steps: append(repeat(MaxGuildSchedules, add("g1", "")), add("g1", capRefusal(MaxGuildSchedules)), add("g1", capRefusal(MaxGuildSchedules))),
			count: map[string]int{"g1": MaxGuildSchedules},
		},
		{
			name: "other guild unaffected",
			steps: append(append(repeat(MaxGuildSchedules, add("g1", "")), add("g1", capRefusal(MaxGuildSchedules))),
				repeat(MaxGuildSchedules, add("g2", ""))...),
			count: map[string]int{"g1": MaxGuildSchedules, "g2": MaxGuildSchedules},
		},
		{
			name: "a removal makes room",
			steps: append(repeat(MaxGuildSchedules, add("g1", "")),
				remove("g1", "3"), add("g1", ""), add("g1", capRefusal(MaxGuildSchedules))),
			count: map[string]int{"g1": MaxGuildSchedules},
		},
		{
			name:   "legacy store over the cap",
			seed:   seeded(legacy(t, "g1", 1, MaxGuildSchedules+5), legacy(t, "g2", MaxGuildSchedules+6, 2)),
			seq:    MaxGuildSchedules + 7,
			listed: map[string]int{"g1": MaxGuildSchedules + 5, "g2": 2},
			runs:   MaxGuildSchedules + 5 + 2, // all made two days ago: each is due once
			steps: []step{
				add("g1", capRefusal(MaxGuildSchedules+5)),
				add("g2", ""),
				remove("g1", "1"), remove("g1", "2"), remove("g1", "3"), remove("g1", "4"),
				add("g1", capRefusal(MaxGuildSchedules+1)),
				remove("g1", "5"),
				add("g1", capRefusal(MaxGuildSchedules)),
				remove("g1", "6"),
				add("g1", ""),
				add("g1", capRefusal(MaxGuildSchedules)),
			},
			count: map[string]int{"g1": MaxGuildSchedules, "g2": 3},
		},
		{
			name:  "damaged record not counted",
			seed:  seeded(legacy(t, "g1", 1, MaxGuildSchedules-1), map[string][]byte{"99": []byte(`{"guild_id":"g1",`)}),
			seq:   99,
			steps: []step{add("g1", ""), add("g1", capRefusal(MaxGuildSchedules))},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			path := filepath.Join(t.TempDir(), "s.db")
			if tt.seed != nil {
				seedRecords(t, path, tt.seed, tt.seq)
			}
			st, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			clk := &clock{t: capNow}
			poster := &fakePoster{clock: clk}
			sched := &Scheduler{Store: st, Builder: &fakeBuilder{}, Poster: poster, Now: clk.Now}
			if tt.listed != nil {
				for guild, want := range tt.listed {
					if all, err := st.List(ctx, guild); err != nil || len(all) != want {
						t.Errorf("List(%s) before = %d schedules, %v; want %d", guild, len(all), err, want)
					}
				}
				if err := sched.RunOnce(ctx); err != nil {
					t.Fatalf("RunOnce: %v", err)
				}
				if got := len(poster.Posts()); got != tt.runs {
					t.Errorf("a pass posted %d digests, want %d", got, tt.runs)
				}
			}
			for i, s := range tt.steps {
				var err error
				switch s.op {
				case "add":
					_, err = sched.Add(ctx, Schedule{GuildID: s.guild, ChannelID: "c1", Spec: "daily 08:00"})
				case "remove":
					err = sched.Remove(ctx, s.guild, s.id)
				}
				if s.want == "" {
					if err != nil {
						t.Fatalf("step %d: %s in %s: %v", i, s.op, s.guild, err)
					}
					continue
				}
				if chronicle.ErrorCode(err) != chronicle.EINVALID || chronicle.ErrorMessage(err) != s.want {
					t.Fatalf("step %d: %s in %s = %v (code %q), want EINVALID %q", i, s.op, s.guild, err, chronicle.ErrorCode(err), s.want)
				}
			}
			for guild, want := range tt.count {
				if all, err := st.List(ctx, guild); err != nil || len(all) != want {
					t.Errorf("List(%s) = %d schedules, %v; want %d", guild, len(all), err, want)
				}
			}
		})
	}
}

// TestAddCapConcurrent: adds at the same time store exactly
// MaxGuildSchedules for a server and refuse the rest, while another
// server's adds, at the same time, are not counted against it.
func TestAddCapConcurrent(t *testing.T) {
	st, err := Open(filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	const extra = 10
	var wg sync.WaitGroup
	var mu sync.Mutex
	added, refused := map[string]int{}, map[string]int{}
	for i := range MaxGuildSchedules + extra {
		for _, guild := range []string{"g1", "g2"} {
			wg.Go(func() {
				_, err := st.Add(ctx, Schedule{GuildID: guild, ChannelID: fmt.Sprintf("c%d", i), Spec: "daily 08:00", Days: 1})
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					added[guild]++
				case chronicle.ErrorMessage(err) == capRefusal(MaxGuildSchedules):
					refused[guild]++
				default:
					t.Errorf("Add in %s: %v", guild, err)
				}
			})
		}
	}
	wg.Wait()
	for _, guild := range []string{"g1", "g2"} {
		all, err := st.List(ctx, guild)
		if err != nil || added[guild] != MaxGuildSchedules || refused[guild] != extra || len(all) != MaxGuildSchedules {
			t.Errorf("%s: %d added, %d refused, %d stored (%v); want %d, %d, %d",
				guild, added[guild], refused[guild], len(all), err, MaxGuildSchedules, extra, MaxGuildSchedules)
		}
	}
}
