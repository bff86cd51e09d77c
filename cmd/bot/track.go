package main

import (
	"context"
	"sync"
	"time"

	"github.com/chronicle-bot/chronicle/internal/commands"
)

// tracker counts interactions whose handler has started and whose reply
// the router has not yet reported sent, so that a shutdown can wait for
// them. It sees handlers start through wrapped commands and replies go out
// through the router's Observer, matched by route name ("ask",
// "component:search").
//
// The gateway side of the discord package waits for its own interactions,
// but the HTTP interactions endpoint finishes deferred replies in
// goroutines nobody waits for; this covers both.
type tracker struct {
	mu      sync.Mutex
	running map[string]int
}

func newTracker() *tracker { return &tracker{running: make(map[string]int)} }

func (t *tracker) enter(name string) {
	t.mu.Lock()
	t.running[name]++
	t.mu.Unlock()
}

// ObserveInteraction implements commands.Observer: an outcome that follows
// a handler's run ends that interaction.
func (t *tracker) ObserveInteraction(name, outcome string, _ time.Duration) {
	switch outcome {
	case commands.OutcomeOK, commands.OutcomeError, commands.OutcomeUserError, commands.OutcomePanic,
		commands.OutcomeTimeout, commands.OutcomeSendFailed:
	default:
		return
	}
	t.mu.Lock()
	if t.running[name] > 0 {
		t.running[name]--
	}
	t.mu.Unlock()
}

// pending is how many interactions are in flight.
func (t *tracker) pending() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := 0
	for _, c := range t.running {
		n += c
	}
	return n
}

// wait returns when no interaction is in flight, or ctx's error.
func (t *tracker) wait(ctx context.Context) error {
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for t.pending() > 0 {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
	return nil
}

// wrap returns c with its handlers counted, keeping the optional
// ComponentHandler and Autocompleter interfaces.
func (t *tracker) wrap(c commands.Command) commands.Command {
	base := tracked{c: c, t: t}
	ch, isCH := c.(commands.ComponentHandler)
	ac, isAC := c.(commands.Autocompleter)
	switch {
	case isCH && isAC:
		return &trackedAll{tracked: base, ch: ch, ac: ac}
	case isCH:
		return &trackedComponent{tracked: base, ch: ch}
	case isAC:
		return &trackedAutocomplete{tracked: base, ac: ac}
	}
	return &base
}

type tracked struct {
	c commands.Command
	t *tracker
}

func (w *tracked) Definition() commands.Definition { return w.c.Definition() }

func (w *tracked) Handle(ctx context.Context, req commands.Request) (commands.Response, error) {
	w.t.enter(w.c.Definition().Name)
	return w.c.Handle(ctx, req)
}

type trackedComponent struct {
	tracked
	ch commands.ComponentHandler
}

func (w *trackedComponent) ComponentPrefix() string { return w.ch.ComponentPrefix() }

func (w *trackedComponent) HandleComponent(ctx context.Context, req commands.Request) (commands.Response, error) {
	w.t.enter("component:" + w.ch.ComponentPrefix())
	return w.ch.HandleComponent(ctx, req)
}

type trackedAutocomplete struct {
	tracked
	ac commands.Autocompleter
}

func (w *trackedAutocomplete) Autocomplete(ctx context.Context, req commands.Request) ([]commands.Choice, error) {
	w.t.enter(w.c.Definition().Name)
	return w.ac.Autocomplete(ctx, req)
}

type trackedAll struct {
	tracked
	ch commands.ComponentHandler
	ac commands.Autocompleter
}

func (w *trackedAll) ComponentPrefix() string { return w.ch.ComponentPrefix() }

func (w *trackedAll) HandleComponent(ctx context.Context, req commands.Request) (commands.Response, error) {
	w.t.enter("component:" + w.ch.ComponentPrefix())
	return w.ch.HandleComponent(ctx, req)
}

func (w *trackedAll) Autocomplete(ctx context.Context, req commands.Request) ([]commands.Choice, error) {
	w.t.enter(w.c.Definition().Name)
	return w.ac.Autocomplete(ctx, req)
}

// observers tells every observer about each interaction.
type observers []commands.Observer

// ObserveInteraction implements commands.Observer.
func (os observers) ObserveInteraction(command, outcome string, d time.Duration) {
	for _, o := range os {
		o.ObserveInteraction(command, outcome, d)
	}
}
