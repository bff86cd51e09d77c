package commands

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/digest"
)

// DigestBuilder makes digests; digest.Builder satisfies it.
type DigestBuilder interface {
	Build(ctx context.Context, opts digest.Options) (digest.Digest, error)
}

// maxDigestDays is the longest window /digest accepts.
const maxDigestDays = 31

// Digest answers /digest with a digest of a window's coverage, the same
// message a scheduled post sends. The window is the last `days` days (one
// by default), or whole UTC days: `since`..`until` (each inclusive; either
// alone extends to today or starts on until's day), `date` (that day, or
// with `days` the first of them), `since` with `days` forward, `until` with
// `days` back. Mistakes (a bad date, until before since, a day in the future,
// a window longer than maxDigestDays) get an ephemeral reply saying what to
// fix; they are refused before anything is built, so the router has not
// deferred the reply (the command does not set Definition.Defer; a slow
// digest is still deferred after the router's DeferAfter).
type Digest struct {
	Builder DigestBuilder
	// MaxPoints is the most points a digest has (0: digest's default).
	MaxPoints int
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Newest, when set, gives the day of the newest article in the index:
	// a digest of the last days that finds nothing says it and offers
	// that article's last week (nu44: the command line said it, Discord
	// did not).
	Newest func() time.Time
}

// Definition describes /digest.
func (c *Digest) Definition() Definition {
	lo, hi := 1.0, float64(maxDigestDays)
	return Definition{
		Name:        "digest",
		Description: "Summarise the coverage of a time window, each point quoted and cited",
		Options: []Option{
			{Type: OptionString, Name: "topic", Description: "Only stories about this (default: everything)", MaxLength: MaxDigestTopic},
			{Type: OptionInteger, Name: "days", Description: "How many days (default 1): back from now or until, forward from since or date", MinValue: &lo, MaxValue: &hi},
			sinceOption(), untilOption(),
			{Type: OptionString, Name: "date", Description: "One day, YYYY-MM-DD; with days, the first of them", MaxLength: 10},
		},
	}
}

// sinceOption and untilOption are the window days of /digest and
// /timeline, read by Window.
func sinceOption() Option {
	return Option{Type: OptionString, Name: "since", Description: "First day, YYYY-MM-DD (UTC, inclusive)", MaxLength: 10}
}

func untilOption() Option {
	return Option{Type: OptionString, Name: "until", Description: "Last day, YYYY-MM-DD (UTC, inclusive; default today)", MaxLength: 10}
}

// Handle builds the digest for the requested window.
func (c *Digest) Handle(ctx context.Context, req Request) (Response, error) {
	now := time.Now()
	if c.Now != nil {
		now = c.Now()
	}
	from, to, err := Window(req, now)
	if err != nil {
		return Response{}, err
	}
	d, err := c.Builder.Build(ctx, digest.Options{Topic: chronicle.Printable(req.Option("topic")), From: from, To: to, MaxPoints: c.MaxPoints})
	if err != nil {
		return Response{}, err
	}
	resp := DigestMessage(d)
	if len(d.Points) == 0 && c.Newest != nil && req.Option("since") == "" && req.Option("until") == "" && req.Option("date") == "" {
		if hint := newestHint(c.Newest(), from, to); hint != "" {
			resp.Content = Truncate(resp.Content+"\n"+hint, MaxContent)
		}
	}
	return resp, nil
}

// newestHint says, for a digest of the last days (from..to, to being now)
// that found nothing, where the index's newest article is: before the
// window, with its last week to ask for; or after now, dated tomorrow
// (UTC), its day begun east of UTC and so not misdated
// (chronicle.LastUndoubted), with that day to ask for, where the reply
// said only "No coverage". It is "" for an empty index or newest in the
// window.
func newestHint(newest, from, to time.Time) string {
	day := newest.UTC()
	switch {
	case newest.IsZero():
		return ""
	case newest.Before(from):
		return fmt.Sprintf("The newest article in the index is of %s; for its last week: /digest since:%s until:%s",
			day.Format("2 Jan 2006"), day.AddDate(0, 0, -6).Format(DateLayout), day.Format(DateLayout))
	case newest.After(to):
		return fmt.Sprintf("The newest article in the index is dated %s, after now, when this window ends; for its day: /digest date:%s",
			day.Format("2 Jan 2006"), day.Format(DateLayout))
	}
	return ""
}

// DigestPoster posts scheduled digests as /digest shows them; it is the
// schedule package's Poster. A channel that will not take posts gives the
// Poster's error (the discord package's says it is permanent).
type DigestPoster struct{ Poster Poster }

