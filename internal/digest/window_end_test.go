package digest

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestBuildExclusiveEnd: a window with ExclusiveEnd leaves out an article
// published exactly at To, so that consecutive scheduled windows, each
// starting where the one before ended, carry it once; a window without it
// (the whole days of /digest and bot digest) keeps both of its ends.
func TestBuildExclusiveEnd(t *testing.T) {
	// fixtures: d1 at 22 Mar 08:00, a1 19:00, a2 20:00, a3 23 Mar 08:00,
	// c1 16:00, b1 24 Mar 22:00, b2 25 Mar 07:00.
	from, to := mustTime(t, "2024-03-22T08:00:00Z"), mustTime(t, "2024-03-23T08:00:00Z")
	tests := []struct {
		name         string
		from, to     time.Time
		exclusiveEnd bool
		want         int
	}{
		{"inclusive", from, to, false, 4},                        // d1, a1, a2, a3
		{"exclusive end", from, to, true, 3},                     // a3 is at To
		{"the next window", to, to.Add(24 * time.Hour), true, 2}, // a3, c1
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := &fakeSource{arts: fixtures()}
			d, err := Build(context.Background(), src, Options{From: tt.from, To: tt.to, ExclusiveEnd: tt.exclusiveEnd})
			if err != nil {
				t.Fatalf("Build: %v", err)
			}
			if d.Articles != tt.want {
				t.Errorf("Build(%s .. %s, ExclusiveEnd %v): %d articles, want %d", tt.from, tt.to, tt.exclusiveEnd, d.Articles, tt.want)
			}
			if !d.To.Equal(tt.to) {
				t.Errorf("digest window ends %s, want %s as given", d.To, tt.to)
			}
		})
	}
}

// TestHeadingOfExclusiveEnd: a window that leaves out its midnight end is
// headed by the days it covers: a scheduled daily digest run at midnight
// covers the day before, alone.
func TestHeadingOfExclusiveEnd(t *testing.T) {
	day := mustTime(t, "2024-03-24T00:00:00Z")
	tests := []struct {
		name         string
		from, to     time.Time
		exclusiveEnd bool
		want         string
	}{
		{"a day, run at midnight", day, day.AddDate(0, 0, 1), true, "Digest, 24 Mar 2024"},
		{"a week, run at midnight", day.AddDate(0, 0, -6), day.AddDate(0, 0, 1), true, "Digest, 18 Mar 2024 – 24 Mar 2024"},
		{"a day, run at 08:00", day.Add(8 * time.Hour), day.Add(32 * time.Hour), true, "Digest, 24 Mar 2024 08:00 UTC – 25 Mar 2024 08:00 UTC"},
		{"whole days, inclusive", day, day.AddDate(0, 0, 1), false, "Digest, 24 Mar 2024 – 25 Mar 2024"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Build(context.Background(), &fakeSource{}, Options{From: tt.from, To: tt.to, ExclusiveEnd: tt.exclusiveEnd})
			if err != nil {
				t.Fatalf("Build: %v", err)
			}
			if got := d.Heading(); got != tt.want {
				t.Errorf("Heading() = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestTopicQuotedAsTyped: the heading and the no-coverage line quote the
// topic as it was typed, in curly quotes: Go's %q wrote a quote in it as
// \".
func TestTopicQuotedAsTyped(t *testing.T) {
	from, to := DayWindow(mustDay(t, "2025-01-01"), mustDay(t, "2025-01-01"), time.UTC)
	d := Digest{Topic: `"unterminated café`, From: from, To: to}
	if got, want := d.Heading(), `Digest for “"unterminated café”, 1 Jan 2025`; got != want {
		t.Errorf("Heading() = %q, want %q", got, want)
	}
	if got, want := d.NoCoverage(), `No coverage of “"unterminated café” between`; !strings.HasPrefix(got, want) {
		t.Errorf("NoCoverage() = %q, want it to start %q", got, want)
	}
}
