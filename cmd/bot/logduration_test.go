package main

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"testing"
	"time"
)

// TestJSONLogDurations: the JSON log gives a duration as the text log does,
// "1.5s", at the top level and in a group, where it gave nanoseconds; other
// numbers stay numbers.
func TestJSONLogDurations(t *testing.T) {
	var buf bytes.Buffer
	log := newLogger(&buf, LogConfig{Format: "json", Level: "info"})
	log.Info("synced", "took", 1500*time.Millisecond, "count", 3,
		slog.Group("feed", slog.Duration("retry_in", 90*time.Second)))
	var line struct {
		Took  any `json:"took"`
		Count any `json:"count"`
		Feed  struct {
			RetryIn any `json:"retry_in"`
		} `json:"feed"`
	}
	if err := json.Unmarshal(buf.Bytes(), &line); err != nil {
		t.Fatalf("log line %q: %v", buf.String(), err)
	}
	for _, tt := range []struct {
		name string
		got  any
		want any
	}{
		{"took", line.Took, "1.5s"},
		{"feed.retry_in", line.Feed.RetryIn, "1m30s"},
		{"count", line.Count, float64(3)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("%s = %#v, want %#v (line %s)", tt.name, tt.got, tt.want, buf.String())
			}
		})
	}
}
