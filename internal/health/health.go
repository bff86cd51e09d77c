// Package health keeps what `bot serve` reports at /healthz: ready once the
// index is open and can answer (it held articles when it opened, or the
// first sync has filled it) and the bot can take interactions (the gateway
// connected, or the HTTP interactions endpoint serving), until a shutdown
// begins. A bot started on an existing index answers from it at once,
// while the start-up sync brings it in line with the corpus: /healthz then
// answers 200 with SyncingReason instead of "ok", and "ok" once that sync
// is done. The parts of the bot set its fields as they change; nothing here
// reads the logs.
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

	// filled: the index held articles when it opened; synced: a sync has
	// brought it in line with the corpus since.
	indexOpen, filled, synced, gateway, httpServing, closing atomic.Bool
	// reconnecting is set when the gateway dropped, so that the next
	// connection counts as a reconnect.
	reconnecting atomic.Bool
}

// SyncingReason is the reason of a ready bot that answers from the index
// it opened while the start-up sync has not finished yet.
const SyncingReason = "ok, serving the existing index; the start-up sync is still running"

// IndexOpen records that the index is open; filled is whether it holds
// articles already. A filled index answers at once; an empty one is not
// ready until Synced.
func (s *Status) IndexOpen(filled bool) {
	s.filled.Store(filled)
	s.indexOpen.Store(true)
}

// Synced records that the index has been brought in line with the corpus
// (the start-up sync, or a rebuild, has finished).
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
	case !s.synced.Load() && !s.filled.Load():
		return false, "index is being built"
	case !s.gateway.Load() && !(s.HTTPInteractions && s.httpServing.Load()):
		return false, "gateway not connected"
	case !s.synced.Load():
		return true, SyncingReason
	}
	return true, "ok"
}

// ServeHTTP answers 200 with "ok" (or SyncingReason) when ready, 503 with
// the reason otherwise.
func (s *Status) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	ok, why := s.Ready()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if !ok {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	_, _ = w.Write([]byte(why + "\n"))
}
