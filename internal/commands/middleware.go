package commands

import (
	"context"
	"sync"
)

// Handler handles one interaction and delivers its replies through rs; the
// router's Dispatch is one. It reports nothing back: whatever happens
// becomes a reply and a log line.
type Handler func(ctx context.Context, req Request, rs Responder)

// Middleware wraps every interaction the router dispatches with something
// done around it: counting, tracing, metrics. RouterConfig.Middleware lists
// them, outermost first.
type Middleware func(next Handler) Handler

// InFlight counts the interactions between the start of their dispatch and
// the last reply sent, so that a shutdown can wait for them (Wait). The
// router has one around every interaction (Router.Wait); its Middleware can
// be used on its own too.
type InFlight struct {
	mu   sync.Mutex
	n    int
	idle chan struct{} // closed when n drops to 0; nil while n is 0
}

// Middleware counts each interaction until next returns.
func (f *InFlight) Middleware(next Handler) Handler {
	return func(ctx context.Context, req Request, rs Responder) {
		f.enter()
		defer f.leave()
		next(ctx, req, rs)
	}
}

func (f *InFlight) enter() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.n == 0 {
		f.idle = make(chan struct{})
	}
	f.n++
}

func (f *InFlight) leave() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.n--
	if f.n == 0 {
		close(f.idle)
		f.idle = nil
	}
}

// Pending is how many interactions are in flight.
func (f *InFlight) Pending() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.n
}

// Wait returns when no interaction is in flight, or ctx's error when it
// ends first.
func (f *InFlight) Wait(ctx context.Context) error {
	f.mu.Lock()
	idle := f.idle
	f.mu.Unlock()
	if idle == nil {
		return nil
	}
	select {
	case <-idle:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// chain applies mws to h, the first outermost.
func chain(h Handler, mws []Middleware) Handler {
	for i := len(mws) - 1; i >= 0; i-- {
		h = mws[i](h)
	}
	return h
}
