package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/commands"
	"github.com/chronicle-bot/chronicle/internal/discord/discordtest"
)

// signedRequest builds a POST of the interaction to the bot's HTTP
// endpoint, signed with priv (or with another key when bad is set).
func signedRequest(tb testing.TB, base string, priv ed25519.PrivateKey, i *discordgo.Interaction, bad bool) *http.Request {
	tb.Helper()
	fake.Prepare(i)
	body, err := json.Marshal(i)
	if err != nil {
		tb.Fatal(err)
	}
	if bad {
		_, priv, _ = ed25519.GenerateKey(nil)
	}
	stamp := strconv.FormatInt(time.Now().Unix(), 10)
	req, err := http.NewRequest(http.MethodPost, base+"/interactions", bytes.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(priv, append([]byte(stamp), body...))))
	req.Header.Set("X-Signature-Timestamp", stamp)
	req.Header.Set("Content-Type", "application/json")
	return req
}

// signedPost sends a signed interaction and returns the status and body.
func signedPost(tb testing.TB, base string, priv ed25519.PrivateKey, i *discordgo.Interaction, bad bool) (int, []byte) {
	tb.Helper()
	resp, err := http.DefaultClient.Do(signedRequest(tb, base, priv, i, bad))
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, out
}

// TestServe runs one bot, over the gateway and the HTTP interactions
// endpoint, for the end-to-end tests that share the default config, in
// order: those that only read, then /reindex, which rebuilds the index.
// (Every bot costs a second at its stop: discordgo waits that long after
// sending the gateway's close frame.)
func TestServe(t *testing.T) {
	pub, priv := newKey(t)
	cfg := testConfig(t, pub)
	r := startMain(t, cfg, MainOptions{})
	t.Run("gateway ask", func(t *testing.T) { serveGatewayAsk(t, r) })
	t.Run("http interactions", func(t *testing.T) { serveHTTPInteractions(t, r, priv) })
	t.Run("digest window", serveDigestWindow)
	t.Run("feedback", func(t *testing.T) { serveFeedback(t, cfg) })
	t.Run("reindex", func(t *testing.T) { serveReindex(t, r, cfg) })
}

// serveGatewayAsk: /ask over the gateway, with its metrics.
func serveGatewayAsk(t *testing.T, r *running) {
	if cmds := fake.Commands(""); !bytes.Contains(cmds, []byte(`"reindex"`)) || !bytes.Contains(cmds, []byte(`"ask"`)) {
		t.Errorf("registered commands = %s, want ask and reindex among them", cmds)
	}
	msg := askReply(t, "Who claimed the Moscow attack?")
	if !containsAny(msg.Text(), "ISIS", "Islamic State") {
		t.Errorf("/ask reply = %q, want a quote naming ISIS or the Islamic State", msg.Text())
	}
	if !msg.MentionsDisabled() {
		t.Error("/ask reply allows mentions")
	}
	// The router reports the interaction just after the reply is sent.
	wants := []string{`chronicle_interactions_total{command="ask",outcome="ok"} 1`, "chronicle_index_articles 1",
		"chronicle_ingested_articles_total 1"}
	var metrics string
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if _, metrics = httpGet(t, "http://"+r.m.Addr()+"/metrics"); containsAll(metrics, wants...) {
			return
		}
	}
	for _, want := range wants {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

// containsAll reports whether s contains every one of subs.
func containsAll(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}

// serveHTTPInteractions: a signed PING and /ask at /interactions, and a
// bad signature refused.
func serveHTTPInteractions(t *testing.T, r *running, priv ed25519.PrivateKey) {
	base := "http://" + r.m.Addr()
	ask := func() *discordgo.Interaction {
		return discordtest.SlashCommand("ask", map[string]any{"question": "Who claimed the Moscow attack?"})
	}
	tests := []struct {
		name       string
		i          *discordgo.Interaction
		bad        bool
		wantStatus int
		wantType   int
		wantText   []string
	}{
		{"ping", &discordgo.Interaction{Type: discordgo.InteractionPing}, false, http.StatusOK, 1, nil},
		{"signed ask", ask(), false, http.StatusOK, 4, []string{"ISIS", "Islamic State"}},
		{"bad signature", ask(), true, http.StatusUnauthorized, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := signedPost(t, base, priv, tt.i, tt.bad)
			if status != tt.wantStatus {
				t.Fatalf("POST /interactions: status %d, want %d (%s)", status, tt.wantStatus, body)
			}
			if tt.wantType == 0 {
				return
			}
			var resp struct {
				Type int                 `json:"type"`
				Data discordtest.Message `json:"data"`
			}
			if err := json.Unmarshal(body, &resp); err != nil {
				t.Fatalf("response %s: %v", body, err)
			}
			if resp.Type != tt.wantType {
				t.Errorf("response type = %d, want %d", resp.Type, tt.wantType)
			}
			if tt.wantText != nil && !containsAny(resp.Data.Text(), tt.wantText...) {
				t.Errorf("reply = %q, want one of %q", resp.Data.Text(), tt.wantText)
			}
		})
	}
}

