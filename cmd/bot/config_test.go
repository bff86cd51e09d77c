package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/spf13/viper"
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
			cfg, _, err := LoadConfig(t.Context(), writeConfig(t, "log: {level: debug}\n"))
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

// TestServeWithoutGatewayNeedsPublicKey: serve refuses discord.gateway
// false without discord.public_key, before it contacts Discord.
func TestServeWithoutGatewayNeedsPublicKey(t *testing.T) {
	clearEnv(t)
	t.Setenv("DISCORD_TOKEN", "x")
	// State in a temporary folder and the fake Discord, should serve get
	// as far as opening them.
	t.Setenv("CHRONICLE_DISCORD_API_URL", fake.URL)
	state := t.TempDir()
	t.Setenv("CHRONICLE_INDEX_PATH", filepath.Join(state, "index"))
	t.Setenv("CHRONICLE_SCHEDULE_PATH", filepath.Join(state, "schedule.db"))
	_, _, err := runCLI(t, "", "serve", "--config", writeConfig(t, "discord: {application_id: \"1\", gateway: false}\n"))
	if err == nil || !strings.Contains(err.Error(), "discord.gateway: false needs discord.public_key") {
		t.Errorf("serve with the gateway off and no public key: %v, want an error naming discord.gateway and discord.public_key", err)
	}
}

// allMistakes is a config file with one mistake of each kind; with
// CHRONICLE_DISCORD_SHARD_COUNT=abc, `bot config --check` names them all.
const allMistakes = `
corpus: {paths: []}
index: {path: ""}
discord:
  application_id: notanumber
  guild_id: "12ab"
  aplication_id: "123"
  api_url: "ftp://x"
  public_key: abc
http: {addr: "localhost:99999"}
feeds:
  - url: https://example.com/rss
    intervall: 30m
    fulltext: true
  - url: "not-a-url"
    interval: banana
  - url: https://example.org/feed
    interval: 10s
    full_text: maybe
log: {level: verbose, format: xml}
colour: blue
`

func TestConfigCheckNamesEveryMistake(t *testing.T) {
	clearEnv(t)
	t.Setenv("CHRONICLE_DISCORD_SHARD_COUNT", "abc")
	out, _, err := runCLI(t, "", "config", "--check", "--config", writeConfig(t, allMistakes))
	if err == nil || exitCode(err) != 1 {
		t.Errorf("bot config --check: err %v, want exit status 1", err)
	}
	for _, want := range []string{
		`error: discord.shard_count (CHRONICLE_DISCORD_SHARD_COUNT): "abc" is not a whole number`,
		`error: feeds[1].interval: "banana" is not a duration`,
		`error: feeds[2].full_text: "maybe" is not true or false`,
		`error: feeds[1].url: "not-a-url" is not an http(s) URL like https://example.com/feed.xml`,
		`error: discord.api_url: "ftp://x" is not an http(s) URL like https://discord.com/api`,
		`error: feeds[2].interval: 10s is shorter than 1m`,
		`error: http.addr: port 99999 of "localhost:99999" is out of range (0 to 65535)`,
		`error: discord.application_id: "notanumber" is not a Discord ID`,
		`error: discord.guild_id: "12ab" is not a Discord ID`,
		`error: discord.public_key: must be 64 hex characters`,
		`error: index.path: must not be empty`,
		`error: log.level: "verbose" is not a log level; use one of debug, info, warn, error`,
		`error: log.format: "xml" is not one of auto, text, json`,
		`warning: unknown config key "colour" ignored`,
		`warning: unknown config key "discord.aplication_id" ignored; did you mean "discord.application_id"?`,
		`warning: unknown config key "feeds[0].intervall" ignored; did you mean "feeds[0].interval"?`,
		`warning: unknown config key "feeds[0].fulltext" ignored; did you mean "feeds[0].full_text"?`,
		"13 errors, 4 warnings",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("bot config --check does not say %q; it printed:\n%s", want, out)
		}
	}
	if strings.Contains(out, "corpus.paths") {
		t.Errorf("a feeds-only config is refused:\n%s", out)
	}
}

