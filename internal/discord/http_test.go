package discord

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/chronicle-bot/chronicle/internal/commands"
	"github.com/chronicle-bot/chronicle/internal/discord/discordtest"
	"golang.org/x/time/rate"
)

// httpBot serves the interactions endpoint of a bot whose clock is fixed.
type httpBot struct {
	url  string
	priv ed25519.PrivateKey
	now  time.Time
	bot  *Bot
}

func newHTTPBot(tb testing.TB) *httpBot {
	tb.Helper()
	return newHTTPBotWith(tb, newRouter(tb, nil))
}

func newHTTPBotWith(tb testing.TB, router *commands.Router) *httpBot {
	tb.Helper()
	fake.Reset()
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		tb.Fatal(err)
	}
	now := time.Date(2024, 3, 26, 9, 0, 0, 0, time.UTC)
	b, err := New(Config{Token: fake.Token, APIURL: fake.URL, PublicKey: hex.EncodeToString(pub), Now: func() time.Time { return now }},
		router, nil)
	if err != nil {
		tb.Fatal(err)
	}
	// The production server (its timeouts) behind the test listener.
	srv := httptest.NewUnstartedServer(b.InteractionsHandler())
	srv.Config = NewHTTPServer(b.InteractionsHandler(), ServerTimeouts{})
	srv.Start()
	tb.Cleanup(srv.Close)
	return &httpBot{url: srv.URL + "/interactions", priv: priv, now: now, bot: b}
}

// post sends body signed at time ts (or unsigned when sign is false).
func (h *httpBot) post(tb testing.TB, client *http.Client, body []byte, ts time.Time, sign bool) (int, []byte) {
	tb.Helper()
	status, out, err := h.do(client, body, ts, sign)
	if err != nil {
		tb.Fatal(err)
	}
	return status, out
}

// do is post without the testing.TB, safe in any goroutine.
func (h *httpBot) do(client *http.Client, body []byte, ts time.Time, sign bool) (int, []byte, error) {
	req, err := http.NewRequest(http.MethodPost, h.url, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	stamp := strconv.FormatInt(ts.Unix(), 10)
	if sign {
		req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(h.priv, append([]byte(stamp), body...))))
	}
	req.Header.Set("X-Signature-Timestamp", stamp)
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, fmt.Errorf("POST %s: %w", h.url, err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	return resp.StatusCode, out, err
}

func interactionJSON(tb testing.TB, i *discordgo.Interaction) []byte {
	tb.Helper()
	fake.Prepare(i)
	raw, err := json.Marshal(i)
	if err != nil {
		tb.Fatal(err)
	}
	return raw
}

func TestHTTPInteractions(t *testing.T) {
	h := newHTTPBot(t)
	ping, err := os.ReadFile(filepath.Join("testdata", "ping.json"))
	if err != nil {
		t.Fatal(err)
	}
	ask := interactionJSON(t, discordtest.SlashCommand("ask", map[string]any{"question": "Who claimed the Moscow attack?"}))
	auto := interactionJSON(t, discordtest.Autocomplete("article", "id", "Mos"))
	next := interactionJSON(t, discordtest.ButtonClick("search:v1:1:::Moscow attack"))
	tests := []struct {
		name       string
		body       []byte
		ts         time.Time
		sign       bool
		tamper     bool
		wantStatus int
		wantType   int
	}{
		{"ping", ping, h.now, true, false, http.StatusOK, 1},
		{"signed ask", ask, h.now, true, false, http.StatusOK, 4},
		{"autocomplete", auto, h.now, true, false, http.StatusOK, 8},
		{"next page button", next, h.now, true, false, http.StatusOK, 7},
		{"missing signature", ask, h.now, false, false, http.StatusUnauthorized, 0},
		{"bad signature", ask, h.now, true, true, http.StatusUnauthorized, 0},
		{"timestamp six minutes old", ask, h.now.Add(-6 * time.Minute), true, false, http.StatusUnauthorized, 0},
		{"timestamp four minutes old", ping, h.now.Add(-4 * time.Minute), true, false, http.StatusOK, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := tt.body
			if tt.tamper {
				// Sign the original, send a modified body.
				req, _ := http.NewRequest(http.MethodPost, h.url, bytes.NewReader(bytes.Replace(body, []byte("Moscow"), []byte("Mosc0w"), 1)))
				stamp := strconv.FormatInt(tt.ts.Unix(), 10)
				req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(h.priv, append([]byte(stamp), body...))))
				req.Header.Set("X-Signature-Timestamp", stamp)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != tt.wantStatus {
					t.Errorf("status = %d, want %d", resp.StatusCode, tt.wantStatus)
				}
				return
			}
			status, out := h.post(t, http.DefaultClient, body, tt.ts, tt.sign)
			if status != tt.wantStatus {
				t.Fatalf("status = %d, want %d (%s)", status, tt.wantStatus, out)
			}
			if tt.wantType == 0 {
				return
			}
			var cb discordtest.Callback
			if err := json.Unmarshal(out, &cb); err != nil {
				t.Fatalf("response %s: %v", out, err)
			}
			if cb.Type != tt.wantType {
				t.Errorf("type = %d, want %d", cb.Type, tt.wantType)
			}
			if tt.wantType == 4 && (!strings.Contains(cb.Data.Text(), "Islamic State") || !cb.Data.MentionsDisabled()) {
				t.Errorf("reply =\n%s\nmentions %+v", cb.Data.Text(), cb.Data.AllowedMentions)
			}
		})
	}
	t.Run("GET not allowed", func(t *testing.T) {
		resp, err := http.Get(h.url)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("status = %d", resp.StatusCode)
		}
	})
}

