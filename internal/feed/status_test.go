package feed

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestRetryAfter(t *testing.T) {
	now := time.Date(2024, 3, 28, 12, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		v    string
		want time.Duration // 0: none
	}{
		{"120", 2 * time.Minute},
		{" 3600 ", time.Hour},
		{"0", 0},
		{"-5", 0},
		{"soon", 0},
		{"", 0},
		{"999999999999", maxRetryAfter},
		// Past int64: still a number of seconds, the most there is.
		{"99999999999999999999", maxRetryAfter},
		{"-99999999999999999999", 0},
		{now.Add(90 * time.Minute).Format(http.TimeFormat), 90 * time.Minute},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0},
		{now.Add(72 * time.Hour).Format(http.TimeFormat), maxRetryAfter},
	} {
		t.Run(tt.v, func(t *testing.T) {
			got, ok := retryAfter(tt.v, now)
			if got != tt.want || ok != (tt.want > 0) {
				t.Errorf("retryAfter(%q) = %v, %v; want %v", tt.v, got, ok, tt.want)
			}
		})
	}
}

// TestBusyAndNotModified: a feed answering 429 or 503 with Retry-After is
// not asked again before the time it names (before, the backoff asked a
// rate-limited feed of a 1-minute interval again after 2 minutes), and one
// answering "not modified" to a request that named no version is a failed
// fetch that says so, not a healthy feed that never gives an item (helper 79).
func TestBusyAndNotModified(t *testing.T) {
	for _, tt := range []struct {
		name     string
		handler  http.HandlerFunc
		wantErr  string
		wantNext time.Duration
	}{
		{"429 with Retry-After", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "7200")
			w.WriteHeader(http.StatusTooManyRequests)
		}, "429 Too Many Requests; the server asks to wait 2h0m0s", 2 * time.Hour},
		{"503 with a date", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", newClock().Now().Add(30*time.Minute).Format(http.TimeFormat))
			w.WriteHeader(http.StatusServiceUnavailable)
		}, "503 Service Unavailable; the server asks to wait 30m0s", 30 * time.Minute},
		{"a Retry-After shorter than the backoff", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "10")
			w.WriteHeader(http.StatusTooManyRequests)
		}, "429 Too Many Requests", 2 * time.Minute},
		{"429 without Retry-After", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusTooManyRequests)
		}, "429 Too Many Requests", 2 * time.Minute},
		{"304 to an unconditional request", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusNotModified)
		}, "answered 304 Not Modified to a request that named no version", 2 * time.Minute},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := newFeedServer(t, map[string]http.HandlerFunc{"/feed": tt.handler})
			clk := newClock()
			url := srv.URL + "/feed"
			f := newTestFetcher(t, []Feed{{URL: url, Interval: time.Minute}}, &fakeSink{}, Options{Now: clk.Now})
			_, err := f.FetchAll(context.Background())
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("FetchAll: %v, want an error with %q", err, tt.wantErr)
			}
			h := healthOf(t, f, url)
			if got := h.NextAttempt.Sub(clk.Now()); got != tt.wantNext || !h.Failing() || !strings.Contains(h.LastError, tt.wantErr) {
				t.Errorf("next attempt in %v, failing %v (%q); want in %v, failing", got, h.Failing(), h.LastError, tt.wantNext)
			}
		})
	}
}
