package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestServeCorpusParentRemovedAndMadeAgain removes the folder above the
// corpus path (the volume's folder, "vol/news" configured) and makes both
// again while serve runs: the first file dropped is indexed (the failed
// sync is retried), and so is one dropped after it. Nothing watched for
// the folders coming back, so every later change went unsynced.
func TestServeCorpusParentRemovedAndMadeAgain(t *testing.T) {
	cfg := testConfig(t, "")
	vol := filepath.Join(t.TempDir(), "vol")
	news := filepath.Join(vol, "news")
	if err := os.MkdirAll(news, 0o755); err != nil {
		t.Fatal(err)
	}
	cfg.Corpus.Paths = []string{news}
	r := startMain(t, cfg, MainOptions{WatchRetryDelay: 100 * time.Millisecond})
	waitSynced(t, "http://"+r.m.Addr())
	if err := os.RemoveAll(vol); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond)
	if err := os.MkdirAll(news, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"first", "second"} {
		if err := os.WriteFile(filepath.Join(news, id+".jsonl"), []byte(`{"id":"`+id+`","title":"Okapi `+id+`","date":"2024-03-28","text":"Rangers saw the okapi again."}`+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(20 * time.Second)
		for {
			if _, err := r.m.ix.Article(context.Background(), id); err == nil {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s.jsonl, dropped in the corpus folder made again, not indexed within 20s", id)
			}
			time.Sleep(50 * time.Millisecond)
		}
		time.Sleep(500 * time.Millisecond)
	}
}
