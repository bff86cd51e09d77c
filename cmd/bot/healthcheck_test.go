package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chronicle-bot/chronicle/internal/health"
)

// TestHealthcheck: bot healthcheck asks a /healthz served by health.Status
// and exits 0 when it is ready, 1 with the reason otherwise.
func TestHealthcheck(t *testing.T) {
	tests := []struct {
		name     string
		set      func(s *health.Status)
		wantOut  string
		wantErr  string
		wantCode int
	}{
		{"ready", func(s *health.Status) { s.IndexOpen(true); s.Synced(); s.GatewayUp() }, "ok\n", "", 0},
		{"ready, start-up sync running", func(s *health.Status) { s.IndexOpen(true); s.GatewayUp() }, health.SyncingReason + "\n", "", 0},
		{"building", func(s *health.Status) { s.IndexOpen(false); s.GatewayUp() }, "",
			"unhealthy: 503 Service Unavailable from URL: index is being built", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clearEnv(t)
			status := &health.Status{}
			tt.set(status)
			srv := httptest.NewServer(status)
			defer srv.Close()
			u := srv.URL + "/healthz"
			out, _, err := runCLI(t, "", "healthcheck", "--url", u)
			if tt.wantErr == "" {
				if err != nil || out != tt.wantOut {
					t.Errorf("healthcheck = %q, %v; want %q, nil", out, err, tt.wantOut)
				}
				return
			}
			if want := strings.ReplaceAll(tt.wantErr, "URL", u); err == nil || err.Error() != want || exitCode(err) != tt.wantCode {
				t.Errorf("healthcheck: %v, want %q with exit status %d", err, want, tt.wantCode)
			}
		})
	}
}

func TestHealthcheckFromHTTPAddr(t *testing.T) {
	clearEnv(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok\n")) }))
	addr := srv.Listener.Addr().String()
	_, port, _ := strings.Cut(addr, ":")
	t.Setenv("CHRONICLE_HTTP_ADDR", ":"+port)
	if out, _, err := runCLI(t, "", "healthcheck"); err != nil || out != "ok\n" {
		t.Errorf("healthcheck with http.addr :%s = %q, %v; want ok", port, out, err)
	}
	srv.Close()
	_, _, err := runCLI(t, "", "healthcheck")
	if err == nil || exitCode(err) != 1 || !strings.Contains(err.Error(), "unhealthy: cannot reach http://127.0.0.1:"+port+"/healthz") {
		t.Errorf("healthcheck of a stopped bot: %v, want exit 1 saying it cannot be reached", err)
	}
}

// TestHealthcheckTimeout: a timeout of 0 or less is refused at once, not
// reported as a bot that could not be reached (helper 107).
func TestHealthcheckTimeout(t *testing.T) {
	for _, timeout := range []string{"0s", "-5s"} {
		t.Run(timeout, func(t *testing.T) {
			clearEnv(t)
			_, _, err := runCLI(t, "", "healthcheck", "--url", "http://127.0.0.1:1/healthz", "--timeout", timeout)
			if err == nil || !strings.Contains(err.Error(), "--timeout must be more than 0") || exitCode(err) == 0 {
				t.Errorf("healthcheck --timeout %s: %v; want it refused", timeout, err)
			}
		})
	}
}
