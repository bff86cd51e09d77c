package main

import (
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle/internal/discord/discordtest"
)

// TestSourcesHidesFeedCredentials: a feed configured with a user name and
// password in its URL (HTTP Basic authentication, as private feeds take
// it), or a token as its user name, is listed by /sources, which any member
// of any server may run and whose reply the channel sees, without them:
// they were shown as the name of a feed not yet fetched (the URL itself)
// and in the last fetch's error ("fetch http://reader:<password>@…:
// unexpected status", or Go's `Get "http://<token>@…": dial tcp …`).
func TestSourcesHidesFeedCredentials(t *testing.T) {
	refusing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no", http.StatusUnauthorized)
	}))
	defer refusing.Close()
	// A port nobody listens on: the fetch fails in the transport.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close()
	for _, tc := range []struct {
		name, userinfo, host string
		secrets              []string
		failure              string
	}{
		{"password, refused", "reader:s3cret-feed-pass", strings.TrimPrefix(refusing.URL, "http://"), []string{"s3cret-feed-pass"}, "401"},
		{"password, unreachable", "reader-n4me:s3cret-feed-pass", closed, []string{"s3cret-feed-pass", "reader-n4me"}, "dial tcp"},
		{"token, unreachable", "t0ken-as-user", closed, []string{"t0ken-as-user"}, "dial tcp"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testConfig(t, "")
			cfg.Feeds = []FeedConfig{{URL: "http://" + tc.userinfo + "@" + tc.host + "/rss.xml", Interval: time.Hour}}
			cfg.Feed.AllowPrivateAddresses = true
			r := startMain(t, cfg, MainOptions{})
			waitFor(t, "the feed's fetch to fail", func() bool {
				hs := r.m.fetcher.Health()
				return len(hs) == 1 && hs[0].LastError != ""
			})
			text := reply(t, discordtest.SlashCommand("sources", nil)).Text()
			t.Logf("/sources: %s", text)
			if !strings.Contains(text, tc.failure) {
				t.Errorf("/sources = %q, want the feed's failure (%s) shown", text, tc.failure)
			}
			for _, s := range tc.secrets {
				if strings.Contains(text, s) {
					t.Errorf("/sources shows %q of the feed's URL:\n%s", s, text)
				}
			}
		})
	}
}
