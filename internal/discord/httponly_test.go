package discord

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle/internal/discord/discordtest"
	"github.com/chronicle-bot/chronicle/internal/testlog"
)

// TestRunHTTPOnly: with HTTPOnly, Run registers the commands, says that
// the gateway is off, makes no gateway connection and returns nil when
// stopped.
func TestRunHTTPOnly(t *testing.T) {
	fake.Reset()
	pub, _, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	logs := &testlog.Buffer{}
	logger := slog.New(slog.NewTextHandler(logs, nil))
	b, err := New(Config{Token: fake.Token, APIURL: fake.URL, PublicKey: hex.EncodeToString(pub), HTTPOnly: true},
		newRouter(t, logger), logger)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- b.Run(ctx) }()
	// Run logs the registration before it would open the gateway, which
	// it does before it waits for ctx: once the line is there, stopping
	// Run shows whether it connected.
	for deadline := time.Now().Add(discordtest.WaitTimeout); !strings.Contains(logs.String(), "registered commands"); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the commands were not registered within %v:\n%s", discordtest.WaitTimeout, logs.String())
		}
	}
	cancel()
	if err := <-errc; err != nil {
		t.Errorf("Run = %v, want nil", err)
	}
	if !bytes.Contains(fake.Commands(""), []byte(`"ask"`)) {
		t.Errorf("registered commands = %s, want ask among them", fake.Commands(""))
	}
	if n := fake.GatewayDials(); n != 0 {
		t.Errorf("gateway connections tried = %d, want 0", n)
	}
	if got := strings.Count(logs.String(), "gateway is off"); got != 1 {
		t.Errorf("logs say %d times that the gateway is off, want once:\n%s", got, logs.String())
	}
}

// TestNewHTTPOnlyNeedsPublicKey: without a public key an HTTP-only bot
// could take no interaction at all.
func TestNewHTTPOnlyNeedsPublicKey(t *testing.T) {
	pub, _, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		cfg     Config
		wantErr string
	}{
		{"http only without public key", Config{Token: "t", HTTPOnly: true}, "discord.public_key"},
		{"http only with public key", Config{Token: "t", HTTPOnly: true, PublicKey: hex.EncodeToString(pub)}, ""},
		{"gateway without public key", Config{Token: "t"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.cfg, newRouter(t, nil), nil)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("New = %v, want no error", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("New = %v, want an error naming %s", err, tt.wantErr)
			}
		})
	}
}

// TestRegisterErrorSaidOnce: a registration Discord refuses says what
// failed once: it was "discord: register commands: discord: register
// commands: HTTP 500: ..." (helper 152).
func TestRegisterErrorSaidOnce(t *testing.T) {
	fake.Reset()
	defer fake.Reset()
	b, err := New(Config{Token: fake.Token, APIURL: fake.URL}, newRouter(t, nil), nil)
	if err != nil {
		t.Fatal(err)
	}
	fake.FailNext("PUT", "/commands", 403, 0, 1)
	err = b.Register(context.Background())
	if err == nil || strings.Count(err.Error(), "register commands") != 1 || !strings.Contains(err.Error(), "HTTP 403") {
		t.Errorf("Register = %v, want one error saying register commands and HTTP 403", err)
	}
}
