package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/chronicle-bot/chronicle/internal/discord/discordtest"
	"github.com/chronicle-bot/chronicle/internal/schedule"
	"github.com/chronicle-bot/chronicle/internal/testlog"
)

// alertsChannel is the channel of testdata/slash_watch_add.json.
const alertsChannel = "300000000000000005"

// watchArticle is one .jsonl record about the harbour bridge (or not).
type watchArticle struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Text   string `json:"text"`
	Date   string `json:"publish_date"`
	URL    string `json:"url"`
	Source string `json:"source"`
}

var (
	bridgeReopens = watchArticle{ID: "bridge-1", Title: "Harbour bridge reopens after repairs",
		Text: "The harbour bridge reopened on Monday and traffic resumed. Repairs took six weeks.",
		URL:  "https://news.example.com/bridge-1", Source: "Harbour Times"}
	bridgeTolls = watchArticle{ID: "bridge-2", Title: "Tolls return on the harbour bridge",
		Text: "Drivers will pay tolls on the harbour bridge again from April.",
		URL:  "https://news.example.com/bridge-2", Source: "Harbour Times"}
	bridgeCost = watchArticle{ID: "bridge-3", Title: "Who pays for the harbour bridge?",
		Text: "The harbour bridge repairs cost four million, the council said.",
		URL:  "https://news.example.com/bridge-3", Source: "City Desk"}
	// bridgeArchive is old coverage: dated, it is not news, and not posted.
	bridgeArchive = watchArticle{ID: "bridge-0", Title: "Harbour bridge closes for repairs",
		Text: "The harbour bridge closed for six weeks of repairs.", Date: "2024-03-20",
		URL: "https://news.example.com/bridge-0", Source: "Harbour Times"}
	ferryStrike = watchArticle{ID: "ferry-1", Title: "Ferry crews strike",
		Text: "Ferry crews walked out on Tuesday. Some passengers took the bridge instead.",
		URL:  "https://news.example.com/ferry-1", Source: "Harbour Times"}
)

// today is the date of the articles that carry none here: watches post
// news only.
func today() string { return time.Now().UTC().Format(time.DateOnly) }

// dropFile writes articles as a .jsonl file into the watched folder dir,
// whole at once (written beside it, then renamed). An article without a
// date is dated today.
func dropFile(tb testing.TB, dir, name string, arts ...watchArticle) {
	tb.Helper()
	var b bytes.Buffer
	for _, a := range arts {
		if a.Date == "" {
			a.Date = today()
		}
		line, err := json.Marshal(a)
		if err != nil {
			tb.Fatal(err)
		}
		b.Write(append(line, '\n'))
	}
	tmp := filepath.Join(dir, name+".part")
	if err := os.WriteFile(tmp, b.Bytes(), 0o644); err != nil {
		tb.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, name)); err != nil {
		tb.Fatal(err)
	}
}

// addWatchBefore stores a watch in the state file before the bot starts.
func addWatchBefore(tb testing.TB, cfg Config, channelID, query string) {
	tb.Helper()
	if err := os.MkdirAll(filepath.Dir(cfg.Schedule.Path), 0o755); err != nil {
		tb.Fatal(err)
	}
	st, err := schedule.Open(cfg.Schedule.Path)
	if err != nil {
		tb.Fatal(err)
	}
	defer st.Close()
	w := &schedule.Watcher{Store: st, Now: func() time.Time { return time.Now().Add(-time.Minute) }}
	if _, err := w.AddWatch(context.Background(), schedule.Watch{GuildID: discordtest.GuildID, ChannelID: channelID, Query: query}); err != nil {
		tb.Fatal(err)
	}
}

// watchPosts returns the messages the bot posted to a channel so far.
func watchPosts(tb testing.TB, channelID string) []discordtest.Message {
	tb.Helper()
	var out []discordtest.Message
	for _, r := range fake.Requests() {
		if r.Method == http.MethodPost && r.Status < 300 && strings.HasSuffix(r.Path, "/channels/"+channelID+"/messages") {
			var m discordtest.Message
			if err := json.Unmarshal(r.Body, &m); err != nil {
				tb.Fatal(err)
			}
			out = append(out, m)
		}
	}
	return out
}

