// Package metrics collects the bot's operational figures in Prometheus form:
// interactions by command and outcome with their latency, errors, the index
// size, ingested articles, gateway reconnects and rate-limit hits.
//
// A Metrics owns its own registry (never the global default one), so two
// bots in one process, or two tests, do not share counters. Handler serves
// the registry in the Prometheus text format for /metrics. Every method is
// safe for concurrent use and does nothing on a nil *Metrics, so components
// can take an optional *Metrics without checks.
package metrics

import (
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Namespace prefixes every metric name.
const Namespace = "chronicle"

// latencyBuckets are the interaction latency histogram's upper bounds, in
// seconds: fine below Discord's 3-second acknowledgement deadline, coarse
// above it up to the router's handler timeout.
func latencyBuckets() []float64 {
	return []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 15, 30}
}

// Metrics is a set of the bot's metrics in their own registry.
type Metrics struct {
	reg          *prometheus.Registry
	interactions *prometheus.CounterVec
	latency      *prometheus.HistogramVec
	errors       *prometheus.CounterVec
	indexSize    prometheus.Gauge
	ingested     prometheus.Counter
	reconnects   prometheus.Counter
	rateLimited  prometheus.Counter
}

// isErrorOutcome reports whether a router outcome also counts as an error.
// A user_error (the user's input was refused) is not one.
func isErrorOutcome(outcome string) bool {
	switch outcome {
	case "error", "panic", "timeout", "send_failed":
		return true
	}
	return false
}

// maxLabel bounds a label value's length.
const maxLabel = 64

// label returns v when it is a plausible command or outcome name (1 to 64
// ASCII letters, digits, '_', '-' and ':'), else "invalid". The router
// already reports unregistered commands as "unknown"; this keeps raw client
// bytes (a NUL, a 4 KB name) out of /metrics even if a caller forgets.
func label(v string) string {
	if v == "" || len(v) > maxLabel {
		return "invalid"
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-' || c == ':') {
			return "invalid"
		}
	}
	return v
}

// New returns Metrics registered in a fresh registry, together with the Go
// runtime and process collectors.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		interactions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Name: "interactions_total",
			Help: "Interactions handled, by command and outcome.",
		}, []string{"command", "outcome"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: Namespace, Name: "interaction_duration_seconds",
			Help:    "Time from receiving an interaction to answering it, by command.",
			Buckets: latencyBuckets(),
		}, []string{"command"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Name: "errors_total",
			Help: "Errors, by component (commands counts failed interactions).",
		}, []string{"component"}),
		indexSize: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: Namespace, Name: "index_articles",
			Help: "Articles in the index.",
		}),
		ingested: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: Namespace, Name: "ingested_articles_total",
			Help: "Articles added or updated in the index since start (corpus sync and feeds).",
		}),
		reconnects: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: Namespace, Name: "gateway_reconnects_total",
			Help: "Discord gateway reconnects.",
		}),
		rateLimited: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: Namespace, Name: "rate_limited_total",
			Help: "Rate-limit hits: users throttled by the bot and Discord 429 responses.",
		}),
	}
	m.reg.MustRegister(m.interactions, m.latency, m.errors, m.indexSize, m.ingested, m.reconnects, m.rateLimited,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Registry returns the registry, for registering further collectors.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves the metrics in the Prometheus exposition format.
func (m *Metrics) Handler() http.Handler {
	if m == nil {
		return http.NotFoundHandler()
	}
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// ObserveInteraction records one answered interaction. It implements
// commands.Observer. Outcomes error, panic, timeout and send_failed also
// count as errors of the "commands" component (user_error does not: the
// bot refused bad input as it should); a rate_limited outcome counts as a
// rate-limit hit. A command or outcome that is not a plain name is recorded
// as "invalid".
func (m *Metrics) ObserveInteraction(command, outcome string, d time.Duration) {
	if m == nil {
		return
	}
	command, outcome = label(command), label(outcome)
	m.interactions.WithLabelValues(command, outcome).Inc()
	m.latency.WithLabelValues(command).Observe(d.Seconds())
	if isErrorOutcome(outcome) {
		m.errors.WithLabelValues("commands").Inc()
	}
	if outcome == "rate_limited" {
		m.rateLimited.Inc()
	}
}

// Error counts one error in component ("feed", "schedule", "gateway", ...).
func (m *Metrics) Error(component string) {
	if m == nil {
		return
	}
	m.errors.WithLabelValues(label(component)).Inc()
}

// IndexSize sets the number of articles in the index.
func (m *Metrics) IndexSize(n int) {
	if m == nil {
		return
	}
	m.indexSize.Set(float64(n))
}

// Ingested counts n articles added or updated in the index.
func (m *Metrics) Ingested(n int) {
	if m == nil || n <= 0 {
		return
	}
	m.ingested.Add(float64(n))
}

// GatewayReconnect counts one Discord gateway reconnect.
func (m *Metrics) GatewayReconnect() {
	if m == nil {
		return
	}
	m.reconnects.Inc()
}

// RateLimited counts one rate-limit hit outside the router (a Discord 429).
// Interactions the router throttles are counted by ObserveInteraction.
func (m *Metrics) RateLimited() {
	if m == nil {
		return
	}
	m.rateLimited.Inc()
}
