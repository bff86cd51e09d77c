// Package schedule runs recurring digests and watches: each Schedule posts a
// digest of recent coverage to one Discord channel at times given by a cron
// expression in the schedule's time zone, and each Watch posts the newly
// indexed articles that match its query (see watch.go). Both live in one
// bbolt file.
//
// How it works: schedules and their run state live in a bbolt file (Store).
// A Scheduler pass (RunOnce) reads every enabled schedule and computes its
// due time: the most recent run time of its expression that is after the
// time it last served (LastDue, or its creation) and not after now. However
// many runs were missed while the bot was down, only that latest one is due,
// so a restart catches up once. Run calls RunOnce in a loop, waking at the
// next due time and at least every minute; the clock is injectable (Now) so
// tests need no sleeping. Expressions are matched against the local wall
// clock of the schedule's zone (see Timing.Next for daylight-saving
// changes). A clock set back behind a schedule's recorded times (it was
// ahead for a while) does not hold the schedule until it catches up: the
// runs resume at their next times from now, and LastError says so; a clock
// set back by less than the time to the next run changes nothing.
//
// Delivery guarantee: at most once per due time. Before posting, the pass
// durably records an Attempt marker (the due time); after the Poster
// succeeds it records LastDue/LastRun and clears the marker in one
// transaction. If the process dies between the two writes, the outcome is
// unknown (Discord may or may not have received the message), and the next
// pass does not post that due time again: it marks it served and sets
// LastError to say the run was interrupted and may not have been posted.
// The same holds when the post is cut off by a timeout or shutdown (a
// context error), because the request may have reached Discord. A due time
// is thus never posted twice, and can be lost only when the process stops
// or times out in the middle of a post. Errors from the Poster other than
// context errors are taken to mean nothing was posted: the run is retried
// with exponential backoff (1 minute doubling to 1 hour) until it succeeds or
// the next due time supersedes it. A digest refused for the schedule's own
// input (an EINVALID *chronicle.Error from the Builder: a topic of stop
// words alone, stored before Add refused such topics) cannot succeed by
// retrying: that run is passed over and LastError gives the refusal's
// message. LastError is for users (/schedule list shows it): it says what
// failed, how often and when it is tried again, never the error itself (a
// Go error chain with a path or the API's URL), which is logged. An error
// for which Permanent reports
// true (the channel is gone, or the bot may not see it or post there)
// disables the schedule, with the reason for users kept in DisabledReason
// for /schedule list, instead of retrying; /schedule resume (Resume)
// enables it again, its runs counted from then: the runs it missed while
// disabled are not caught up.
package schedule

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/chronicle-bot/chronicle/internal/digest"
)

// Builder makes a digest; digest.Builder satisfies it.
type Builder interface {
	Build(ctx context.Context, opts digest.Options) (digest.Digest, error)
}

// TopicChecker is what Add asks, when the Builder has it, whether a
// digest topic can ever be built: an EINVALID *chronicle.Error when the
// topic is refused whatever the window (see digest.Builder.CheckTopic,
// which digest.Builder satisfies it with).
type TopicChecker interface {
	CheckTopic(ctx context.Context, topic string) error
}

// Poster posts a digest to a channel. A nil error means it was posted. It
// should return an error for which Permanent reports true when the channel
// is gone or the bot may not see it or post there (Discord's Unknown
// Channel, Missing Access, Missing Permissions), ideally with a Refusal()
// string method that says so for users, and any other error only when
// nothing was posted, except context errors.
type Poster interface {
	PostDigest(ctx context.Context, channelID string, d digest.Digest) error
}

// ChannelError reports that a channel cannot be posted to for good.
type ChannelError struct {
	ChannelID string
	// Status is the HTTP status Discord answered (403, 404), if any.
	Status int
	Err    error
}

// Error implements error.
func (e *ChannelError) Error() string {
	return fmt.Sprintf("channel %s unavailable (HTTP %d): %v", e.ChannelID, e.Status, e.Err)
}

// Unwrap returns the underlying error.
func (e *ChannelError) Unwrap() error { return e.Err }

// Permanent reports whether err means the channel will not accept posts:
// a *ChannelError, or any error in the chain with a Permanent() bool method
// that returns true.
func Permanent(err error) bool {
	var ce *ChannelError
	if errors.As(err, &ce) {
		return true
	}
	var p interface{ Permanent() bool }
	return errors.As(err, &p) && p.Permanent()
}

