package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/viper"

	"github.com/chronicle-bot/chronicle/internal/feedback"
	"github.com/chronicle-bot/chronicle/internal/terms"
)

// Config is the whole configuration of the bot. Every key can be set in the
// config file or from the environment as CHRONICLE_ + the upper-case key with
// "_" for "." (CHRONICLE_DISCORD_TOKEN); DISCORD_TOKEN is accepted too.
type Config struct {
	Corpus   CorpusConfig   `mapstructure:"corpus" yaml:"corpus"`
	Index    IndexConfig    `mapstructure:"index" yaml:"index"`
	Discord  DiscordConfig  `mapstructure:"discord" yaml:"discord"`
	HTTP     HTTPConfig     `mapstructure:"http" yaml:"http"`
	Feeds    []FeedConfig   `mapstructure:"feeds" yaml:"feeds"`
	Feed     FeedOptions    `mapstructure:"feed" yaml:"feed"`
	Schedule ScheduleConfig `mapstructure:"schedule" yaml:"schedule"`
	Feedback FeedbackConfig `mapstructure:"feedback" yaml:"feedback"`
	Log      LogConfig      `mapstructure:"log" yaml:"log"`

	// problems are the values LoadConfig could not decode (a wrong type),
	// reported by Validate with the other bad values.
	problems []error
	// feedEntries is, for each of Feeds, its place in the file's feeds
	// list, so that Validate names the entry the user wrote when an entry
	// before it was not a map and was left out (nil: Feeds' own places).
	feedEntries []int
}

// CorpusConfig lists the article files, folders and globs to index.
type CorpusConfig struct {
	Paths []string `mapstructure:"paths" yaml:"paths"`
}

// IndexConfig says where the on-disk index lives.
type IndexConfig struct {
	Path string `mapstructure:"path" yaml:"path"`
}

// DiscordConfig holds the Discord application's credentials and endpoints.
type DiscordConfig struct {
	Token         string `mapstructure:"token" yaml:"token"`
	ApplicationID string `mapstructure:"application_id" yaml:"application_id"`
	PublicKey     string `mapstructure:"public_key" yaml:"public_key"`
	GuildID       string `mapstructure:"guild_id" yaml:"guild_id"`
	// AdminGuildID is the bot operator's server, the only one /reindex
	// works in (the index is shared by every server); GuildID when unset.
	AdminGuildID string `mapstructure:"admin_guild_id" yaml:"admin_guild_id"`
	APIURL       string `mapstructure:"api_url" yaml:"api_url"`
	ShardID      int    `mapstructure:"shard_id" yaml:"shard_id"`
	ShardCount   int    `mapstructure:"shard_count" yaml:"shard_count"`
	// Gateway opens the gateway session (the default). Off, interactions
	// come only over HTTP (PublicKey is then required): for the replicas
	// that do not post, which need no session of their own.
	Gateway bool `mapstructure:"gateway" yaml:"gateway"`
}

// HTTPConfig is the address of the interactions endpoint, /healthz and /metrics.
type HTTPConfig struct {
	Addr string `mapstructure:"addr" yaml:"addr"`
}

// FeedConfig is one RSS/Atom/JSON feed and how often to fetch it.
type FeedConfig struct {
	URL      string        `mapstructure:"url" yaml:"url"`
	Interval time.Duration `mapstructure:"interval" yaml:"interval"`
	// FullText fetches each new item's page and keeps the article text
	// extracted from it (readability) when it is longer than the summary.
	FullText bool `mapstructure:"full_text" yaml:"full_text"`
}

// FeedOptions apply to every feed.
type FeedOptions struct {
	// AllowPrivateAddresses lets feeds and their full-text pages be fetched
	// from loopback, private (RFC 1918, fc00::/7), link-local (including
	// the cloud metadata address 169.254.169.254) and other non-public
	// addresses: for intranet feeds. Off by default: those addresses are
	// refused after DNS resolution and on every redirect.
	AllowPrivateAddresses bool `mapstructure:"allow_private_addresses" yaml:"allow_private_addresses"`
}

// ScheduleConfig says where digest schedules are stored and whether this
// process runs them.
type ScheduleConfig struct {
	Path string `mapstructure:"path" yaml:"path"`
	// Enabled runs the digest schedules in this process (the default). With
	// several replicas of `bot serve`, exactly one has it on, so that no
	// digest is posted twice.
	Enabled bool `mapstructure:"enabled" yaml:"enabled"`
}