// TestConfigCheckServe: config --check passes a config without a token,
// which every command but serve can use; --serve also checks what serve
// needs, so that a deployment's CI finds the missing token before the bot
// fails to start.
func TestConfigCheckServe(t *testing.T) {
	for _, tt := range []struct {
		name string
		args []string
		env  map[string]string
		code int
		want []string
	}{
		{"without --serve", []string{"config", "--check"}, nil, 0, []string{"0 errors, 0 warnings"}},
		{"no token", []string{"config", "--check", "--serve"}, nil, 1, []string{
			"error: discord.token: is required for serve", "error: discord.application_id: is required for serve", "2 errors"}},
		{"token and application", []string{"config", "--check", "--serve"},
			map[string]string{"DISCORD_TOKEN": "x", "CHRONICLE_DISCORD_APPLICATION_ID": "123"}, 0, []string{"0 errors, 0 warnings"}},
		// Without the gateway, interactions can only come over HTTP.
		{"gateway off without a public key", []string{"config", "--check", "--serve"},
			map[string]string{"DISCORD_TOKEN": "x", "CHRONICLE_DISCORD_APPLICATION_ID": "123", "CHRONICLE_DISCORD_GATEWAY": "false"}, 1, []string{
				"error: discord.gateway (CHRONICLE_DISCORD_GATEWAY): false needs discord.public_key", "1 error, 0 warnings"}},
		{"gateway off with a public key", []string{"config", "--check", "--serve"},
			map[string]string{"DISCORD_TOKEN": "x", "CHRONICLE_DISCORD_APPLICATION_ID": "123", "CHRONICLE_DISCORD_GATEWAY": "false",
				"CHRONICLE_DISCORD_PUBLIC_KEY": strings.Repeat("ab", 32)}, 0, []string{"0 errors, 0 warnings"}},
		{"gateway off without --serve", []string{"config", "--check"},
			map[string]string{"CHRONICLE_DISCORD_GATEWAY": "false"}, 0, []string{"0 errors, 0 warnings"}},
		// nu44: --check passed corpus paths bot index then refused.
		{"a corpus path that does not exist", []string{"config", "--check"},
			map[string]string{"CHRONICLE_CORPUS_PATHS": "corpus,news,feeds/*.xml"}, 0, []string{
				`warning: corpus.paths[1]: "news" does not exist here (DIR); bot index refuses it`,
				`warning: corpus.paths[2]: the pattern "feeds/*.xml" matches no file here (DIR)`, "0 errors, 2 warnings"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			clearEnv(t)
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			// In a folder with the default corpus path, "corpus".
			dir := t.TempDir()
			if err := os.Mkdir(filepath.Join(dir, "corpus"), 0o755); err != nil {
				t.Fatal(err)
			}
			t.Chdir(dir)
			dir, _ = os.Getwd()
			out, _, err := runCLI(t, "", append(tt.args, "--config", writeConfig(t, "{}"))...)
			code := 0
			if err != nil {
				code = exitCode(err)
			}
			if code != tt.code {
				t.Errorf("bot %v: exit status %d (%v), want %d", tt.args, code, err, tt.code)
			}
			for _, w := range tt.want {
				if w = strings.ReplaceAll(w, "DIR", dir); !strings.Contains(out, w) {
					t.Errorf("bot %v printed:\n%s\nwant %q in it", tt.args, out, w)
				}
			}
		})
	}
}

