package schedule

import (
	"bytes"
	"context"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// realStore writes a schedule file the way the bot does: two schedules, a
// watch that posted one article, has two pending and one waiting in the
// inbox, so that every top-level bucket holds records; it returns its path,
// closed.
func realStore(tb testing.TB) string {
	tb.Helper()
	ctx := context.Background()
	e := newWatchEnv(tb)
	for _, g := range []string{"g1", "g2"} {
		if _, err := e.store.Add(ctx, Schedule{GuildID: g, ChannelID: "c", Spec: "daily 08:00", Days: 1}); err != nil {
			tb.Fatal(err)
		}
	}
	e.add(tb, "Moscow attack")
	e.ingest(tb, hit1)
	e.after(tb, time.Second)
	e.after(tb, 5*time.Minute) // posts hit1
	e.ingest(tb, hit2, hit3)
	e.after(tb, time.Second) // hit2 and hit3 pending
	e.ingest(tb, hit1)       // in the inbox
	if n := len(e.poster.Posts()); n != 1 {
		tb.Fatalf("posts = %d, want 1", n)
	}
	if err := e.store.Close(); err != nil {
		tb.Fatal(err)
	}
	return e.path
}

// snapshot returns every bucket of the file at path, nested ones as
// "outer/inner", each record by key and the bucket's sequence under
// "\x00seq".
func snapshot(tb testing.TB, path string) map[string]map[string][]byte {
	tb.Helper()
	out := map[string]map[string][]byte{}
	var walk func(prefix string, b *bolt.Bucket)
	walk = func(prefix string, b *bolt.Bucket) {
		recs := map[string][]byte{"\x00seq": []byte(strconv.FormatUint(b.Sequence(), 10))}
		_ = b.ForEach(func(k, v []byte) error {
			if v == nil {
				walk(prefix+"/"+string(k), b.Bucket(k))
			} else {
				recs[string(k)] = bytes.Clone(v)
			}
			return nil
		})
		out[prefix] = recs
	}
	inFile(tb, path, false, func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			walk(string(name), b)
			return nil
		})
	})
	return out
}

// flipName flips the lowest bit of the last byte of name wherever the file
// at path holds it (the root's page, and stale copies in free pages),
// keeping the root's keys in order for the names used here. It returns the
// damaged name.
func flipName(tb testing.TB, path, name string) string {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	flipped := []byte(name)
	flipped[len(flipped)-1] ^= 1
	if bytes.Count(data, []byte(name)) == 0 {
		tb.Fatalf("the file does not hold %q", name)
	}
	if err := os.WriteFile(path, bytes.ReplaceAll(data, []byte(name), flipped), 0o600); err != nil {
		tb.Fatal(err)
	}
	return string(flipped)
}

func sameRecords(a, b map[string][]byte) bool { return maps.EqualFunc(a, b, bytes.Equal) }

