package schedule

// The watch store's records under the damage the schedule store's were
// hardened against (store_attack_test.go): a record under another watch's
// key, a sequence behind the records, a nested bucket where a record is
// set aside, an oversized record, and a pending article under another
// article's key. Records are written straight through bbolt.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// watchRecord encodes a watch made an hour before the env's clock.
func (e *watchEnv) watchRecord(tb testing.TB, id, guild, channel, query string) []byte {
	tb.Helper()
	data, err := json.Marshal(Watch{ID: id, GuildID: guild, ChannelID: channel, Query: query, CreatedBy: "u1",
		Created: e.clock.Now().Add(-time.Hour)})
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// seedWatches writes records into the watches bucket of the env's file,
// with the bucket's sequence at seq, in one bbolt transaction.
func (e *watchEnv) seedWatches(tb testing.TB, recs map[string][]byte, seq uint64) {
	tb.Helper()
	if err := e.store.db.Update(func(tx *bolt.Tx) error { return putRecords(tx, watchBucket, recs, int64(seq)) }); err != nil {
		tb.Fatal(err)
	}
}

// watchBucketRecords returns a copy of a bucket's records (nested buckets
// as nil), or nil when there is no such bucket.
func (e *watchEnv) watchBucketRecords(tb testing.TB, name []byte) map[string][]byte {
	tb.Helper()
	var out map[string][]byte
	if err := e.store.db.View(func(tx *bolt.Tx) error {
		out = bucketCopy(tx, name)
		return nil
	}); err != nil {
		tb.Fatal(err)
	}
	return out
}

func watchIDs(ws []Watch) []string {
	out := make([]string, len(ws))
	for i, x := range ws {
		out[i] = x.ID
	}
	return out
}

// postsByChannel lists each post as channel: article IDs.
func postsByChannel(posts []WatchPost) []string {
	var out []string
	for _, p := range posts {
		var arts []string
		for _, it := range p.Items {
			arts = append(arts, it.ArticleID)
		}
		out = append(out, p.Watch.ChannelID+": "+strings.Join(arts, " "))
	}
	slices.Sort(out)
	return out
}

// TestWatchRecordUnderAnotherKey: a watch record whose own ID is not its
// key (one flipped bit turns "id":"3" into "id":"2"; the JSON still
// decodes) was listed as a second watch 2: it queued its matches, read the
// pending list and wrote its state under watch 2. It is now set aside with
// its bytes, and the sound watches each post once.
func TestWatchRecordUnderAnotherKey(t *testing.T) {
	e := newWatchEnv(t)
	e.w.GroupWindow = -1
	moved := e.watchRecord(t, "2", "g1", "c3", "Moscow attack")
	e.seedWatches(t, map[string][]byte{
		"1": e.watchRecord(t, "1", "g1", "c1", "Moscow attack"),
		"2": e.watchRecord(t, "2", "g1", "c2", "Moscow concert hall"),
		"3": moved,
	}, 3)
	e.ingest(t, hit1, miss)
	for range 3 {
		e.after(t, time.Second)
	}
	if got, want := postsByChannel(e.poster.Posts()), []string{"c1: hit1", "c2: hit1"}; !slices.Equal(got, want) {
		t.Errorf("three passes posted %q, want %q", got, want)
	}
	if all, err := e.w.ListWatches(context.Background(), ""); err != nil || !slices.Equal(watchIDs(all), []string{"1", "2"}) {
		t.Errorf("ListWatches = %v, %v; want [1 2]", watchIDs(all), err)
	}
	if x := e.watch(t, "2"); x.ChannelID != "c2" || x.Posted != 1 {
		t.Errorf("watch 2 = channel %s, %d posted; want c2, 1", x.ChannelID, x.Posted)
	}
	if got := e.watchBucketRecords(t, damagedWatchBucket); len(got) != 1 || !bytes.Equal(got["3"], moved) {
		t.Errorf("watches-damaged = %q, want record 3's bytes as they were", got)
	}
}

// TestAddWatchSkipsTakenIDs: with the watches bucket's sequence behind its
// records (a damaged bucket header, records put back by hand) AddWatch
// took the next number and replaced another server's watch. It now skips
// IDs that are taken, by a record or a nested bucket.
func TestAddWatchSkipsTakenIDs(t *testing.T) {
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
			e := newWatchEnv(t)
			recs := map[string][]byte{}
			for _, id := range []string{"1", "2", "3"} {
				recs[id] = e.watchRecord(t, id, "g1", "g1-c"+id, "Moscow attack")
			}
			for _, id := range []string{"4", "5"} {
				recs[id] = e.watchRecord(t, id, "g2", "g2-c"+id, "rail strike")
			}
			e.seedWatches(t, recs, tt.seq)
			added, err := e.w.AddWatch(ctx, Watch{GuildID: "g3", ChannelID: "g3-new", Query: "Moscow attack"})
			if err != nil {
				t.Fatalf("AddWatch: %v", err)
			}
			if _, taken := recs[added.ID]; taken {
				t.Errorf("AddWatch gave the new watch ID %s, which an existing watch has", added.ID)
			}
			all, err := e.w.ListWatches(ctx, "")
			if err != nil {
				t.Fatal(err)
			}
			byID := map[string]string{}
			for _, x := range all {
				byID[x.ID] = x.ChannelID
			}
			want := map[string]string{added.ID: "g3-new"}
			for id := range recs {
				want[id] = map[bool]string{true: "g1-c" + id, false: "g2-c" + id}[id <= "3"]
			}
			if !maps.Equal(byID, want) {
				t.Errorf("after AddWatch: %v, want %v", byID, want)
			}
		})
	}
}

