package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// adv27: a held article's store record that does not decode (the file
// that gave it is emptied: only the store holds it) makes bot index
// --rebuild fail with "copy the old index's articles of ...: decode article
// ...: corrupt stored article: unknown version", which does not tell the
// user what to do (--prune gets past it; plain bot index keeps the record
// without a word). The message should name the way out.
func TestAdv27RebuildWithARecordThatDoesNotDecode(t *testing.T) {
	clearEnv(t)
	corpus, idx := copyCorpus(t), filepath.Join(t.TempDir(), "index")
	heldOnlyInTheIndex(t, corpus, idx)
	spoilRecord(t, idx, "quokka-1")
	out, errOut, err := runCLI(t, "", cliArgs(corpus, idx, "index", "--rebuild")...)
	t.Logf("bot index --rebuild: err=%v\n%s%s", err, out, errOut)
	if strings.Contains(errOut, "it is discarded and built again") {
		t.Errorf("bot index --rebuild discarded the index")
	}
	if _, serr := os.Stat(filepath.Join(idx, "store.db")); serr != nil {
		t.Errorf("the index's store is gone after bot index --rebuild: %v", serr)
	}
	if err == nil {
		t.Fatal("bot index --rebuild copied a record that does not decode")
	}
	if !strings.Contains(err.Error(), "--prune") {
		t.Errorf("bot index --rebuild fails at a record that does not decode and does not say how to get past it: %v", err)
	}
	out, errOut, err = runCLI(t, "", cliArgs(corpus, idx, "index", "--rebuild", "--prune")...)
	t.Logf("bot index --rebuild --prune: err=%v\n%s%s", err, out, errOut)
	if err != nil {
		t.Fatalf("bot index --rebuild --prune failed at the record it is to let go: %v", err)
	}
	// The seed article is rebuilt from the corpus; the record that did not
	// decode, whose file is now empty, is gone.
	if !strings.Contains(out, "rebuilt: 1 articles") {
		t.Errorf("bot index --rebuild --prune: want the seed article alone in the rebuilt index, got %q", out)
	}
	db, err := bolt.Open(filepath.Join(idx, "store.db"), 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket([]byte("articles")).Get([]byte("quokka-1")); v != nil {
			t.Errorf("the record that does not decode is still in the store after --prune: %q", v)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// heldOnlyInTheIndex indexes a quokka article ("quokka-1") from a file of
// its own in corpus into the index at idx, then empties the file: the index
// holds the article, its file no longer does.
func heldOnlyInTheIndex(t *testing.T, corpus, idx string) {
	t.Helper()
	extra := filepath.Join(corpus, "extra.jsonl")
	if err := os.WriteFile(extra, []byte(`{"id":"quokka-1","title":"Quokka census finished","publish_date":"2024-03-25",`+
		`"text":"Rangers counted the quokkas on Rottnest Island this week."}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runCLI(t, "", cliArgs(corpus, idx, "index")...); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(extra, nil, 0o644); err != nil {
		t.Fatal(err)
	}
}

// spoilRecord overwrites the stored record of article id in the index at
// idx (closed) with bytes that do not decode.
func spoilRecord(t *testing.T, idx, id string) {
	t.Helper()
	db, err := bolt.Open(filepath.Join(idx, "store.db"), 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("articles")).Put([]byte(id), []byte("\xffnot an article"))
	}); err != nil {
		t.Fatal(err)
	}
}
