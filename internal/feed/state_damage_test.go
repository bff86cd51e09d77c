package feed

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/chronicle-bot/chronicle/internal/boltfile/bolttest"
)

// TestIssue12_Item5_DamagedFeedState: a feed state file with a page of
// garbage used to panic in New; now it is moved aside, the fetcher starts
// with a fresh state, and the next fetch takes the feed's items again.
func TestIssue12_Item5_DamagedFeedState(t *testing.T) {
	srv := newFeedServer(t, map[string]http.HandlerFunc{
		"/feed": serveBody("application/rss+xml", rssFeed("Damage",
			[3]string{"d1", "Story", "Islamic State claimed the attack."}, [3]string{"d2", "Other", "Other text."})),
	})
	url := srv.URL + "/feed"
	path := filepath.Join(t.TempDir(), "state.db")
	sink := &fakeSink{}
	ctx := context.Background()
	var logs bytes.Buffer
	open := func() *Fetcher {
		f, err := New([]Feed{{URL: url}}, sink, Options{StatePath: path, AllowPrivateAddresses: true,
			Logger: slog.New(slog.NewTextHandler(&logs, nil))})
		if err != nil {
			t.Fatalf("New: %v", err)
		}
		return f
	}
	f := open()
	if rep, err := f.FetchAll(ctx); err != nil || rep.Taken != 2 {
		t.Fatalf("first fetch: %+v, %v", rep, err)
	}
	f.Close()
	bolttest.SmashLeaf(t, path)

	f = open()
	defer f.Close()
	d := f.store.db.Damaged()
	if d == nil {
		t.Fatal("the damaged state file was not reported")
	}
	if !strings.Contains(logs.String(), "level=ERROR") || !strings.Contains(logs.String(), "fetched again as new") {
		t.Errorf("the damaged state file was not logged: %q", logs.String())
	}
	if _, err := os.Stat(d.MovedTo); err != nil || filepath.Dir(d.MovedTo) != filepath.Dir(path) {
		t.Errorf("the damaged file was not moved beside the state file: %q (%v)", d.MovedTo, err)
	}
	rep, err := f.FetchAll(ctx)
	if err != nil || rep.Taken != 2 {
		t.Errorf("fetch with the fresh state: %+v, %v; want both items taken again", rep, err)
	}
}

// TestOpenStoreDropsBadSignature: a signature record that does not decode
// is dropped at open instead of failing it.
func TestOpenStoreDropsBadSignature(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	now := time.Date(2024, 3, 28, 12, 0, 0, 0, time.UTC)
	s, err := openStore(path, now)
	if err != nil {
		t.Fatal(err)
	}
	err = s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket([]byte(bucketSigs)).Put(seqKey(7), []byte("junk")) })
	s.close()
	if err != nil {
		t.Fatal(err)
	}
	s, err = openStore(path, now)
	if err != nil {
		t.Fatalf("openStore with a bad signature record: %v", err)
	}
	defer s.close()
	if len(s.signatures()) != 0 {
		t.Errorf("%d signatures loaded, want 0", len(s.signatures()))
	}
	s.db.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket([]byte(bucketSigs)).Get(seqKey(7)); v != nil {
			t.Error("the bad signature record is still stored")
		}
		return nil
	})
}