// PostDigest posts d to the channel.
func (p DigestPoster) PostDigest(ctx context.Context, channelID string, d digest.Digest) error {
	return p.Poster.Post(ctx, channelID, DigestMessage(d))
}

// Window reads the window options of a /digest or /timeline request (see
// Digest): days, since, until and date, each optional. Its errors are
// EINVALID and say what to fix, naming the options as the request's
// surface shows them (“since” in Discord, --since on the command line).
func Window(req Request, now time.Time) (from, to time.Time, err error) {
	n := req.optionName
	days := 0
	if v := req.Option("days"); v != "" {
		d, err := strconv.Atoi(v)
		if err != nil || d < 1 || d > maxDigestDays {
			return from, to, invalid("%s must be a whole number from 1 to %d.", n("days"), maxDigestDays)
		}
		days = d
	}
	var since, until, date time.Time
	for _, o := range []struct {
		name string
		t    *time.Time
	}{{"since", &since}, {"until", &until}, {"date", &date}} {
		if *o.t, err = parseDay(req, o.name, now); err != nil {
			return from, to, err
		}
	}
	switch {
	case since.IsZero() && until.IsZero() && date.IsZero():
		if days == 0 {
			days = 1
		}
		return now.Add(-time.Duration(days) * 24 * time.Hour), now, nil
	case !date.IsZero() && (!since.IsZero() || !until.IsZero()):
		return from, to, invalid("Give either %s (with %s) or %s/%s, not both.", n("date"), n("days"), n("since"), n("until"))
	case !date.IsZero():
		since = date
		until = date.AddDate(0, 0, max(days, 1)-1)
	case days > 0 && !since.IsZero() && !until.IsZero():
		return from, to, invalid("Give %s and %s, or one of them with %s, not all three.", n("since"), n("until"), n("days"))
	case days > 0 && !since.IsZero():
		until = since.AddDate(0, 0, days-1)
	case days > 0:
		since = until.AddDate(0, 0, 1-days)
	case since.IsZero():
		since = until
	case until.IsZero():
		until = today(now)
	}
	if until.Before(since) {
		return from, to, invalid("%s (%s) is before %s (%s).", n("until"), until.Format(DateLayout), n("since"), since.Format(DateLayout))
	}
	if t, after := AfterTomorrow(until, now); after {
		return from, to, invalid("The window would end on %s, after today (%s UTC). Use fewer %s or an earlier date.",
			until.Format(DateLayout), t.Format(DateLayout), n("days"))
	}
	if days := int(until.Sub(since).Hours()/24) + 1; days > maxDigestDays {
		return from, to, invalid("That window is %d days; at most %d are read at once. Narrow %s/%s.", days, maxDigestDays, n("since"), n("until"))
	}
	from, to = digest.DayWindow(since, until, time.UTC)
	return from, to, nil
}

// parseDay parses the optional YYYY-MM-DD option name of req (a UTC day),
// which must not be after tomorrow.
func parseDay(req Request, name string, now time.Time) (time.Time, error) {
	v := req.Option(name)
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(DateLayout, v)
	if err != nil {
		return time.Time{}, invalid("%s must be a date like 2024-03-26 (year-month-day), not %s.", req.optionName(name), req.quote(v))
	}
	if today, after := AfterTomorrow(t, now); after {
		return time.Time{}, invalid("%s (%s) is in the future; today is %s (UTC).", req.optionName(name), v, today.Format(DateLayout))
	}
	if !chronicle.InDateRange(t) {
		return time.Time{}, invalid("%s (%s) is outside the years %d to %d that the index holds.", req.optionName(name), v, chronicle.FirstYear, chronicle.LastYear)
	}
	return t, nil
}

// AfterTomorrow reports whether day t (the start of a UTC day) is after
// tomorrow in UTC, the last day a user may name (it is today for a user
// east of UTC), with UTC's today for the message that refuses it: a day to
// come is a typo (2042 for 2024), refused by every command that takes a
// date. It is the rule by which an article dated later is misdated
// (chronicle.LastUndoubted), stated once.
func AfterTomorrow(t, now time.Time) (time.Time, bool) {
	return today(now), t.After(chronicle.LastUndoubted(now))
}

// today is the start of now's UTC day.
func today(now time.Time) time.Time {
	now = now.UTC()
	return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
}

// invalid is an EINVALID error whose message tells the user what to fix.
func invalid(format string, args ...any) error {
	return chronicle.Errorf(chronicle.EINVALID, format, args...)
}
