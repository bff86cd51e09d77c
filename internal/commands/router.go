package commands

import (
	"context"
	"fmt"
	"log/slog"
	"runtime"
	"runtime/debug"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/chronicle-bot/chronicle"
	"golang.org/x/time/rate"
)

// Observer is told about every interaction once it is answered, e.g. to
// feed Prometheus. Outcomes: ok, error, user_error, panic, timeout,
// rate_limited, forbidden, unknown, send_failed. command is a registered
// command's name, "component:" and a registered prefix, or "unknown" for
// anything else.
type Observer interface {
	ObserveInteraction(command, outcome string, d time.Duration)
}

// RouterConfig tunes a Router; the zero value gives the defaults.
type RouterConfig struct {
	// Logger receives one line per interaction; nil discards.
	Logger *slog.Logger
	// Observer, when set, is called once per interaction.
	Observer Observer
	// Timeout bounds each handler (default 15s).
	Timeout time.Duration
	// DeferAfter is how long a handler may run before the router
	// acknowledges with a deferred response (default 2s; Discord allows 3s).
	DeferAfter time.Duration
	// RateLimit and RateBurst limit each user's commands and clicks
	// (default one every 2s with bursts of 5; rate.Inf disables).
	RateLimit rate.Limit
	RateBurst int
	// MaxHandlers is how many handlers run at once (default twice the
	// processors Go uses, at least 4). The others wait for a turn, and are
	// deferred after DeferAfter like a slow handler: a burst of 200
	// commands from as many users ran all their handlers at once on 2
	// cores, and the deferrals, which wait for the processor like any
	// goroutine, reached Discord up to 7.8 s late (helper 82). The wait
	// counts in Timeout.
	MaxHandlers int
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Middleware wraps every dispatched interaction, the first outermost,
	// inside the router's own in-flight count (see Router.Wait).
	Middleware []Middleware
}

// Router dispatches requests to commands.
type Router struct {
	cfg        RouterConfig
	log        *slog.Logger
	commands   map[string]Command
	components map[string]ComponentHandler
	order      []Command
	limiter    *userLimiter
	inflight   InFlight
	// slots holds a token for each handler running (MaxHandlers).
	slots chan struct{}
	// handler is dispatchOne wrapped in the in-flight count and the
	// configured middleware.
	handler Handler
}