// cardTitles are the article headlines of a watch post.
func cardTitles(m discordtest.Message) []string {
	var out []string
	for _, e := range m.Embeds {
		for _, f := range e.Fields {
			out = append(out, f.Name)
		}
	}
	return out
}

// waitFor polls cond for up to 20 seconds.
func waitFor(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// interact sends an interaction and returns the reply the user sees.
func interact(tb testing.TB, i *discordgo.Interaction) discordtest.Message {
	tb.Helper()
	id, token := fake.Interact(tb, i)
	_, msg := fake.WaitReply(tb, id, token)
	return msg
}

// TestServeWatchCommands: /watch is registered for Manage Server, refuses
// a member without it, and adds (testdata/slash_watch_add.json, a real
// payload naming another channel), lists and removes watches.
func TestServeWatchCommands(t *testing.T) {
	startMain(t, testConfig(t, ""), MainOptions{})
	var defs []struct {
		Name        string  `json:"name"`
		Permissions *string `json:"default_member_permissions"`
	}
	if err := json.Unmarshal(fake.Commands(""), &defs); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, d := range defs {
		if d.Name == "watch" {
			found = true
			if d.Permissions == nil || *d.Permissions != "32" {
				t.Errorf("/watch default_member_permissions = %v, want 32 (Manage Server)", d.Permissions)
			}
		}
	}
	if !found {
		t.Fatalf("registered commands = %s, want watch among them", fake.Commands(""))
	}

	member := interact(t, discordtest.Subcommand("watch", "add", map[string]any{"query": "harbour bridge"}, 1<<11|1<<10))
	if !member.Ephemeral() || !strings.Contains(member.Text(), "manage this server") {
		t.Errorf("/watch add by a member without Manage Server = %q, want an ephemeral refusal", member.Text())
	}

	raw, err := os.ReadFile(filepath.Join("testdata", "slash_watch_add.json"))
	if err != nil {
		t.Fatal(err)
	}
	var add discordgo.Interaction
	if err := json.Unmarshal(raw, &add); err != nil {
		t.Fatalf("slash_watch_add.json: %v", err)
	}
	steps := []struct {
		name string
		i    *discordgo.Interaction
		want string
	}{
		{"add from testdata", &add, "Watch 1 added: <#" + alertsChannel + "> watch 1: “harbour bridge”; nothing posted yet."},
		{"add here", discordtest.Subcommand("watch", "add", map[string]any{"query": "ferry strike"}, 1<<5),
			"Watch 2 added: <#" + discordtest.ChannelID + "> watch 2: “ferry strike”"},
		{"no words", discordtest.Subcommand("watch", "add", map[string]any{"query": "the and"}, 1<<5), "⚠️ “the and” has no words to match"},
		{"list", discordtest.Subcommand("watch", "list", nil, 1<<5),
			"• <#" + alertsChannel + "> watch 1: “harbour bridge”; nothing posted yet\n• <#" + discordtest.ChannelID + "> watch 2: “ferry strike”"},
		{"remove", discordtest.Subcommand("watch", "remove", map[string]any{"id": "2"}, 1<<5), "Watch 2 removed."},
		{"remove again", discordtest.Subcommand("watch", "remove", map[string]any{"id": "2"}, 1<<5), "⚠️ This server has no watch 2."},
		{"list after remove", discordtest.Subcommand("watch", "list", nil, 1<<5), "• <#" + alertsChannel + "> watch 1: “harbour bridge”; nothing posted yet"},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			msg := interact(t, s.i)
			if !msg.Ephemeral() || !strings.HasPrefix(msg.Text(), s.want) {
				t.Errorf("reply = %q (ephemeral %v), want %q", msg.Text(), msg.Ephemeral(), s.want)
			}
		})
	}
}

