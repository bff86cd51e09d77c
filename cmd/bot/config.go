package main

import (
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/go-viper/mapstructure/v2"
	"github.com/spf13/viper"
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
	Log      LogConfig      `mapstructure:"log" yaml:"log"`
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
	APIURL        string `mapstructure:"api_url" yaml:"api_url"`
	ShardID       int    `mapstructure:"shard_id" yaml:"shard_id"`
	ShardCount    int    `mapstructure:"shard_count" yaml:"shard_count"`
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

// ScheduleConfig says where digest schedules are stored.
type ScheduleConfig struct {
	Path string `mapstructure:"path" yaml:"path"`
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
		Discord:  DiscordConfig{APIURL: "https://discord.com", ShardCount: 1},
		HTTP:     HTTPConfig{Addr: ":8080"},
		Schedule: ScheduleConfig{Path: ".chronicle/schedule.db"},
		Log:      LogConfig{Level: "info", Format: "auto"},
	}
}

// configKeys are every known key, bound to the environment explicitly
// (viper's AutomaticEnv alone does not fill nested keys on Unmarshal).
var configKeys = []string{
	"corpus.paths", "index.path", "discord.token", "discord.application_id", "discord.public_key",
	"discord.guild_id", "discord.api_url", "discord.shard_id", "discord.shard_count", "http.addr", "feeds",
	"feed.allow_private_addresses", "schedule.path", "log.level", "log.format",
}

// LoadConfig reads the config file (path, or ./config.yaml when present)
// and the environment over the defaults. Unknown keys are returned as
// warnings.
func LoadConfig(path string) (Config, []string, error) {
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
	switch {
	case path != "":
		v.SetConfigFile(path)
	default:
		if _, err := os.Stat("config.yaml"); err == nil {
			v.SetConfigFile("config.yaml")
		}
	}
	if v.ConfigFileUsed() != "" {
		if err := v.ReadInConfig(); err != nil {
			return cfg, nil, fmt.Errorf("read config %q: %w", v.ConfigFileUsed(), err)
		}
	}
	var warnings []string
	for _, k := range v.AllKeys() {
		if !slices.Contains(configKeys, k) && !strings.HasPrefix(k, "feeds.") {
			warnings = append(warnings, fmt.Sprintf("unknown config key %q ignored", k))
		}
	}
	// Env vars for list keys arrive as one string.
	hook := mapstructure.ComposeDecodeHookFunc(
		mapstructure.StringToTimeDurationHookFunc(),
		mapstructure.StringToSliceHookFunc(","),
	)
	if err := v.Unmarshal(&cfg, viper.DecodeHook(hook)); err != nil {
		return cfg, warnings, fmt.Errorf("config: %w", err)
	}
	return cfg, warnings, nil
}

// Validate checks every value and names each bad key. serve adds the checks
// that only the Discord bot needs.
func (c Config) Validate(serve bool) error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", key, fmt.Sprintf(format, args...)))
	}
	if len(c.Corpus.Paths) == 0 {
		bad("corpus.paths", "at least one file, folder or glob is needed")
	}
	if strings.TrimSpace(c.Index.Path) == "" {
		bad("index.path", "must not be empty")
	}
	if _, err := slogLevel(c.Log.Level); err != nil {
		bad("log.level", "%v", err)
	}
	if !slices.Contains([]string{"auto", "text", "json"}, c.Log.Format) {
		bad("log.format", "%q is not one of auto, text, json", c.Log.Format)
	}
	for i, f := range c.Feeds {
		if !strings.HasPrefix(f.URL, "http://") && !strings.HasPrefix(f.URL, "https://") {
			bad(fmt.Sprintf("feeds[%d].url", i), "%q is not an http(s) URL", f.URL)
		}
		if f.Interval != 0 && f.Interval < time.Minute {
			bad(fmt.Sprintf("feeds[%d].interval", i), "%s is shorter than 1m", f.Interval)
		}
	}
	if k := c.Discord.PublicKey; k != "" {
		if b, err := hex.DecodeString(k); err != nil || len(b) != 32 {
			bad("discord.public_key", "must be 64 hex characters (the application's public key)")
		}
	}
	if c.Discord.ShardCount < 1 || c.Discord.ShardID < 0 || c.Discord.ShardID >= c.Discord.ShardCount {
		bad("discord.shard_id", "shard %d of %d is out of range", c.Discord.ShardID, c.Discord.ShardCount)
	}
	if u := c.Discord.APIURL; !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
		bad("discord.api_url", "%q is not an http(s) URL", u)
	}
	if _, _, err := net.SplitHostPort(c.HTTP.Addr); err != nil {
		bad("http.addr", "%q is not a host:port address like :8080 or 127.0.0.1:8080", c.HTTP.Addr)
	}
	if strings.TrimSpace(c.Schedule.Path) == "" {
		bad("schedule.path", "must not be empty")
	}
	seen := map[string]bool{}
	for i, f := range c.Feeds {
		if seen[f.URL] {
			bad(fmt.Sprintf("feeds[%d].url", i), "%q is listed twice", f.URL)
		}
		seen[f.URL] = true
	}
	if serve {
		if c.Discord.Token == "" {
			bad("discord.token", "is required for serve (set it in the config file or DISCORD_TOKEN)")
		}
		if c.Discord.ApplicationID == "" {
			bad("discord.application_id", "is required for serve")
		}
	}
	return errors.Join(errs...)
}

// Redacted returns the config with secrets replaced, for printing.
func (c Config) Redacted() Config {
	if c.Discord.Token != "" {
		c.Discord.Token = "[redacted]"
	}
	return c
}

func slogLevel(s string) (slog.Level, error) {
	var l slog.Level
	err := l.UnmarshalText([]byte(s))
	return l, err
}
