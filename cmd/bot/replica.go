package main

import (
	"context"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/commands"
	"github.com/chronicle-bot/chronicle/internal/schedule"
)

// replicaSchedules is what /schedule manages: the scheduler itself when
// this process runs the schedules, or, in a replica with schedule.enabled
// false, a store that lists them but refuses changes, which would be kept
// in a file no scheduler reads.
func replicaSchedules(s *schedule.Scheduler, enabled bool) commands.Schedules {
	if enabled {
		return s
	}
	return readOnlySchedules{s}
}

// errNotScheduler is the reply to /schedule add or remove in a replica that
// does not run the schedules.
var errNotScheduler = chronicle.Errorf(chronicle.EINVALID,
	"This instance of the bot does not post digests (schedule.enabled is false), so it cannot change schedules. Please try again: another instance may take it.")

// readOnlySchedules lists schedules and refuses changes.
type readOnlySchedules struct{ s *schedule.Scheduler }

// Add implements commands.Schedules.
func (readOnlySchedules) Add(context.Context, schedule.Schedule) (schedule.Schedule, error) {
	return schedule.Schedule{}, errNotScheduler
}

// List implements commands.Schedules.
func (r readOnlySchedules) List(ctx context.Context, guildID string) ([]schedule.Schedule, error) {
	return r.s.List(ctx, guildID)
}

// Remove implements commands.Schedules.
func (readOnlySchedules) Remove(context.Context, string, string) error { return errNotScheduler }
