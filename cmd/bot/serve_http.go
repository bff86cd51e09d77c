package main

import (
	"context"
	"log/slog"
	"net/http"
	"sync/atomic"
)

// health is what /healthz reports: ready once the index is open (and, when
// it started empty, filled by the first sync) and the bot can take
// interactions (the gateway connected, or the HTTP interactions endpoint
// serving), until a shutdown begins.
type health struct {
	publicKey bool // the HTTP interactions endpoint is enabled

	indexOpen   atomic.Bool
	synced      atomic.Bool
	gateway     atomic.Bool
	httpServing atomic.Bool
	closing     atomic.Bool
	// reconnecting is set after a disconnect, so the next connect counts
	// as a reconnect.
	reconnecting atomic.Bool
}

// status returns whether the bot is ready and, if not, why.
func (h *health) status() (bool, string) {
	switch {
	case h.closing.Load():
		return false, "shutting down"
	case !h.indexOpen.Load():
		return false, "index not open"
	case !h.synced.Load():
		return false, "index is being built"
	case h.gateway.Load():
		return true, "ok"
	case h.publicKey && h.httpServing.Load():
		return true, "ok"
	}
	return false, "gateway not connected"
}

// httpHandler serves /interactions (when a public key is set), /healthz and
// /metrics.
func (m *Main) httpHandler() http.Handler {
	mux := http.NewServeMux()
	if m.cfg.Discord.PublicKey != "" {
		mux.Handle("/interactions", m.bot.InteractionsHandler())
	}
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		ok, why := m.health.status()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if !ok {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		_, _ = w.Write([]byte(why + "\n"))
	})
	mux.Handle("GET /metrics", m.metrics.Handler())
	return mux
}

// gatewayEvent follows the discord package's log lines about the gateway
// connection, for /healthz and the reconnect and rate-limit metrics.
//
// The discord package has no connection-state API yet (see the report of
// this change); its log messages are the only signal, so they are matched
// here, in one place.
func (m *Main) gatewayEvent(msg string) {
	switch msg {
	case "gateway connected", "gateway ready", "gateway session resumed":
		if m.health.reconnecting.Swap(false) {
			m.metrics.GatewayReconnect()
		}
		m.health.gateway.Store(true)
	case "gateway disconnected; reconnecting":
		m.health.gateway.Store(false)
		m.health.reconnecting.Store(true)
	case "gateway closed":
		m.health.gateway.Store(false)
	case "REST rate limited; retrying":
		m.metrics.RateLimited()
	}
}

// eventHandler is a slog.Handler that passes every record on and calls on
// with its message.
type eventHandler struct {
	slog.Handler
	on func(msg string)
}

// Handle implements slog.Handler.
func (h *eventHandler) Handle(ctx context.Context, r slog.Record) error {
	h.on(r.Message)
	if !h.Handler.Enabled(ctx, r.Level) {
		return nil
	}
	return h.Handler.Handle(ctx, r)
}

// Enabled reports true so that every message is seen, whatever the level.
func (h *eventHandler) Enabled(context.Context, slog.Level) bool { return true }

// WithAttrs implements slog.Handler.
func (h *eventHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return &eventHandler{Handler: h.Handler.WithAttrs(as), on: h.on}
}

// WithGroup implements slog.Handler.
func (h *eventHandler) WithGroup(name string) slog.Handler {
	return &eventHandler{Handler: h.Handler.WithGroup(name), on: h.on}
}
