package discord

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/chronicle-bot/chronicle/internal/commands"
	"github.com/gorilla/websocket"
)

// Config is what the bot needs to reach Discord; cmd/bot fills it from
// discord.* config keys.
type Config struct {
	// Token is the bot token (discord.token / DISCORD_TOKEN), with or
	// without the "Bot " prefix. Required.
	Token string
	// ApplicationID is needed to register commands; when empty it is taken
	// from the bot user (they are the same for bots).
	ApplicationID string
	// PublicKey (hex) verifies the HTTP interactions endpoint.
	PublicKey string
	// GuildID, when set, registers commands in that guild only (instant,
	// for development) instead of globally.
	GuildID string
	// APIURL replaces https://discord.com for REST and gateway discovery.
	APIURL string
	// ShardID and ShardCount select this process's gateway shard.
	ShardID, ShardCount int
	// HTTPOnly opens no gateway session: Run registers the commands and
	// interactions come only to the HTTP endpoint (InteractionsHandler),
	// so PublicKey is required. Replies and posts go over REST as always.
	HTTPOnly bool
	// Now is the clock for signature timestamps (default time.Now).
	Now func() time.Time
	// OnEvent, when set, is told about the gateway connection and REST
	// rate limits as they happen (for health checks and metrics); it must
	// return quickly.
	OnEvent func(Event)
}

// Event is a change of the bot's connection to Discord, given to
// Config.OnEvent.
type Event int

// Events.
const (
	// EventConnected: the gateway connected, became ready or resumed a
	// session.
	EventConnected Event = iota + 1
	// EventDisconnected: the gateway connection dropped; discordgo
	// reconnects on its own.
	EventDisconnected
	// EventClosed: Run closed the gateway at the shutdown.
	EventClosed
	// EventRateLimited: a REST call was rate limited and is retried.
	EventRateLimited
)

// String names the event.
func (e Event) String() string {
	switch e {
	case EventConnected:
		return "connected"
	case EventDisconnected:
		return "disconnected"
	case EventClosed:
		return "closed"
	case EventRateLimited:
		return "rate_limited"
	}
	return "unknown"
}

// event tells Config.OnEvent about e.
func (b *Bot) event(e Event) {
	if b.cfg.OnEvent != nil {
		b.cfg.OnEvent(e)
	}
}

// Bot is a Discord bot serving a commands.Router.
type Bot struct {
	cfg     Config
	router  *commands.Router
	log     *slog.Logger
	session *discordgo.Session
	pub     ed25519.PublicKey
	now     func() time.Time
	seen    *replayGuard // signed interactions already accepted (HTTP endpoint)
	rejects rejectLog    // how often requests with no valid signature are logged

	mu       sync.Mutex
	closing  bool
	botID    string // the bot user's ID, once known (see userID)
	inflight sync.WaitGroup
}

