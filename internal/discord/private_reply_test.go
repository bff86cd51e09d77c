package discord

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/commands"
	"github.com/chronicle-bot/chronicle/internal/discord/discordtest"
	"golang.org/x/time/rate"
)

// troubleAnswerer fails the questions that say so: "... invalid" with a
// refusal of the input (EINVALID), "... broken" with a failure of the bot.
// Questions starting with "slow" take 1.2s first, so that a router deferring
// after 600ms defers them. Any other question gets isisAnswerer's answer.
type troubleAnswerer struct{}

func (troubleAnswerer) Ask(ctx context.Context, q string, asOf time.Time) (chronicle.Answer, error) {
	if strings.HasPrefix(q, "slow") {
		select {
		case <-time.After(1200 * time.Millisecond):
		case <-ctx.Done():
			return chronicle.Answer{}, ctx.Err()
		}
	}
	switch {
	case strings.HasSuffix(q, "invalid"):
		return chronicle.Answer{}, chronicle.Errorf(chronicle.EINVALID, "That question names no event I know.")
	case strings.HasSuffix(q, "broken"):
		return chronicle.Answer{}, errors.New("index closed")
	}
	return isisAnswerer{}.Ask(ctx, q, asOf)
}

// askAs is /ask with question q from user, held by holdLate (below) when
// hold is set.
func askAs(user, q string, hold bool) *discordgo.Interaction {
	opts := map[string]any{"question": q}
	if hold {
		opts["hold"] = "yes"
	}
	i := discordtest.SlashCommand("ask", opts)
	i.Member.User.ID = user
	return i
}

// holdLate holds an interaction with the option "hold" until the HTTP
// endpoint has answered it, so that the endpoint always defers on its own
// (as when the router's goroutine waits for a processor under load).
func holdLate(next commands.Handler) commands.Handler {
	return func(ctx context.Context, req commands.Request, rs commands.Responder) {
		if hr, ok := rs.(*httpResponder); ok && req.Option("hold") != "" {
			<-hr.written
		}
		next(ctx, req, rs)
	}
}

// wantPrivateReply checks that the reply to the interaction with token, which
// was acknowledged with a public "thinking…" placeholder, reaches its user
// only: the placeholder is deleted, then an ephemeral followup says want.
// An edit of the placeholder would show the reply to the whole channel,
// as Discord keeps a deferral's visibility for the edit (and for a first
// followup, which edits the placeholder too while it is there).
func wantPrivateReply(t *testing.T, token, want string) {
	t.Helper()
	original := "/webhooks/" + fake.AppID + "/" + token + "/messages/@original"
	followup := "/webhooks/" + fake.AppID + "/" + token
	isReply := func(r discordtest.Request) bool {
		return r.Status < 300 && ((r.Method == http.MethodPatch && strings.HasSuffix(r.Path, original)) ||
			(r.Method == http.MethodPost && strings.HasSuffix(r.Path, followup)))
	}
	reply := fake.WaitFor(t, "the reply for "+token, isReply)
	var msg discordtest.Message
	if err := json.Unmarshal(reply.Body, &msg); err != nil {
		t.Fatalf("reply body %s: %v", reply.Body, err)
	}
	if reply.Method == http.MethodPatch {
		t.Fatalf("the private reply %q edited the public placeholder: the whole channel sees it", msg.Text())
	}
	if !msg.Ephemeral() || !strings.Contains(msg.Text(), want) {
		t.Errorf("followup = %q (ephemeral %v), want an ephemeral %q", msg.Text(), msg.Ephemeral(), want)
	}
	deleted := false
	for _, r := range fake.Requests() {
		if isReply(r) {
			break // the reply itself: the deletion must come before it
		}
		deleted = deleted || (r.Method == http.MethodDelete && r.Status < 300 && strings.HasSuffix(r.Path, original))
	}
	if !deleted {
		t.Errorf("no DELETE %s before the followup: the public placeholder stays in the channel (or the followup edits it)", original)
	}
}

