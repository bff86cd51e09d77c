package feed

import (
	"bufio"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestNotTakenLogGivesMaxWaitAsDuration: the line that says feed items
// were not taken gives max_wait as a duration a person reads ("6h0m0s"),
// in JSON too, where a time.Duration was written as its nanoseconds
// (21600000000000).
func TestNotTakenLogGivesMaxWaitAsDuration(t *testing.T) {
	tests := []struct {
		name       string
		maxBackoff time.Duration
		want       string
	}{
		{name: "default", want: "6h0m0s"},
		{name: "configured", maxBackoff: 90 * time.Minute, want: "1h30m0s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := rssFeed("F", [3]string{"a", "Alpha story", "Alpha text."})
			srv := newFeedServer(t, map[string]http.HandlerFunc{"/f": serveBody("application/rss+xml", body)})
			url := srv.URL + "/f"
			alpha := itemsOf(t, url, body)["Alpha story"]
			// The index refuses the item: a corpus file gives its ID.
			sink := &indexSink{held: map[string]bool{alpha.ID: true}, has: map[string]string{}}
			var logs syncBuffer
			f := newTestFetcher(t, []Feed{{URL: url, Interval: time.Minute}}, sink,
				Options{MaxBackoff: tt.maxBackoff, Logger: slog.New(slog.NewJSONHandler(&logs, nil))})
			if _, err := f.FetchAll(context.Background()); err != nil {
				t.Fatalf("FetchAll: %v", err)
			}
			var found bool
			sc := bufio.NewScanner(strings.NewReader(logs.String()))
			for sc.Scan() {
				var line map[string]any
				if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
					t.Fatalf("log line %q: %v", sc.Text(), err)
				}
				if msg, _ := line["msg"].(string); !strings.HasPrefix(msg, "feed items not taken") {
					continue
				}
				found = true
				if got := line["max_wait"]; got != tt.want {
					t.Errorf("max_wait = %#v, want %q", got, tt.want)
				}
			}
			if !found {
				t.Fatalf("no line says the item was not taken:\n%s", logs.String())
			}
		})
	}
}