// FeedbackConfig turns the Helpful and Wrong buttons of /ask on or off and
// says where the votes are kept.
type FeedbackConfig struct {
	// Enabled shows the buttons and records votes (the default).
	Enabled bool `mapstructure:"enabled" yaml:"enabled"`
	// Path is the votes file; "" puts feedback.db beside schedule.path.
	Path string `mapstructure:"path" yaml:"path"`
	// Expire is how long an answer's buttons keep working after it was
	// last shown (feedback.Options.MaxAge); then it is removed from the
	// file. Votes are kept for good.
	Expire time.Duration `mapstructure:"expire" yaml:"expire"`
}

// FeedbackPath is feedback.path, or feedback.db in schedule.path's folder
// when it is empty (so a deployment that moves its state moves both).
func (c Config) FeedbackPath() string {
	if p := strings.TrimSpace(c.Feedback.Path); p != "" {
		return p
	}
	return filepath.Join(filepath.Dir(c.Schedule.Path), "feedback.db")
}

// LogConfig sets the log level (debug, info, warn, error) and format (text,
// json, or auto: text on a terminal, JSON otherwise).
type LogConfig struct {
	Level  string `mapstructure:"level" yaml:"level"`
	Format string `mapstructure:"format" yaml:"format"`
}

// DefaultConfig uses the bundled corpus and keeps state under .chronicle/.
func DefaultConfig() Config {
	return Config{
		Corpus:   CorpusConfig{Paths: []string{"corpus"}},
		Index:    IndexConfig{Path: ".chronicle/index"},
		Discord:  DiscordConfig{APIURL: "https://discord.com", ShardCount: 1, Gateway: true},
		HTTP:     HTTPConfig{Addr: ":8080"},
		Schedule: ScheduleConfig{Path: ".chronicle/schedule.db", Enabled: true},
		Feedback: FeedbackConfig{Enabled: true, Expire: feedback.DefaultMaxAge},
		Log:      LogConfig{Level: "info", Format: "auto"},
	}
}

// configKeys are every known key, bound to the environment explicitly
// (viper's AutomaticEnv alone does not fill nested keys on Unmarshal).
var configKeys = []string{
	"corpus.paths", "index.path", "discord.token", "discord.application_id", "discord.public_key",
	"discord.guild_id", "discord.admin_guild_id", "discord.api_url", "discord.shard_id", "discord.shard_count", "discord.gateway", "http.addr", "feeds",
	"feed.allow_private_addresses", "schedule.path", "schedule.enabled", "feedback.enabled", "feedback.path", "feedback.expire", "log.level", "log.format",
}

// feedKeys are the keys of one entry of feeds.
var feedKeys = []string{"url", "interval", "full_text"}

// envName is the environment variable that sets key.
func envName(key string) string {
	return "CHRONICLE_" + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
}

// LoadConfig reads the config file (path, or ./config.yaml when present)
// and the environment over the defaults. Unknown keys are returned as
// warnings, each with the nearest known key. A value of the wrong type
// (interval: banana) is not an error here: it is kept in the config and
// reported by Validate, together with every other bad value. The error is
// for a file that cannot be read or parsed. The file is YAML whatever its
// name, unless its extension names another format viper reads (.json,
// .toml); a cancelled ctx ends the wait for a file that blocks (a FIFO).
func LoadConfig(ctx context.Context, path string) (Config, []string, error) {
	cfg := DefaultConfig()
	v := viper.New()
	v.SetEnvPrefix("CHRONICLE")
	v.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))
	for _, k := range configKeys {
		if err := v.BindEnv(k); err != nil {
			return cfg, nil, fmt.Errorf("bind %s: %w", k, err)
		}
	}
	if err := v.BindEnv("discord.token", "CHRONICLE_DISCORD_TOKEN", "DISCORD_TOKEN"); err != nil {
		return cfg, nil, fmt.Errorf("bind discord.token: %w", err)
	}
	if path == "" {
		if _, err := os.Stat("config.yaml"); err == nil {
			path = "config.yaml"
		}
	}
	if path != "" {
		data, err := readConfigFile(ctx, path)
		if err != nil {
			return cfg, nil, fmt.Errorf("read config %q: %w", path, err)
		}
		v.SetConfigType(configType(path))
		if err := v.ReadConfig(bytes.NewReader(data)); err != nil {
			// viper's wrapper says "While parsing config: yaml: ...".
			var pe viper.ConfigParseError
			if errors.As(err, &pe) && pe.Unwrap() != nil {
				err = pe.Unwrap()
			}
			return cfg, nil, fmt.Errorf("read config %q: %w", path, err)
		}
	}
	d := decoder{v: v}
	d.decode(&cfg)
	return cfg, append(d.warnings, envTypos(os.Environ())...), nil
}