func TestServeWatchedFolder(t *testing.T) {
	cfg := testConfig(t, "")
	r := startMain(t, cfg, MainOptions{})
	text := "date 2024-03-27 The Zorbulon Festival in Tallinn drew record crowds on Wednesday, organisers said.\n"
	if err := os.WriteFile(filepath.Join(cfg.Corpus.Paths[0], "zorbulon.txt"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	for time.Since(start) < 5*time.Second {
		res, err := r.m.ix.Search(context.Background(), chronicle.SearchQuery{Text: "Zorbulon", Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) > 0 {
			t.Logf("searchable after %s", time.Since(start).Round(time.Millisecond))
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("a file dropped into the corpus folder was not searchable within 5s")
}

// TestServeShutdownFinishesInFlight: one bot, with a slow answer in flight
// over the gateway and another over the HTTP interactions endpoint, is
// stopped: Run waits for both, both replies arrive (each an edit after the
// deferral), and /healthz stops answering 200.
func TestServeShutdownFinishesInFlight(t *testing.T) {
	pub, priv := newKey(t)
	// The router defers the slow answer at once, so that the reply is an
	// edit after the deferral in both modes. The shutdown timeout is
	// production's, not the tests' short one.
	slow := &slowAnswerer{delay: time.Second, started: make(chan string, 2)}
	r := startMain(t, testConfig(t, pub), MainOptions{Answerer: slow, ShutdownTimeout: 10 * time.Second,
		Router: commands.RouterConfig{DeferAfter: 50 * time.Millisecond}})
	base := "http://" + r.m.Addr()
	if status, body := httpGet(t, base+"/healthz"); status != http.StatusOK || body != "ok\n" {
		t.Errorf("/healthz = %d %q, want 200 ok", status, body)
	}
	tokens := map[string]string{}
	_, tokens["gateway"] = fake.Interact(t, discordtest.SlashCommand("ask", map[string]any{"question": "slow question"}))
	i := discordtest.SlashCommand("ask", map[string]any{"question": "slow question"})
	req := signedRequest(t, base, priv, i, false)
	tokens["http deferred"] = i.Token
	go func() {
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
		}
	}()
	for range tokens {
		select {
		case <-slow.started:
		case <-time.After(10 * time.Second):
			t.Fatal("an interaction never reached the answerer")
		}
	}
	start := time.Now()
	if err := r.stop(t); err != nil {
		t.Errorf("Run = %v, want nil after cancel", err)
	}
	if d := time.Since(start); d < 500*time.Millisecond {
		t.Errorf("Run returned %s after cancel: it did not wait for the slow interactions", d)
	}
	for mode, token := range tokens {
		msg := fake.WaitEdit(t, token) // both modes defer the slow answer, then edit
		if !strings.Contains(msg.Text(), "The slow answer") {
			t.Errorf("%s: reply after shutdown = %q, want the slow answer", mode, msg.Text())
		}
	}
	if status, _ := httpGet(t, base+"/healthz"); status == http.StatusOK {
		t.Error("/healthz still answers 200 after shutdown")
	}
}

// TestServeTakesIndexFlags: bot serve takes --index and --corpus as the
// other commands do (nu44: only the config file or the environment could
// set its index); without a token it is refused for that, not the flags.
func TestServeTakesIndexFlags(t *testing.T) {
	clearEnv(t)
	_, _, err := runCLI(t, "", "serve", "--config", writeConfig(t, "{}"), "--index", filepath.Join(t.TempDir(), "idx"), "--corpus", "corpus")
	if err == nil || strings.Contains(err.Error(), "unknown flag") || !strings.Contains(err.Error(), "discord.token") {
		t.Errorf("bot serve --index --corpus without a token: %v, want the token asked for", err)
	}
}

// TestServeRefusedRemovalStillAdds: a removal past the safety limit (30 of
// 31 files deleted at once, as an unmounted folder looks) is refused and
// said, and a file dropped in at the same time is indexed all the same;
// the deleted files' articles are kept. Before, the refusal held back every
// later addition while bot serve only warned (helper 96).
func TestServeRefusedRemovalStillAdds(t *testing.T) {
	cfg := testConfig(t, "")
	dir := cfg.Corpus.Paths[0]
	var gone []string
	for i := range 30 {
		p := filepath.Join(dir, fmt.Sprintf("brief-%02d.txt", i))
		text := fmt.Sprintf("date 2024-03-2%d Brief number %d reports that the harbour of Quillon reopened.\n", i%7+1, i)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		gone = append(gone, p)
	}
	r := startMain(t, cfg, MainOptions{})
	waitFor(t, "the 31 articles indexed", func() bool { return r.m.ix.Len() == 31 })
	for _, p := range gone {
		if err := os.Remove(p); err != nil {
			t.Fatal(err)
		}
	}
	text := "date 2024-03-27 The Zorbulon Festival in Tallinn drew record crowds on Wednesday, organisers said.\n"
	if err := os.WriteFile(filepath.Join(dir, "zorbulon.txt"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the new file searchable", func() bool {
		res, err := r.m.ix.Search(context.Background(), chronicle.SearchQuery{Text: "Zorbulon", Limit: 1})
		return err == nil && len(res.Hits) > 0
	})
	if got := r.m.ix.Len(); got != 32 {
		t.Errorf("index holds %d articles, want 32 (the 30 of the deleted files kept, and the new one)", got)
	}
	// The sync's report is logged once its writes are in: the new file
	// may be found a moment before (a flake of CI, session 46).
	waitFor(t, "the refusal logged with what to run", func() bool {
		logs := r.logs.String()
		return strings.Contains(logs, "removal refused") && strings.Contains(logs, "bot index --prune")
	})
}

// TestServeRenamedFolderOnce: a folder of text files renamed inside a
// watched path gives the same articles under new IDs (a text file's ID is
// its path). With the rest synced after a refusal, every article was held
// twice (helper 98: 31 -> 61); the rename is a move, and each article is
// held once, under its new ID.
func TestServeRenamedFolderOnce(t *testing.T) {
	cfg := testConfig(t, "")
	dir := cfg.Corpus.Paths[0]
	sub := filepath.Join(dir, "sub")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	for i := range 30 {
		text := fmt.Sprintf("date 2024-03-2%d Brief number %d reports that the harbour of Quillon reopened.\n", i%7+1, i)
		if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("brief-%02d.txt", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r := startMain(t, cfg, MainOptions{})
	waitFor(t, "the 31 articles indexed", func() bool { return r.m.ix.Len() == 31 })
	if err := os.Rename(sub, filepath.Join(dir, "sub-2024")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the renamed folder's articles under their new IDs", func() bool {
		res, err := r.m.ix.Search(context.Background(), chronicle.SearchQuery{Text: "Quillon", Limit: 50})
		if err != nil || len(res.Hits) == 0 {
			return false
		}
		for _, h := range res.Hits {
			if !strings.Contains(h.Article.ID, "sub-2024") {
				return false
			}
		}
		return true
	})
	if got := r.m.ix.Len(); got != 31 {
		t.Errorf("index holds %d articles after the rename, want 31, each once", got)
	}
	if logs := r.logs.String(); strings.Contains(logs, "removal refused") {
		t.Errorf("the rename was refused as a removal:\n%s", logs)
	}
}
