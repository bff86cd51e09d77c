package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// adv27: a held article's store record that does not decode (the file
// that gave it is emptied: only the store holds it) made bot index
// --rebuild fail, and the way past it, --prune, let go of every article a
// rebuild keeps (helper 89). A damaged record, which every answer leaves
// out all the same, is now let go by the rebuild and named in its summary;
// the index is not discarded.
func TestRebuildLetsGoOfARecordThatDoesNotDecode(t *testing.T) {
	clearEnv(t)
	corpus, idx := copyCorpus(t), filepath.Join(t.TempDir(), "index")
	heldOnlyInTheIndex(t, corpus, idx)
	spoilRecord(t, idx, "quokka-1")
	out, errOut, err := runCLI(t, "", cliArgs(corpus, idx, "index", "--rebuild")...)
	t.Logf("bot index --rebuild: err=%v\n%s%s", err, out, errOut)
	if err != nil {
		t.Fatalf("bot index --rebuild failed at the damaged record: %v", err)
	}
	if strings.Contains(errOut, "it is discarded and built again") {
		t.Errorf("bot index --rebuild discarded the index")
	}
	if !strings.Contains(out, "was let go: its stored record was damaged on disk") || !strings.Contains(out, "quokka-1") {
		t.Errorf("bot index --rebuild does not name the damaged record it let go:\n%s", out)
	}
	// The seed article is rebuilt from the corpus; the record that did not
	// decode, whose file is now empty, is gone.
	if !strings.Contains(out, "rebuilt: 1 article (") {
		t.Errorf("bot index --rebuild: want the seed article alone in the rebuilt index, got %q", out)
	}
	db, err := bolt.Open(filepath.Join(idx, "store.db"), 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket([]byte("articles")).Get([]byte("quokka-1")); v != nil {
			t.Errorf("the record that does not decode is still in the store after the rebuild: %q", v)
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