// envTypos warns about each CHRONICLE_ variable of environ that is a key's
// but empty, and each that sets no key but is a near miss of one that does
// (CHRONICLE_SCHEDULE_ENABLE for CHRONICLE_SCHEDULE_ENABLED). It was
// ignored without a word, and in the replicas' set-up one such typo left
// schedules on in two replicas, which both posted every digest (helper 75). Other CHRONICLE_ variables (the
// tests' and benchmarks' switches) are no key's misspelling and are left
// alone.
func envTypos(environ []string) []string {
	known := make([]string, len(configKeys))
	for i, k := range configKeys {
		known[i] = envName(k)
	}
	var warns []string
	tokens := map[string]string{}
	for _, kv := range environ {
		name, value, _ := strings.Cut(kv, "=")
		if name == "CHRONICLE_DISCORD_TOKEN" || name == "DISCORD_TOKEN" {
			tokens[name] = value
		}
		if slices.Contains(known, name) && value == "" {
			// An empty value sets nothing: the file's value or the default
			// stands. CHRONICLE_SCHEDULE_ENABLED= on a replica left
			// schedules on without a word (helper 83).
			warns = append(warns, fmt.Sprintf("environment variable %s is empty and is ignored: the config file's value or the default stands", name))
			continue
		}
		if !strings.HasPrefix(name, "CHRONICLE_") || slices.Contains(known, name) {
			continue
		}
		best, dist := "", len(name)
		for _, k := range known {
			if d := terms.EditDistance(name, k); d < dist {
				best, dist = k, d
			}
		}
		if dist <= 2 {
			warns = append(warns, fmt.Sprintf("environment variable %s sets nothing and is ignored; did you mean %s?", name, best))
		}
	}
	// Both token variables, set to different tokens: which one is used
	// was said nowhere, and bot config redacts both (nu43).
	if a, b := tokens["CHRONICLE_DISCORD_TOKEN"], tokens["DISCORD_TOKEN"]; a != "" && b != "" && a != b {
		warns = append(warns, "environment variables CHRONICLE_DISCORD_TOKEN and DISCORD_TOKEN are both set, to different tokens: CHRONICLE_DISCORD_TOKEN is used")
	}
	slices.Sort(warns)
	return warns
}

// configType is the format of the config file at path: the one its
// extension names when viper reads it, else YAML.
func configType(path string) string {
	ext := strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), ".")
	if slices.Contains(viper.SupportedExts, ext) {
		return ext
	}
	return "yaml"
}

// readConfigFile reads the config file on a goroutine, so that a cancelled
// ctx ends the wait for one that blocks (a FIFO without a writer); the read
// left waiting ends with the process. A folder is named as one.
func readConfigFile(ctx context.Context, path string) ([]byte, error) {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return nil, errors.New("it is a directory, not a file")
	}
	type result struct {
		data []byte
		err  error
	}
	done := make(chan result, 1)
	go func() {
		data, err := os.ReadFile(path)
		done <- result{data, err}
	}()
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case r := <-done:
		return r.data, r.err
	}
}

// Redacted returns the config with secrets replaced, for printing: the
// token, and the user name and password of a feed's URL ("***").
func (c Config) Redacted() Config {
	if c.Discord.Token != "" {
		c.Discord.Token = "[redacted]"
	}
	c.Feeds = slices.Clone(c.Feeds) // c's slice is the caller's
	for i := range c.Feeds {
		c.Feeds[i].URL = redactURLUsers(c.Feeds[i].URL)
	}
	return c
}

// logLevels are the names log.level takes.
var logLevels = []string{"debug", "info", "warn", "error"}

// slogLevel parses one of logLevels, in any case.
func slogLevel(s string) (slog.Level, error) {
	var l slog.Level
	if !slices.Contains(logLevels, strings.ToLower(s)) {
		return l, fmt.Errorf("%q is not a log level; use one of %s", s, strings.Join(logLevels, ", "))
	}
	err := l.UnmarshalText([]byte(s))
	return l, err
}
