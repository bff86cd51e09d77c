package feed

import (
	"bytes"
	"context"
	"encoding/binary"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// TestUndecodableFeedRecordSetAside: the saved state of one feed that does
// not decode (a record of a later version, a hand edit, a flipped bit in
// its bytes, which the file's walk does not read) used to make New fail,
// so that bot serve did not start at all, and the error named neither the
// file nor what to do. Now the record is moved, its bytes as they were,
// into the feeds-damaged bucket, New logs an error naming the file, the
// feed and the reason, and the feed is fetched as new.
func TestUndecodableFeedRecordSetAside(t *testing.T) {
	tests := []struct {
		name, record string
	}{
		{"wrong JSON type (a later version)", `{"etag":5,"health":{"ConsecutiveFailures":"two"}}`},
		{"health not an object", `{"health":"ok"}`},
		{"garbage", "\x00\xff garbage"},
		{"truncated", `{"etag":"\"abc\"","last_mod`},
		{"empty", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newFeedServer(t, map[string]http.HandlerFunc{
				"/feed": serveBody("application/rss+xml", rssFeed("Record", [3]string{"r1", "Story", "Islamic State claimed the attack."})),
			})
			url := srv.URL + "/feed"
			path := filepath.Join(t.TempDir(), "state.db")
			now := time.Date(2024, 3, 28, 12, 0, 0, 0, time.UTC)
			s, err := openStore(path, now)
			if err != nil {
				t.Fatal(err)
			}
			err = s.db.Update(func(tx *bolt.Tx) error {
				return tx.Bucket([]byte(bucketFeeds)).Put([]byte(url), []byte(tt.record))
			})
			s.close()
			if err != nil {
				t.Fatal(err)
			}

			var logs bytes.Buffer
			sink := &fakeSink{}
			f, err := New([]Feed{{URL: url}}, sink, Options{StatePath: path, AllowPrivateAddresses: true,
				Logger: slog.New(slog.NewTextHandler(&logs, nil))})
			if err != nil {
				t.Fatalf("New with an undecodable record of feed %s: %v", url, err)
			}
			defer f.Close()
			log := logs.String()
			for _, want := range []string{"level=ERROR", path, url, bucketFeedsDamaged} {
				if !strings.Contains(log, want) {
					t.Errorf("the set-aside record is not reported with %q: %q", want, log)
				}
			}
			err = f.store.db.View(func(tx *bolt.Tx) error {
				if v := tx.Bucket([]byte(bucketFeeds)).Get([]byte(url)); v != nil {
					t.Errorf("the undecodable record is still in %s: %q", bucketFeeds, v)
				}
				b := tx.Bucket([]byte(bucketFeedsDamaged))
				if b == nil {
					t.Fatalf("no %s bucket", bucketFeedsDamaged)
				}
				if v := b.Get([]byte(url)); v == nil || string(v) != tt.record {
					t.Errorf("%s holds %q for the feed, want the record as it was, %q", bucketFeedsDamaged, v, tt.record)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if rep, err := f.FetchAll(context.Background()); err != nil || rep.Taken != 1 {
				t.Errorf("fetch after the record was set aside: %+v, %v; want its item taken", rep, err)
			}
		})
	}
}

// TestOpenStoreDropsSignatureWithHugeLength: a signature record whose ID
// length is so large that adding the signature's size to it wraps around
// used to pass decodeSig's length check and panic slicing; the panic was
// taken for damage of the whole file, which was moved aside with every
// feed's state. Now the record is dropped like any other that does not
// decode, and the rest of the file is kept.
func TestOpenStoreDropsSignatureWithHugeLength(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	now := time.Date(2024, 3, 28, 12, 0, 0, 0, time.UTC)
	s, err := openStore(path, now)
	if err != nil {
		t.Fatal(err)
	}
	good := sigEntry{id: "a1", seq: 1}
	k, v := encodeSig(good)
	tail := make([]byte, 10)
	// n + 4*sigSize wraps around to len(tail).
	huge := binary.AppendUvarint(nil, uint64(len(tail))-4*sigSize)
	err = s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(bucketSigs))
		if err := b.Put(k, v); err != nil {
			return err
		}
		if err := b.Put(seqKey(2), append(huge, tail...)); err != nil {
			return err
		}
		return putFeed(tx, "https://example.com/feed", feedState{ETag: `"kept"`})
	})
	s.close()
	if err != nil {
		t.Fatal(err)
	}
	s, err = openStore(path, now)
	if err != nil {
		t.Fatalf("openStore with a signature record of a huge length: %v", err)
	}
	defer s.close()
	if d := s.db.Damaged(); d != nil {
		t.Fatalf("the file was moved aside for one bad signature record: %v", d)
	}
	if got := s.signatures(); len(got) != 1 || got[0].id != good.id {
		t.Errorf("signatures = %+v, want only %q", got, good.id)
	}
	if st, err := s.loadFeed("https://example.com/feed"); err != nil || st.ETag != `"kept"` {
		t.Errorf("feed state after open = %+v, %v; want its ETag kept", st, err)
	}
}
