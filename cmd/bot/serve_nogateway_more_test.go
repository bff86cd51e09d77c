package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/chronicle-bot/chronicle/internal/commands"
	"github.com/chronicle-bot/chronicle/internal/discord/discordtest"
	"github.com/chronicle-bot/chronicle/internal/schedule"
	"github.com/chronicle-bot/chronicle/internal/testlog"
)

// TestServeWithoutGatewayShutdown: without the gateway, a slow answer in
// flight over HTTP (deferred, then edited over REST) is finished when the
// bot is stopped, and Run waits for it without hanging.
func TestServeWithoutGatewayShutdown(t *testing.T) {
	pub, priv := newKey(t)
	cfg := testConfig(t, pub)
	cfg.Discord.Gateway = false
	slow := &slowAnswerer{delay: time.Second, started: make(chan string, 2)}
	r := startMain(t, cfg, MainOptions{Answerer: slow, ShutdownTimeout: 10 * time.Second,
		Router: commands.RouterConfig{DeferAfter: 50 * time.Millisecond}})
	base := "http://" + r.m.Addr()
	i := discordtest.SlashCommand("ask", map[string]any{"question": "slow question"})
	req := signedRequest(t, base, priv, i, false)
	go func() {
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
		}
	}()
	select {
	case <-slow.started:
	case <-time.After(10 * time.Second):
		t.Fatal("the interaction never reached the answerer")
	}
	start := time.Now()
	if err := r.stop(t); err != nil {
		t.Errorf("Run = %v, want nil after cancel", err)
	}
	if d := time.Since(start); d < 500*time.Millisecond {
		t.Errorf("Run returned %s after cancel: it did not wait for the slow answer", d)
	}
	if msg := fake.WaitEdit(t, i.Token); !strings.Contains(msg.Text(), "The slow answer") {
		t.Errorf("reply after shutdown = %q, want the slow answer", msg.Text())
	}
}

// TestServeWithoutGatewayPostsSchedules: a due schedule is posted over REST
// by a bot without the gateway.
func TestServeWithoutGatewayPostsSchedules(t *testing.T) {
	pub, _ := newKey(t)
	cfg := testConfig(t, pub)
	cfg.Discord.Gateway = false
	r := startMain(t, cfg, MainOptions{})
	waitSynced(t, "http://"+r.m.Addr())
	ctx := context.Background()
	if _, err := r.m.store.Add(ctx, schedule.Schedule{GuildID: discordtest.GuildID, ChannelID: discordtest.ChannelID,
		Spec: "0 * * * *", Days: 1, PostWhenEmpty: true, Created: time.Now().Add(-3 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := r.m.sched.RunOnce(ctx); err != nil {
		t.Fatalf("RunOnce: %v", err)
	}
	if posts := watchPosts(t, discordtest.ChannelID); len(posts) != 1 || !strings.Contains(posts[0].Text(), "No coverage") {
		t.Errorf("posts = %v, want the one due digest (of an empty window)", posts)
	}
	if n := fake.GatewayDials(); n != 0 {
		t.Errorf("gateway connections tried = %d, want 0", n)
	}
}

// TestServeWithoutGatewayWhenRefused: a bot without the gateway starts,
// and is ready, while Discord's gateway refuses every connection.
func TestServeWithoutGatewayWhenRefused(t *testing.T) {
	pub, _ := newKey(t)
	cfg := testConfig(t, pub)
	cfg.Discord.Gateway = false
	fake.Reset()
	defer fake.Reset()
	fake.RefuseGateway(1000)
	logs := &testlog.Buffer{}
	m, err := NewMain(context.Background(), cfg, slog.New(slog.NewTextHandler(logs, nil)), MainOptions{ShutdownTimeout: testShutdown, Router: commands.RouterConfig{RateLimit: rate.Inf}})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx) }()
	waitHealthy(t, "http://"+m.Addr())
	time.Sleep(300 * time.Millisecond)
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run = %v, want nil", err)
	}
	if n := fake.GatewayDials(); n != 0 {
		t.Errorf("gateway connections tried = %d, want 0", n)
	}
}

// TestServeWithoutGatewayRegisterFails: without the gateway, a bot whose
// command registration (or token check) Discord refuses stops at once
// with that error; it does not wait for a shutdown that never comes.
func TestServeWithoutGatewayRegisterFails(t *testing.T) {
	for _, tc := range []struct {
		method, path string
		status       int
		want         string
	}{
		{"PUT", "/commands", 500, "register commands: HTTP 500"},
		{"PUT", "/commands", 403, "register commands: HTTP 403"},
		{"GET", "/users/@me", 401, "token rejected"},
		{"GET", "/users/@me", 502, "check token"},
	} {
		t.Run(fmt.Sprintf("%s %s %d", tc.method, tc.path, tc.status), func(t *testing.T) {
			pub, _ := newKey(t)
			cfg := testConfig(t, pub)
			cfg.Discord.Gateway = false
			fake.Reset()
			defer fake.Reset()
			fake.FailNext(tc.method, tc.path, tc.status, 0, 1000)
			logs := &testlog.Buffer{}
			m, err := NewMain(context.Background(), cfg, slog.New(slog.NewTextHandler(logs, nil)), MainOptions{ShutdownTimeout: testShutdown, Router: commands.RouterConfig{RateLimit: rate.Inf}})
			if err != nil {
				t.Fatal(err)
			}
			defer m.Close()
			done := make(chan error, 1)
			go func() { done <- m.Run(context.Background()) }()
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Count(err.Error(), "discord:") != 1 {
					t.Errorf("Run = %v, want one error saying %q", err, tc.want)
				}
			case <-time.After(30 * time.Second):
				t.Fatalf("Run still running 30s after start; logs:\n%s", logs.String())
			}
		})
	}
}
