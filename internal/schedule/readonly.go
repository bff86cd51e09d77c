package schedule

import (
	"context"

	"github.com/chronicle-bot/chronicle"
)

// ErrNotScheduler is the reply to adding, removing or resuming a schedule in a
// replica that does not run the schedules (schedule.enabled false): the
// change would be kept in a file no scheduler reads.
var ErrNotScheduler = chronicle.Errorf(chronicle.EINVALID,
	"This instance of the bot does not post digests (schedule.enabled is false), so it cannot change schedules. Please try again: another instance may take it.")

// ReadOnly is what /schedule manages in such a replica: it lists the
// scheduler's schedules and refuses changes with ErrNotScheduler.
type ReadOnly struct{ Scheduler *Scheduler }

// RefusesChanges is ErrNotScheduler: /schedule add and resume give it
// before they ask Discord about the channel.
func (ReadOnly) RefusesChanges() error { return ErrNotScheduler }

// Add refuses the change.
func (ReadOnly) Add(context.Context, Schedule) (Schedule, error) { return Schedule{}, ErrNotScheduler }

// List lists the schedules of a guild.
func (r ReadOnly) List(ctx context.Context, guildID string) ([]Schedule, error) {
	return r.Scheduler.List(ctx, guildID)
}

// Remove refuses the change.
func (ReadOnly) Remove(context.Context, string, string) error { return ErrNotScheduler }

// Resume refuses the change.
func (ReadOnly) Resume(context.Context, string, string) (Schedule, error) {
	return Schedule{}, ErrNotScheduler
}