// TestServeWatchFolder: articles dropped into a watched folder that match a
// watch are posted to its channel as cited cards, those arriving within the
// group window in one post; a near-miss and an old article are not posted.
func TestServeWatchFolder(t *testing.T) {
	cfg := testConfig(t, "")
	r := startMain(t, cfg, MainOptions{Watch: WatchOptions{GroupWindow: 2 * time.Second}})
	msg := interact(t, discordtest.Subcommand("watch", "add", map[string]any{"query": "harbour bridge"}, 1<<5))
	if !strings.HasPrefix(msg.Text(), "Watch 1 added") {
		t.Fatalf("/watch add = %q", msg.Text())
	}
	dir := cfg.Corpus.Paths[0]
	dropFile(t, dir, "bridge-1.jsonl", bridgeReopens, ferryStrike, bridgeArchive)
	time.Sleep(500 * time.Millisecond) // a second sync, within the window
	dropFile(t, dir, "bridge-2.jsonl", bridgeTolls)
	post := fake.WaitChannelMessage(t, discordtest.ChannelID)
	if got := cardTitles(post); strings.Join(got, " | ") != "Harbour bridge reopens after repairs | Tolls return on the harbour bridge" {
		t.Errorf("watch post cards = %q, want the two bridge articles in one post", got)
	}
	text := post.Text()
	for _, want := range []string{"New coverage: “harbour bridge”", "> The **harbour** **bridge** reopened on Monday",
		"— *Harbour Times*, " + today() + ", paragraph 1 · [read](https://news.example.com/bridge-1)", "Watch 1"} {
		if !strings.Contains(text, want) {
			t.Errorf("watch post =\n%s\nwant %q in it", text, want)
		}
	}
	if !post.MentionsDisabled() {
		t.Errorf("watch post allows mentions: %+v", post.AllowedMentions)
	}
	waitFor(t, "the watch to count its posts", func() bool {
		all, err := r.m.watches.ListWatches(context.Background(), discordtest.GuildID)
		return err == nil && len(all) == 1 && all[0].Posted == 2
	})
	if n := len(watchPosts(t, discordtest.ChannelID)); n != 1 {
		t.Errorf("channel posts = %d, want 1", n)
	}
}

// TestServeWatchFeed: a feed item (RSS served on 127.0.0.1) that matches a
// watch is posted; the item that does not match is not.
func TestServeWatchFeed(t *testing.T) {
	pubDate := time.Now().Add(-time.Hour).UTC().Format(time.RFC1123Z)
	rss := `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Harbour News</title><link>https://news.example.com/</link><description>x</description>
<item><title>Harbour bridge reopens after repairs</title><link>https://news.example.com/feed-bridge</link><guid>feed-bridge</guid>
<pubDate>` + pubDate + `</pubDate><description>The harbour bridge reopened on Monday and traffic resumed.</description></item>
<item><title>Ferry crews strike</title><link>https://news.example.com/feed-ferry</link><guid>feed-ferry</guid>
<pubDate>` + pubDate + `</pubDate><description>Ferry crews walked out. Some passengers took the bridge.</description></item>
</channel></rss>`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(rss))
	}))
	defer srv.Close()
	cfg := testConfig(t, "")
	cfg.Feeds = []FeedConfig{{URL: srv.URL + "/rss.xml", Interval: time.Minute}}
	cfg.Feed.AllowPrivateAddresses = true
	addWatchBefore(t, cfg, alertsChannel, "harbour bridge")
	startMain(t, cfg, MainOptions{Watch: WatchOptions{GroupWindow: -1}})
	post := fake.WaitChannelMessage(t, alertsChannel)
	if got := cardTitles(post); len(got) != 1 || got[0] != "Harbour bridge reopens after repairs" {
		t.Errorf("watch post cards = %q, want the bridge item only", got)
	}
	if !strings.Contains(post.Text(), "[read](https://news.example.com/feed-bridge)") {
		t.Errorf("watch post = %q, want the item's link", post.Text())
	}
}

