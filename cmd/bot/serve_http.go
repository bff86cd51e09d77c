package main

import (
	"net/http"

	"github.com/chronicle-bot/chronicle/internal/discord"
)

// httpHandler serves /interactions (when a public key is set), /healthz and
// /metrics.
func (m *Main) httpHandler() http.Handler {
	mux := http.NewServeMux()
	if m.cfg.Discord.PublicKey != "" {
		mux.Handle("/interactions", m.bot.InteractionsHandler())
	}
	mux.Handle("GET /healthz", m.health)
	mux.Handle("GET /metrics", m.metrics.Handler())
	return mux
}

// discordEvent passes the Discord connection's events to /healthz and the
// reconnect and rate-limit metrics.
func (m *Main) discordEvent(e discord.Event) {
	switch e {
	case discord.EventConnected:
		if m.health.GatewayUp() {
			m.metrics.GatewayReconnect()
		}
	case discord.EventDisconnected:
		m.health.GatewayDown(true)
	case discord.EventClosed:
		m.health.GatewayDown(false)
	case discord.EventRateLimited:
		m.metrics.RateLimited()
	}
}