// TestStrayBucketRestored: a flipped bit in the name of a top-level bucket
// of the schedule file made Open (or the first write of a watch) create a
// fresh, empty bucket under the right name: every server's schedules, or
// watches, or their queues vanished from view, their bytes still in the
// file. Open now restores them, reports it once, and keeps the damaged
// bucket unchanged in buckets-damaged; a file without damage opens
// unchanged.
func TestStrayBucketRestored(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		flip  string // the bucket whose name is damaged; "" for none
		check func(t *testing.T, st *Store)
	}{
		{name: "no damage"},
		{name: "schedules", flip: "schedules", check: func(t *testing.T, st *Store) {
			if all, err := st.List(ctx, ""); err != nil || len(all) != 2 {
				t.Errorf("List = %v, %v; want the 2 schedules", ids(all), err)
			}
		}},
		{name: "watches", flip: "watches", check: func(t *testing.T, st *Store) {
			if all, err := st.ListWatches(ctx, ""); err != nil || len(all) != 1 {
				t.Errorf("ListWatches = %v, %v; want the watch", watchIDs(all), err)
			}
		}},
		{name: "pending", flip: "watch-pending", check: func(t *testing.T, st *Store) {
			if items, err := st.pending("1"); err != nil || len(items) != 2 {
				t.Errorf("pending = %d items, %v; want hit2 and hit3", len(items), err)
			}
		}},
		{name: "taken articles", flip: "watch-seen", check: func(t *testing.T, st *Store) {
			if n := st.seenCount(); n != 3 {
				t.Errorf("taken articles = %d, want 3", n)
			}
		}},
		{name: "inbox", flip: "watch-inbox"},
		{name: "channel hours", flip: "watch-channels"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := realStore(t)
			before := snapshot(t, path)
			var flipped string
			if tt.flip != "" {
				flipped = flipName(t, path, tt.flip)
			}
			st, err := Open(path)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			if d := st.Damaged(); d != nil {
				t.Fatalf("Open found the file damaged: %v", d)
			}
			strays := st.Strays()
			switch {
			case tt.flip == "" && len(strays) != 0:
				t.Errorf("Strays = %+v, want none", strays)
			case tt.flip != "" && (len(strays) != 1 || strays[0].Name != flipped || strays[0].Of != tt.flip || !strays[0].Restored):
				t.Errorf("Strays = %+v, want %q restored to %q", strays, flipped, tt.flip)
			case tt.flip != "" && !strings.Contains(strays[0].String(), "restored to "+strconv.Quote(tt.flip)):
				t.Errorf("Strays()[0].String() = %q, want it to say it was restored", strays[0].String())
			}
			if tt.check != nil {
				tt.check(t, st)
			}
			if err := st.Close(); err != nil {
				t.Fatal(err)
			}
			after := snapshot(t, path)
			for name, recs := range before {
				if !sameRecords(after[name], recs) {
					t.Errorf("bucket %s after Open = %d records, want the %d before, unchanged", name, len(after[name]), len(recs))
				}
			}
			if tt.flip != "" {
				kept := string(strayBucket) + "/" + flipped
				if !sameRecords(after[kept], before[tt.flip]) {
					t.Errorf("%s = %d records, want the damaged bucket's %d unchanged", kept, len(after[kept]), len(before[tt.flip]))
				}
				if _, ok := after[flipped]; ok {
					t.Errorf("bucket %q is still at the top level", flipped)
				}
			} else if !slices.Equal(slices.Sorted(maps.Keys(after)), slices.Sorted(maps.Keys(before))) {
				t.Errorf("buckets after Open = %v, want those before", slices.Sorted(maps.Keys(after)))
			}
			// A second Open finds nothing more, and changes nothing.
			st, err = Open(path)
			if err != nil {
				t.Fatal(err)
			}
			if s := st.Strays(); len(s) != 0 {
				t.Errorf("second Open: Strays = %+v, want none", s)
			}
			st.Close()
			if again := snapshot(t, path); !maps.EqualFunc(again, after, sameRecords) {
				t.Error("the second Open changed the file")
			}
		})
	}
}

