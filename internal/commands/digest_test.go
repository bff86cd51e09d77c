package commands

import (
	"context"
	"io"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/digest"
)

// TestDigestWindowOptions: /digest takes since/until (or date and days) as
// whole UTC days, days back from now alone, and says what to fix otherwise.
func TestDigestWindowOptions(t *testing.T) {
	now := time.Date(2026, 12, 1, 21, 0, 0, 0, time.UTC)
	endOf := func(y, m, d int) time.Time { return day(y, m, d).AddDate(0, 0, 1).Add(-time.Nanosecond) }
	tests := []struct {
		name     string
		opts     map[string]string
		from, to time.Time
		wantErr  string // part of the message; "" for none
	}{
		{"days back from now", map[string]string{"days": "3"}, now.Add(-72 * time.Hour), now, ""},
		{"since and until", map[string]string{"since": "2024-03-22", "until": "2024-03-26"}, day(2024, 3, 22), endOf(2024, 3, 26), ""},
		{"one day", map[string]string{"since": "2024-03-22", "until": "2024-03-22"}, day(2024, 3, 22), endOf(2024, 3, 22), ""},
		{"until alone is that day", map[string]string{"until": "2024-03-24"}, day(2024, 3, 24), endOf(2024, 3, 24), ""},
		{"since alone runs to today", map[string]string{"since": "2026-11-28"}, day(2026, 11, 28), endOf(2026, 12, 1), ""},
		{"date alone", map[string]string{"date": "2024-03-25"}, day(2024, 3, 25), endOf(2024, 3, 25), ""},
		{"date and days forward", map[string]string{"date": "2024-03-22", "days": "5"}, day(2024, 3, 22), endOf(2024, 3, 26), ""},
		{"since and days forward", map[string]string{"since": "2024-03-22", "days": "2"}, day(2024, 3, 22), endOf(2024, 3, 23), ""},
		{"until and days back", map[string]string{"until": "2024-03-26", "days": "5"}, day(2024, 3, 22), endOf(2024, 3, 26), ""},
		{"today is fine", map[string]string{"date": "2026-12-01"}, day(2026, 12, 1), endOf(2026, 12, 1), ""},
		{"tomorrow is today east of UTC", map[string]string{"date": "2026-12-02"}, day(2026, 12, 2), endOf(2026, 12, 2), ""},

		{"bad format", map[string]string{"since": "22/03/2024"}, time.Time{}, time.Time{}, "“since” must be a date like 2024-03-26 (year-month-day), not “22/03/2024”."},
		{"markup typed as a date shows as typed", map[string]string{"since": "<@123>**x**"}, time.Time{}, time.Time{}, "not “<\u200b@123>\\*\\*x\\*\\*”."},
		{"impossible day", map[string]string{"date": "2024-02-30"}, time.Time{}, time.Time{}, "“date” must be a date like"},
		{"year 1 is a day, not no day", map[string]string{"since": "0001-01-01"}, time.Time{}, time.Time{}, "“since” (0001-01-01) is outside the years 1678 to 2261"},
		{"a day before any index holds", map[string]string{"date": "1600-05-05"}, time.Time{}, time.Time{}, "“date” (1600-05-05) is outside the years 1678 to 2261"},
		{"until before since", map[string]string{"since": "2024-03-26", "until": "2024-03-22"}, time.Time{}, time.Time{}, "“until” (2024-03-22) is before “since” (2024-03-26)."},
		{"future since", map[string]string{"since": "2027-01-01"}, time.Time{}, time.Time{}, "“since” (2027-01-01) is in the future; today is 2026-12-01 (UTC)."},
		{"future until", map[string]string{"since": "2026-11-01", "until": "2026-12-03"}, time.Time{}, time.Time{}, "“until” (2026-12-03) is in the future"},
		{"days run past today", map[string]string{"date": "2026-11-30", "days": "5"}, time.Time{}, time.Time{}, "would end on 2026-12-04, after today (2026-12-01 UTC)"},
		{"too long", map[string]string{"since": "2024-01-01", "until": "2024-03-26"}, time.Time{}, time.Time{}, "That window is 86 days; at most 31 are read at once."},
		{"date with since", map[string]string{"date": "2024-03-22", "since": "2024-03-20"}, time.Time{}, time.Time{}, "Give either “date” (with “days”) or “since”/“until”, not both."},
		{"all three", map[string]string{"since": "2024-03-20", "until": "2024-03-22", "days": "2"}, time.Time{}, time.Time{}, "not all three"},
		{"bad days", map[string]string{"days": "0"}, time.Time{}, time.Time{}, "“days” must be a whole number from 1 to 31."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := &fakeDigestBuilder{}
			c := &Digest{Builder: b, Now: func() time.Time { return now }}
			_, err := c.Handle(context.Background(), Request{Kind: KindCommand, Command: "digest", Options: tt.opts})
			if tt.wantErr != "" {
				if chronicle.ErrorCode(err) != chronicle.EINVALID || !strings.Contains(chronicle.ErrorMessage(err), tt.wantErr) {
					t.Errorf("Handle(%v) error = %v, want EINVALID with %q", tt.opts, err, tt.wantErr)
				}
				if len(b.calls) != 0 {
					t.Errorf("Handle(%v) built a digest for a refused window", tt.opts)
				}
				return
			}
			if err != nil {
				t.Fatalf("Handle(%v): %v", tt.opts, err)
			}
			if len(b.calls) != 1 || !b.calls[0].From.Equal(tt.from) || !b.calls[0].To.Equal(tt.to) {
				t.Errorf("Handle(%v) built %+v, want window %s..%s", tt.opts, b.calls, tt.from, tt.to)
			}
		})
	}
}

