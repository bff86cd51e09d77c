package schedule

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/digest"
)

// invalidReason begins the DisabledReason of a schedule whose timing
// does not parse: resuming it would not help (see disabledLine).
const invalidReason = "invalid schedule: "

// run handles one enabled schedule in a pass.
func (s *Scheduler) run(ctx context.Context, sch Schedule) error {
	log := s.logger().With("schedule", sch.ID, "channel", sch.ChannelID)
	timing, old, err := parseStored(sch.Spec, sch.Timezone)
	if err != nil { // neither today's reading nor an earlier release's
		_, uerr := s.Store.Update(ctx, sch.ID, func(x *Schedule) {
			x.Disabled, x.DisabledReason = true, invalidReason+chronicle.ErrorMessage(err)
		})
		return uerr
	}
	if old != "" && s.legacyLogged[sch.ID] != sch.Spec {
		log.Warn("schedule spec read the way earlier releases did; it runs as before, but /schedule add would refuse it now",
			"spec", sch.Spec, "read_as", old)
		if s.legacyLogged == nil {
			s.legacyLogged = map[string]string{}
		}
		s.legacyLogged[sch.ID] = sch.Spec
	}
	if sch.Attempt != nil { // a previous process stopped while posting
		a := *sch.Attempt
		log.Warn("run interrupted while posting; not repeated", "due", a.Due)
		if sch, err = s.Store.Update(ctx, sch.ID, func(x *Schedule) { x.interrupted(a) }); err != nil {
			return ignoreGone(err)
		}
	}
	now := s.now()
	if at := sch.aheadOf(timing, now); !at.IsZero() {
		log.Warn("the schedule's last run or retry is recorded for a time after now (the clock went back?); it runs at its next times from now", "recorded", at)
		if sch, err = s.Store.Update(ctx, sch.ID, func(x *Schedule) { x.clockBack(timing, now) }); err != nil {
			return ignoreGone(err)
		}
	}
	base := sch.LastDue
	if base.IsZero() {
		base = sch.Created
	}
	due := timing.Prev(base, now)
	if due.IsZero() || now.Before(sch.RetryAt) {
		return nil
	}
	return s.deliver(ctx, sch, due, timing.Location())
}

// deliver builds and posts the digest for due, recording each step; its
// window is written in loc, the schedule's zone.
func (s *Scheduler) deliver(ctx context.Context, sch Schedule, due time.Time, loc *time.Location) error {
	log := s.logger().With("schedule", sch.ID, "channel", sch.ChannelID, "due", due)
	ctx, cancel := context.WithTimeout(ctx, s.postTimeout())
	defer cancel()
	// Add allows 1 to MaxDays; a stored record can say anything (a later
	// version's, a hand edit).
	days := min(max(sch.Days, 1), maxWindowDays)
	// The window is written in the schedule's zone: a Tokyo server's
	// daily digest was headed "3 Dec 2026 17:53 UTC – 4 Dec 2026 17:53
	// UTC" (nu43). Days on the zone's clock, not 24-hour blocks: across a change of
	// daylight saving time a daily digest's windows overlapped by an hour,
	// or left an hour in none (helper 94). Each window is [from, due): an
	// article dated exactly at a run's time is in the digest whose window
	// starts then, not in that one and the one before.
	to := due.In(loc)
	d, err := s.Builder.Build(ctx, digest.Options{Topic: sch.Topic, From: to.AddDate(0, 0, -days), To: to, ExclusiveEnd: true})
	if err != nil {
		if chronicle.ErrorCode(err) == chronicle.EINVALID {
			// The schedule's own input is refused (a topic of stop words
			// alone, stored before Add checked topics): no retry can
			// succeed, so the run is passed over, not retried for ever.
			log.Warn("digest refused; run skipped", "err", err)
			_, uerr := s.Store.Update(ctx, sch.ID, func(x *Schedule) { x.refused(due, chronicle.ErrorMessage(err)) })
			return ignoreGone(uerr)
		}
		log.Error("build digest", "err", err)
		return s.failed(ctx, sch, "building the digest")
	}
	if d.Empty() && !sch.PostWhenEmpty {
		log.Info("empty digest not posted")
		_, err := s.Store.Update(ctx, sch.ID, func(x *Schedule) { x.served(due, time.Time{}) })
		return ignoreGone(err)
	}
	// The marker must be durable before anything can reach Discord.
	if _, err := s.Store.Update(ctx, sch.ID, func(x *Schedule) {
		x.Attempt = &Attempt{Due: due, Started: s.now()}
	}); err != nil {
		return ignoreGone(err)
	}
	postErr := s.Poster.PostDigest(ctx, sch.ChannelID, d)
	switch {
	case postErr == nil:
		log.Info("digest posted", "points", len(d.Points))
		_, err := s.Store.Update(context.WithoutCancel(ctx), sch.ID, func(x *Schedule) { x.served(due, s.now()) })
		return ignoreGone(err)
	case Permanent(postErr):
		log.Warn("channel refuses posts; schedule disabled", "err", postErr)
		_, err := s.Store.Update(context.WithoutCancel(ctx), sch.ID, func(x *Schedule) {
			x.Attempt, x.Disabled = nil, true
			x.DisabledReason = refusedReason(postErr, s.now())
		})
		return ignoreGone(err)
	case errors.Is(postErr, context.Canceled) || errors.Is(postErr, context.DeadlineExceeded):
		// The request may have reached Discord: keep the marker, so the
		// next pass treats the run as interrupted and does not repeat it.
		log.Warn("post cut off; outcome unknown, not repeated", "err", postErr)
		return nil
	}
	log.Error("post digest", "err", postErr)
	return s.failed(context.WithoutCancel(ctx), sch, "posting the digest to Discord")
}