// TestStrayBucketKept: a bucket under a name this version does not know
// that cannot be restored as a known one is reported at every Open and left
// as it is: nothing reads it, nothing deletes it, and the store works.
func TestStrayBucketKept(t *testing.T) {
	ctx := context.Background()
	watchRec := (&watchEnv{clock: &clock{t: capNow}}).watchRecord(t, "1", "g1", "c1", "Moscow attack")
	tests := []struct {
		name     string
		seed     map[string]map[string][]byte // bucket -> records
		nested   []string                     // buckets-damaged holds these
		of, why  string                       // the Stray's Of, and its Why contains why
		whyLater string                       // why at the second Open, when not why
		schedIDs []string                     // List
	}{
		{name: "schedules already holds records",
			seed: map[string]map[string][]byte{"scheduler": legacy(t, "g1", 1, 2), "schedules": legacy(t, "g2", 1, 1)},
			of:   "schedules", why: `"schedules" holds records of its own`, schedIDs: []string{"1"}},
		{name: "a later version's bucket",
			seed:     map[string]map[string][]byte{"watch-digests": {"1": []byte(`{"id":"1"}`)}, "schedules": legacy(t, "g1", 1, 1)},
			schedIDs: []string{"1"}},
		{name: "a near name holding another kind of record",
			seed: map[string]map[string][]byte{"scheduler": {"1": watchRec}}},
		{name: "a near name holding too few of its records",
			seed: map[string]map[string][]byte{"scheduler": {"1": legacy(t, "g1", 1, 1)["1"], "2": []byte("x"), "3": []byte("y")}}},
		{name: "buckets-damaged holds that name already",
			seed:   map[string]map[string][]byte{"scheduler": legacy(t, "g1", 1, 2)},
			nested: []string{"scheduler"}, of: "schedules", why: `"buckets-damaged" already holds a "scheduler"`,
			whyLater: `"schedules" holds records of its own`}, // the one added by the first pass
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := t.TempDir() + "/s.db"
			inFile(t, path, true, func(tx *bolt.Tx) error {
				for name, recs := range tt.seed {
					if err := putRecords(tx, []byte(name), recs, 7); err != nil {
						return err
					}
				}
				for _, name := range tt.nested {
					b, err := tx.CreateBucketIfNotExists(strayBucket)
					if err != nil {
						return err
					}
					if _, err := b.CreateBucket([]byte(name)); err != nil {
						return err
					}
				}
				return nil
			})
			before := snapshot(t, path)
			for pass := range 2 { // reported at every Open, the file left as it is
				st, err := Open(path)
				if err != nil {
					t.Fatalf("Open: %v", err)
				}
				strays, why := st.Strays(), tt.why
				if pass > 0 && tt.whyLater != "" {
					why = tt.whyLater
				}
				if len(strays) != 1 || strays[0].Restored || strays[0].Of != tt.of || !strings.Contains(strays[0].Why, why) {
					t.Errorf("Strays = %+v, want one, not restored, taken for %q, because %q", strays, tt.of, why)
				} else if s := strays[0].String(); !strings.Contains(s, strconv.Quote(strays[0].Name)) || !strings.Contains(s, "kept as it is") {
					t.Errorf("Strays()[0].String() = %q, want it to name the bucket and say it is kept", s)
				}
				all, err := st.List(ctx, "")
				seeded := slices.DeleteFunc(all, func(s Schedule) bool { return s.GuildID == "g3" })
				if err != nil || !slices.Equal(ids(seeded), tt.schedIDs) {
					t.Errorf("List = %v, %v; want %v and those added since", ids(seeded), err, tt.schedIDs)
				}
				if added, err := st.List(ctx, "g3"); err != nil || len(added) != pass {
					t.Errorf("List(g3) = %d schedules, %v; want the %d added before", len(added), err, pass)
				}
				if _, err := st.Add(ctx, Schedule{GuildID: "g3", ChannelID: "c", Spec: "daily 09:00", Days: 1}); err != nil {
					t.Errorf("Add: %v", err)
				}
				if err := st.Close(); err != nil {
					t.Fatal(err)
				}
				after := snapshot(t, path)
				for name, recs := range before {
					if name != string(bucket) && !sameRecords(after[name], recs) {
						t.Errorf("bucket %s after Open = %d records, want the %d before, unchanged", name, len(after[name]), len(recs))
					}
				}
				before = after
			}
		})
	}
}

// TestKnownBucketNamesApart: a damaged name is taken for a known bucket's
// when it is as long and differs in one or two bytes, which must single out
// one known bucket: no two known names of one length may be within four
// bytes of each other.
func TestKnownBucketNamesApart(t *testing.T) {
	known := knownBuckets()
	for i, a := range known {
		for _, b := range known[i+1:] {
			if len(a.name) != len(b.name) {
				continue
			}
			n := 0
			for j := range a.name {
				if a.name[j] != b.name[j] {
					n++
				}
			}
			if n <= 4 {
				t.Errorf("%q and %q differ in %d bytes: a damaged name could be near both", a.name, b.name, n)
			}
		}
	}
}
