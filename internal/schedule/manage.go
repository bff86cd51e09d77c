package schedule

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/digest"
)

// MaxDays is the longest digest window a schedule may ask for.
const MaxDays = 31

// MaxTopic is the longest topic of a schedule, in characters: what /digest
// takes (commands.MaxDigestTopic).
const MaxTopic = 100

// Add validates a new schedule and stores it. GuildID, ChannelID and Spec
// are required; Timezone must be an IANA zone ("" is UTC); Days 0 means the
// time between two runs rounded up to whole days (1 for daily, 7 for
// weekly). A Topic the Builder refuses whatever the window (a topic of
// stop words alone; see TopicChecker) is refused. A schedule first runs at
// its first due time after now. Invalid input gives an EINVALID
// *chronicle.Error whose message suits the user.
func (s *Scheduler) Add(ctx context.Context, sch Schedule) (Schedule, error) {
	if sch.ChannelID == "" || sch.GuildID == "" {
		return Schedule{}, chronicle.Errorf(chronicle.EINVALID, "A schedule needs a server channel to post in.")
	}
	t, err := ParseTiming(sch.Spec, sch.Timezone)
	if err != nil {
		return Schedule{}, err
	}
	if sch.Days < 0 || sch.Days > MaxDays {
		return Schedule{}, chronicle.Errorf(chronicle.EINVALID, "Days must be between 1 and %d.", MaxDays)
	}
	sch.Topic = strings.TrimSpace(sch.Topic)
	// Discord holds the option to MaxTopic; a forged request is not (a
	// 7,800-character topic was kept), as AddWatch checks its query.
	if n := utf8.RuneCountInString(sch.Topic); n > MaxTopic {
		return Schedule{}, chronicle.Errorf(chronicle.EINVALID, "The topic is %d characters long; a schedule takes at most %d.", n, MaxTopic)
	}
	if err := s.checkTopic(ctx, sch.Topic); err != nil {
		return Schedule{}, err
	}
	now := s.now()
	if sch.Days == 0 {
		first := t.Next(now)
		sch.Days = int(math.Ceil(t.between(first, t.Next(first)).Hours() / 24))
		sch.Days = min(max(sch.Days, 1), MaxDays)
	}
	sch.Created = now
	sch.ID, sch.Disabled, sch.DisabledReason, sch.LastError, sch.Attempt = "", false, "", "", nil
	sch.LastRun, sch.LastDue, sch.RetryAt, sch.Failures = time.Time{}, time.Time{}, time.Time{}, 0
	return s.Store.Add(ctx, sch)
}

// checkTopic refuses a topic the Builder refuses whatever the window (a
// topic of stop words alone), with the Builder's message, as /digest
// refuses it: such a schedule would fail at every run. A topic that could
// not be checked (the index is not open yet) is let through and logged: its
// runs say what goes wrong.
func (s *Scheduler) checkTopic(ctx context.Context, topic string) error {
	c, ok := s.Builder.(TopicChecker)
	if !ok || topic == "" {
		return nil
	}
	err := c.CheckTopic(ctx, topic)
	if chronicle.ErrorCode(err) == chronicle.EINVALID {
		return err
	}
	if err != nil {
		s.logger().Warn("digest topic of a new schedule not checked", "topic", topic, "err", err)
	}
	return nil
}

// List returns a guild's schedules.
func (s *Scheduler) List(ctx context.Context, guildID string) ([]Schedule, error) {
	return s.Store.List(ctx, guildID)
}

// ItemID is the ID of a schedule or watch that a user's id option names:
// without the spaces around it or a leading "#" ("#3", as a list line
// numbers it).
func ItemID(raw string) string { return strings.TrimPrefix(strings.TrimSpace(raw), "#") }

// Remove deletes a guild's schedule by ID.
func (s *Scheduler) Remove(ctx context.Context, guildID, id string) error {
	return s.Store.Remove(ctx, guildID, ItemID(id))
}

// Resume enables again a guild's disabled schedule by ID, its runs
// counted from now (see Store.Resume).
func (s *Scheduler) Resume(ctx context.Context, guildID, id string) (Schedule, error) {
	return s.Store.Resume(ctx, guildID, ItemID(id), s.now())
}

// year is the layout of t's year in a list line (of a schedule or a
// watch) written at now: none when
// t is in now's year on t's clock, so that the year is given only where
// it tells something ("@every 2562047h" runs 292 years from now, and "0 0
// 29 2 *" next in 2028, but read as this year's).
func year(t, now time.Time) string {
	if t.Year() == now.In(t.Location()).Year() {
		return ""
	}
	return " 2006"
}

// Describe is one plain-text line about the schedule for lists: its ID,
// timing, topic, window, next run (relative to now) and last outcome, or why
// it is disabled; a time not in now's year is given with its year.
func (x Schedule) Describe(now time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "schedule %s: %s", x.ID, x.Spec)
	if x.Timezone != "" {
		fmt.Fprintf(&b, " (%s)", x.Timezone)
	}
	if x.Topic != "" {
		// As a digest's heading quotes it, and a watch's query. The caller
		// escapes the line for Discord.
		fmt.Fprintf(&b, ", topic %s", digest.Quoted(x.Topic))
	}
	fmt.Fprintf(&b, ", last %d day(s)", x.Days)
	if x.Disabled {
		fmt.Fprintf(&b, "; DISABLED: %s", disabledLine(x.DisabledReason, "schedule", x.ID))
		return b.String()
	}
	if t, err := x.Timing(); err == nil {
		if next := t.Next(now); !next.IsZero() {
			next = next.In(t.Location())
			fmt.Fprintf(&b, "; next %s", next.Format("Mon 2 Jan"+year(next, now)+" 15:04 MST"))
		}
	}
	if !x.LastRun.IsZero() {
		last := x.LastRun.UTC()
		fmt.Fprintf(&b, "; last posted %s", last.Format("2 Jan"+year(last, now)+" 15:04 UTC"))
	}
	if x.LastError != "" {
		fmt.Fprintf(&b, "; last problem: %s", x.LastError)
	}
	return b.String()
}