// TestDigestMistakesAreEphemeral: through the router, a refused window is
// an immediate ephemeral reply (no public "thinking…" placeholder first),
// and a good one is a public digest.
func TestDigestMistakesAreEphemeral(t *testing.T) {
	now := time.Date(2026, 12, 1, 21, 0, 0, 0, time.UTC)
	r, err := NewRouter(RouterConfig{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), RateLimit: rate.Inf},
		&Digest{Builder: &fakeDigestBuilder{}, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name          string
		opts          map[string]string
		wantEphemeral bool
		want          string
	}{
		{"until before since", map[string]string{"since": "2024-03-26", "until": "2024-03-22"}, true, "is before"},
		{"future", map[string]string{"date": "2030-01-01"}, true, "in the future"},
		{"bad format", map[string]string{"until": "yesterday"}, true, "must be a date like"},
		{"past week", map[string]string{"date": "2024-03-22", "days": "5", "topic": "moscow"}, false, "2 outlets"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{}
			r.Dispatch(context.Background(), Request{Kind: KindCommand, Command: "digest", Options: tt.opts, UserID: "u"}, rec)
			if m := rec.methods(); !slices.Equal(m, []string{"respond"}) {
				t.Errorf("Dispatch(%v) calls = %v, want one respond", tt.opts, m)
			}
			resp := rec.last(t)
			if resp.Ephemeral != tt.wantEphemeral || !strings.Contains(resp.Content, tt.want) {
				t.Errorf("Dispatch(%v) = %q (ephemeral %v), want %q (ephemeral %v)", tt.opts, resp.Content, resp.Ephemeral, tt.want, tt.wantEphemeral)
			}
		})
	}
}

// emptyDigestBuilder builds digests of no points.
type emptyDigestBuilder struct{}

func (emptyDigestBuilder) Build(_ context.Context, opts digest.Options) (digest.Digest, error) {
	return digest.Digest{From: opts.From, To: opts.To, Topic: opts.Topic, Points: []digest.Point{}}, nil
}

// TestDigestSaysTheNewestArticle: a digest of the last days that finds
// nothing in an index whose newest article is older says that article's
// day and offers its last week, as bot digest does (nu44: Discord gave no
// hint); a window the user chose gets no hint. One whose newest article is
// dated after now (tomorrow, UTC: not misdated, its day has begun east of
// UTC) offers that day, where it said only "No coverage".
func TestDigestSaysTheNewestArticle(t *testing.T) {
	now := time.Date(2026, 12, 4, 19, 55, 0, 0, time.UTC)
	newest := time.Date(2026, 7, 17, 8, 0, 0, 0, time.UTC)
	hint := "The newest article in the index is of 17 Jul 2026; for its last week: /digest since:2026-07-11 until:2026-07-17"
	tomorrow := "The newest article in the index is dated 5 Dec 2026, after now, when this window ends; for its day: /digest date:2026-12-05"
	for _, tt := range []struct {
		name   string
		opts   map[string]string
		newest time.Time
		want   string // the hint; "": none
	}{
		{"the last days", map[string]string{"days": "3"}, newest, hint},
		{"the default window", map[string]string{}, newest, hint},
		{"a window chosen", map[string]string{"since": "2026-11-20"}, newest, ""},
		{"an index with news of the window", map[string]string{"days": "3"}, now.Add(-time.Hour), ""},
		{"an empty index", map[string]string{}, time.Time{}, ""},
		{"news dated tomorrow", map[string]string{}, time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC), tomorrow},
		{"news dated tomorrow, the last days", map[string]string{"days": "3"}, time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC), tomorrow},
		{"news dated tomorrow, a window chosen", map[string]string{"since": "2026-12-01"}, time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC), ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := &Digest{Builder: emptyDigestBuilder{}, Now: func() time.Time { return now }, Newest: func() time.Time { return tt.newest }}
			resp, err := c.Handle(context.Background(), Request{Kind: KindCommand, Command: "digest", Options: tt.opts})
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range []string{hint, tomorrow} {
				if got, want := strings.Contains(resp.Content, h), h == tt.want; got != want {
					t.Errorf("/digest %v = %q; want the hint %q: %v", tt.opts, resp.Content, h, want)
				}
			}
			if !strings.HasPrefix(resp.Content, "No coverage") {
				t.Errorf("/digest %v = %q, want it to say there is no coverage first", tt.opts, resp.Content)
			}
		})
	}
}
