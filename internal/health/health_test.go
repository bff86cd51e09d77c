package health

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestReady(t *testing.T) {
	tests := []struct {
		name       string
		httpMode   bool
		set        func(s *Status)
		want       bool
		why        string
		wantStatus int
	}{
		{"starting", false, func(*Status) {}, false, "index not open", 503},
		{"building", false, func(s *Status) { s.IndexOpen(false); s.GatewayUp(); s.HTTPServing() }, false, "index is being built", 503},
		{"built", false, func(s *Status) { s.IndexOpen(false); s.Synced(); s.GatewayUp() }, true, "ok", 200},
		{"gateway down", false, func(s *Status) { s.IndexOpen(true); s.Synced(); s.HTTPServing() }, false, "gateway not connected", 503},
		{"gateway up", false, func(s *Status) { s.IndexOpen(true); s.Synced(); s.GatewayUp(); s.HTTPServing() }, true, "ok", 200},
		{"gateway dropped", false, func(s *Status) { s.IndexOpen(true); s.Synced(); s.GatewayUp(); s.GatewayDown(true) }, false, "gateway not connected", 503},
		{"http mode", true, func(s *Status) { s.IndexOpen(true); s.Synced(); s.HTTPServing() }, true, "ok", 200},
		{"http mode, server not up", true, func(s *Status) { s.IndexOpen(true); s.Synced() }, false, "gateway not connected", 503},
		// An existing index answers during the start-up sync, and says so.
		{"existing index, start-up sync running", false, func(s *Status) { s.IndexOpen(true); s.GatewayUp() }, true, SyncingReason, 200},
		{"existing index, start-up sync running, gateway down", false, func(s *Status) { s.IndexOpen(true) }, false, "gateway not connected", 503},
		{"existing index, http mode, start-up sync running", true, func(s *Status) { s.IndexOpen(true); s.HTTPServing() }, true, SyncingReason, 200},
		{"existing index, synced", false, func(s *Status) { s.IndexOpen(true); s.GatewayUp(); s.Synced() }, true, "ok", 200},
		{"shutting down", true, func(s *Status) { s.IndexOpen(true); s.GatewayUp(); s.HTTPServing(); s.Closing() }, false, "shutting down", 503},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &Status{HTTPInteractions: tt.httpMode}
			tt.set(s)
			if ok, why := s.Ready(); ok != tt.want || why != tt.why {
				t.Errorf("Ready() = %v, %q; want %v, %q", ok, why, tt.want, tt.why)
			}
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
			if rec.Code != tt.wantStatus || strings.TrimSpace(rec.Body.String()) != tt.why {
				t.Errorf("GET /healthz = %d %q, want %d %q", rec.Code, rec.Body.String(), tt.wantStatus, tt.why)
			}
		})
	}
}

func TestGatewayReconnect(t *testing.T) {
	s := &Status{}
	if s.GatewayUp() {
		t.Error("first connection counted as a reconnect")
	}
	s.GatewayDown(false) // closed, not dropped
	if s.GatewayUp() {
		t.Error("connection after a close counted as a reconnect")
	}
	s.GatewayDown(true)
	if !s.GatewayUp() {
		t.Error("connection after a drop not counted as a reconnect")
	}
	if s.GatewayUp() {
		t.Error("a second connection event counted the same reconnect twice")
	}
}
