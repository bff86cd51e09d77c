package discord

import (
	"context"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle/internal/discord/discordtest"
)

// TestGateway drives every command through the real discordgo client and
// the fake Discord's gateway, with one bot shared by the subtests.
func TestGateway(t *testing.T) {
	events := &eventLog{}
	_, logs := startBot(t, Config{OnEvent: events.add})
	if got := fake.Intents(); got != 1 {
		t.Errorf("IDENTIFY intents = %d, want 1 (guilds only)", got)
	}
	var moreID string

	t.Run("ask", func(t *testing.T) {
		id, token := fake.Interact(t, discordtest.SlashCommand("ask", map[string]any{"question": "Who claimed the Moscow attack?"}))
		cb, msg := fake.WaitReply(t, id, token)
		if cb.Type != 4 {
			t.Fatalf("callback type = %d, want 4", cb.Type)
		}
		text := msg.Text()
		for _, want := range []string{"Islamic State **claimed responsibility** for the attack", "Moscow concert hall attack", "*BBC*, 2024-03-23"} {
			if !strings.Contains(text, want) {
				t.Errorf("reply =\n%s\nwant %q", text, want)
			}
		}
		if msg.Embeds[0].URL != "https://bbc.example/moscow" {
			t.Errorf("embed URL = %q", msg.Embeds[0].URL)
		}
		if strings.Contains(text, "@everyone") || strings.Contains(text, "<@123>") {
			t.Errorf("mention not neutralised:\n%s", text)
		}
		if !msg.MentionsDisabled() {
			t.Errorf("allowed mentions = %+v, want none", msg.AllowedMentions)
		}
		b, ok := msg.Button("More sources")
		if !ok {
			t.Fatalf("no More sources button in %+v", msg.Components)
		}
		moreID = b.CustomID
	})

	t.Run("more sources button", func(t *testing.T) {
		id, token := fake.Interact(t, discordtest.ButtonClick(moreID))
		cb, msg := fake.WaitReply(t, id, token)
		if cb.Type != 4 || !msg.Ephemeral() || !strings.Contains(msg.Text(), "Moscow attack update 0") {
			t.Errorf("callback %d ephemeral=%v:\n%s", cb.Type, msg.Ephemeral(), msg.Text())
		}
	})

	t.Run("search pagination", func(t *testing.T) {
		id, token := fake.Interact(t, discordtest.SlashCommand("search", map[string]any{"query": "Moscow attack"}))
		_, msg := fake.WaitReply(t, id, token)
		if !strings.Contains(msg.Text(), "Page 1 of 3 · 12 articles") {
			t.Fatalf("page 1:\n%s", msg.Text())
		}
		next, _ := msg.Button("Next")
		id, token = fake.Interact(t, discordtest.ButtonClick(next.CustomID))
		cb, msg := fake.WaitReply(t, id, token)
		if cb.Type != 7 || !strings.Contains(msg.Text(), "Page 2 of 3") || !strings.Contains(msg.Text(), "**6. [Moscow attack update 5]") {
			t.Errorf("page 2 (callback %d):\n%s", cb.Type, msg.Text())
		}
		if prev, _ := msg.Button("Previous"); prev.Disabled {
			t.Error("Previous disabled on page 2")
		}
	})

	t.Run("expired button", func(t *testing.T) {
		id, token := fake.Interact(t, discordtest.ButtonClick("search:v0:3:Moscow"))
		_, msg := fake.WaitReply(t, id, token)
		if msg.Content != "This button has expired. Run /search again." || !msg.Ephemeral() {
			t.Errorf("reply = %+v", msg)
		}
	})

	t.Run("autocomplete", func(t *testing.T) {
		id, token := fake.Interact(t, discordtest.Autocomplete("article", "id", "Moscow"))
		cb, _ := fake.WaitReply(t, id, token)
		if cb.Type != 8 || len(cb.Data.Choices) != 3 || cb.Data.Choices[0].Value != "art-00" {
			t.Errorf("callback %d choices %+v", cb.Type, cb.Data.Choices)
		}
	})

	commandsTable := []struct {
		name    string
		options map[string]any
		want    string
	}{
		{"article", map[string]any{"id": "art-03"}, "Update 3 on the Moscow attack."},
		{"sources", nil, "2024-03-10 to 2024-03-21"},
		{"help", nil, "/search query:… [from] [to]"},
	}
	for _, tt := range commandsTable {
		t.Run(tt.name, func(t *testing.T) {
			id, token := fake.Interact(t, discordtest.SlashCommand(tt.name, tt.options))
			_, msg := fake.WaitReply(t, id, token)
			if !strings.Contains(msg.Text(), tt.want) {
				t.Errorf("/%s reply =\n%s\nwant %q", tt.name, msg.Text(), tt.want)
			}
		})
	}

	t.Run("check in sources", func(t *testing.T) {
		id, token := fake.Interact(t, discordtest.MessageCommand("Check in sources", "ISIS did it, @everyone knows. "+strings.Repeat("blah ", 200)))
		_, msg := fake.WaitReply(t, id, token)
		if !strings.Contains(msg.Content, "Checking: “ISIS did it, @\u200beveryone knows.”") || !strings.Contains(msg.Text(), "Islamic State") {
			t.Errorf("reply =\n%s", msg.Text())
		}
	})

	t.Run("check in sources, spoiler stays hidden", func(t *testing.T) {
		id, token := fake.Interact(t, discordtest.MessageCommand("Check in sources", "ISIS did it. ||Krasnogorsk, 137 dead||"))
		_, msg := fake.WaitReply(t, id, token)
		if strings.Contains(msg.Text(), "Krasnogorsk") || !strings.Contains(msg.Content, "Checking: “ISIS did it.”") {
			t.Errorf("reply =\n%s\nwant the spoilered text left out", msg.Text())
		}
	})

	t.Run("deferred", func(t *testing.T) {
		id, token := fake.Interact(t, discordtest.SlashCommand("ask", map[string]any{"question": "slow: who claimed it?"}))
		cb, msg := fake.WaitReply(t, id, token)
		if cb.Type != 5 {
			t.Errorf("callback type = %d, want 5 (deferred)", cb.Type)
		}
		if !strings.Contains(msg.Text(), "Islamic State") || !msg.MentionsDisabled() {
			t.Errorf("edit =\n%s", msg.Text())
		}
	})

	t.Run("429 on callback", func(t *testing.T) {
		fake.FailNext(http.MethodPost, "/callback", http.StatusTooManyRequests, 300*time.Millisecond, 1)
		id, token := fake.Interact(t, discordtest.SlashCommand("ask", map[string]any{"question": "Who claimed it?"}))
		_, msg := fake.WaitReply(t, id, token)
		if !strings.Contains(msg.Text(), "Islamic State") {
			t.Errorf("reply =\n%s", msg.Text())
		}
		var statuses []int
		for _, r := range fake.Requests() {
			if strings.Contains(r.Path, "/interactions/"+id+"/") {
				statuses = append(statuses, r.Status)
			}
		}
		if len(statuses) != 2 || statuses[0] != 429 || statuses[1] != 204 {
			t.Errorf("callback statuses = %v, want [429 204]", statuses)
		}
		if l := logs.String(); !strings.Contains(l, "REST rate limited; retrying") || strings.Contains(l, token) {
			t.Errorf("rate limit not logged (or token leaked):\n%s", l)
		}
		if got := events.since(0); !slices.Contains(got, EventRateLimited) {
			t.Errorf("events %v, want %v", got, EventRateLimited)
		}
	})

	t.Run("dropped connection", func(t *testing.T) {
		_, resumesBefore := fake.GatewayStats()
		before := len(events.since(0))
		fake.Drop()
		id, token := fake.Interact(t, discordtest.SlashCommand("ask", map[string]any{"question": "Still there?"}))
		_, msg := fake.WaitReply(t, id, token)
		if !strings.Contains(msg.Text(), "Islamic State") {
			t.Errorf("reply after reconnect =\n%s", msg.Text())
		}
		if _, resumes := fake.GatewayStats(); resumes <= resumesBefore {
			t.Errorf("resumes = %d, want more than %d", resumes, resumesBefore)
		}
		if l := logs.String(); !strings.Contains(l, "gateway disconnected; reconnecting") || !strings.Contains(l, "gateway session resumed") {
			t.Errorf("reconnect not logged:\n%s", l)
		}
		got := events.since(before)
		if i := slices.Index(got, EventDisconnected); i < 0 || !slices.Contains(got[i:], EventConnected) {
			t.Errorf("events after the drop = %v, want %v then %v", got, EventDisconnected, EventConnected)
		}
	})

	t.Run("reconnect op", func(t *testing.T) {
		fake.SendReconnect()
		fake.WaitDisconnected(t)
		id, token := fake.Interact(t, discordtest.SlashCommand("help", nil))
		if _, msg := fake.WaitReply(t, id, token); !strings.Contains(msg.Text(), "Chronicle help") {
			t.Errorf("reply after RECONNECT =\n%s", msg.Text())
		}
	})

	t.Run("one log line per interaction", func(t *testing.T) {
		if n := strings.Count(logs.String(), "msg=interaction"); n < 12 {
			t.Errorf("%d interaction log lines, want one per interaction:\n%s", n, logs.String())
		}
	})
}

