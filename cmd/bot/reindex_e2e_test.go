package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
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

// TestReindexPrune: /reindex over a stored record of the old index that
// does not decode lets it go and names it in its post (it used to refuse,
// naming the “prune” option), and /reindex with prune
// (testdata/slash_reindex_prune.json, a slash command payload as Discord
// sends it) rebuilds as bot index --rebuild --prune does.
func TestReindexPrune(t *testing.T) {
	clearEnv(t)
	cfg := testConfig(t, "")
	corpus := cfg.Corpus.Paths[0]
	// The file's article is held from the index, whose record of it no
	// longer decodes.
	heldOnlyInTheIndex(t, corpus, cfg.Index.Path)
	spoilRecord(t, cfg.Index.Path, "quokka-1")
	r := startMain(t, cfg, MainOptions{})
	if cmds := fake.Commands(""); !bytes.Contains(cmds, []byte(`"prune"`)) {
		t.Errorf("registered commands = %s, want /reindex's prune option among them", cmds)
	}
	// posted waits for the rebuild's post in the channel that says want.
	posted := func(want string) string {
		t.Helper()
		req := fake.WaitFor(t, "a post saying "+want, func(r discordtest.Request) bool {
			return r.Status < 300 && r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/channels/"+discordtest.ChannelID+"/messages") &&
				bytes.Contains(r.Body, []byte(want))
		})
		var m discordtest.Message
		if err := json.Unmarshal(req.Body, &m); err != nil {
			t.Fatal(err)
		}
		return m.Text()
	}

	i := discordtest.SlashCommand("reindex", nil)
	i.Member.Permissions |= 1 << 5 // Manage Server
	if msg := reply(t, i); !strings.Contains(msg.Text(), "Rebuilding the index in the background") {
		t.Errorf("/reindex reply = %q, want the rebuild started", msg.Text())
	}
	// The damaged record is let go by the rebuild and named in its post
	// (it used to refuse the rebuild until prune let every kept article go).
	post := posted("Index rebuilt")
	if want := "was let go: its stored record was damaged on disk"; !strings.Contains(post, want) || !strings.Contains(post, "quokka-1") {
		t.Errorf("/reindex posted %q, want it to name the damaged record it let go", post)
	}

	if msg := reply(t, discordtest.LoadInteraction(t, filepath.Join("testdata", "slash_reindex_prune.json"))); !strings.Contains(msg.Text(), "Rebuilding the index in the background") {
		t.Errorf("/reindex prune:True reply = %q, want the rebuild started", msg.Text())
	}
	post = posted("Index rebuilt: 1 article (")
	t.Logf("/reindex prune:True posted %q", post)
	if n := hits(t, r.m.ix, "quokkas"); n != 0 {
		t.Errorf("after /reindex prune:True Search(quokkas) found %d, want the held article let go", n)
	}
	if msg := askReply(t, "Who claimed the Moscow attack?"); !containsAny(msg.Text(), "ISIS", "Islamic State") {
		t.Errorf("/ask after /reindex prune:True = %q, want a quote naming ISIS or the Islamic State", msg.Text())
	}
}

// TestReindexRefusedByTheRemovalLimits: /reindex while the corpus folder
// holds no files (unmounted, moved) is refused by the index's safety limits
// on removals, and the post says so and what to check, instead of
// "Something went wrong"; the index keeps its articles.
func TestReindexRefusedByTheRemovalLimits(t *testing.T) {
	clearEnv(t)
	cfg := testConfig(t, "")
	corpus := cfg.Corpus.Paths[0]
	if _, _, err := runCLI(t, "", cliArgs(corpus, cfg.Index.Path, "index")...); err != nil {
		t.Fatal(err)
	}
	startMain(t, cfg, MainOptions{})
	ents, err := os.ReadDir(corpus)
	if err != nil {
		t.Fatal(err)
	}
	away := t.TempDir()
	for _, e := range ents { // the folder is still there, but holds nothing
		if err := os.Rename(filepath.Join(corpus, e.Name()), filepath.Join(away, e.Name())); err != nil {
			t.Fatal(err)
		}
	}
	post := reindexFailed(t)
	for _, want := range []string{"corpus folder holds no files now", "check the corpus folders", "“prune” set to True", "The index is unchanged"} {
		if !strings.Contains(post.Text(), want) {
			t.Errorf("/reindex refused by the removal limits posted %q, want it to say %q", post.Text(), want)
		}
	}
	if msg := askReply(t, "Who claimed the Moscow attack?"); !containsAny(msg.Text(), "ISIS", "Islamic State") {
		t.Errorf("/ask after the refused /reindex = %q, want the seed article still answering", msg.Text())
	}
}

