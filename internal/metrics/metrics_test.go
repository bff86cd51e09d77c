package metrics_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle/internal/commands"
	"github.com/chronicle-bot/chronicle/internal/metrics"
)

var _ commands.Observer = (*metrics.Metrics)(nil)

// scrape fetches the handler's output.
func scrape(tb testing.TB, m *metrics.Metrics) string {
	tb.Helper()
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	if err != nil {
		tb.Fatalf("GET /metrics: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		tb.Fatalf("GET /metrics: status %d", resp.StatusCode)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		tb.Errorf("Content-Type = %q, want text/plain", ct)
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatalf("read /metrics: %v", err)
	}
	return string(b)
}

func TestHandler(t *testing.T) {
	m := metrics.New()
	m.ObserveInteraction("ask", "ok", 30*time.Millisecond)
	m.ObserveInteraction("ask", "ok", 2*time.Second)
	m.ObserveInteraction("ask", "error", 10*time.Millisecond)
	m.ObserveInteraction("search", "rate_limited", time.Millisecond)
	m.ObserveInteraction("digest", "timeout", 15*time.Second)
	m.IndexSize(16500)
	m.IndexSize(16512)
	m.Ingested(12)
	m.Ingested(0)
	m.GatewayReconnect()
	m.RateLimited()
	m.Error("feed")
	got := scrape(t, m)

	tests := []struct {
		name, want string
	}{
		{"ok interactions", `chronicle_interactions_total{command="ask",outcome="ok"} 2`},
		{"error interactions", `chronicle_interactions_total{command="ask",outcome="error"} 1`},
		{"throttled interactions", `chronicle_interactions_total{command="search",outcome="rate_limited"} 1`},
		{"latency count", `chronicle_interaction_duration_seconds_count{command="ask"} 3`},
		{"latency bucket below", `chronicle_interaction_duration_seconds_bucket{command="ask",le="0.025"} 1`},
		{"latency bucket 50ms", `chronicle_interaction_duration_seconds_bucket{command="ask",le="0.05"} 2`},
		{"latency bucket 3s", `chronicle_interaction_duration_seconds_bucket{command="ask",le="3"} 3`},
		{"latency inf", `chronicle_interaction_duration_seconds_bucket{command="digest",le="+Inf"} 1`},
		{"command errors", `chronicle_errors_total{component="commands"} 2`},
		{"component errors", `chronicle_errors_total{component="feed"} 1`},
		{"index size", "chronicle_index_articles 16512\n"},
		{"ingested", "chronicle_ingested_articles_total 12\n"},
		{"reconnects", "chronicle_gateway_reconnects_total 1\n"},
		{"rate limited", "chronicle_rate_limited_total 2\n"},
		{"help", "# HELP chronicle_interactions_total Interactions handled, by command and outcome."},
		{"type", "# TYPE chronicle_interaction_duration_seconds histogram"},
		{"go runtime", "go_goroutines "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(got, tt.want) {
				t.Errorf("/metrics lacks %q; got:\n%s", tt.want, got)
			}
		})
	}
}

func TestOwnRegistry(t *testing.T) {
	a, b := metrics.New(), metrics.New()
	a.GatewayReconnect()
	if got := scrape(t, b); !strings.Contains(got, "chronicle_gateway_reconnects_total 0\n") {
		t.Errorf("a second Metrics sees the first one's counts:\n%s", got)
	}
}

func TestNil(t *testing.T) {
	var m *metrics.Metrics
	m.ObserveInteraction("ask", "ok", time.Second)
	m.IndexSize(1)
	m.Ingested(1)
	m.GatewayReconnect()
	m.RateLimited()
	m.Error("x")
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != http.StatusNotFound {
		t.Errorf("nil Metrics handler status = %d, want 404", rec.Code)
	}
}

func ExampleMetrics_Handler() {
	m := metrics.New()
	m.IndexSize(3)
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	for _, line := range strings.Split(rec.Body.String(), "\n") {
		if strings.HasPrefix(line, "chronicle_index_articles") {
			fmt.Println(line)
		}
	}
	// Output: chronicle_index_articles 3
}