// TestServeWatchHourlyCap: a channel gets at most the hourly cap of watch
// posts; a match over the cap waits and is posted when the hour allows.
func TestServeWatchHourlyCap(t *testing.T) {
	cfg := testConfig(t, "")
	clock := &testClock{t: time.Now()}
	r := startMain(t, cfg, MainOptions{Watch: WatchOptions{GroupWindow: -1, HourlyCap: 1, Now: clock.Now}})
	interact(t, discordtest.Subcommand("watch", "add", map[string]any{"query": "harbour bridge"}, 1<<5))
	dir := cfg.Corpus.Paths[0]
	dropFile(t, dir, "bridge-1.jsonl", bridgeReopens)
	fake.WaitChannelMessage(t, discordtest.ChannelID)
	dropFile(t, dir, "bridge-2.jsonl", bridgeTolls)
	waitFor(t, "the second match to be held by the cap", func() bool {
		return strings.Contains(r.logs.String(), "channel at its hourly cap")
	})
	if n := len(watchPosts(t, discordtest.ChannelID)); n != 1 {
		t.Fatalf("channel posts within the hour = %d, want 1 (cap 1)", n)
	}
	clock.Add(61 * time.Minute)
	if err := r.m.watches.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	posts := watchPosts(t, discordtest.ChannelID)
	if len(posts) != 2 || strings.Join(cardTitles(posts[1]), "") != "Tolls return on the harbour bridge" {
		t.Errorf("channel posts after the hour = %d (last %q), want 2, the second with the held article", len(posts), cardTitles(posts[len(posts)-1]))
	}
}

// TestServeWatchRestart: with the same state file, an article posted before
// a restart is not posted again after it, even when it changed meanwhile;
// an article added while the bot was down is posted once.
func TestServeWatchRestart(t *testing.T) {
	cfg := testConfig(t, "")
	dir := cfg.Corpus.Paths[0]
	addWatchBefore(t, cfg, discordtest.ChannelID, "harbour bridge")
	opts := MainOptions{Watch: WatchOptions{GroupWindow: -1}}

	first := runMain(t, cfg, opts)
	dropFile(t, dir, "bridge-1.jsonl", bridgeReopens)
	if got := cardTitles(fake.WaitChannelMessage(t, discordtest.ChannelID)); len(got) != 1 || got[0] != bridgeReopens.Title {
		t.Fatalf("first run post = %q, want the reopening", got)
	}
	first()

	changed := bridgeReopens
	changed.Text += " The mayor opened it."
	dropFile(t, dir, "bridge-1.jsonl", changed)
	dropFile(t, dir, "bridge-3.jsonl", bridgeCost)
	r := startMain(t, cfg, opts) // resets the fake's record
	post := fake.WaitChannelMessage(t, discordtest.ChannelID)
	if got := cardTitles(post); len(got) != 1 || got[0] != bridgeCost.Title {
		t.Errorf("post after the restart = %q, want only the new article (the changed one was posted before)", got)
	}
	waitFor(t, "the watch to count its posts", func() bool {
		all, err := r.m.watches.ListWatches(context.Background(), discordtest.GuildID)
		return err == nil && len(all) == 1 && all[0].Posted == 2
	})
	if n := len(watchPosts(t, discordtest.ChannelID)); n != 1 {
		t.Errorf("posts after the restart = %d, want 1", n)
	}
}