// eventLog records the events given to Config.OnEvent.
type eventLog struct {
	mu  sync.Mutex
	got []Event
}

func (l *eventLog) add(e Event) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.got = append(l.got, e)
}

// since returns the events from the i-th on.
func (l *eventLog) since(i int) []Event {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.got[min(i, len(l.got)):])
}

// TestStopWhileReconnecting stops a bot while discordgo waits to reconnect
// (the gateway refused its first attempt). discordgo's reconnect loop
// outlives Close and tries again about a second later; the bot's dialer
// refuses that attempt, so a stopped bot never comes back to the gateway.
// Before the fix it reconnected and stayed connected, serving nothing, and
// took the interactions of the next test's bot (the fake sent them to it).
func TestStopWhileReconnecting(t *testing.T) {
	fake.Reset()
	connected := make(chan struct{}, 1)
	onEvent := func(e Event) {
		if e == EventConnected {
			select {
			case connected <- struct{}{}:
			default:
			}
		}
	}
	b, err := New(Config{Token: fake.Token, APIURL: fake.URL, OnEvent: onEvent}, newRouter(t, slog.New(slog.DiscardHandler)), nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errc := make(chan error, 1)
	go func() { errc <- b.Run(ctx) }()
	select { // Open has returned: a drop now is a drop, not a failed start
	case <-connected:
	case err := <-errc:
		t.Fatalf("Run: %v", err)
	case <-time.After(discordtest.WaitTimeout):
		t.Fatal("the bot did not connect")
	}
	handshakes := fake.Handshakes()
	fake.RefuseGateway(1)
	fake.Drop()
	fake.WaitGateway(t, 1, 0)
	refused := time.Now()
	cancel()
	if err := <-errc; err != nil {
		t.Fatalf("Run: %v", err)
	}
	// discordgo retries one second after the refused attempt.
	time.Sleep(time.Until(refused.Add(2500 * time.Millisecond)))
	if got := fake.Handshakes(); got != handshakes {
		t.Errorf("%d gateway handshakes after the bot stopped, want none", got-handshakes)
	}
	fake.WaitDisconnected(t)
}