// TestWatchSetAsideKeyTaken: a damaged watch record goes aside under the
// next free key when its own key in watches-damaged is held by a nested
// bucket (which made every pass's set-aside fail, so that no damaged
// record ever went) or by other bytes set aside before (which were
// overwritten); a nested bucket in the watches stops no set-aside.
func TestWatchSetAsideKeyTaken(t *testing.T) {
	tests := []struct {
		name    string
		aside   func(b *bolt.Bucket) error
		wantKey string
		kept    map[string][]byte // records of watches-damaged that must stay
	}{
		{"free", func(*bolt.Bucket) error { return nil }, "3", nil},
		{"held by a nested bucket", func(b *bolt.Bucket) error {
			_, err := b.CreateBucket([]byte("3"))
			return err
		}, "3.2", nil},
		{"held by an earlier record", func(b *bolt.Bucket) error { return b.Put([]byte("3"), []byte("earlier")) },
			"3.2", map[string][]byte{"3": []byte("earlier")}},
		{"held by the same bytes", func(b *bolt.Bucket) error { return b.Put([]byte("3"), []byte(`{"id":"3",`)) },
			"3", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newWatchEnv(t)
			e.w.GroupWindow = -1
			bad := []byte(`{"id":"3",`)
			e.seedWatches(t, map[string][]byte{
				"1": e.watchRecord(t, "1", "g1", "c1", "Moscow attack"),
				"2": e.watchRecord(t, "2", "g1", "c2", "rail strike"),
				"3": bad,
			}, 4)
			err := e.store.db.Update(func(tx *bolt.Tx) error {
				b, err := tx.CreateBucketIfNotExists(damagedWatchBucket)
				if err != nil {
					return err
				}
				if err := tt.aside(b); err != nil {
					return err
				}
				_, err = tx.Bucket(watchBucket).CreateBucket([]byte("4"))
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			e.ingest(t, hit1)
			e.after(t, time.Second)
			if got, want := postsByChannel(e.poster.Posts()), []string{"c1: hit1"}; !slices.Equal(got, want) {
				t.Errorf("posted %q, want %q", got, want)
			}
			got := e.watchBucketRecords(t, damagedWatchBucket)
			if !bytes.Equal(got[tt.wantKey], bad) {
				t.Errorf("watches-damaged = %q, want the damaged record under %s", got, tt.wantKey)
			}
			for k, v := range tt.kept {
				if !bytes.Equal(got[k], v) {
					t.Errorf("watches-damaged[%s] = %q, want %q kept", k, got[k], v)
				}
			}
			if w := e.watchBucketRecords(t, watchBucket); len(w) != 3 || w["3"] != nil {
				t.Errorf("watches keys = %v, want 1, 2 and the nested bucket 4", slices.Sorted(maps.Keys(w)))
			}
		})
	}
}

// TestWatchOversizedRecordSetAside: a watch record far larger than any
// watch (a damaged or hand-edited file) was decoded at every pass, costing
// several times its size in memory each time; it is now set aside unread,
// with its bytes kept, and the other watches post.
func TestWatchOversizedRecordSetAside(t *testing.T) {
	e := newWatchEnv(t)
	e.w.GroupWindow = -1
	big, err := json.Marshal(Watch{ID: "2", GuildID: "g1", ChannelID: "c2", Query: "rail strike",
		LastError: strings.Repeat("x", maxRecordBytes)})
	if err != nil {
		t.Fatal(err)
	}
	e.seedWatches(t, map[string][]byte{"1": e.watchRecord(t, "1", "g1", "c1", "Moscow attack"), "2": big}, 2)
	e.ingest(t, hit1, miss)
	e.after(t, time.Second)
	if got, want := postsByChannel(e.poster.Posts()), []string{"c1: hit1"}; !slices.Equal(got, want) {
		t.Errorf("posted %q, want %q", got, want)
	}
	if all, err := e.w.ListWatches(context.Background(), ""); err != nil || !slices.Equal(watchIDs(all), []string{"1"}) {
		t.Errorf("ListWatches = %v, %v; want [1]", watchIDs(all), err)
	}
	if got := e.watchBucketRecords(t, damagedWatchBucket); !bytes.Equal(got["2"], big) {
		t.Errorf("watches-damaged holds %d bytes under 2, want the record's %d", len(got["2"]), len(big))
	}
	// Nothing writes a watch record that a later pass would set aside.
	if _, err := e.store.UpdateWatch(context.Background(), "1", func(x *Watch) {
		x.LastError = strings.Repeat("y", maxRecordBytes)
	}); err == nil {
		t.Error("UpdateWatch to a record larger than a record can be succeeded")
	}
	if x := e.watch(t, "1"); x.LastError != "" {
		t.Errorf("watch 1 LastError holds %d bytes after a refused update, want none", len(x.LastError))
	}
}

// TestWatchPendingUnderAnotherKey: a pending article whose own article ID
// is not the one in its key (one flipped bit: "hit2" -> "hit1") was posted
// as that other article, so one post showed hit1 twice. It is now left out,
// and dropped with the post's claim.
func TestWatchPendingUnderAnotherKey(t *testing.T) {
	e := newWatchEnv(t)
	e.w.GroupWindow = time.Hour
	x := e.add(t, "Moscow attack")
	e.ingest(t, hit1)
	e.after(t, time.Second) // hit1 is pending, its group not yet due
	err := e.store.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(pendingBucket)
		v := b.Get(watchKey(x.ID, "hit1"))
		if v == nil {
			return errors.New("hit1 is not pending")
		}
		return b.Put(watchKey(x.ID, "hit2"), bytes.Clone(v))
	})
	if err != nil {
		t.Fatal(err)
	}
	items, err := e.store.pending(x.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range items {
		got = append(got, it.ArticleID)
	}
	if !slices.Equal(got, []string{"hit1"}) {
		t.Errorf("pending = %v, want [hit1]", got)
	}
	e.after(t, time.Hour)
	if got, want := postsByChannel(e.poster.Posts()), []string{"c1: hit1"}; !slices.Equal(got, want) {
		t.Errorf("posted %q, want %q", got, want)
	}
	if left := e.watchBucketRecords(t, pendingBucket); len(left) != 0 {
		t.Errorf("pending after the post = %q, want none", slices.Sorted(maps.Keys(left)))
	}
}

