package commands

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/schedule"
)

// Schedules stores digest schedules; *schedule.Scheduler satisfies it.
type Schedules interface {
	Add(ctx context.Context, s schedule.Schedule) (schedule.Schedule, error)
	List(ctx context.Context, guildID string) ([]schedule.Schedule, error)
	Remove(ctx context.Context, guildID, id string) error
	// Resume enables again a disabled schedule, its runs counted from now.
	Resume(ctx context.Context, guildID, id string) (schedule.Schedule, error)
}

// Schedule answers /schedule add|list|remove|resume, which manage a
// server's digest schedules. Only members with Manage Server may use it, in a
// server: the definition says so to Discord and the router enforces both.
type Schedule struct {
	Schedules Schedules
	// Channels, when set, is asked before a schedule is added or resumed.
	Channels ChannelChecker
	// Now is the clock for list output (default time.Now).
	Now func() time.Time
}

// Definition describes /schedule.
func (c *Schedule) Definition() Definition {
	lo, hi := 1.0, float64(schedule.MaxDays)
	return manageDefinition("schedule", "Post digests to a channel on a schedule",
		Option{Description: "Post a digest to a channel on a schedule", Options: []Option{
			{Type: OptionChannel, Name: "channel", Description: "Where to post", Required: true, ChannelTypes: []int{0, 5}},
			{Type: OptionString, Name: "when", Description: `"daily 08:00", "weekly mon 08:00" or a cron expression`, Required: true, MaxLength: 100},
			{Type: OptionString, Name: "topic", Description: "Only stories about this (default: everything)", MaxLength: MaxDigestTopic},
			{Type: OptionString, Name: "timezone", Description: "IANA time zone, e.g. Europe/Paris (default UTC)", MaxLength: 64},
			{Type: OptionInteger, Name: "days", Description: "Days of coverage per digest (default: time between runs)", MinValue: &lo, MaxValue: &hi},
			{Type: OptionBoolean, Name: "post_when_empty", Description: "Post even when there was no coverage (default: skip)"},
		}},
		"List this server's digest schedules", "Remove a digest schedule",
		"Resume a digest schedule disabled because its channel refused posts")
}

// Handle runs the chosen subcommand. The router has already refused
// requests outside a server and from members without Manage Server (the
// definition's GuildOnly and DefaultMemberPermissions).
func (c *Schedule) Handle(ctx context.Context, req Request) (Response, error) {
	return manage(ctx, req, "schedule", c.add, c.list, c.resume, c.Schedules.Remove)
}

// resume enables again a schedule disabled because its channel refused
// posts, once Discord says the bot can post there (else it stays
// disabled, and the reply says why). Its runs are counted from now: the
// ones it missed are not posted.
func (c *Schedule) resume(ctx context.Context, req Request) (Response, error) {
	id := resumeID(req)
	all, err := c.Schedules.List(ctx, req.GuildID)
	if err != nil {
		return Response{}, err
	}
	i := slices.IndexFunc(all, func(s schedule.Schedule) bool { return s.ID == id })
	if i < 0 {
		return Response{}, chronicle.Errorf(chronicle.ENOTFOUND, "This server has no schedule %s.", Escape(id))
	}
	if err := refusesChanges(c.Schedules); err != nil {
		return Response{}, err
	}
	if all[i].Disabled {
		if err := checkResume(ctx, c.Channels, req.GuildID, all[i].ChannelID, "schedule", id); err != nil {
			return Response{}, err
		}
	}
	s, err := c.Schedules.Resume(ctx, req.GuildID, id)
	if err != nil {
		return Response{}, err
	}
	return ephemeral(fmt.Sprintf("Schedule %s resumed: %s. The runs it missed while disabled are not posted.", s.ID, c.describe(s))), nil
}

func (c *Schedule) add(ctx context.Context, req Request) (Response, error) {
	s := schedule.Schedule{
		GuildID: req.GuildID, ChannelID: req.Option("channel"), Spec: cleanSpec(req.Option("when")),
		Topic: chronicle.Printable(req.Option("topic")), Timezone: req.Option("timezone"), CreatedBy: req.UserID,
		PostWhenEmpty: req.Option("post_when_empty") == "true",
	}
	if v := req.Option("days"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > schedule.MaxDays {
			return Response{}, chronicle.Errorf(chronicle.EINVALID, "Days must be a whole number from 1 to %d.", schedule.MaxDays)
		}
		s.Days = n
	}
	// Validate the expression first: its error is the likelier mistake.
	if _, err := schedule.ParseTiming(s.Spec, s.Timezone); err != nil {
		return Response{}, err
	}
	if err := refusesChanges(c.Schedules); err != nil {
		return Response{}, err
	}
	if err := checkChannel(ctx, c.Channels, req.GuildID, s.ChannelID, "schedule", "added"); err != nil {
		return Response{}, err
	}
	s, err := c.Schedules.Add(ctx, s)
	if err != nil {
		return Response{}, err
	}
	return ephemeral(fmt.Sprintf("Schedule %s added: %s", s.ID, c.describe(s))), nil
}

// cleanSpec is a typed schedule expression on one line, as the topic is
// kept printable: control characters are spaces, runs of spaces one (cron's
// fields are split on any) and zero-width characters gone, so that a newline
// typed in it does not break its line in /schedule list, nor a pasted
// zero-width space make "daily 08:00" unreadable to the parser.
func cleanSpec(spec string) string {
	return strings.Join(strings.Fields(chronicle.WithoutInvisibles(chronicle.Printable(spec))), " ")
}

func (c *Schedule) list(ctx context.Context, req Request) (Response, error) {
	all, err := c.Schedules.List(ctx, req.GuildID)
	if err != nil {
		return Response{}, err
	}
	if len(all) == 0 {
		return ephemeral("This server has no digest schedules. Add one with /schedule add."), nil
	}
	lines := make([]string, len(all))
	for i, s := range all {
		lines[i] = "• " + c.describe(s)
	}
	if text := strings.Join(lines, "\n"); utf8.RuneCountInString(text) <= MaxContent {
		return ephemeral(text), nil
	}
	// Too long with the details: each schedule's channel, number and
	// timing with its time zone (without it, "daily 02:30" in Tokyo and in
	// Paris read the same), so that each can still be found and removed, as
	// many as fit, and how many more there are.
	const note = "(details left out to fit; each schedule's full line shows when there are fewer)"
	var b strings.Builder
	for i, s := range all {
		line := fmt.Sprintf("• <#%s> schedule %s: %s", s.ChannelID, s.ID, Escape(s.Spec))
		if s.Timezone != "" {
			line += " (" + Escape(s.Timezone) + ")"
		}
		if s.Disabled {
			line += " (disabled)"
		}
		more := fmt.Sprintf("+%d more schedules not shown; remove some to see them", len(all)-i)
		if utf8.RuneCountInString(b.String()+line+"\n"+more+"\n"+note) > MaxContent {
			b.WriteString(more + "\n")
			break
		}
		b.WriteString(line + "\n")
	}
	return ephemeral(b.String() + note), nil
}

// describe is a schedule's list line, escaped, with its channel mentioned.
func (c *Schedule) describe(s schedule.Schedule) string {
	now := time.Now()
	if c.Now != nil {
		now = c.Now()
	}
	return fmt.Sprintf("<#%s> %s", s.ChannelID, Escape(s.Describe(now)))
}
