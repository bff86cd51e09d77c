package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// `bot index --rebuild` discards only an index this release cannot use
// (index.Discardable): one of a later format is discarded and built again;
// one whose store is not a file, which Open leaves as it is, is left.
func TestIndexRebuildDiscardsOnlyAnIndexItCannotUse(t *testing.T) {
	clearEnv(t)
	t.Run("later format", func(t *testing.T) {
		corpus, idx := copyCorpus(t), filepath.Join(t.TempDir(), "index")
		if _, _, err := runCLI(t, "", cliArgs(corpus, idx, "index")...); err != nil {
			t.Fatal(err)
		}
		db, err := bolt.Open(filepath.Join(idx, "store.db"), 0o644, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Update(func(tx *bolt.Tx) error {
			return tx.Bucket([]byte("meta")).Put([]byte("version"), []byte("chronicle-index-99"))
		}); err != nil {
			t.Fatal(err)
		}
		db.Close()
		out, errOut, err := runCLI(t, "", cliArgs(corpus, idx, "index", "--rebuild")...)
		if err != nil || !strings.Contains(errOut, "it is discarded and built again") {
			t.Errorf("bot index --rebuild of an index of a later format: %v; want it discarded and built again\n%s%s", err, out, errOut)
		}
	})
	t.Run("store.db a folder", func(t *testing.T) {
		corpus, idx := copyCorpus(t), filepath.Join(t.TempDir(), "index")
		for _, d := range []string{"store.db", filepath.Join("bleve", "store")} {
			if err := os.MkdirAll(filepath.Join(idx, d), 0o755); err != nil {
				t.Fatal(err)
			}
		}
		out, errOut, err := runCLI(t, "", cliArgs(corpus, idx, "index", "--rebuild")...)
		t.Logf("bot index --rebuild: %v\n%s%s", err, out, errOut)
		if err == nil || strings.Contains(errOut, "it is discarded and built again") {
			t.Errorf("bot index --rebuild with store.db a folder: %v; want an error and the index left as it is", err)
		}
		for _, d := range []string{"store.db", filepath.Join("bleve", "store")} {
			if _, err := os.Stat(filepath.Join(idx, d)); err != nil {
				t.Errorf("%s is gone: %v", d, err)
			}
		}
	})
}
