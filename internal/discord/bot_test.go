package discord

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle/internal/commands"
	"github.com/chronicle-bot/chronicle/internal/discord/discordtest"
	"github.com/chronicle-bot/chronicle/internal/schedule"
)

func TestNewErrors(t *testing.T) {
	r := newRouter(t, nil)
	tests := []struct {
		name string
		cfg  Config
		want []string
	}{
		{"no token", Config{}, []string{"discord.token", "DISCORD_TOKEN"}},
		{"blank token", Config{Token: "Bot  "}, []string{"discord.token"}},
		{"bad public key", Config{Token: "x", PublicKey: "zz"}, []string{"discord.public_key"}},
		{"short public key", Config{Token: "x", PublicKey: "abcd"}, []string{"discord.public_key"}},
		{"bad api url", Config{Token: "x", APIURL: "discord.com"}, []string{"discord.api_url"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.cfg, r, nil)
			if err == nil {
				t.Fatal("New succeeded, want an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("New error = %q, want it to name %q", err, w)
				}
			}
		})
	}
}

func TestTokenRejected(t *testing.T) {
	fake.Reset()
	b, err := New(Config{Token: "wrong-token", APIURL: fake.URL}, newRouter(t, nil), nil)
	if err != nil {
		t.Fatal(err)
	}
	err = b.Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "token rejected") {
		t.Errorf("Run = %v, want a token rejected error", err)
	}
}

func TestRegister(t *testing.T) {
	tests := []struct {
		name, guild string
	}{
		{"global", ""},
		{"guild", discordtest.GuildID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake.Reset()
			b, err := New(Config{Token: fake.Token, APIURL: fake.URL, GuildID: tt.guild}, newRouter(t, nil), nil)
			if err != nil {
				t.Fatal(err)
			}
			for range 2 { // idempotent: every start overwrites the same set
				if err := b.Register(context.Background()); err != nil {
					t.Fatal(err)
				}
			}
			var cmds []struct {
				Name string `json:"name"`
				Type int    `json:"type"`
			}
			if err := json.Unmarshal(fake.Commands(tt.guild), &cmds); err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, c := range cmds {
				names = append(names, c.Name)
			}
			if got := strings.Join(names, ","); got != "ask,search,article,sources,Check in sources,help" {
				t.Errorf("registered %s", got)
			}
			if cmds[4].Type != 3 {
				t.Errorf("Check in sources has type %d, want 3 (message)", cmds[4].Type)
			}
			puts := 0
			for _, r := range fake.Requests() {
				if r.Method == http.MethodPut {
					puts++
				}
			}
			if puts != 2 {
				t.Errorf("%d bulk overwrites, want 2", puts)
			}
		})
	}
}

func TestPost(t *testing.T) {
	fake.Reset()
	b, err := New(Config{Token: fake.Token, APIURL: fake.URL}, newRouter(t, nil), nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	resp := commands.Response{Content: strings.Repeat("Digest @everyone ", 300), Embeds: []commands.Embed{{Title: "Digest"}}}
	if err := b.Post(ctx, "700", resp); err != nil {
		t.Fatalf("Post: %v", err)
	}
	msg := fake.WaitChannelMessage(t, "700")
	if !msg.MentionsDisabled() || len([]rune(msg.Content)) > 2000 {
		t.Errorf("posted message: mentions %+v, %d characters", msg.AllowedMentions, len([]rune(msg.Content)))
	}
	tests := []struct {
		status int
		want   error
		other  error
	}{
		{http.StatusForbidden, ErrForbidden, ErrNotFound},
		{http.StatusNotFound, ErrNotFound, ErrForbidden},
	}
	for _, tt := range tests {
		t.Run(http.StatusText(tt.status), func(t *testing.T) {
			fake.SetChannelStatus("701", tt.status)
			err := b.Post(ctx, "701", commands.Response{Content: "x"})
			var apiErr *APIError
			if !errors.Is(err, tt.want) || errors.Is(err, tt.other) || !errors.As(err, &apiErr) || apiErr.Status != tt.status {
				t.Errorf("Post = %v, want %v", err, tt.want)
			}
		})
	}
	// A route a REST proxy does not know answers 404 with code 0: through
	// the real client it is an APIError that is not permanent, while the
	// channel's own 404 (Unknown Channel) and 403 (Missing Access) are.
	t.Run("404 code 0 not permanent", func(t *testing.T) {
		fake.SetChannelStatus("703", 0)
		fake.FailNext(http.MethodPost, "/channels/703/", http.StatusNotFound, 0, 1)
		err := b.Post(ctx, "703", commands.Response{Content: "x"})
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.Status != http.StatusNotFound || apiErr.Code != 0 || schedule.Permanent(err) {
			t.Errorf("Post = %v (permanent %v), want a 404 of code 0 that is not permanent", err, schedule.Permanent(err))
		}
		for _, status := range []int{http.StatusForbidden, http.StatusNotFound} {
			fake.SetChannelStatus("703", status)
			if err := b.Post(ctx, "703", commands.Response{Content: "x"}); !schedule.Permanent(err) {
				t.Errorf("Post to a channel answering %d = %v, want a permanent error", status, err)
			}
		}
		fake.SetChannelStatus("703", 0)
	})
	t.Run("429 retried", func(t *testing.T) {
		fake.SetChannelStatus("702", 0)
		fake.FailNext(http.MethodPost, "/channels/702/", http.StatusTooManyRequests, 0, 1)
		if err := b.Post(ctx, "702", commands.Response{Content: "x"}); err != nil {
			t.Errorf("Post after 429 = %v", err)
		}
	})
}

func TestRedactURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"http://h/api/v9/interactions/123/secret/callback", "http://h/api/v9/interactions/123/***/callback"},
		{"http://h/api/v9/webhooks/app/secret/messages/@original", "http://h/api/v9/webhooks/app/***/messages/@original"},
		{"http://h/api/v9/channels/1/messages", "http://h/api/v9/channels/1/messages"},
	}
	for _, tt := range tests {
		if got := redactURL(tt.in); got != tt.want {
			t.Errorf("redactURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestTokenCheckBadGateway: a 502 from Discord or a proxy at the token
// check says so in a line, with what to do; it said discordgo's words,
// with the proxy's whole HTML page in them.
func TestTokenCheckBadGateway(t *testing.T) {
	page := "<html><head><title>502 Bad Gateway</title></head><body>" + strings.Repeat("<p>nginx</p>", 400) + "</body></html>"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		io.WriteString(w, page)
	}))
	defer srv.Close()
	b, err := New(Config{Token: "t", APIURL: srv.URL}, newRouter(t, nil), nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err = b.Run(ctx)
	if err == nil {
		t.Fatal("Run = nil, want the token check's error")
	}
	msg := err.Error()
	for _, want := range []string{"check token: HTTP 502", "not answering", "try again"} {
		if !strings.Contains(msg, want) {
			t.Errorf("Run = %q, want it to say %q", msg, want)
		}
	}
	if strings.Contains(msg, "<html>") || len(msg) > 300 {
		t.Errorf("Run = %q (%d bytes), want one line without the page", msg, len(msg))
	}
}
