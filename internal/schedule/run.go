package schedule

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/digest"
)

// run handles one enabled schedule in a pass.
func (s *Scheduler) run(ctx context.Context, sch Schedule) error {
	log := s.logger().With("schedule", sch.ID, "channel", sch.ChannelID)
	timing, err := sch.Timing()
	if err != nil {
		_, uerr := s.Store.Update(ctx, sch.ID, func(x *Schedule) {
			x.Disabled, x.DisabledReason = true, "invalid schedule: "+chronicle.ErrorMessage(err)
		})
		return uerr
	}
	if sch.Attempt != nil { // a previous process stopped while posting
		a := *sch.Attempt
		log.Warn("run interrupted while posting; not repeated", "due", a.Due)
		if sch, err = s.Store.Update(ctx, sch.ID, func(x *Schedule) { x.interrupted(a) }); err != nil {
			return ignoreGone(err)
		}
	}
	now := s.now()
	base := sch.LastDue
	if base.IsZero() {
		base = sch.Created
	}
	due := timing.Prev(base, now)
	if due.IsZero() || now.Before(sch.RetryAt) {
		return nil
	}
	return s.deliver(ctx, sch, due)
}

// deliver builds and posts the digest for due, recording each step.
func (s *Scheduler) deliver(ctx context.Context, sch Schedule, due time.Time) error {
	log := s.logger().With("schedule", sch.ID, "channel", sch.ChannelID, "due", due)
	ctx, cancel := context.WithTimeout(ctx, s.postTimeout())
	defer cancel()
	days := max(sch.Days, 1)
	d, err := s.Builder.Build(ctx, digest.Options{Topic: sch.Topic, From: due.Add(-time.Duration(days) * 24 * time.Hour), To: due})
	if err != nil {
		log.Error("build digest", "err", err)
		return s.failed(ctx, sch, fmt.Errorf("build digest: %w", err))
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
			x.DisabledReason = fmt.Sprintf("cannot post in the channel (%v); disabled on %s", postErr, s.now().UTC().Format(time.DateTime))
			x.LastError = postErr.Error()
		})
		return ignoreGone(err)
	case errors.Is(postErr, context.Canceled) || errors.Is(postErr, context.DeadlineExceeded):
		// The request may have reached Discord: keep the marker, so the
		// next pass treats the run as interrupted and does not repeat it.
		log.Warn("post cut off; outcome unknown, not repeated", "err", postErr)
		return nil
	}
	log.Error("post digest", "err", postErr)
	return s.failed(context.WithoutCancel(ctx), sch, postErr)
}

func (s *Scheduler) postTimeout() time.Duration {
	if s.PostTimeout > 0 {
		return s.PostTimeout
	}
	return time.Minute
}

// failed records a failure that posted nothing and schedules a retry.
func (s *Scheduler) failed(ctx context.Context, sch Schedule, cause error) error {
	now := s.now()
	_, err := s.Store.Update(context.WithoutCancel(ctx), sch.ID, func(x *Schedule) {
		x.Attempt = nil
		x.Failures++
		x.LastError = cause.Error()
		x.RetryAt = now.Add(Backoff(x.Failures))
	})
	return ignoreGone(err)
}

// Backoff is the wait before retry number n (1-based): one minute,
// doubling, at most an hour.
func Backoff(n int) time.Duration {
	d := time.Minute
	for i := 1; i < n && d < time.Hour; i++ {
		d *= 2
	}
	return min(d, time.Hour)
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
