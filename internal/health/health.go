// Package health keeps what `bot serve` reports at /healthz: ready once the
// index is open (and, when it started empty, filled by the first sync) and
// the bot can take interactions (the gateway connected, or the HTTP
// interactions endpoint serving), until a shutdown begins. The parts of the
// bot set its fields as they change; nothing here reads logs.
package health

import (
	"net/http"
	"sync/atomic"
)

// Status is the bot's readiness. The zero value is not ready; it is safe
// for concurrent use.
type Status struct {
	// HTTPInteractions is whether the HTTP interactions endpoint is
	// enabled: then the bot is ready without a gateway connection.
	HTTPInteractions bool

	indexOpen, synced, gateway, httpServing, closing atomic.Bool
	// reconnecting is set when the gateway dropped, so that the next
	// connection counts as a reconnect.
	reconnecting atomic.Bool
}

// IndexOpen records that the index is open; filled is whether it holds
// articles already (an empty one is not ready until Synced).
func (s *Status) IndexOpen(filled bool) {
	if filled {
		s.synced.Store(true)
	}
	s.indexOpen.Store(true)
}

// Synced records that the index has been brought in line with the corpus.
func (s *Status) Synced() { s.synced.Store(true) }

// HTTPServing records that the HTTP server is up.
func (s *Status) HTTPServing() { s.httpServing.Store(true) }

// Closing records that a shutdown has begun: not ready from now on.
func (s *Status) Closing() { s.closing.Store(true) }

// GatewayUp records a gateway connection and reports whether it follows a
// drop (a reconnect).
func (s *Status) GatewayUp() (reconnected bool) {
	s.gateway.Store(true)
	return s.reconnecting.Swap(false)
}

// GatewayDown records the loss of the gateway connection; dropped is true
// when it was lost (and will be retried) rather than closed.
func (s *Status) GatewayDown(dropped bool) {
	s.gateway.Store(false)
	if dropped {
		s.reconnecting.Store(true)
	}
}

// Ready reports whether the bot is ready and, if not, why.
func (s *Status) Ready() (bool, string) {
	switch {
	case s.closing.Load():
		return false, "shutting down"
	case !s.indexOpen.Load():
		return false, "index not open"
	case !s.synced.Load():
		return false, "index is being built"
	case s.gateway.Load():
		return true, "ok"
	case s.HTTPInteractions && s.httpServing.Load():
		return true, "ok"
	}
	return false, "gateway not connected"
}

// ServeHTTP answers 200 "ok" when ready, 503 with the reason otherwise.
func (s *Status) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	ok, why := s.Ready()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if !ok {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	_, _ = w.Write([]byte(why + "\n"))
}