// New prepares a bot; it makes no network calls. A missing token, a
// malformed public key or API URL is an error naming the config key.
func New(cfg Config, router *commands.Router, logger *slog.Logger) (*Bot, error) {
	token := strings.TrimSpace(cfg.Token)
	if token == "Bot" || strings.HasPrefix(token, "Bot ") {
		token = strings.TrimSpace(token[len("Bot"):])
	}
	if token == "" {
		return nil, errors.New("discord: no bot token: set discord.token in the config file or the DISCORD_TOKEN environment variable")
	}
	if router == nil {
		return nil, errors.New("discord: nil router")
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	b := &Bot{cfg: cfg, router: router, log: logger, now: cfg.Now, seen: newReplayGuard(maxSeen)}
	if b.now == nil {
		b.now = time.Now
	}
	if cfg.PublicKey != "" {
		key, err := hex.DecodeString(strings.TrimSpace(cfg.PublicKey))
		if err != nil || len(key) != ed25519.PublicKeySize {
			return nil, fmt.Errorf("discord.public_key: want %d bytes of hex, as shown in the Discord developer portal", ed25519.PublicKeySize)
		}
		b.pub = key
	}
	if cfg.HTTPOnly && b.pub == nil {
		return nil, errors.New("discord: without the gateway, interactions can only come over HTTP: set discord.public_key, or turn discord.gateway on")
	}
	if cfg.APIURL != "" {
		if err := SetAPIURL(cfg.APIURL); err != nil {
			return nil, err
		}
	}
	s, err := discordgo.New("Bot " + token)
	if err != nil {
		return nil, fmt.Errorf("discord: new session: %w", err)
	}
	s.Identify.Intents = discordgo.IntentsGuilds
	s.StateEnabled = false
	s.ShardID, s.ShardCount = cfg.ShardID, max(cfg.ShardCount, 1)
	s.Client = &http.Client{Timeout: 20 * time.Second}
	s.Dialer = b.gatewayDialer()
	// Events in the order they happen: discordgo otherwise runs each
	// handler in a goroutine of its own, so a Disconnect could be seen after
	// the Connect of the reconnection and health would say disconnected.
	// Interactions are dispatched in goroutines by the handler itself.
	s.SyncEvents = true
	b.session = s
	b.addHandlers()
	return b, nil
}

// Run checks the token, registers the commands, connects to the gateway
// and serves interactions until ctx is done; it then closes the connection,
// waits for replies in flight and returns nil. discordgo reconnects and
// resumes after a dropped connection on its own; both are logged. With
// Config.HTTPOnly it registers the commands, says that the gateway is off
// and waits for ctx: the HTTP endpoint takes the interactions, and the
// caller's HTTP server shutdown waits for them.
func (b *Bot) Run(ctx context.Context) error {
	if err := b.Register(ctx); err != nil {
		return err
	}
	if b.cfg.HTTPOnly {
		b.log.Info("the gateway is off: interactions come only to the HTTP endpoint (discord.gateway is false)")
		<-ctx.Done()
		return nil
	}
	if err := b.session.Open(); err != nil {
		return fmt.Errorf("discord: connect to gateway: %w", err)
	}
	<-ctx.Done()
	b.mu.Lock()
	b.closing = true
	b.mu.Unlock()
	if err := b.session.Close(); err != nil {
		b.log.Warn("closing gateway", "error", err)
	}
	b.inflight.Wait()
	b.log.Info("gateway closed")
	b.event(EventClosed)
	return nil
}

// Register overwrites the application's commands with the router's
// definitions, in Config.GuildID or globally. It is idempotent; Run calls
// it, and an HTTP-only deployment calls it once at start.
func (b *Bot) Register(ctx context.Context) error {
	appID, err := b.applicationID(ctx)
	if err != nil {
		return err
	}
	defs := toApplicationCommands(b.router.Definitions())
	if _, err := b.session.ApplicationCommandBulkOverwrite(appID, b.cfg.GuildID, defs, discordgo.WithContext(ctx)); err != nil {
		return apiError("register commands", err) // says "discord: register commands: ..."
	}
	scope := "global"
	if b.cfg.GuildID != "" {
		scope = "guild " + b.cfg.GuildID
	}
	b.log.Info("registered commands", "count", len(defs), "scope", scope)
	return nil
}

// applicationID returns the configured application ID, or the bot user's
// ID; fetching the user also checks the token.
func (b *Bot) applicationID(ctx context.Context) (string, error) {
	u, err := b.session.User("@me", discordgo.WithContext(ctx))
	if err != nil {
		err = apiError("check token", err)
		var ae *APIError
		switch {
		case errors.As(err, &ae) && ae.Status == http.StatusUnauthorized:
			return "", errors.New("discord: token rejected (401 Unauthorized): check discord.token / DISCORD_TOKEN")
		case ae != nil && ae.Status >= 500:
			return "", fmt.Errorf("%w; Discord (or the proxy at discord.api_url) is not answering: try again later", err)
		}
		return "", err
	}
	b.log.Info("logged in", "user", u.Username, "id", u.ID)
	b.setUserID(u.ID)
	if b.cfg.ApplicationID != "" {
		return b.cfg.ApplicationID, nil
	}
	return u.ID, nil
}

// addHandlers wires gateway events: interactions, and logging of
// connection changes and REST rate limits.
func (b *Bot) addHandlers() {
	s := b.session
	s.AddHandler(func(s *discordgo.Session, ic *discordgo.InteractionCreate) {
		b.mu.Lock()
		if b.closing {
			b.mu.Unlock()
			return
		}
		b.inflight.Add(1)
		b.mu.Unlock()
		go func() {
			defer b.inflight.Done()
			b.dispatch(context.Background(), ic.Interaction, &restResponder{s: s, i: ic.Interaction})
		}()
	})
	s.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) {
		if b.isClosing() {
			return
		}
		b.log.Info("gateway ready", "shard", b.cfg.ShardID, "shards", max(b.cfg.ShardCount, 1), "guilds", len(r.Guilds))
		b.event(EventConnected)
	})
	s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Resumed) {
		if b.isClosing() {
			return
		}
		b.log.Info("gateway session resumed")
		b.event(EventConnected)
	})
	s.AddHandler(func(s *discordgo.Session, _ *discordgo.Connect) {
		if b.isClosing() {
			// A reconnection that dialled just before Run stopped (see
			// gatewayDialer): close it.
			b.log.Info("gateway reconnected after the bot stopped; closing it")
			go func() { _ = s.Close() }() // Open still holds the session's lock
			return
		}
		b.log.Info("gateway connected")
		b.event(EventConnected)
	})
	s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Disconnect) {
		if !b.isClosing() {
			b.log.Warn("gateway disconnected; reconnecting")
			b.event(EventDisconnected)
		}
	})
	s.AddHandler(func(_ *discordgo.Session, rl *discordgo.RateLimit) {
		b.log.Warn("REST rate limited; retrying", "url", redactURL(rl.URL), "retry_after", rl.RetryAfter, "bucket", rl.Bucket)
		b.event(EventRateLimited)
	})
}

// errStopped refuses a gateway connection after Run has stopped.
var errStopped = errors.New("discord: the bot has stopped")

// gatewayDialer is websocket.DefaultDialer refusing to connect once Run is
// stopping. discordgo's reconnect loop outlives Session.Close: a heartbeat
// that fails during Close, or a drop just before it, starts a loop that
// would connect a stopped bot again, with no one to serve its interactions.
func (b *Bot) gatewayDialer() *websocket.Dialer {
	d := *websocket.DefaultDialer
	d.NetDialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		if b.isClosing() {
			return nil, errStopped
		}
		var nd net.Dialer
		return nd.DialContext(ctx, network, addr)
	}
	return &d
}

// isClosing reports whether Run is stopping or has stopped.
func (b *Bot) isClosing() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.closing
}

// dispatch converts and routes one interaction.
func (b *Bot) dispatch(ctx context.Context, i *discordgo.Interaction, rs *restResponder) {
	req, err := toRequest(i)
	if err != nil {
		b.log.Warn("unsupported interaction", "error", err)
		return
	}
	rs.kind = req.Kind
	b.router.Dispatch(ctx, req, rs)
}
