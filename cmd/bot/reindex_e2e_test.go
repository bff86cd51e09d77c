package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/discord/discordtest"
	"github.com/chronicle-bot/chronicle/internal/index"
)

// feedStory is a feed article (no corpus path) whose text names word.
func feedStory(id, word string) chronicle.Article {
	return chronicle.Article{ID: id, Title: word + " in the news", Source: "Example Feed", URL: "https://example.com/" + id,
		Published:  time.Date(2024, 3, 26, 9, 0, 0, 0, time.UTC),
		Paragraphs: []chronicle.Paragraph{{Text: word + " made the headlines of the example feed today."}}}
}

// hits returns how many articles a search for word finds.
func hits(tb testing.TB, l *index.Live, word string) int {
	tb.Helper()
	res, err := l.Search(context.Background(), chronicle.SearchQuery{Text: word, Limit: 10})
	if err != nil {
		tb.Fatalf("Search(%q): %v", word, err)
	}
	return len(res.Hits)
}

// serveReindex (TestServe): /reindex through the fake Discord rebuilds the
// index of the running bot, keeps its feed articles and leaves no build
// folder.
func serveReindex(t *testing.T, r *running, cfg Config) {
	ctx := context.Background()
	if _, err := r.m.ix.Put(ctx, "https://example.com/feed.xml", []chronicle.Article{feedStory("feed-1", "Zanzibar")}); err != nil {
		t.Fatal(err)
	}
	i := discordtest.SlashCommand("reindex", nil)
	i.Member.Permissions |= 1 << 5 // Manage Server
	id, token := fake.Interact(t, i)
	cb, msg := fake.WaitReply(t, id, token)
	if want := "Rebuilding the index in the background"; !strings.Contains(msg.Text(), want) || !cb.Data.Ephemeral() {
		t.Errorf("/reindex reply = %q (deferred ephemeral %v), want an ephemeral %q", msg.Text(), cb.Data.Ephemeral(), want)
	}
	post := fake.WaitChannelMessage(t, discordtest.ChannelID)
	if want := "Index rebuilt: 2 articles (1 kept from feeds)"; !strings.Contains(post.Text(), want) {
		t.Errorf("posted %q, want %q", post.Text(), want)
	}
	if n := hits(t, r.m.ix, "Zanzibar"); n != 1 {
		t.Errorf("after /reindex Search(Zanzibar) found %d, want the feed article", n)
	}
	if msg := askReply(t, "Who claimed the Moscow attack?"); !containsAny(msg.Text(), "ISIS", "Islamic State") {
		t.Errorf("/ask after /reindex = %q, want a quote naming ISIS or the Islamic State", msg.Text())
	}
	state := filepath.Dir(cfg.Index.Path)
	ents, err := os.ReadDir(state)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if name := e.Name(); strings.HasSuffix(name, ".rebuild") || strings.HasSuffix(name, ".old") {
			t.Errorf("%s left in %s after the rebuild", name, state)
		}
	}
}