func TestConfigCheck(t *testing.T) {
	tests := []struct {
		name string
		file string
		env  map[string]string
		// want is in the error (or a warning, with warn); "" means valid.
		want string
		warn bool
	}{
		{name: "defaults", file: "{}"},
		// Refused only when the file was opened, after the check passed (helper 83).
		{name: "schedule path a folder", file: "schedule: {path: /}\n", want: "schedule.path: / is a folder"},
		// Passed the check, and every command then failed with "mkdir
		// /etc/passwd: not a directory" (helper 107).
		{name: "index path a file", file: "index: {path: /etc/passwd}\n", want: "index.path: /etc/passwd is a file, not a folder"},
		{name: "NUL in the index path", file: "index: {path: \"a\\0b\"}\n", want: `index.path: "a\x00b" holds a NUL byte`},
		{name: "feeds only", file: "corpus: {paths: []}\nfeeds: [{url: https://example.com/rss}]\n"},
		{name: "nothing to index", file: "corpus: {paths: []}\n", want: "corpus.paths: nothing to index"},
		{name: "empty path", file: "corpus: {paths: [corpus, \"\"]}\n", want: "corpus.paths[1]: must not be empty"},
		{name: "port zero", file: "http: {addr: \"127.0.0.1:0\"}\n"},
		{name: "named port", file: "http: {addr: \":http\"}\n"},
		{name: "no port", file: "http: {addr: localhost}\n", want: `http.addr: "localhost" is not a host:port`},
		{name: "negative port", file: "http: {addr: \":-1\"}\n", want: "port -1"},
		{name: "snowflakes", file: "discord: {application_id: \"1234567890123456789\", guild_id: 987654321098765432}\n"},
		{name: "signed snowflake", file: "discord: {application_id: \"+12\"}\n", want: "discord.application_id"},
		{name: "guild from env", env: map[string]string{"CHRONICLE_DISCORD_GUILD_ID": "abc"},
			want: `discord.guild_id (CHRONICLE_DISCORD_GUILD_ID): "abc" is not a Discord ID`},
		{name: "admin guild from env", env: map[string]string{"CHRONICLE_DISCORD_ADMIN_GUILD_ID": "abc"},
			want: `discord.admin_guild_id (CHRONICLE_DISCORD_ADMIN_GUILD_ID): "abc" is not a Discord ID`},
		{name: "admin guild a number", file: "discord: {admin_guild_id: 987654321098765432}\n"},
		{name: "admin guild the commands' guild", file: "discord: {guild_id: \"12\", admin_guild_id: \"12\"}\n"},
		// The commands are registered in guild_id alone: /reindex, refused
		// outside admin_guild_id, could be used nowhere.
		{name: "admin guild not the commands' guild", file: "discord: {guild_id: \"12\", admin_guild_id: \"34\"}\n",
			want: `discord.admin_guild_id: "34" is not discord.guild_id "12"`},
		{name: "shard out of range", file: "discord: {shard_id: 2, shard_count: 2}\n", want: "shard 2 of 2 is out of range (0 to 1)"},
		{name: "shard id type", env: map[string]string{"CHRONICLE_DISCORD_SHARD_ID": "one"}, want: `"one" is not a whole number`},
		// A whole number too large for an int is out of range, not "not a
		// whole number"; the range given is the key's.
		{name: "huge shard count", file: "discord: {shard_count: 99999999999999999999999}\n",
			want: "discord.shard_count: 1e+23 is out of range (1 to 4096)"},
		{name: "huge negative shard id", file: "discord: {shard_id: -1e+23}\n",
			want: "discord.shard_id: -1e+23 is out of range (0 to 4095)"},
		{name: "huge shard count from env", env: map[string]string{"CHRONICLE_DISCORD_SHARD_COUNT": "99999999999999999999999"},
			want: `discord.shard_count (CHRONICLE_DISCORD_SHARD_COUNT): "99999999999999999999999" is out of range (1 to 4096)`},
		// YAML reads it as a uint64, which the decoding turned into -1.
		{name: "shard count over int64", file: "discord: {shard_count: 18446744073709551615}\n",
			want: "discord.shard_count: 18446744073709551615 is out of range (1 to 4096)"},
		{name: "shard count just over int64", file: "discord: {shard_count: 9223372036854775808}\n",
			want: "discord.shard_count: 9223372036854775808 is out of range (1 to 4096)"},
		{name: "fractional shard count", file: "discord: {shard_count: 2.5}\n", want: "discord.shard_count: 2.5 is not a whole number"},
		{name: "whole float shard count", file: "discord: {shard_id: 1.0, shard_count: 2.0}\n"},
		{name: "absurd shard count", file: "discord: {shard_count: 1000000}\n",
			want: "discord.shard_count: 1000000 is more shards than a bot can have (at most 4096)"},
		{name: "absurd shard count from env", env: map[string]string{"CHRONICLE_DISCORD_SHARD_COUNT": "4097"},
			want: "discord.shard_count (CHRONICLE_DISCORD_SHARD_COUNT): 4097 is more shards"},
		{name: "most shards", file: "discord: {shard_id: 4095, shard_count: 4096}\n"},
		{name: "interval without unit", file: "feeds: [{url: https://e.com/f, interval: 15}]\n",
			want: "feeds[0].interval: 15 is not a duration with a unit"},
		{name: "feed not an entry", file: "feeds: [https://e.com/f]\n", want: `feeds[0]: "https://e.com/f" is not an entry`},
		{name: "feeds from env", env: map[string]string{"CHRONICLE_FEEDS": "https://e.com/f"}, want: "set in the config file only"},
		{name: "duplicate feed", file: "feeds: [{url: https://e.com/f}, {url: https://e.com/f}]\n", want: "feeds[1].url: \"https://e.com/f\" is listed twice"},
		{name: "section as value", file: "discord: 5\n", want: "discord: must be a section with the keys discord.token"},
		{name: "paths not a list", file: "corpus: {paths: {a: b}}\n", want: "corpus.paths: a section is not a list of paths"},
		{name: "paths a number", file: "corpus: {paths: 5}\n", want: "corpus.paths: 5 is not a list of paths"},
		{name: "paths a bool", file: "corpus: {paths: true}\n", want: "corpus.paths: true is not a list of paths"},
		{name: "path a number", file: "corpus: {paths: [corpus, 2024]}\n", want: "corpus.paths[1]: 2024 is not a path; put it in quotes if it is one"},
		{name: "path a bool", file: "corpus: {paths: [false]}\n", want: "corpus.paths[0]: false is not a path"},
		{name: "path a date", file: "corpus: {paths: [2024-01-01]}\n", want: "corpus.paths[0]: 2024-01-01 is not a path; put it in quotes if it is one"},
		{name: "path like a bool", file: "corpus: {paths: [no]}\n"},
		{name: "a null first in the list", file: "corpus: {paths: [~, extra]}\n", want: "corpus.paths[0]: must not be empty"},
		{name: "a null alone in the list", file: "corpus: {paths: [null]}\n", want: "corpus.paths[0]: must not be empty"},
		{name: "path a list", file: "corpus: {paths: [[a, b]]}\n", want: "corpus.paths[0]: a list is not a path"},
		{name: "quoted number path", file: "corpus: {paths: [\"2024\"]}\n"},
		{name: "paths a string", file: "corpus: {paths: corpus}\n"},
		{name: "paths from env", env: map[string]string{"CHRONICLE_CORPUS_PATHS": "corpus,README.md"}},
		{name: "bool from env", env: map[string]string{"CHRONICLE_SCHEDULE_ENABLED": "perhaps"}, want: `schedule.enabled (CHRONICLE_SCHEDULE_ENABLED): "perhaps" is not true or false`},
		{name: "gateway off from env", env: map[string]string{"CHRONICLE_DISCORD_GATEWAY": "false"}},
		{name: "gateway flag from env", env: map[string]string{"CHRONICLE_DISCORD_GATEWAY": "off-ish"},
			want: `discord.gateway (CHRONICLE_DISCORD_GATEWAY): "off-ish" is not true or false`},
		{name: "misspelt gateway key", file: "discord: {gatway: false}\n", want: `did you mean "discord.gateway"?`, warn: true},
		{name: "feedback off from env", env: map[string]string{"CHRONICLE_FEEDBACK_ENABLED": "false"}},
		{name: "feedback flag from env", env: map[string]string{"CHRONICLE_FEEDBACK_ENABLED": "nope"},
			want: `feedback.enabled (CHRONICLE_FEEDBACK_ENABLED): "nope" is not true or false`},
		{name: "a bool of 2 in the file", file: "feedback: {enabled: 2}\n", want: "feedback.enabled: 2 is not true or false"},
		{name: "a bool of 1 in the file", file: "feedback: {enabled: 1}\n"},
		{name: "a quoted bool in the file", file: "schedule: {enabled: \"false\"}\n"},
		{name: "misspelt feedback key", file: "feedback: {enable: false}\n", want: `did you mean "feedback.enabled"?`, warn: true},
		{name: "expire from env", env: map[string]string{"CHRONICLE_FEEDBACK_EXPIRE": "2160h"}},
		{name: "expire of a day", file: "feedback: {expire: 24h}\n"},
		{name: "expire of zero", file: "feedback: {expire: 0s}\n", want: "feedback.expire: 0s is not a period"},
		{name: "negative expire", file: "feedback: {expire: -24h}\n", want: "feedback.expire: -24h0m0s is not a period"},
		{name: "expire under a day", file: "feedback: {expire: 1h}\n", want: "feedback.expire: 1h0m0s is shorter than a day (24h)"},
		{name: "absurd expire", file: "feedback: {expire: 1000000h}\n", want: "feedback.expire: 1000000h0m0s is more than 87600h (10 years)"},
		{name: "absurd expire from env", env: map[string]string{"CHRONICLE_FEEDBACK_EXPIRE": "1000000h"},
			want: "feedback.expire (CHRONICLE_FEEDBACK_EXPIRE): 1000000h0m0s is more than"},
		{name: "expire in days", file: "feedback: {expire: 30d}\n", want: `feedback.expire: "30d" is not a duration: a duration has no days; write 720h for 30 days`},
		{name: "expire without a unit", file: "feedback: {expire: 30}\n", want: "feedback.expire: 30 is not a duration with a unit"},
		{name: "level in upper case", file: "log: {level: DEBUG}\n"},
		{name: "level with offset", file: "log: {level: info+2}\n", want: "use one of debug, info, warn, error"},
		{name: "api url without host", file: "discord: {api_url: \"https://\"}\n", want: "discord.api_url"},
		{name: "misspelt section key", file: "log: {levle: debug}\n", want: `unknown config key "log.levle" ignored; did you mean "log.level"?`, warn: true},
		{name: "misspelt feed key", file: "feeds: [{url: https://e.com/f, full-text: true}]\n",
			want: `unknown config key "feeds[0].full-text" ignored; did you mean "feeds[0].full_text"?`, warn: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clearEnv(t)
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			cfg, warnings, err := LoadConfig(t.Context(), writeConfig(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			got := fmt.Sprint(cfg.Validate(false))
			if tt.warn {
				got = strings.Join(warnings, "\n")
			}
			switch {
			case tt.want == "" && (cfg.Validate(false) != nil || len(warnings) > 0):
				t.Errorf("config %q: %v, warnings %q; want it accepted", tt.file, cfg.Validate(false), warnings)
			case tt.want != "" && !strings.Contains(got, tt.want):
				t.Errorf("config %q: %s; want %q", tt.file, got, tt.want)
			}
		})
	}
}

func TestConfigFeedDefaults(t *testing.T) {
	clearEnv(t)
	cfg, _, err := LoadConfig(t.Context(), writeConfig(t, "feeds: [{url: https://e.com/f}, {url: https://e.com/g, interval: 1h, full_text: true}]\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []FeedConfig{{URL: "https://e.com/f", Interval: 15 * time.Minute}, {URL: "https://e.com/g", Interval: time.Hour, FullText: true}}
	if diff := cmp.Diff(want, cfg.Feeds); diff != "" {
		t.Errorf("feeds (-want +got):\n%s", diff)
	}
	if !cfg.Schedule.Enabled {
		t.Error("schedule.enabled is off by default")
	}
	if !cfg.Discord.Gateway {
		t.Error("discord.gateway is off by default")
	}
	if !cfg.Feedback.Enabled {
		t.Error("feedback.enabled is off by default")
	}
	if cfg.Feedback.Expire != 30*24*time.Hour {
		t.Errorf("feedback.expire = %s by default, want 720h (30 days)", cfg.Feedback.Expire)
	}
}

func TestFeedbackPath(t *testing.T) {
	tests := []struct {
		name, file, want string
	}{
		{"default", "{}", filepath.Join(".chronicle", "feedback.db")},
		{"beside schedule.path", "schedule: {path: /data/schedule.db}\n", "/data/feedback.db"},
		{"its own", "schedule: {path: /data/schedule.db}\nfeedback: {path: /votes/f.db}\n", "/votes/f.db"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clearEnv(t)
			cfg, _, err := LoadConfig(t.Context(), writeConfig(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if got := cfg.FeedbackPath(); got != tt.want {
				t.Errorf("FeedbackPath() = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestConfigKeysDocumented: every config key is in config.yaml and in the
// README's table of keys.
func TestConfigKeysDocumented(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	clearEnv(t)
	v := viper.New()
	v.SetConfigFile("../../config.yaml")
	if err := v.ReadInConfig(); err != nil {
		t.Fatal(err)
	}
	for _, k := range configKeys {
		if !v.IsSet(k) {
			t.Errorf("config.yaml does not set %s", k)
		}
		if !strings.Contains(string(readme), "`"+k+"`") {
			t.Errorf("README.md does not name `%s`", k)
		}
	}
}

// TestConfigCheckUnreadableFile: a config file that cannot be read or
// parsed is one more error to config --check, with the count line its
// other errors get, and the parser's message without viper's "While
// parsing config" (nu42: only "error: read config ..." was printed).
func TestConfigCheckUnreadableFile(t *testing.T) {
	for _, tt := range []struct {
		name, path string
		want       []string
	}{
		{"missing", filepath.Join(t.TempDir(), "nonexistent.yaml"), []string{"no such file or directory", "1 error, 0 warnings"}},
		{"YAML syntax", writeConfig(t, "corpus:\n  paths: [corpus\nindex:\n\tpath: x\n"), []string{"yaml: line", "1 error, 0 warnings"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			clearEnv(t)
			out, _, err := runCLI(t, "", "config", "--check", "--config", tt.path)
			if err == nil || exitCode(err) != 1 {
				t.Errorf("exit: %v, want status 1", err)
			}
			for _, w := range append(tt.want, "error: read config") {
				if !strings.Contains(out, w) {
					t.Errorf("bot config --check printed:\n%s\nwant %q in it", out, w)
				}
			}
			if strings.Contains(out, "While parsing") {
				t.Errorf("viper's wrapper is in the message:\n%s", out)
			}
		})
	}
}

// TestConfigEnvListTrimmed: a list from the environment is read without
// the spaces around its commas (nu44: CHRONICLE_CORPUS_PATHS="a, b" read
// the path " b", which --check passed and bot index then did not find).
func TestConfigEnvListTrimmed(t *testing.T) {
	clearEnv(t)
	t.Setenv("CHRONICLE_CORPUS_PATHS", "corpus, README.md ,docs")
	cfg, _, err := LoadConfig(t.Context(), writeConfig(t, ""))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"corpus", "README.md", "docs"}; !slices.Equal(cfg.Corpus.Paths, want) {
		t.Errorf("corpus.paths = %q, want %q", cfg.Corpus.Paths, want)
	}
}

// TestConfigBoolSpaces: a boolean with spaces around it (from the
// environment, or quoted in the file) is read as the word within them, as
// plainBool already let it through: CHRONICLE_DISCORD_GATEWAY=" false " was
// refused as `" false " is not true or false` (helper 152).
func TestConfigBoolSpaces(t *testing.T) {
	clearEnv(t)
	t.Setenv("CHRONICLE_DISCORD_GATEWAY", " false ")
	t.Setenv("CHRONICLE_SCHEDULE_ENABLED", "False\n")
	cfg, _, err := LoadConfig(t.Context(), writeConfig(t, "feedback: {enabled: \" 0\"}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.Validate(false); err != nil {
		t.Fatalf("Validate = %v, want the values read", err)
	}
	if cfg.Discord.Gateway || cfg.Schedule.Enabled || cfg.Feedback.Enabled {
		t.Errorf("gateway %v, schedule.enabled %v, feedback.enabled %v; want all false", cfg.Discord.Gateway, cfg.Schedule.Enabled, cfg.Feedback.Enabled)
	}
}