// maxWindowDays bounds the digest window of a stored schedule: a century.
const maxWindowDays = 100 * 366

func (s *Scheduler) postTimeout() time.Duration {
	if s.PostTimeout > 0 {
		return s.PostTimeout
	}
	return time.Minute
}

// failed records a failure of what (the step that failed, "building the
// digest") that posted nothing, and schedules a retry. LastError, shown in
// /schedule list, says what failed, how often and when it is tried again;
// the error itself (a chain with the index's path or the API's URL) is for
// the log, where the caller has put it.
func (s *Scheduler) failed(ctx context.Context, sch Schedule, what string) error {
	now := s.now()
	_, err := s.Store.Update(context.WithoutCancel(ctx), sch.ID, func(x *Schedule) {
		x.Attempt = nil
		x.Failures++
		x.RetryAt = now.Add(Backoff(x.Failures))
		x.LastError = retryNote(what, x.Failures, x.RetryAt)
	})
	return ignoreGone(err)
}

// shortUTC writes a time of a schedule's list line.
const shortUTC = "2 Jan 15:04 UTC"

// retryNote is the last problem /schedule list and /watch list show for
// a post that failed: what failed, how often, and when it is tried again;
// the error itself (with the API's URL) is in the log.
func retryNote(what string, failures int, retryAt time.Time) string {
	return fmt.Sprintf("%s failed %s; next try %s (the bot's log has the details)",
		what, timesInARow(failures), retryAt.UTC().Format(shortUTC))
}

// timesInARow is "once" or "N times in a row".
func timesInARow(n int) string {
	if n == 1 {
		return "once"
	}
	return fmt.Sprintf("%d times in a row", n)
}

// maxBackoff is the longest wait before a retry.
const maxBackoff = time.Hour

// Backoff is the wait before retry number n (1-based): one minute,
// doubling, at most an hour.
func Backoff(n int) time.Duration {
	d := time.Minute
	for i := 1; i < n && d < maxBackoff; i++ {
		d *= 2
	}
	return min(d, maxBackoff)
}

// aheadOf returns the time recorded in x that the clock went back behind,
// or zero: dueAhead's, else retryAhead's. A clock set back a little (less
// than the time to the next run) changes nothing, so that the run just
// served is not served again.
func (x Schedule) aheadOf(t Timing, now time.Time) time.Time {
	if at := x.dueAhead(t, now); !at.IsZero() {
		return at
	}
	return x.retryAhead(now)
}

// dueAhead returns the time runs are counted from (LastDue, or Created)
// when a run of the schedule's timing comes from now before it, so that no
// run would be due until the clock caught up; zero otherwise.
func (x Schedule) dueAhead(t Timing, now time.Time) time.Time {
	base := x.LastDue
	if base.IsZero() {
		base = x.Created
	}
	if next := t.Next(now); base.After(now) && !next.IsZero() && next.Before(base) {
		return base
	}
	return time.Time{}
}

// retryAhead returns the retry time when it is further from now than the
// longest backoff; zero otherwise.
func (x Schedule) retryAhead(now time.Time) time.Time {
	if x.RetryAt.After(now.Add(maxBackoff)) {
		return x.RetryAt
	}
	return time.Time{}
}

// clockBack counts the times of x that the clock went back behind (see
// aheadOf) as now, and says so in LastError.
func (x *Schedule) clockBack(t Timing, now time.Time) {
	at := x.aheadOf(t, now)
	if at.IsZero() {
		return
	}
	if !x.retryAhead(now).IsZero() {
		x.RetryAt = time.Time{}
	}
	if !x.dueAhead(t, now).IsZero() {
		x.LastDue = now
	}
	x.LastError = fmt.Sprintf("the clock went back: a run or retry was recorded for %s, after now (%s); runs resume at the next time from now",
		at.UTC().Format(time.DateTime+" MST"), now.UTC().Format(time.DateTime+" MST"))
}

// served records that due was handled; posted is when (zero for a skipped
// empty digest).
func (x *Schedule) served(due, posted time.Time) {
	x.LastDue = due
	if !posted.IsZero() {
		x.LastRun = posted
	}
	x.Attempt, x.Failures, x.LastError, x.RetryAt = nil, 0, "", time.Time{}
}

// resume enables x again at now (see Store.Resume): the runs it missed
// while disabled are passed over, as if served at now, and its last
// problem and retry state go with the reason it was disabled for.
func (x *Schedule) resume(now time.Time) {
	x.Disabled, x.DisabledReason = false, ""
	x.LastDue = now
	x.Attempt, x.Failures, x.LastError, x.RetryAt = nil, 0, "", time.Time{}
}

// refused records that due was passed over because the digest was refused
// for the schedule's own input; message is the refusal's, for users.
func (x *Schedule) refused(due time.Time, message string) {
	x.served(due, time.Time{})
	x.LastError = fmt.Sprintf("the run due %s was skipped: %s", due.UTC().Format(time.DateTime+" MST"), message)
}

// interrupted consumes an attempt whose outcome is unknown.
func (x *Schedule) interrupted(a Attempt) {
	if a.Due.After(x.LastDue) {
		x.LastDue = a.Due
	}
	x.Attempt, x.Failures, x.RetryAt = nil, 0, time.Time{}
	x.LastError = fmt.Sprintf("the run due %s was interrupted while posting; it may not have been posted and was not repeated",
		a.Due.UTC().Format(time.DateTime+" MST"))
}

// ignoreGone drops the error of a schedule removed during its run.
func ignoreGone(err error) error {
	if chronicle.ErrorCode(err) == chronicle.ENOTFOUND {
		return nil
	}
	return err
}
