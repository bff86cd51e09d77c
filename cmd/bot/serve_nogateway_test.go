package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/chronicle-bot/chronicle/internal/discord/discordtest"
)

// TestServeWithoutGateway: with discord.gateway false, bot serve registers
// the commands, is ready (/healthz) without a gateway session, answers a
// signed interaction at /interactions, says once that the gateway is off,
// stops cleanly, and never connects to the gateway.
func TestServeWithoutGateway(t *testing.T) {
	pub, priv := newKey(t)
	cfg := testConfig(t, pub)
	cfg.Discord.Gateway = false
	r := startMain(t, cfg, MainOptions{}) // waits for /healthz to answer 200
	base := "http://" + r.m.Addr()
	waitSynced(t, base)
	if cmds := fake.Commands(""); !bytes.Contains(cmds, []byte(`"ask"`)) {
		t.Errorf("registered commands = %s, want ask among them", cmds)
	}
	status, body := signedPost(t, base, priv, discordtest.SlashCommand("ask", map[string]any{"question": "Who claimed the Moscow attack?"}), false)
	if status != http.StatusOK {
		t.Fatalf("POST /interactions: status %d, want 200 (%s)", status, body)
	}
	var resp struct {
		Type int                 `json:"type"`
		Data discordtest.Message `json:"data"`
	}
	if err := json.Unmarshal(body, &resp); err != nil {
		t.Fatalf("response %s: %v", body, err)
	}
	if resp.Type != 4 || !containsAny(resp.Data.Text(), "ISIS", "Islamic State") {
		t.Errorf("reply type %d %q, want type 4 naming ISIS or the Islamic State", resp.Type, resp.Data.Text())
	}
	// Hostile requests get what they get with the gateway on: a replayed
	// signed interaction 409 and runs nothing, a bad signature 401.
	req := signedRequest(t, base, priv, discordtest.SlashCommand("ask", map[string]any{"question": "Who claimed the Moscow attack?"}), false)
	raw, err := io.ReadAll(req.Body)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []int{http.StatusOK, http.StatusConflict} {
		again, err := http.NewRequest(http.MethodPost, req.URL.String(), bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		again.Header = req.Header.Clone()
		res, err := http.DefaultClient.Do(again)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != want {
			t.Errorf("signed POST number %d of the same interaction: status %d, want %d", i+1, res.StatusCode, want)
		}
	}
	if status, _ := signedPost(t, base, priv, discordtest.SlashCommand("ask", map[string]any{"question": "x"}), true); status != http.StatusUnauthorized {
		t.Errorf("POST with a bad signature: status %d, want 401", status)
	}
	if err := r.stop(t); err != nil {
		t.Errorf("Run = %v, want nil", err)
	}
	if n := fake.GatewayDials(); n != 0 {
		t.Errorf("gateway connections tried = %d, want 0", n)
	}
	if got := strings.Count(r.logs.String(), "the gateway is off"); got != 1 {
		t.Errorf("logs say %d times that the gateway is off, want once", got)
	}
}
