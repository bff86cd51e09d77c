package commands

import (
	"context"
	"maps"
	"strings"
	"testing"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/schedule"
)

// TestManageWording: /schedule and /watch share their dispatch and channel
// check, and each still names itself in what it says.
func TestManageWording(t *testing.T) {
	type handler interface {
		Handle(ctx context.Context, req Request) (Response, error)
	}
	tests := []struct {
		name        string
		cmd         func(t *testing.T) handler
		req         func(sub string, opts map[string]string) Request
		add         map[string]string
		wantRemoved string
		wantUse     string
		wantCheck   string
	}{
		{"schedule", func(t *testing.T) handler { return newScheduleCommand(t) },
			func(sub string, opts map[string]string) Request { return scheduleReq(sub, PermissionManageGuild, opts) },
			map[string]string{"channel": "c1", "when": "daily 08:00"},
			"Schedule 1 removed.", "Use /schedule add, /schedule list, /schedule remove or /schedule resume.",
			"I couldn't check <#cdown> with Discord just now, so the schedule was not added. Please try again in a moment."},
		{"watch", func(t *testing.T) handler { return newWatchCommand(t) }, watchReq,
			map[string]string{"channel": "c1", "query": "Moscow attack"},
			"Watch 1 removed.", "Use /watch add, /watch list, /watch remove or /watch resume.",
			"I couldn't check <#cdown> with Discord just now, so the watch was not added. Please try again in a moment."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			c := tt.cmd(t)
			if _, err := c.Handle(ctx, tt.req("add", tt.add)); err != nil {
				t.Fatalf("add: %v", err)
			}
			if resp, err := c.Handle(ctx, tt.req("remove", map[string]string{"id": "1"})); err != nil || resp.Content != tt.wantRemoved || !resp.Ephemeral {
				t.Errorf("remove = %q (ephemeral %v), %v; want %q", resp.Content, resp.Ephemeral, err, tt.wantRemoved)
			}
			_, err := c.Handle(ctx, tt.req("rename", nil))
			if chronicle.ErrorCode(err) != chronicle.EINVALID || chronicle.ErrorMessage(err) != tt.wantUse {
				t.Errorf("unknown subcommand = %v, want EINVALID %q", err, tt.wantUse)
			}
			down := map[string]string{"channel": "cdown"}
			for k, v := range tt.add {
				if k != "channel" {
					down[k] = v
				}
			}
			_, err = c.Handle(ctx, tt.req("add", down))
			if chronicle.ErrorCode(err) != chronicle.EINTERNAL || chronicle.ErrorMessage(err) != tt.wantCheck {
				t.Errorf("add with the check failing = %v, want EINTERNAL %q", err, tt.wantCheck)
			}
		})
	}
}

// resumable is a /schedule or /watch command over a store, with what a
// test of resume needs: disable item 1 in a channel, read its state back,
// and the same command in a replica that does not run them.
type resumable struct {
	cmd interface {
		Handle(ctx context.Context, req Request) (Response, error)
	}
	disable func(channel string)
	state   func() (disabled bool, reason string)
	// readOnly is the command in a replica, over the same store, with
	// refusingChannels; asked is the channels that replica asked about.
	readOnly interface {
		Handle(ctx context.Context, req Request) (Response, error)
	}
	asked *[]string
}

func resumableSchedule(t *testing.T) resumable {
	ctx := context.Background()
	c := newScheduleCommand(t)
	sch := c.Schedules.(*schedule.Scheduler)
	ch := refusingChannels()
	ch.asked = new([]string)
	ro := &Schedule{Schedules: schedule.ReadOnly{Scheduler: sch}, Channels: ch}
	return resumable{cmd: c, readOnly: ro, asked: ch.asked,
		disable: func(channel string) {
			if _, err := sch.Store.Update(ctx, "1", func(s *schedule.Schedule) { s.ChannelID, s.Disabled, s.DisabledReason = channel, true, "refused" }); err != nil {
				t.Fatal(err)
			}
		},
		state: func() (bool, string) {
			s, err := sch.Store.Get(ctx, "1")
			if err != nil {
				t.Fatal(err)
			}
			return s.Disabled, s.DisabledReason
		},
	}
}

func resumableWatch(t *testing.T) resumable {
	ctx := context.Background()
	c := newWatchCommand(t)
	w := c.Watches.(*schedule.Watcher)
	ch := refusingChannels()
	ch.asked = new([]string)
	ro := &Watch{Watches: schedule.WatchReadOnly{Watcher: w}, Channels: ch}
	return resumable{cmd: c, readOnly: ro, asked: ch.asked,
		disable: func(channel string) {
			if _, err := w.Store.UpdateWatch(ctx, "1", func(x *schedule.Watch) { x.ChannelID, x.Disabled, x.DisabledReason = channel, true, "refused" }); err != nil {
				t.Fatal(err)
			}
		},
		state: func() (bool, string) {
			x, err := w.Store.GetWatch(ctx, "1")
			if err != nil {
				t.Fatal(err)
			}
			return x.Disabled, x.DisabledReason
		},
	}
}