// TestReindexRefusedByAForeignFile: a /reindex refused because the index
// folder holds a file that is not the index's says so in the channel
// without the host's paths, which the log has (helper h48a: the post named
// the index folder on the host). bot index --rebuild prints the paths: its
// user owns them.
func TestReindexRefusedByAForeignFile(t *testing.T) {
	clearEnv(t)
	cfg := testConfig(t, "")
	r := startMain(t, cfg, MainOptions{})
	waitSynced(t, "http://"+r.m.Addr())
	if err := os.WriteFile(filepath.Join(cfg.Index.Path, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	post := reindexFailed(t)
	state := filepath.Dir(cfg.Index.Path)
	if strings.Contains(post.Text(), state) || !strings.Contains(post.Text(), "a file that is not the index's") || !strings.Contains(post.Text(), "log") {
		t.Errorf("posted %q; want what is in the way, pointing at the log, without a path under %s", post.Text(), state)
	}
	logs := r.logs.String()
	if !strings.Contains(logs, "rebuild failed") || !strings.Contains(logs, "notes.txt") || !strings.Contains(logs, cfg.Index.Path) {
		t.Errorf("the log does not name the file and the folder:\n%s", logs)
	}
}

// reindexFailed runs /reindex as a server manager and returns the post in
// the channel that says the rebuild failed.
func reindexFailed(t *testing.T) discordtest.Message {
	t.Helper()
	i := discordtest.SlashCommand("reindex", nil)
	i.Member.Permissions |= 1 << 5 // Manage Server
	if msg := reply(t, i); !strings.Contains(msg.Text(), "Rebuilding the index in the background") {
		t.Errorf("/reindex reply = %q, want the rebuild started", msg.Text())
	}
	req := fake.WaitFor(t, "the rebuild's post", func(r discordtest.Request) bool {
		return r.Status < 300 && r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/channels/"+discordtest.ChannelID+"/messages") &&
			bytes.Contains(r.Body, []byte("Rebuilding the index failed"))
	})
	var post discordtest.Message
	if err := json.Unmarshal(req.Body, &post); err != nil {
		t.Fatal(err)
	}
	return post
}

// TestReindexOnlyInTheOperatorsServer: /reindex prune:True from another
// server the bot is in (testdata/slash_reindex_prune_other_server.json, a
// member with Manage Server there) is refused, and the index keeps what it
// held: the index is shared by every server, and any server's admin could
// rebuild it, and let go what it keeps, for all of them. From the
// operator's server (discord.admin_guild_id) it runs (TestReindexPrune).
func TestReindexOnlyInTheOperatorsServer(t *testing.T) {
	clearEnv(t)
	cfg := testConfig(t, "")
	heldOnlyInTheIndex(t, cfg.Corpus.Paths[0], cfg.Index.Path)
	r := startMain(t, cfg, MainOptions{})
	if n := hits(t, r.m.ix, "quokkas"); n != 1 {
		t.Fatalf("Search(quokkas) found %d before /reindex, want the held article", n)
	}
	id, token := fake.Interact(t, discordtest.LoadInteraction(t, filepath.Join("testdata", "slash_reindex_prune_other_server.json")))
	cb, msg := fake.WaitReply(t, id, token)
	if want := "works only in the bot operator's server"; !strings.Contains(msg.Text(), want) || !cb.Data.Ephemeral() {
		t.Errorf("/reindex from another server replied %q (deferred ephemeral %v), want an ephemeral %q", msg.Text(), cb.Data.Ephemeral(), want)
	}
	time.Sleep(200 * time.Millisecond) // a rebuild started anyway would have begun
	if n := hits(t, r.m.ix, "quokkas"); n != 1 {
		t.Errorf("after /reindex from another server Search(quokkas) found %d, want the held article kept", n)
	}
	for _, req := range fake.Requests() {
		if req.Method == http.MethodPost && strings.Contains(req.Path, "/messages") && bytes.Contains(req.Body, []byte("Index rebuilt")) {
			t.Errorf("a rebuild ran and posted %s", req.Body)
		}
	}
}

// TestReindexOperatorsServerDefault: with no discord.admin_guild_id, the
// operator's server is discord.guild_id, where the commands are registered;
// with neither (commands registered globally), /reindex rebuilds nowhere
// and says which setting names the server.
func TestReindexOperatorsServerDefault(t *testing.T) {
	tests := []struct {
		name, guild, want string
	}{
		{"guild_id set", discordtest.GuildID, "Rebuilding the index in the background"},
		{"neither set", "", "discord.admin_guild_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clearEnv(t)
			cfg := testConfig(t, "")
			cfg.Discord.AdminGuildID, cfg.Discord.GuildID = "", tt.guild
			startMain(t, cfg, MainOptions{})
			i := discordtest.SlashCommand("reindex", nil)
			i.Member.Permissions |= 1 << 5 // Manage Server
			if msg := reply(t, i); !strings.Contains(msg.Text(), tt.want) {
				t.Errorf("/reindex replied %q, want %q", msg.Text(), tt.want)
			}
			if tt.guild != "" {
				fake.WaitChannelMessage(t, discordtest.ChannelID) // the rebuild's summary, before the bot stops
			}
		})
	}
}