// NewRouter builds a router over cmds. It fails when two commands share a
// name or two component handlers share a prefix.
func NewRouter(cfg RouterConfig, cmds ...Command) (*Router, error) {
	if cfg.Timeout <= 0 {
		cfg.Timeout = 15 * time.Second
	}
	if cfg.DeferAfter <= 0 {
		cfg.DeferAfter = 2 * time.Second
	}
	if cfg.RateLimit == 0 {
		cfg.RateLimit = rate.Every(2 * time.Second)
	}
	if cfg.RateBurst <= 0 {
		cfg.RateBurst = 5
	}
	if cfg.MaxHandlers <= 0 {
		cfg.MaxHandlers = max(4, 2*runtime.GOMAXPROCS(0))
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	r := &Router{
		cfg:        cfg,
		log:        log,
		commands:   make(map[string]Command),
		components: make(map[string]ComponentHandler),
		limiter:    newUserLimiter(cfg.RateLimit, cfg.RateBurst),
		slots:      make(chan struct{}, cfg.MaxHandlers),
	}
	for _, c := range cmds {
		name := c.Definition().Name
		if _, dup := r.commands[name]; dup {
			return nil, fmt.Errorf("commands: duplicate command %q", name)
		}
		r.commands[name] = c
		r.order = append(r.order, c)
		if ch, ok := c.(ComponentHandler); ok {
			p := ch.ComponentPrefix()
			if _, dup := r.components[p]; dup || p == "" || strings.Contains(p, ":") {
				return nil, fmt.Errorf("commands: bad or duplicate component prefix %q", p)
			}
			r.components[p] = ch
		}
	}
	r.handler = chain(r.dispatchOne, append([]Middleware{r.inflight.Middleware}, cfg.Middleware...))
	defs := r.Definitions()
	for _, c := range cmds {
		if du, ok := c.(definitionsUser); ok {
			du.useDefinitions(defs)
		}
	}
	return r, nil
}

// Definitions returns every command's definition, in the order given, for
// bulk registration.
func (r *Router) Definitions() []Definition {
	defs := make([]Definition, len(r.order))
	for i, c := range r.order {
		defs[i] = c.Definition()
	}
	return defs
}

// Wait returns when every interaction dispatched so far has been answered
// (its last reply sent), or ctx's error when it ends first. A graceful
// shutdown stops taking interactions, then waits.
func (r *Router) Wait(ctx context.Context) error { return r.inflight.Wait(ctx) }

// Pending is how many dispatched interactions are not answered yet.
func (r *Router) Pending() int { return r.inflight.Pending() }

// route is a resolved request: a name for logs, the command's definition and
// the function that handles it.
type route struct {
	name string
	def  Definition
	run  func(context.Context, Request) (Response, error)
}

func (r *Router) route(req Request) (route, bool) {
	switch req.Kind {
	case KindCommand:
		if c, ok := r.commands[req.Command]; ok {
			return route{name: req.Command, def: c.Definition(), run: c.Handle}, true
		}
	case KindAutocomplete:
		if c, ok := r.commands[req.Command]; ok {
			if ac, ok := c.(Autocompleter); ok {
				return route{name: req.Command, def: c.Definition(), run: func(ctx context.Context, req Request) (Response, error) {
					choices, err := ac.Autocomplete(ctx, req)
					return Response{Choices: choices}, err
				}}, true
			}
		}
	case KindComponent:
		// Discord's custom IDs have at most MaxCustomID characters, and so
		// do all the bot makes: a longer one is forged, and its question or
		// query must reach no handler.
		if utf8.RuneCountInString(req.CustomID) > MaxCustomID {
			break
		}
		prefix, _, _ := strings.Cut(req.CustomID, ":")
		if ch, ok := r.components[prefix]; ok {
			def := Definition{Name: prefix}
			if c, ok := ch.(Command); ok {
				def = c.Definition()
			}
			return route{name: "component:" + prefix, def: def, run: ch.HandleComponent}, true
		}
	}
	// A name nobody registered comes from the client: it is never used as
	// a metric label (one series per made-up name) or logged as a command.
	return route{name: OutcomeUnknown}, false
}

// Ephemeral reports whether the router's replies to req are private: its
// command's Definition.Ephemeral, and for a request the router refuses
// without running anything (an unknown command, a missing permission), true,
// as its refusal is. It lets an acknowledgement made outside the router (the
// HTTP endpoint's own deferral, when the router is late) keep a private
// reply private: Discord keeps a deferral's visibility for the edit that
// follows it.
func (r *Router) Ephemeral(req Request) bool {
	rt, ok := r.route(req)
	if !ok || checkPermissions(rt.def, req) != nil {
		return true
	}
	return rt.def.Ephemeral
}

// requested is the command or button a request names, cut to 100 runes,
// for the log line of an unknown one (the log handler quotes it).
func requested(req Request) string {
	s := req.Command
	if req.Kind == KindComponent {
		s = "component:" + req.CustomID
	}
	if r := []rune(s); len(r) > 100 {
		s = string(r[:100]) + "…"
	}
	return s
}

// Handle runs the request's handler synchronously with the deadline, panic
// recovery and permission check, but without rate limiting or deferral. The
// CLI uses it and prints RenderText of the response.
func (r *Router) Handle(ctx context.Context, req Request) (Response, error) {
	rt, ok := r.route(req)
	if !ok {
		return Response{}, chronicle.Errorf(chronicle.ENOTFOUND, "Unknown command %q.", req.Command)
	}
	if err := checkPermissions(rt.def, req); err != nil {
		return Response{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, r.cfg.Timeout)
	defer cancel()
	res := call(ctx, rt, req)
	return res.resp, res.err
}

// panicError is a handler's panic: its message names the command and the
// value; the stack goes to the log line (Stack), not into the message,
// which the CLI prints to its user.
type panicError struct {
	what  string
	value any
	stack []byte
}

func (e *panicError) Error() string { return fmt.Sprintf("panic in %s: %v", e.what, e.value) }

// Stack is the goroutine's stack where the handler panicked.
func (e *panicError) Stack() string { return string(e.stack) }

// result is what a handler produced.
type result struct {
	resp     Response
	err      error
	panicked bool
}

// run calls the handler of rt when one of the router's slots is free (or
// gives up with errTimeout when ctx ends first).
//
// The slot is given back when the handler returns or its time is up,
// whichever comes first: a handler that runs on past its Timeout (one that
// does not watch its context) no longer counts, so that a few of them do
// not turn every other command into "That took too long" (review rev40).
// Autocomplete takes no slot: it reads titles only, cannot be deferred,
// and came back empty under a burst.
func (r *Router) run(ctx context.Context, rt route, req Request) result {
	if req.Kind == KindAutocomplete {
		return call(ctx, rt, req)
	}
	select {
	case r.slots <- struct{}{}:
	case <-ctx.Done():
		return result{err: errTimeout}
	}
	if ctx.Err() != nil {
		// The time ran out as the slot came: the user is told so, and
		// the handler must not act after that (a schedule added).
		<-r.slots
		return result{err: errTimeout}
	}
	done := make(chan result, 1)
	go func() { done <- call(ctx, rt, req) }()
	select {
	case res := <-done:
		<-r.slots
		return res
	case <-ctx.Done():
		<-r.slots
		return result{err: errTimeout}
	}
}

// call runs the handler, turning a panic into an error.
func call(ctx context.Context, rt route, req Request) (res result) {
	defer func() {
		if p := recover(); p != nil {
			res = result{err: &panicError{what: rt.name, value: p, stack: debug.Stack()}, panicked: true}
		}
	}()
	resp, err := rt.run(ctx, req)
	if err != nil {
		return result{err: fmt.Errorf("%s: %w", rt.name, err)}
	}
	return result{resp: resp}
}

// checkPermissions enforces a definition's default member permissions again
// on use (they can be changed by server admins, and DMs have none).
func checkPermissions(def Definition, req Request) error {
	if req.Kind == KindAutocomplete {
		return nil
	}
	if def.GuildOnly && req.GuildID == "" {
		return chronicle.Errorf(chronicle.EFORBIDDEN, "This command only works in a server.")
	}
	if p := def.DefaultMemberPermissions; p != 0 && req.Permissions&p != p {
		return chronicle.Errorf(chronicle.EFORBIDDEN, "You need the permission to manage this server to use this command.")
	}
	return nil
}

// errorResponse is the short ephemeral reply for err.
func errorResponse(err error) Response {
	return ephemeral("⚠️ " + chronicle.ErrorMessage(err))
}