// TestManageResume: /schedule resume and /watch resume ask Discord whether
// the bot can post in the channel before enabling a disabled item again: a
// refusal keeps it disabled and says why, a check that could not be made
// says that nothing was resumed, and a channel that takes posts again
// resumes it, answered with its list line; a replica that does not run
// them refuses the change.
func TestManageResume(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		setup   func(t *testing.T) resumable
		req     func(sub string, opts map[string]string) Request
		add     map[string]string
		resumed string
		replica string
	}{
		{"schedule", resumableSchedule,
			func(sub string, opts map[string]string) Request { return scheduleReq(sub, PermissionManageGuild, opts) },
			map[string]string{"channel": "c1", "when": "daily 08:00"},
			"Schedule 1 resumed: <#c1> schedule 1: daily 08:00, last 1 day(s); next Sat 30 Mar 08:00 UTC. The runs it missed while disabled are not posted.",
			chronicle.ErrorMessage(schedule.ErrNotScheduler)},
		{"watch", resumableWatch, watchReq,
			map[string]string{"channel": "c1", "query": "Moscow attack"},
			"Watch 1 resumed: <#c1> watch 1: “Moscow attack”; nothing posted yet. It posts the matching articles that come from now on; those that came while it was disabled are not posted.",
			chronicle.ErrorMessage(schedule.ErrWatchNotScheduler)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.setup(t)
			if _, err := r.cmd.Handle(ctx, tt.req("add", tt.add)); err != nil {
				t.Fatalf("add: %v", err)
			}
			resume := tt.req("resume", map[string]string{"id": "1"})
			kind := strings.ToUpper(tt.name[:1]) + tt.name[1:]
			steps := []struct{ channel, wantCode, want string }{
				{"cdown", chronicle.EINTERNAL, "I couldn't check <#cdown> with Discord just now, so the " + tt.name + " was not resumed. Please try again in a moment."},
				{"c403", chronicle.EINVALID, kind + " 1 stays disabled: I can't see <#c403>: give me the View Channel permission there."},
			}
			for _, s := range steps {
				r.disable(s.channel)
				_, err := r.cmd.Handle(ctx, resume)
				if chronicle.ErrorCode(err) != s.wantCode || chronicle.ErrorMessage(err) != s.want {
					t.Errorf("resume with channel %s = %v, want %s %q", s.channel, err, s.wantCode, s.want)
				}
				if disabled, reason := r.state(); !disabled || reason != "refused" {
					t.Errorf("after resume with channel %s: disabled %v (%q), want it disabled as it was", s.channel, disabled, reason)
				}
			}
			// A replica refuses the change before it asks Discord about the
			// channel: a refusing channel gave "stays disabled: ..." after
			// wasted API calls, where the replica's refusal was the answer.
			r.disable("c403")
			add := maps.Clone(tt.add)
			add["channel"] = "c403"
			for _, req := range []Request{resume, tt.req("add", add)} {
				if resp, err := r.readOnly.Handle(ctx, req); chronicle.ErrorMessage(err) != tt.replica {
					t.Errorf("%s in a replica = %q, %v; want %q", req.Subcommand, resp.Content, err, tt.replica)
				}
			}
			if len(*r.asked) != 0 {
				t.Errorf("the replica asked Discord about channels %v, want none", *r.asked)
			}
			r.disable("c1")
			resp, err := r.cmd.Handle(ctx, resume)
			if err != nil || resp.Content != tt.resumed || !resp.Ephemeral {
				t.Errorf("resume = %q (ephemeral %v), %v; want %q", resp.Content, resp.Ephemeral, err, tt.resumed)
			}
			if disabled, reason := r.state(); disabled || reason != "" {
				t.Errorf("after resume: disabled %v (%q), want it enabled without a reason", disabled, reason)
			}
		})
	}
}

// TestManageBlankID: /schedule and /watch remove or resume with an ID of
// no visible character say which ID to give; they said "This server has
// no schedule ." (helper 155).
func TestManageBlankID(t *testing.T) {
	type handler interface {
		Handle(ctx context.Context, req Request) (Response, error)
	}
	cmds := []struct {
		name string
		cmd  func(t *testing.T) handler
		req  func(sub string, opts map[string]string) Request
	}{
		{"schedule", func(t *testing.T) handler { return newScheduleCommand(t) },
			func(sub string, opts map[string]string) Request { return scheduleReq(sub, PermissionManageGuild, opts) }},
		{"watch", func(t *testing.T) handler { return newWatchCommand(t) }, watchReq},
	}
	for _, c := range cmds {
		for _, sub := range []string{"remove", "resume"} {
			for _, id := range []string{"", "   ", "\u200b", "#", " # \u2060"} {
				t.Run(c.name+" "+sub+" "+strings.ToValidUTF8(id, "?"), func(t *testing.T) {
					_, err := c.cmd(t).Handle(context.Background(), c.req(sub, map[string]string{"id": id}))
					want := "Give the number of a " + c.name + ", as /" + c.name + " list shows it."
					if chronicle.ErrorCode(err) != chronicle.EINVALID || chronicle.ErrorMessage(err) != want {
						t.Errorf("%s %q = %v, want EINVALID %q", sub, id, err, want)
					}
				})
			}
		}
	}
}