// TestWatchQueueKeyHeldByBucket: a nested bucket (which no version writes;
// a damaged file can hold one) under a key of the inbox, the taken
// articles, the pending list or the channels' hours made every write of
// that key fail ("incompatible value"), and with it the whole transaction:
// no article was queued again, no post claimed or recorded, for every
// watch; one under another key did the same when it was deleted (inbox,
// claim, prune). It is now removed when its key is written or deleted.
func TestWatchQueueKeyHeldByBucket(t *testing.T) {
	tests := []struct {
		name   string
		bucket []byte
		key    []byte
	}{
		{"inbox", inboxBucket, []byte("hit1")},
		{"taken articles", seenBucket, watchKey("1", "hit1")},
		{"pending", pendingBucket, watchKey("1", "hit1")},
		{"channel hour", channelsBucket, []byte("c1")},
		{"inbox, another key", inboxBucket, []byte("zzz")},
		{"taken articles, another key", seenBucket, watchKey("1", "zzz")},
		{"pending, another key", pendingBucket, watchKey("1", "zzz")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newWatchEnv(t)
			e.w.GroupWindow = -1
			e.add(t, "Moscow attack")
			err := e.store.db.Update(func(tx *bolt.Tx) error {
				b, err := tx.CreateBucketIfNotExists(tt.bucket)
				if err != nil {
					return err
				}
				_, err = b.CreateBucket(tt.key)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			e.ingest(t, hit1, hit2)
			e.after(t, time.Second)
			e.ingest(t, hit3)
			e.after(t, time.Second)
			var got []string
			for _, p := range e.poster.Posts() {
				for _, it := range p.Items {
					got = append(got, it.ArticleID)
				}
			}
			slices.Sort(got)
			if want := []string{"hit1", "hit2", "hit3"}; !slices.Equal(got, want) {
				t.Errorf("posted %v, want %v each once", got, want)
			}
			if x := e.watch(t, "1"); x.Posted != 3 || x.Attempt != nil {
				t.Errorf("watch 1: %d posted, attempt %v; want 3 and none", x.Posted, x.Attempt)
			}
		})
	}
}
