package main

import (
	"testing"
	"time"
)

// TestStaleHint: a digest or timeline over the default window (the last
// 24 hours) that begins after the index's newest article says which window
// holds its newest coverage; on the bundled corpus `bot digest` said only
// "No coverage between 3 Dec 2026 and 4 Dec 2026."
func TestStaleHint(t *testing.T) {
	newest := time.Date(2024, 3, 25, 18, 0, 0, 0, time.UTC)
	today := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	want := "(the newest article in the index is of 2024-03-25; for its last week: bot digest --since 2024-03-19 --until 2024-03-25)\n"
	for _, tc := range []struct {
		name         string
		since, until string
		newest, from time.Time
		want         string
	}{
		{"default window after the newest", "", "", newest, today, want},
		{"a window given", "2024-03-01", "", newest, today, ""},
		{"an end given", "", "2024-03-25", newest, today, ""},
		{"news in the window", "", "", today.Add(3 * time.Hour), today, ""},
		{"an empty index", "", "", time.Time{}, today, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := windowFlags{since: tc.since, until: tc.until}
			if got := w.staleHint("digest", tc.newest, tc.from); got != tc.want {
				t.Errorf("staleHint = %q, want %q", got, tc.want)
			}
		})
	}
}
