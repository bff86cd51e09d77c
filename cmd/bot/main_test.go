package main

import (
	"cmp"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/bwmarrin/discordgo"
	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/discord"
	"github.com/chronicle-bot/chronicle/internal/discord/discordtest"
	"github.com/chronicle-bot/chronicle/internal/testlog"
)

// fake is the package's one fake Discord: discordgo's endpoints are process
// globals, so every in-process bot talks to the same server (tests that
// use it do not run in parallel and call fake.Reset).
var fake *discordtest.Server

// TestMain runs the tests against the fake Discord or, started by an
// end-to-end test with envRunMain set, the bot itself.
func TestMain(m *testing.M) {
	if os.Getenv(envRunMain) == "1" {
		main()
		os.Exit(0)
	}
	discordtest.Main(m, discord.SetAPIURL, &fake)
}

// copyCorpus copies the bundled corpus into a new temporary folder, so a
// test can add files to it.
func copyCorpus(tb testing.TB) string {
	tb.Helper()
	dir := tb.TempDir()
	src := filepath.Join("..", "..", "corpus")
	ents, err := os.ReadDir(src)
	if err != nil {
		tb.Fatal(err)
	}
	for _, e := range ents {
		if e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

// testConfig is a serve config over a copy of the bundled corpus, with
// state in temporary folders, pointed at the fake Discord.
func testConfig(tb testing.TB, publicKey string) Config {
	tb.Helper()
	state := tb.TempDir()
	cfg := DefaultConfig()
	cfg.Corpus.Paths = []string{copyCorpus(tb)}
	cfg.Index.Path = filepath.Join(state, "index")
	cfg.Schedule.Path = filepath.Join(state, "state", "schedule.db")
	cfg.HTTP.Addr = "127.0.0.1:0"
	cfg.Discord.Token = fake.Token
	cfg.Discord.ApplicationID = fake.AppID
	cfg.Discord.APIURL = fake.URL
	cfg.Discord.PublicKey = publicKey
	cfg.Discord.AdminGuildID = discordtest.GuildID // the operator's server: /reindex works there
	return cfg
}

// running is a Main serving in the background.
type running struct {
	m      *Main
	cancel context.CancelFunc
	done   chan error
	logs   *testlog.Buffer
}

// startMain builds and runs a Main, waits until /healthz reports ready and
// stops it when the test ends.
func startMain(tb testing.TB, cfg Config, opts MainOptions) *running {
	tb.Helper()
	fake.Reset()
	logs := &testlog.Buffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	if opts.Router.RateLimit == 0 {
		opts.Router.RateLimit = rate.Inf
	}
	if opts.WatchDebounce == 0 {
		opts.WatchDebounce = 100 * time.Millisecond
	}
	opts.ShutdownTimeout = cmp.Or(opts.ShutdownTimeout, testShutdown)
	m, err := NewMain(context.Background(), cfg, log, opts)
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{m: m, cancel: cancel, done: make(chan error, 1), logs: logs}
	go func() { r.done <- m.Run(ctx) }()
	tb.Cleanup(func() {
		r.stop(tb)
		if err := m.Close(); err != nil {
			tb.Errorf("Close: %v", err)
		}
		if tb.Failed() {
			tb.Logf("bot logs:\n%s", logs.String())
		}
	})
	waitHealthy(tb, "http://"+m.Addr())
	return r
}

// testShutdown is the shutdown timeout of the tests' bots, unless a test
// sets its own (those of the graceful stop do). discordgo sleeps a second
// after sending the gateway's close frame, and Run waits for that within
// the shutdown timeout; a bot with nothing in flight has nothing to wait
// for once the frame is sent, so the tests' bots stop without the sleep.
const testShutdown = 50 * time.Millisecond

// stop cancels Run and waits for it (once), then until the fake Discord
// has seen the gateway close, so that the next bot's interactions cannot
// reach this one.
func (r *running) stop(tb testing.TB) error {
	tb.Helper()
	r.cancel()
	select {
	case err, ok := <-r.done:
		if ok {
			close(r.done)
			fake.WaitDisconnected(tb)
			return err
		}
		return nil
	case <-time.After(30 * time.Second):
		tb.Fatal("Run did not return within 30s of cancel")
		return nil
	}
}

// waitHealthy polls base/healthz until it answers 200.
func waitHealthy(tb testing.TB, base string) {
	tb.Helper()
	deadline := time.Now().Add(20 * time.Second)
	last := ""
	for time.Now().Before(deadline) {
		status, body := httpGet(tb, base+"/healthz")
		if status == http.StatusOK {
			return
		}
		last = fmt.Sprintf("%d %s", status, body)
		time.Sleep(50 * time.Millisecond)
	}
	tb.Fatalf("/healthz not ready after 20s; last answer: %s", last)
}

// waitSynced polls base/healthz until it answers 200 "ok": ready, and the
// start-up sync done (a bot started on an existing index answers 200 with
// health.SyncingReason before).
func waitSynced(tb testing.TB, base string) {
	tb.Helper()
	deadline := time.Now().Add(20 * time.Second)
	last := ""
	for time.Now().Before(deadline) {
		status, body := httpGet(tb, base+"/healthz")
		if status == http.StatusOK && body == "ok\n" {
			return
		}
		last = fmt.Sprintf("%d %s", status, body)
		time.Sleep(20 * time.Millisecond)
	}
	tb.Fatalf("/healthz did not say the start-up sync was done within 20s; last answer: %s", last)
}

func httpGet(tb testing.TB, url string) (int, string) {
	tb.Helper()
	resp, err := http.Get(url)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// newKey returns a hex public key and its private key.
func newKey(tb testing.TB) (string, ed25519.PrivateKey) {
	tb.Helper()
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		tb.Fatal(err)
	}
	return hex.EncodeToString(pub), priv
}

// slowAnswerer answers every question with a canned citation after a
// delay, telling started when it begins.
type slowAnswerer struct {
	delay   time.Duration
	started chan string
}

func (s *slowAnswerer) Ask(ctx context.Context, q string, asOf time.Time) (chronicle.Answer, error) {
	s.started <- q
	select {
	case <-time.After(s.delay):
	case <-ctx.Done():
		return chronicle.Answer{}, ctx.Err()
	}
	return chronicle.Answer{Question: q, AsOf: asOf, Confidence: 0.9, Best: &chronicle.Citation{
		Text: "The slow answer: ISIS claimed the attack.", ArticleID: "slow", Title: "Slow article",
		Source: "Slow News", Published: time.Date(2024, 3, 25, 0, 0, 0, 0, time.UTC), URL: "https://example.com/slow",
	}}, nil
}

// containsAny reports whether s contains one of subs, ignoring case.
func containsAny(s string, subs ...string) bool {
	s = strings.ToLower(s)
	for _, sub := range subs {
		if strings.Contains(s, strings.ToLower(sub)) {
			return true
		}
	}
	return false
}

// reply sends i through the fake Discord and returns the bot's reply.
func reply(tb testing.TB, i *discordgo.Interaction) discordtest.Message {
	tb.Helper()
	id, token := fake.Interact(tb, i)
	_, msg := fake.WaitReply(tb, id, token)
	return msg
}

// askReply is the reply to /ask question through the fake Discord.
func askReply(tb testing.TB, question string) discordtest.Message {
	tb.Helper()
	return reply(tb, discordtest.SlashCommand("ask", map[string]any{"question": question}))
}
