package schedule

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chronicle-bot/chronicle/internal/boltfile/bolttest"
)

// TestLostBucketFlagRestored: one flipped bit, the bucket flag of a
// top-level bucket's element, made bbolt read the bucket as a plain value,
// and Open failed ("incompatible value") when it made the bucket again:
// the bot could not start on the file. Open now sets the bit again (a copy
// of the file as it was is kept beside it): every bucket and record is
// back as it was written, and Mended says which.
func TestLostBucketFlagRestored(t *testing.T) {
	orig := realStore(t)
	want := snapshot(t, orig)
	var top []string
	for name := range want {
		if !strings.Contains(name, "/") {
			top = append(top, name)
		}
	}
	slices.Sort(top)
	if len(top) < 6 {
		t.Fatalf("the file holds the buckets %q; want every bucket of a working store", top)
	}
	data, err := os.ReadFile(orig)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range top {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "schedules.db")
			if err := os.WriteFile(path, data, 0o600); err != nil {
				t.Fatal(err)
			}
			bolttest.ClearBucketFlag(t, path, name)
			st, err := Open(path)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			m := st.Mended()
			st.Close()
			if m == nil || !slices.Equal(m.Buckets, []string{name}) {
				t.Fatalf("Mended() = %v, want the bucket %q", m, name)
			}
			got := snapshot(t, path)
			if !maps.EqualFunc(got, want, sameRecords) {
				t.Errorf("after Open the file holds %v; want it as written", bucketSizes(got))
			}
			if _, err := os.Stat(m.CopyAt); err != nil {
				t.Errorf("the copy of the damaged file: %v", err)
			}
		})
	}
}

// bucketSizes counts the records of each bucket of a snapshot.
func bucketSizes(s map[string]map[string][]byte) map[string]int {
	out := map[string]int{}
	for name, recs := range s {
		out[name] = len(recs)
	}
	return out
}