// TestServeWatchIndexReset: with the index deleted between two runs, the
// start-up sync indexes every article again as new; the article posted in
// the first run is not posted again, old coverage in the corpus is not
// posted at all, and an article dropped afterwards is.
func TestServeWatchIndexReset(t *testing.T) {
	cfg := testConfig(t, "")
	dir := cfg.Corpus.Paths[0]
	addWatchBefore(t, cfg, discordtest.ChannelID, "harbour bridge")
	opts := MainOptions{Watch: WatchOptions{GroupWindow: -1}}
	dropFile(t, dir, "archive.jsonl", bridgeArchive)

	first := runMain(t, cfg, opts)
	dropFile(t, dir, "bridge-1.jsonl", bridgeReopens)
	if got := cardTitles(fake.WaitChannelMessage(t, discordtest.ChannelID)); len(got) != 1 || got[0] != bridgeReopens.Title {
		t.Fatalf("first run post = %q, want the reopening only (the archive is old)", got)
	}
	first()
	if err := os.RemoveAll(cfg.Index.Path); err != nil {
		t.Fatal(err)
	}

	r := startMain(t, cfg, opts) // resets the fake's record
	waitFor(t, "the index to be rebuilt by the start-up sync", func() bool { return r.m.ix.Len() > 0 })
	dropFile(t, dir, "bridge-3.jsonl", bridgeCost)
	post := fake.WaitChannelMessage(t, discordtest.ChannelID)
	if got := cardTitles(post); len(got) != 1 || got[0] != bridgeCost.Title {
		t.Errorf("first post after the reset = %q, want only the new article", got)
	}
	waitFor(t, "the watch to count its posts", func() bool {
		all, err := r.m.watches.ListWatches(context.Background(), discordtest.GuildID)
		return err == nil && len(all) == 1 && all[0].Posted == 2
	})
	// The start-up sync told the watcher before the later one did: one more
	// pass has seen every article the reset indexed again.
	if err := r.m.watches.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := len(watchPosts(t, discordtest.ChannelID)); n != 1 {
		t.Errorf("posts after the reset = %d, want 1", n)
	}
}

// TestServeWatchChannelGone: a channel that answers 403 or 404 disables
// its watch, and /watch list says why.
func TestServeWatchChannelGone(t *testing.T) {
	for _, status := range []int{http.StatusForbidden, http.StatusNotFound} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			cfg := testConfig(t, "")
			r := startMain(t, cfg, MainOptions{Watch: WatchOptions{GroupWindow: -1}})
			interact(t, discordtest.Subcommand("watch", "add", map[string]any{"query": "harbour bridge"}, 1<<5))
			fake.SetChannelStatus(discordtest.ChannelID, status)
			defer fake.SetChannelStatus(discordtest.ChannelID, 0)
			dropFile(t, cfg.Corpus.Paths[0], "bridge-1.jsonl", bridgeReopens)
			waitFor(t, "the watch to be disabled", func() bool {
				all, err := r.m.watches.ListWatches(context.Background(), discordtest.GuildID)
				return err == nil && len(all) == 1 && all[0].Disabled
			})
			list := interact(t, discordtest.Subcommand("watch", "list", nil, 1<<5))
			if !strings.Contains(list.Text(), "DISABLED: Discord refused posts in the channel") {
				t.Errorf("/watch list = %q, want the watch disabled with the reason", list.Text())
			}
		})
	}
}

// runMain runs a Main until the returned function stops it and closes it.
func runMain(tb testing.TB, cfg Config, opts MainOptions) (stop func()) {
	tb.Helper()
	fake.Reset()
	logs := &testlog.Buffer{}
	if opts.WatchDebounce == 0 {
		opts.WatchDebounce = 100 * time.Millisecond
	}
	opts.ShutdownTimeout = cmp.Or(opts.ShutdownTimeout, testShutdown)
	m, err := NewMain(context.Background(), cfg, slog.New(slog.NewTextHandler(logs, nil)), opts)
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx) }()
	waitHealthy(tb, "http://"+m.Addr())
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			<-done
			fake.WaitDisconnected(tb)
			if err := m.Close(); err != nil {
				tb.Errorf("Close: %v", err)
			}
		})
	}
	tb.Cleanup(stop)
	return stop
}

// testClock is a settable clock.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *testClock) Add(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.t = c.t.Add(d) }

