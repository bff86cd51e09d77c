package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/chronicle-bot/chronicle/internal/discord/discordtest"
)

var (
	// harbourFire is news of today, indexed before the watch for it is made.
	harbourFire = watchArticle{ID: "w1", Title: "Harbour fire",
		Text:   "A fire at the Kestrelford harbour destroyed three fishing boats on Sunday.",
		Source: "Coast News"}
	// harbourQuay is news of today that reaches the index after the watch.
	harbourQuay = watchArticle{ID: "w2", Title: "Kestrelford harbour quay to be rebuilt",
		Text:   "The quay of the Kestrelford harbour, burnt on Sunday, will be rebuilt by the spring.",
		Source: "Coast News"}
)

// addAlertsWatch adds a watch for query to alertsChannel through the real
// /watch add payload of testdata/slash_watch_add.json.
func addAlertsWatch(tb testing.TB, query string) {
	tb.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "slash_watch_add.json"))
	if err != nil {
		tb.Fatal(err)
	}
	q, _ := json.Marshal(query)
	raw = bytes.Replace(raw, []byte(`"value": "harbour bridge"`), append([]byte(`"value": `), q...), 1)
	var add discordgo.Interaction
	if err := json.Unmarshal(raw, &add); err != nil {
		tb.Fatal(err)
	}
	if msg := interact(tb, &add); !strings.HasPrefix(msg.Text(), "Watch 1 added") {
		tb.Fatalf("/watch add = %q", msg.Text())
	}
}

// settledWatchPosts runs one more watch pass, so that every article the
// watches were told about is matched and what is due is posted, and
// returns the posts to alertsChannel.
func settledWatchPosts(tb testing.TB, r *running) []discordtest.Message {
	tb.Helper()
	if err := r.m.watches.RunOnce(context.Background()); err != nil {
		tb.Fatal(err)
	}
	return watchPosts(tb, alertsChannel)
}

// TestServeWatchReindexIndexedBefore: an article the index held before the
// watch was made is not new coverage when /reindex builds the index again
// (it used to be queued and posted: every article of the rebuilt index was
// handed to the watches as new, and one dated today passed as news); an
// article that reaches the index after the watch still posts.
func TestServeWatchReindexIndexedBefore(t *testing.T) {
	cfg := testConfig(t, "")
	dir := cfg.Corpus.Paths[0]
	dropFile(t, dir, "a.jsonl", harbourFire) // indexed by the start-up sync
	r := startMain(t, cfg, MainOptions{Watch: WatchOptions{GroupWindow: -1}})
	if n := hits(t, r.m.ix, "Kestrelford"); n != 1 {
		t.Fatalf("Search(Kestrelford) after the start-up sync found %d, want 1", n)
	}
	addAlertsWatch(t, "Kestrelford harbour")

	i := discordtest.SlashCommand("reindex", nil)
	i.Member.Permissions |= 1 << 5 // Manage Server
	interact(t, i)
	if post := fake.WaitChannelMessage(t, discordtest.ChannelID); !strings.Contains(post.Text(), "Index rebuilt: 2 articles") {
		t.Fatalf("/reindex posted %q, want the rebuild's summary of 2 articles", post.Text())
	}
	if posts := settledWatchPosts(t, r); len(posts) != 0 {
		t.Errorf("watch posts after /reindex = %d (%q), want none: the article was indexed before the watch", len(posts), cardTitles(posts[0]))
	}
	if logs := r.logs.String(); strings.Contains(logs, "new articles match watches") {
		t.Errorf("log after /reindex queues matches:\n%s", logs)
	}

	// The watch works: an article new to the index posts.
	dropFile(t, dir, "b.jsonl", harbourQuay)
	if got := cardTitles(fake.WaitChannelMessage(t, alertsChannel)); len(got) != 1 || got[0] != harbourQuay.Title {
		t.Errorf("watch post = %q, want the new article only", got)
	}
	if posts := settledWatchPosts(t, r); len(posts) != 1 {
		t.Errorf("watch posts = %d, want 1", len(posts))
	}
	if list := interact(t, discordtest.Subcommand("watch", "list", nil, 1<<5)).Text(); !strings.Contains(list, "1 article posted") {
		t.Errorf("/watch list = %q, want 1 article posted", list)
	}
}

// TestServeWatchEditedIndexedBefore: an article the index held before the
// watch was made, edited afterwards (its file rewritten, whether a sync or
// /reindex takes the change), is not new coverage either; an article first
// indexed after the watch is, and an edit of it posts nothing more.
func TestServeWatchEditedIndexedBefore(t *testing.T) {
	cfg := testConfig(t, "")
	dir := cfg.Corpus.Paths[0]
	dropFile(t, dir, "a.jsonl", harbourFire)
	r := startMain(t, cfg, MainOptions{Watch: WatchOptions{GroupWindow: -1}})
	addAlertsWatch(t, "Kestrelford harbour")

	edited := harbourFire
	edited.Text += " Firefighters from Marrowby helped."
	dropFile(t, dir, "a.jsonl", edited)
	// The sync logs its summary after it told the watches: once it is
	// there, a match would be in the watches' inbox.
	waitFor(t, "the sync of the edit", func() bool {
		return strings.Contains(r.logs.String(), "0 articles added, 1 updated")
	})
	if n := hits(t, r.m.ix, "Marrowby"); n != 1 {
		t.Fatalf("Search(Marrowby) after the sync of the edit found %d, want 1", n)
	}
	if posts := settledWatchPosts(t, r); len(posts) != 0 {
		t.Fatalf("watch posts after the edit = %d (%q), want none: the article was indexed before the watch", len(posts), cardTitles(posts[0]))
	}

	dropFile(t, dir, "b.jsonl", harbourQuay)
	if got := cardTitles(fake.WaitChannelMessage(t, alertsChannel)); len(got) != 1 || got[0] != harbourQuay.Title {
		t.Errorf("watch post = %q, want the new article only", got)
	}

	// Another edit, and /reindex: whichever of the sync and the rebuild
	// takes it, it is no news, and the rebuild posts nothing again.
	edited.Text += " The harbour master thanked them."
	dropFile(t, dir, "a.jsonl", edited)
	i := discordtest.SlashCommand("reindex", nil)
	i.Member.Permissions |= 1 << 5
	interact(t, i)
	if post := fake.WaitChannelMessage(t, discordtest.ChannelID); !strings.Contains(post.Text(), "Index rebuilt") {
		t.Fatalf("/reindex posted %q, want the rebuild's summary", post.Text())
	}
	if posts := settledWatchPosts(t, r); len(posts) != 1 {
		t.Errorf("watch posts after /reindex = %d, want only the one of the new article", len(posts))
	}
}