// A refusal or error meant for its user alone stays private when the HTTP
// endpoint has deferred on its own with a public placeholder (the router
// late, the command public): the refusal of a rate-limited user, a bad
// input, an internal error. Before, the reply edited the public placeholder.
func TestHTTPEndpointDeferKeepsRefusalPrivate(t *testing.T) {
	r, err := commands.NewRouter(commands.RouterConfig{RateLimit: rate.Every(time.Hour), RateBurst: 1,
		Middleware: []commands.Middleware{holdLate}},
		&commands.Ask{Answerer: troubleAnswerer{}})
	if err != nil {
		t.Fatal(err)
	}
	h := newHTTPBotWith(t, r)
	tests := []struct {
		name  string
		first *discordgo.Interaction // sent and answered before i, when set
		i     *discordgo.Interaction
		want  string
	}{
		{"rate limited", askAs("301", "Who claimed it?", false), askAs("301", "Who claimed it?", true), "Slow down a little"},
		{"bad input", nil, askAs("302", "", true), "Ask me a question"},
		{"refused by the handler", nil, askAs("303", "which event is invalid", true), "That question names no event I know."},
		{"internal error", nil, askAs("304", "which event is broken", true), "Something went wrong"},
	}
	for _, tt := range tests {
		var first []byte
		if tt.first != nil {
			first = interactionJSON(t, tt.first)
		}
		body := interactionJSON(t, tt.i)
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if first != nil {
				status, out := h.post(t, http.DefaultClient, first, h.now, true)
				if status != http.StatusOK || !strings.Contains(string(out), `"type":4`) {
					t.Fatalf("the first ask: HTTP %d %s, want an answer", status, out)
				}
			}
			status, out := h.post(t, http.DefaultClient, body, h.now, true)
			var cb discordtest.Callback
			if err := json.Unmarshal(out, &cb); err != nil || status != http.StatusOK || cb.Type != 5 || cb.Data.Ephemeral() {
				t.Fatalf("HTTP %d %s; want the endpoint's public type 5 deferral", status, out)
			}
			wantPrivateReply(t, tt.i.Token, tt.want)
		})
	}
}

// The same over the gateway, where the router itself deferred a public
// command (the handler slow) and the handler then failed.
func TestGatewayDeferredErrorStaysPrivate(t *testing.T) {
	fake.Reset()
	r, err := commands.NewRouter(commands.RouterConfig{RateLimit: rate.Inf, DeferAfter: 600 * time.Millisecond, Timeout: 5 * time.Second},
		&commands.Ask{Answerer: troubleAnswerer{}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := New(Config{Token: fake.Token, APIURL: fake.URL}, r, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	runBot(t, b)
	tests := []struct {
		name, question, want string
	}{
		{"refused by the handler", "slow: which event is invalid", "That question names no event I know."},
		{"internal error", "slow: which event is broken", "Something went wrong"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, token := fake.Interact(t, askAs(discordtest.UserID, tt.question, false))
			cb, _ := fake.WaitCallback(t, id)
			if cb.Type != 5 || cb.Data.Ephemeral() {
				t.Fatalf("callback type %d ephemeral %v; want the router's public type 5 deferral", cb.Type, cb.Data.Ephemeral())
			}
			wantPrivateReply(t, token, tt.want)
			if _, msg := fake.WaitReply(t, id, token); !msg.Ephemeral() || !strings.Contains(msg.Text(), tt.want) {
				t.Errorf("WaitReply = %q (ephemeral %v), want the private followup", msg.Text(), msg.Ephemeral())
			}
		})
	}
	// When the placeholder cannot be deleted, the private reply is not sent
	// at all rather than shown to the channel.
	t.Run("placeholder not deleted", func(t *testing.T) {
		fake.FailNext(http.MethodDelete, "/messages/@original", http.StatusNotFound, 0, 1)
		id, token := fake.Interact(t, askAs(discordtest.UserID, "slow: which event is broken", false))
		if cb, _ := fake.WaitCallback(t, id); cb.Type != 5 {
			t.Fatalf("callback type %d, want 5", cb.Type)
		}
		fake.WaitFor(t, "the refused deletion", func(r discordtest.Request) bool {
			return r.Method == http.MethodDelete && r.Status == http.StatusNotFound && strings.Contains(r.Path, token)
		})
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := r.Wait(ctx); err != nil {
			t.Fatalf("router.Wait: %v", err)
		}
		for _, req := range fake.Requests() {
			if strings.Contains(req.Path, "/webhooks/"+fake.AppID+"/"+token) && req.Method != http.MethodDelete {
				t.Errorf("%s %s %s after the failed deletion, want nothing sent", req.Method, req.Path, req.Body)
			}
		}
	})
}