// TestServeWatchHostileAdds: through the real client and the fake Discord,
// /watch add refuses a channel of another server, a deleted channel, a
// thread and a duplicate, and no reply speaks of digests; a query full of
// mentions and markdown is stored and echoed harmless; another server
// cannot remove the watch; a DM is refused. Nothing refused is stored.
func TestServeWatchHostileAdds(t *testing.T) {
	r := startMain(t, testConfig(t, ""), MainOptions{})
	const otherGuildChannel, goneChannel, threadChannel = "300000000000000101", "300000000000000102", "300000000000000103"
	fake.SetChannel(&discordgo.Channel{ID: otherGuildChannel, GuildID: "100000000000000999", Type: discordgo.ChannelTypeGuildText})
	fake.SetChannel(&discordgo.Channel{ID: threadChannel, GuildID: discordtest.GuildID, Type: discordgo.ChannelTypeGuildPublicThread})
	fake.SetChannelStatus(goneChannel, http.StatusNotFound)
	defer fake.SetChannelStatus(goneChannel, 0)
	add := func(opts map[string]any) *discordgo.Interaction {
		return discordtest.Subcommand("watch", "add", opts, 1<<5)
	}
	fromOther := discordtest.Subcommand("watch", "remove", map[string]any{"id": "1"}, 1<<5)
	fromOther.GuildID = "100000000000000999"
	dm := add(map[string]any{"query": "harbour bridge"})
	dm.GuildID, dm.User, dm.Member = "", dm.Member.User, nil
	steps := []struct {
		name string
		i    *discordgo.Interaction
		want []string
	}{
		{"channel of another server", add(map[string]any{"query": "harbour bridge", "channel": otherGuildChannel}), []string{"⚠️ That channel is in another server"}},
		{"deleted channel", add(map[string]any{"query": "harbour bridge", "channel": goneChannel}), []string{"⚠️ That channel doesn't exist"}},
		{"thread", add(map[string]any{"query": "harbour bridge", "channel": threadChannel}), []string{"⚠️", "not in threads"}},
		{"mentions and markdown", add(map[string]any{"query": "@everyone <@&200000000000000001> **harbour** [x](https://evil.example)"}),
			[]string{"Watch 1 added", "@\u200beveryone", "<\u200b@&", `\*\*harbour\*\*`, `\[x\]`}},
		{"duplicate", add(map[string]any{"query": "harbour everyone 200000000000000001 evil example https x"}), []string{"⚠️ Watch 1 already posts"}},
		{"remove from another server", fromOther, []string{"⚠️ This server has no watch 1."}},
		{"DM", dm, []string{"⚠️"}},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			msg := interact(t, s.i)
			for _, want := range s.want {
				if !strings.Contains(msg.Text(), want) {
					t.Errorf("reply = %q, want %q in it", msg.Text(), want)
				}
			}
			if strings.Contains(strings.ToLower(msg.Text()), "digest") {
				t.Errorf("reply = %q, which speaks of digests to /watch", msg.Text())
			}
			if !msg.Ephemeral() || !msg.MentionsDisabled() {
				t.Errorf("reply ephemeral %v, mentions disabled %v; want both", msg.Ephemeral(), msg.MentionsDisabled())
			}
		})
	}
	all, err := r.m.watches.ListWatches(context.Background(), "")
	if err != nil || len(all) != 1 {
		t.Errorf("watches stored = %v, %v; want only the one added", all, err)
	}
}

// TestServeWatchReplica: a replica that does not run the schedules lists
// the watches and refuses changes with a message about watches.
func TestServeWatchReplica(t *testing.T) {
	cfg := testConfig(t, "")
	cfg.Schedule.Enabled = false
	addWatchBefore(t, cfg, discordtest.ChannelID, "harbour bridge")
	startMain(t, cfg, MainOptions{})
	for _, i := range []*discordgo.Interaction{
		discordtest.Subcommand("watch", "add", map[string]any{"query": "ferry strike"}, 1<<5),
		discordtest.Subcommand("watch", "remove", map[string]any{"id": "1"}, 1<<5),
	} {
		msg := interact(t, i)
		if !strings.Contains(msg.Text(), "does not post watches") || strings.Contains(msg.Text(), "digest") {
			t.Errorf("reply = %q, want a refusal about watches", msg.Text())
		}
	}
	if msg := interact(t, discordtest.Subcommand("watch", "list", nil, 1<<5)); !strings.Contains(msg.Text(), "watch 1: “harbour bridge”") {
		t.Errorf("/watch list in a replica = %q, want the stored watch", msg.Text())
	}
}