// refusedReason is the DisabledReason of a schedule or watch whose channel
// refused posts at now with err, a permanent error (see Permanent), in
// words for users: what the error's Refusal() string method says (as
// discord.APIError's does), else what its HTTP status means. The error
// itself goes to the log.
func refusedReason(err error, now time.Time) string {
	why := "I may not see the channel or post there"
	var r interface{ Refusal() string }
	var ce *ChannelError
	switch {
	case errors.As(err, &r) && r.Refusal() != "":
		why = r.Refusal()
	case errors.As(err, &ce) && ce.Status == http.StatusNotFound:
		why = "the channel no longer exists"
	}
	return fmt.Sprintf("Discord refused posts in the channel on %s: %s", now.UTC().Format("2 Jan 2006 15:04 MST"), why)
}

// disabledLine is the part of a list line of a disabled schedule or watch
// (kind, with its ID) after "DISABLED: ": the reason (shownReason), and how
// to resume it: /kind resume once the channel takes posts again (or remove
// it). A schedule disabled for its timing (invalidReason) cannot run
// again: it is removed and added again.
func disabledLine(reason, kind, id string) string {
	shown := strings.TrimRight(shownReason(reason), ".")
	if strings.HasPrefix(reason, invalidReason) {
		return fmt.Sprintf("%s. To fix it, remove it (/%s remove id:%s) and add it again.", shown, kind, id)
	}
	return fmt.Sprintf("%s. Once I can post in the channel again, resume it with /%s resume id:%s (or remove it with /%s remove id:%s).",
		shown, kind, id, kind, id)
}

// shownReason is a DisabledReason as users see it: a reason an older
// version stored with the error in it ("cannot post in the channel
// (<error>); disabled on <time>") is shown without the error.
func shownReason(reason string) string {
	rest, ok := strings.CutPrefix(reason, "cannot post in the channel (")
	if !ok {
		return reason
	}
	reason = "Discord refused posts in the channel"
	if _, when, ok := strings.Cut(rest, "; disabled on "); ok {
		reason += " on " + when + " UTC"
	}
	return reason
}

// Scheduler runs the stored schedules.
type Scheduler struct {
	Store   *Store
	Builder Builder
	Poster  Poster
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// Logger receives one line per run; slog.Default() when nil.
	Logger *slog.Logger
	// PostTimeout bounds one build-and-post (default 1 minute).
	PostTimeout time.Duration

	mu sync.Mutex // serialises passes
	// legacyLogged holds, by schedule ID, the spec run has logged as read
	// the old way (see parseStored), so that it is logged once, not at
	// every pass. Guarded by mu.
	legacyLogged map[string]string
}

// New returns a Scheduler with the real clock.
func New(store *Store, b Builder, p Poster, logger *slog.Logger) *Scheduler {
	return &Scheduler{Store: store, Builder: b, Poster: p, Logger: logger}
}

func (s *Scheduler) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Scheduler) logger() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.Default()
}

// Run runs passes until ctx is done, waking at the next due time and at
// least every minute. It returns ctx's error.
func (s *Scheduler) Run(ctx context.Context) error {
	for {
		if err := s.RunOnce(ctx); err != nil && ctx.Err() == nil {
			s.logger().Error("schedule pass", "err", err)
		}
		wait := time.Minute
		if next, err := s.NextWake(ctx); err == nil && !next.IsZero() {
			wait = min(wait, max(time.Second, next.Sub(s.now())))
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

// NextWake returns the earliest time a schedule may need a pass: its next
// run or its backoff retry.
func (s *Scheduler) NextWake(ctx context.Context) (time.Time, error) {
	all, err := s.Store.List(ctx, "")
	if err != nil {
		return time.Time{}, err
	}
	now := s.now()
	var wake time.Time
	for _, sch := range all {
		t, err := sch.Timing()
		if sch.Disabled || err != nil {
			continue
		}
		next := t.Next(now)
		if sch.RetryAt.After(now) && sch.RetryAt.Before(next) {
			next = sch.RetryAt
		}
		if wake.IsZero() || (!next.IsZero() && next.Before(wake)) {
			wake = next
		}
	}
	return wake, nil
}

// RunOnce runs every schedule that is due now, each at most once. Failed
// posts are recorded on their schedule; the returned error joins the errors
// of the store.
func (s *Scheduler) RunOnce(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	all, err := s.Store.List(ctx, "")
	if err != nil {
		return err
	}
	var errs []error
	for _, sch := range all {
		if err := ctx.Err(); err != nil {
			return err
		}
		if sch.Disabled {
			continue
		}
		if err := s.run(ctx, sch); err != nil {
			errs = append(errs, fmt.Errorf("schedule %s: %w", sch.ID, err))
		}
	}
	return errors.Join(errs...)
}
