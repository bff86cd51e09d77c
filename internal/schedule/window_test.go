package schedule

import (
	"context"
	"testing"
	"time"
)

// TestDigestWindowFromStoredDays: Add allows 1 to MaxDays days, but a
// stored record can say anything (a later version's longer window, a hand
// edit). A window of zero or fewer days is one day, and a huge one used
// to overflow Days×24h, so that the window began after it ended, or in
// another century; now it ends at the due time and begins before it.
func TestDigestWindowFromStoredDays(t *testing.T) {
	tests := []struct {
		name string
		days int
		want time.Duration // To - From; 0: only From before To
	}{
		{"zero", 0, 24 * time.Hour},
		{"negative", -5, 24 * time.Hour},
		{"a later version's 90", 90, 90 * 24 * time.Hour},
		{"overflowing", 200000, 0},
		{"largest int", int(^uint(0) >> 1), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, "2024-03-01T09:00:00Z")
			s := e.add(t, Schedule{Spec: "daily 08:00"})
			if _, err := e.store.Update(context.Background(), s.ID, func(x *Schedule) { x.Days = tt.days }); err != nil {
				t.Fatal(err)
			}
			due := mustTime(t, "2024-03-02T08:00:00Z")
			e.tick(t, due)
			if len(e.builder.calls) != 1 {
				t.Fatalf("%d digests built, want 1", len(e.builder.calls))
			}
			opts := e.builder.calls[0]
			if !opts.To.Equal(due) || !opts.From.Before(opts.To) || opts.From.Year() < 1 {
				t.Fatalf("digest window %s .. %s for Days %d, want one that ends at %s and begins before it", opts.From, opts.To, tt.days, due)
			}
			if got := opts.To.Sub(opts.From); tt.want != 0 && got != tt.want {
				t.Errorf("digest window of %v for Days %d, want %v", got, tt.days, tt.want)
			}
		})
	}
}