// TestServeWatchReindex: an article that reaches the index first through
// /reindex (the corpus watcher's quiet period is an hour here, so it never
// syncs the file) is posted to the watch it matches; the article posted
// before the rebuild is not posted again.
func TestServeWatchReindex(t *testing.T) {
	cfg := testConfig(t, "")
	dir := cfg.Corpus.Paths[0]
	addWatchBefore(t, cfg, alertsChannel, "harbour bridge")
	dropFile(t, dir, "bridge-1.jsonl", bridgeReopens) // indexed by the start-up sync
	r := startMain(t, cfg, MainOptions{WatchDebounce: time.Hour, Watch: WatchOptions{GroupWindow: -1}})
	if got := cardTitles(fake.WaitChannelMessage(t, alertsChannel)); len(got) != 1 || got[0] != bridgeReopens.Title {
		t.Fatalf("post after the start-up sync = %q, want the reopening", got)
	}
	dropFile(t, dir, "bridge-3.jsonl", bridgeCost)
	if n := hits(t, r.m.ix, "council"); n != 0 {
		t.Fatalf("Search(council) before /reindex found %d, want none: the corpus watcher synced the file", n)
	}
	i := discordtest.SlashCommand("reindex", nil)
	i.Member.Permissions |= 1 << 5 // Manage Server
	interact(t, i)
	if post := fake.WaitChannelMessage(t, discordtest.ChannelID); !strings.Contains(post.Text(), "Index rebuilt: 3 articles") {
		t.Fatalf("/reindex posted %q, want the rebuild's summary of 3 articles", post.Text())
	}
	waitFor(t, "the watch to post the article the rebuild added", func() bool {
		return len(watchPosts(t, alertsChannel)) == 2
	})
	// One more pass has seen every article the rebuild indexed.
	if err := r.m.watches.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	posts := watchPosts(t, alertsChannel)
	if got := cardTitles(posts[len(posts)-1]); len(posts) != 2 || len(got) != 1 || got[0] != bridgeCost.Title {
		t.Errorf("watch posts = %d, the last with %q; want 2, the last with only the article the rebuild added", len(posts), got)
	}
}

// TestServeWatchListYear: /watch list gives the year of a last post that
// was not this year, as /schedule list does for its times; this year's
// read without it.
func TestServeWatchListYear(t *testing.T) {
	ctx := context.Background()
	cfg := testConfig(t, "")
	addWatchBefore(t, cfg, discordtest.ChannelID, "harbour bridge")
	addWatchBefore(t, cfg, discordtest.ChannelID, "ferry strike")
	r := startMain(t, cfg, MainOptions{})
	now := time.Now().UTC()
	lastYear := time.Date(now.Year()-1, time.March, 2, 8, 30, 0, 0, time.UTC)
	thisYear := time.Date(now.Year(), now.Month(), now.Day(), 0, 5, 0, 0, time.UTC)
	for id, at := range map[string]time.Time{"1": lastYear, "2": thisYear} {
		if _, err := r.m.store.UpdateWatch(ctx, id, func(x *schedule.Watch) { x.Posted, x.LastPosted = 3, at }); err != nil {
			t.Fatal(err)
		}
	}
	list := interact(t, discordtest.Subcommand("watch", "list", nil, 1<<5)).Text()
	wantOld := "watch 1: “harbour bridge”; 3 articles posted, last " + lastYear.Format("2 Jan 2006 15:04 UTC")
	wantNew := "watch 2: “ferry strike”; 3 articles posted, last " + thisYear.Format("2 Jan 15:04 UTC")
	if !strings.Contains(list, wantOld) || !strings.Contains(list, wantNew) {
		t.Errorf("/watch list = %q\nwant %q and %q", list, wantOld, wantNew)
	}
}
