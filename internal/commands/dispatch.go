package commands

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// Responder delivers the replies to one interaction. The discord package
// implements it over the gateway (REST callbacks) and over the HTTP
// interactions endpoint (the HTTP response, then webhooks).
type Responder interface {
	// Respond sends the initial reply. For components, resp.Update edits
	// the message the component is on; for autocomplete, resp.Choices are
	// sent.
	Respond(ctx context.Context, resp Response) error
	// Defer acknowledges the interaction without a reply yet: "thinking…"
	// for commands (private when ephemeral), a silent acknowledgement for
	// components.
	Defer(ctx context.Context, ephemeral bool) error
	// Edit replaces the original reply (after Defer: the placeholder for a
	// command, the clicked message for a component). A private resp
	// (Ephemeral) never replaces a public placeholder in view of the
	// channel: the placeholder goes and resp comes as a private followup.
	Edit(ctx context.Context, resp Response) error
	// Followup sends another message in reply to the interaction.
	Followup(ctx context.Context, resp Response) error
}

// Interaction outcomes, for logs and the Observer. OutcomeError is a failure
// of the bot; OutcomeUserError a handler's refusal of what the user asked (a
// *chronicle.Error with a user-facing code such as EINVALID, e.g. a schedule
// at 25:00), which is not counted as an error. Unknown commands and buttons
// are reported under the one command name OutcomeUnknown, so that metric
// labels never carry names a client made up.
const (
	OutcomeOK          = "ok"
	OutcomeError       = "error"
	OutcomeUserError   = "user_error" // the handler refused the user's input (see isUserError)
	OutcomePanic       = "panic"
	OutcomeTimeout     = "timeout"
	OutcomeRateLimited = "rate_limited"
	OutcomeForbidden   = "forbidden"
	OutcomeUnknown     = "unknown"
	OutcomeSendFailed  = "send_failed"
)

// slowDown is the reply when a user hits the rate limit.
const slowDown = "🐢 Slow down a little: you're sending commands faster than I can keep up. Try again in a few seconds."

// errTimeout is reported when a handler exceeds the deadline.
var errTimeout = &chronicle.Error{Code: chronicle.EINTERNAL, Message: "That took too long. Please try again in a moment."}

// dispatch records what happened to one interaction.
type dispatch struct {
	outcome  string
	deferred bool
	err      error
}

// Dispatch handles one interaction and delivers its replies through rs. It
// never returns an error: every failure becomes a short ephemeral reply and
// one log line. When the handler has not finished after DeferAfter, the
// interaction is deferred and the reply then edits the placeholder.
func (r *Router) Dispatch(ctx context.Context, req Request, rs Responder) {
	r.handler(ctx, req, rs)
}

// dispatchOne is Dispatch without the middleware.
func (r *Router) dispatchOne(ctx context.Context, req Request, rs Responder) {
	start := r.cfg.Now()
	rt, ok := r.route(req)
	d := r.dispatch(ctx, req, rt, ok, rs)
	elapsed := r.cfg.Now().Sub(start)
	level := slog.LevelInfo
	switch {
	case d.outcome == OutcomePanic || d.outcome == OutcomeSendFailed ||
		(d.err != nil && chronicle.ErrorCode(d.err) == chronicle.EINTERNAL):
		level = slog.LevelError
	case d.outcome != OutcomeOK && d.outcome != OutcomeUserError:
		level = slog.LevelWarn
	}
	attrs := []slog.Attr{
		slog.String("command", rt.name), slog.String("kind", req.Kind.String()),
		slog.String("user", req.UserID), slog.String("guild", req.GuildID),
		slog.String("outcome", d.outcome), slog.Duration("duration", elapsed),
		slog.Bool("deferred", d.deferred),
	}
	if req.ID != "" {
		attrs = append(attrs, slog.String("interaction", req.ID))
	}
	if !ok {
		attrs = append(attrs, slog.String("requested", requested(req)))
	}
	if d.err != nil {
		attrs = append(attrs, slog.String("code", chronicle.ErrorCode(d.err)), slog.Any("error", d.err))
		if pe, ok := errors.AsType[*panicError](d.err); ok {
			attrs = append(attrs, slog.String("stack", pe.Stack()))
		}
	}
	r.log.LogAttrs(ctx, level, "interaction", attrs...)
	if r.cfg.Observer != nil {
		r.cfg.Observer.ObserveInteraction(rt.name, d.outcome, elapsed)
	}
}