func TestHTTPDeferred(t *testing.T) {
	h := newHTTPBot(t)
	i := discordtest.SlashCommand("ask", map[string]any{"question": "slow: who claimed it?"})
	body := interactionJSON(t, i)
	// The handler takes 1.2s and the router defers after 600ms: a type 5
	// answer shows the deferral came before the handler finished (no wall
	// clock bound here: the machine may be loaded).
	status, out := h.post(t, http.DefaultClient, body, h.now, true)
	if status != http.StatusOK || !strings.Contains(string(out), `"type":5`) {
		t.Fatalf("status %d, body %s; want a type 5 deferral", status, out)
	}
	msg := fake.WaitEdit(t, i.Token)
	if !strings.Contains(msg.Text(), "Islamic State") || !msg.MentionsDisabled() {
		t.Errorf("edit =\n%s", msg.Text())
	}
}

func TestHTTPNoPublicKey(t *testing.T) {
	b, err := New(Config{Token: fake.Token, APIURL: fake.URL}, newRouter(t, nil), nil)
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	b.InteractionsHandler().ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/interactions", strings.NewReader(`{"type":1}`)))
	if rec.Code != http.StatusUnauthorized {
		t.Errorf("status = %d, want 401", rec.Code)
	}
}

// When the router has not acknowledged in time, the endpoint defers on its
// own; the reply then edits that placeholder, whose visibility Discord keeps.
// So the endpoint's deferral is private for a command whose replies are
// (helper h48a: /help, /schedule, /watch, /reindex went public when the
// router was late under load). The router here is held until the endpoint
// has answered, so the endpoint always takes over.
func TestHTTPEndpointDeferKeepsEphemeral(t *testing.T) {
	holdUntilAnswered := func(next commands.Handler) commands.Handler {
		return func(ctx context.Context, req commands.Request, rs commands.Responder) {
			if hr, ok := rs.(*httpResponder); ok {
				<-hr.written
			}
			next(ctx, req, rs)
		}
	}
	r, err := commands.NewRouter(commands.RouterConfig{RateLimit: rate.Inf, Middleware: []commands.Middleware{holdUntilAnswered}},
		&commands.Ask{Answerer: isisAnswerer{}, Searcher: fakeIndex{}}, &commands.Help{})
	if err != nil {
		t.Fatal(err)
	}
	h := newHTTPBotWith(t, r)
	tests := []struct {
		name          string
		i             *discordgo.Interaction
		wantEphemeral bool
	}{
		{"help, ephemeral", discordtest.SlashCommand("help", nil), true},
		{"ask, public", discordtest.SlashCommand("ask", map[string]any{"question": "Who claimed the Moscow attack?"}), false},
		{"unknown command, refused in private", discordtest.SlashCommand("nope", nil), true},
	}
	for _, tt := range tests {
		body := interactionJSON(t, tt.i)
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			status, out := h.post(t, http.DefaultClient, body, h.now, true)
			var cb discordtest.Callback
			if err := json.Unmarshal(out, &cb); err != nil || status != http.StatusOK || cb.Type != 5 {
				t.Fatalf("HTTP %d %s; want the endpoint's type 5 deferral", status, out)
			}
			if cb.Data.Ephemeral() != tt.wantEphemeral {
				t.Errorf("the endpoint's deferral %s is ephemeral %v, want %v", out, cb.Data.Ephemeral(), tt.wantEphemeral)
			}
			if msg := fake.WaitEdit(t, tt.i.Token); msg.Text() == "" {
				t.Errorf("the router's late reply edited the placeholder with nothing")
			}
		})
	}
}
