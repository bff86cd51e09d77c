package main

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestLogHidesURLCredentials: a feed configured with a user name and
// password in its URL (HTTP Basic authentication), or a token as its user
// name, had them written to the log in every line about the feed and in
// its fetch errors, for whoever reads or ships the log. The log writes any
// URL's user part as "***", in the text and JSON formats alike.
func TestLogHidesURLCredentials(t *testing.T) {
	secrets := []string{"reader", "s3cret-feed-pass", "t0ken-as-user"}
	for _, format := range []string{"text", "json"} {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			log := newLogger(&buf, LogConfig{Format: format, Level: "info"})
			url := "https://reader:s3cret-feed-pass@feeds.example/rss.xml"
			err := fmt.Errorf("fetch %s: %w", url, errors.New(`Get "http://t0ken-as-user@feeds.example/x": dial tcp: refused`))
			log.Warn("feed fetch failed", "feed", url, "error", err)
			log.Info("feed fetched", "feed", "https://feeds.example/open.xml", "items", 3)
			out := buf.String()
			for _, s := range secrets {
				if strings.Contains(out, s) {
					t.Errorf("the log holds %q:\n%s", s, out)
				}
			}
			for _, want := range []string{"https://***@feeds.example/rss.xml", "http://***@feeds.example/x", "https://feeds.example/open.xml", "dial tcp: refused"} {
				if !strings.Contains(out, want) {
					t.Errorf("the log lacks %q:\n%s", want, out)
				}
			}
		})
	}
}

// TestConfigRedactsFeedCredentials: `bot config` replaced the token but
// printed a feed URL's user name and password; it writes them "***", and
// the configuration it was given keeps them (the feeds are fetched with it).
func TestConfigRedactsFeedCredentials(t *testing.T) {
	clearEnv(t)
	out, _, err := runCLI(t, "", "config", "--config", writeConfig(t, `feeds: [{url: "https://reader:s3cret-feed-pass@feeds.example/rss"}]`+"\n"))
	if err != nil {
		t.Fatalf("bot config: %v", err)
	}
	if strings.Contains(out, "s3cret-feed-pass") || strings.Contains(out, "reader") || !strings.Contains(out, "https://***@feeds.example/rss") {
		t.Errorf("bot config printed:\n%s\nwant the feed's URL without its user name and password", out)
	}
	cfg := DefaultConfig()
	cfg.Feeds = []FeedConfig{{URL: "https://reader:pw@feeds.example/rss"}}
	if r := cfg.Redacted(); r.Feeds[0].URL != "https://***@feeds.example/rss" || cfg.Feeds[0].URL != "https://reader:pw@feeds.example/rss" {
		t.Errorf("Redacted gave %q and left %q; want the copy redacted, the original whole", r.Feeds[0].URL, cfg.Feeds[0].URL)
	}
}