func (r *Router) dispatch(ctx context.Context, req Request, rt route, ok bool, rs Responder) dispatch {
	if !ok {
		msg := "This command or button is no longer available. Run /help to see what I can do."
		if req.Kind == KindAutocomplete {
			return r.send(ctx, rs, Response{}, req.Kind, dispatch{outcome: OutcomeUnknown})
		}
		return r.send(ctx, rs, ephemeral(msg), req.Kind, dispatch{outcome: OutcomeUnknown})
	}
	if req.Kind != KindAutocomplete && !r.limiter.allow(req.UserID, r.cfg.Now()) {
		return r.send(ctx, rs, ephemeral(slowDown), req.Kind, dispatch{outcome: OutcomeRateLimited})
	}
	if err := checkPermissions(rt.def, req); err != nil {
		return r.send(ctx, rs, errorResponse(err), req.Kind, dispatch{outcome: OutcomeForbidden, err: err})
	}

	hctx, cancel := context.WithTimeout(ctx, r.cfg.Timeout)
	defer cancel()
	done := make(chan result, 1)
	go func() { done <- r.run(hctx, rt, req) }()

	var d dispatch
	var res result
	if rt.def.Defer && req.Kind == KindCommand {
		d.deferred = true
	} else {
		timer := time.NewTimer(r.cfg.DeferAfter)
		defer timer.Stop()
		select {
		case res = <-done:
		case <-timer.C:
			if req.Kind == KindAutocomplete {
				// Autocomplete cannot be deferred: offer nothing rather than fail.
				return r.send(ctx, rs, Response{}, req.Kind, dispatch{outcome: OutcomeTimeout, err: errTimeout})
			}
			d.deferred = true
		}
	}
	if d.deferred {
		if err := rs.Defer(ctx, rt.def.Ephemeral); err != nil {
			return dispatch{outcome: OutcomeSendFailed, deferred: true, err: err}
		}
		select {
		case res = <-done:
		case <-hctx.Done():
			res = result{err: errTimeout}
		}
	}

	resp := res.resp
	d.outcome = OutcomeOK
	if res.err != nil {
		d.err = res.err
		d.outcome = OutcomeError
		switch {
		case res.panicked:
			d.outcome = OutcomePanic
		case errors.Is(res.err, errTimeout) || errors.Is(res.err, context.DeadlineExceeded):
			d.outcome = OutcomeTimeout
			res.err = errTimeout
		case isUserError(res.err):
			d.outcome = OutcomeUserError
		}
		resp = errorResponse(res.err)
		if req.Kind == KindAutocomplete {
			resp = Response{}
		}
	}
	return r.send(ctx, rs, resp, req.Kind, d)
}

// send delivers resp as the initial reply or, after a deferral, as an edit
// of the placeholder (commands) or of the clicked message (components with
// resp.Update); a component's reply that is a new message goes as a followup.
func (r *Router) send(ctx context.Context, rs Responder, resp Response, kind Kind, d dispatch) dispatch {
	resp = Fit(resp)
	var err error
	switch {
	case !d.deferred:
		err = rs.Respond(ctx, resp)
	case kind == KindComponent && !resp.Update:
		err = rs.Followup(ctx, resp)
	default:
		err = rs.Edit(ctx, resp)
	}
	if err != nil {
		d.outcome = OutcomeSendFailed
		d.err = errors.Join(d.err, err)
	}
	return d
}

// isUserError reports whether err is a refusal of the user's request (bad
// input, something that does not exist, a conflict, no permission) rather
// than a failure of the bot.
func isUserError(err error) bool {
	switch chronicle.ErrorCode(err) {
	case chronicle.EINVALID, chronicle.ENOTFOUND, chronicle.ECONFLICT, chronicle.EFORBIDDEN, chronicle.ERATELIMIT:
		return true
	}
	return false
}
