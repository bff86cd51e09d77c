package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCLI runs the bot's root command in-process and returns its output.
func runCLI(tb testing.TB, stdin string, args ...string) (stdout, stderr string, err error) {
	tb.Helper()
	var out, errOut bytes.Buffer
	root := newRootCmd(&out, &errOut)
	root.SetArgs(args)
	root.SetIn(strings.NewReader(stdin))
	err = root.Execute()
	return out.String(), errOut.String(), err
}

// writeConfig writes a config file and returns its path.
func writeConfig(tb testing.TB, text string) string {
	tb.Helper()
	p := filepath.Join(tb.TempDir(), "config.yaml")
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		tb.Fatal(err)
	}
	return p
}

// clearEnv unsets every variable that configures the bot.
func clearEnv(tb testing.TB) {
	tb.Helper()
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "CHRONICLE_") || k == "DISCORD_TOKEN" {
			tb.Setenv(k, "")
			os.Unsetenv(k)
		}
	}
}

func TestServeBadConfigNamesEveryKey(t *testing.T) {
	clearEnv(t)
	path := writeConfig(t, `
index: {path: ""}
http: {addr: "nonsense"}
log: {level: loud, format: xml}
discord: {public_key: "abc", api_url: "ftp://x"}
feeds:
  - {url: "not-a-url", interval: 10s}
colour: blue
`)
	_, stderr, err := runCLI(t, "", "serve", "--config", path)
	if err == nil {
		t.Fatal("serve with a bad config succeeded")
	}
	for _, key := range []string{"index.path", "http.addr", "log.level", "log.format", "discord.public_key",
		"discord.api_url", "feeds[0].url", "feeds[0].interval", "discord.token", "DISCORD_TOKEN", "discord.application_id"} {
		if !strings.Contains(err.Error(), key) {
			t.Errorf("error does not name %s:\n%v", key, err)
		}
	}
	if !strings.Contains(stderr, `unknown config key \"colour\"`) {
		t.Errorf("no warning about the unknown key colour; stderr:\n%s", stderr)
	}
}

func TestConfigTokenFromEnvironment(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"CHRONICLE_DISCORD_TOKEN", map[string]string{"CHRONICLE_DISCORD_TOKEN": "tok-chronicle"}, "tok-chronicle"},
		{"DISCORD_TOKEN", map[string]string{"DISCORD_TOKEN": "tok-plain"}, "tok-plain"},
		{"CHRONICLE_ wins", map[string]string{"CHRONICLE_DISCORD_TOKEN": "tok-chronicle", "DISCORD_TOKEN": "tok-plain"}, "tok-chronicle"},
		{"nested key", map[string]string{"CHRONICLE_HTTP_ADDR": "127.0.0.1:9999"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clearEnv(t)
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			cfg, _, err := LoadConfig(writeConfig(t, "log: {level: debug}\n"))
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Discord.Token != tt.want {
				t.Errorf("discord.token = %q, want %q", cfg.Discord.Token, tt.want)
			}
			if want := tt.env["CHRONICLE_HTTP_ADDR"]; want != "" && cfg.HTTP.Addr != want {
				t.Errorf("http.addr = %q, want %q", cfg.HTTP.Addr, want)
			}
			out, _, err := runCLI(t, "", "config", "--config", writeConfig(t, "log: {level: debug}\n"))
			if err != nil {
				t.Fatalf("bot config: %v", err)
			}
			if tt.want != "" && (strings.Contains(out, tt.want) || !strings.Contains(out, "[redacted]")) {
				t.Errorf("bot config does not redact the token:\n%s", out)
			}
		})
	}
}

func TestServeWithoutToken(t *testing.T) {
	clearEnv(t)
	_, _, err := runCLI(t, "", "serve", "--config", writeConfig(t, "discord: {application_id: \"1\"}\n"))
	if err == nil || !strings.Contains(err.Error(), "discord.token") || !strings.Contains(err.Error(), "DISCORD_TOKEN") {
		t.Errorf("serve without a token: %v, want an error naming discord.token and DISCORD_TOKEN", err)
	}
}
