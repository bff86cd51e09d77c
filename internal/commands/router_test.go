package commands

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/testlog"
	"github.com/google/go-cmp/cmp"
	"golang.org/x/time/rate"
)

// testCommand is a command whose behaviour each test sets.
type testCommand struct {
	def    Definition
	handle func(ctx context.Context, req Request) (Response, error)
}

func (c *testCommand) Definition() Definition { return c.def }
func (c *testCommand) Handle(ctx context.Context, req Request) (Response, error) {
	return c.handle(ctx, req)
}
func (c *testCommand) ComponentPrefix() string { return c.def.Name }
func (c *testCommand) HandleComponent(ctx context.Context, req Request) (Response, error) {
	return c.handle(ctx, req)
}
func (c *testCommand) Autocomplete(ctx context.Context, req Request) ([]Choice, error) {
	resp, err := c.handle(ctx, req)
	return resp.Choices, err
}

// observations records Observer calls.
type observations struct {
	mu  sync.Mutex
	got []string
}

func (o *observations) ObserveInteraction(command, outcome string, d time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.got = append(o.got, command+":"+outcome)
}

func sleepThen(d time.Duration, resp Response) func(context.Context, Request) (Response, error) {
	return func(ctx context.Context, req Request) (Response, error) {
		select {
		case <-time.After(d):
			return resp, nil
		case <-ctx.Done():
			return Response{}, ctx.Err()
		}
	}
}

// deferRecorder is a recorder that also closes deferred when the router
// defers the interaction, so that a handler can wait for the deferral.
type deferRecorder struct {
	recorder
	once     sync.Once
	deferred chan struct{}
}

func (r *deferRecorder) Defer(ctx context.Context, eph bool) error {
	err := r.recorder.Defer(ctx, eph)
	r.once.Do(func() { close(r.deferred) })
	return err
}

// handlerFunc is a command's handler.
type handlerFunc = func(context.Context, Request) (Response, error)

// now is a handler that answers at once.
func now(resp Response) func(<-chan struct{}) handlerFunc {
	return func(<-chan struct{}) handlerFunc {
		return func(context.Context, Request) (Response, error) { return resp, nil }
	}
}

// fails is a handler that fails at once with err.
func fails(err error) func(<-chan struct{}) handlerFunc {
	return func(<-chan struct{}) handlerFunc {
		return func(context.Context, Request) (Response, error) { return Response{}, err }
	}
}

// afterDefer is a handler that answers once the router has deferred the
// interaction: however slow the machine, it is never done before.
func afterDefer(resp Response) func(<-chan struct{}) handlerFunc {
	return func(deferred <-chan struct{}) handlerFunc {
		return func(context.Context, Request) (Response, error) {
			select {
			case <-deferred:
				return resp, nil
			case <-time.After(time.Minute):
				return Response{}, errors.New("the router never deferred")
			}
		}
	}
}

// untilDeadline is a handler that, once the router has deferred the
// interaction (never, for autocomplete), runs until its context ends.
func untilDeadline(autocomplete bool) func(<-chan struct{}) handlerFunc {
	return func(deferred <-chan struct{}) handlerFunc {
		return func(ctx context.Context, _ Request) (Response, error) {
			if !autocomplete {
				select {
				case <-deferred:
				case <-time.After(time.Minute):
					return Response{}, errors.New("the router never deferred")
				}
			}
			<-ctx.Done()
			return Response{}, ctx.Err()
		}
	}
}

// TestRouterDispatch checks each way an interaction ends. No case depends on
// how fast the machine runs: a handler that answers at once runs under a
// DeferAfter of a minute, and one that is meant to be deferred (or to run
// out of time) waits until the router has deferred it (or given up on it).
func TestRouterDispatch(t *testing.T) {
	hello := Response{Content: "hello"}
	tests := []struct {
		name        string
		def         Definition
		handle      func(deferred <-chan struct{}) handlerFunc
		slow        bool          // the handler waits for the router: DeferAfter is short
		timeout     time.Duration // the handler's deadline; 0 is a minute
		req         Request
		wantMethods []string
		wantContent string
		wantEph     bool
		wantOutcome string
	}{
		{"ok", Definition{Name: "t"}, now(hello), false, 0, Request{Kind: KindCommand, Command: "t"},
			[]string{"respond"}, "hello", false, "t:ok"},
		{"auto defer then edit", Definition{Name: "t"}, afterDefer(hello), true, 0, Request{Kind: KindCommand, Command: "t"},
			[]string{"defer", "edit"}, "hello", false, "t:ok"},
		{"always defer", Definition{Name: "t", Defer: true}, now(hello), false, 0, Request{Kind: KindCommand, Command: "t"},
			[]string{"defer", "edit"}, "hello", false, "t:ok"},
		{"deadline", Definition{Name: "t"}, untilDeadline(false), true, 100 * time.Millisecond, Request{Kind: KindCommand, Command: "t"},
			[]string{"defer", "edit"}, "⚠️ That took too long. Please try again in a moment.", true, "t:timeout"},
		{"panic", Definition{Name: "t"}, func(<-chan struct{}) handlerFunc {
			return func(context.Context, Request) (Response, error) { panic("boom") }
		}, false, 0, Request{Kind: KindCommand, Command: "t"},
			[]string{"respond"}, "⚠️ Something went wrong. Please try again later.", true, "t:panic"},
		{"user error", Definition{Name: "t"}, fails(chronicle.Errorf(chronicle.EINVALID, "Bad date.")), false, 0,
			Request{Kind: KindCommand, Command: "t"}, []string{"respond"}, "⚠️ Bad date.", true, "t:user_error"},
		{"internal error hidden", Definition{Name: "t"}, fails(errors.New("disk on fire at /secret/path")), false, 0,
			Request{Kind: KindCommand, Command: "t"}, []string{"respond"}, "⚠️ Something went wrong. Please try again later.", true, "t:error"},
		{"unknown command", Definition{Name: "t"}, now(hello), false, 0, Request{Kind: KindCommand, Command: "gone"},
			[]string{"respond"}, "This command or button is no longer available. Run /help to see what I can do.", true, "unknown:unknown"},
		{"component update deferred", Definition{Name: "t"}, afterDefer(Response{Content: "p2", Update: true}), true, 0,
			Request{Kind: KindComponent, CustomID: "t:v1:2"}, []string{"defer", "edit"}, "p2", false, "component:t:ok"},
		{"component new message deferred", Definition{Name: "t"}, afterDefer(Response{Content: "more", Ephemeral: true}), true, 0,
			Request{Kind: KindComponent, CustomID: "t:x"}, []string{"defer", "followup"}, "more", true, "component:t:ok"},
		{"unknown component", Definition{Name: "t"}, now(hello), false, 0, Request{Kind: KindComponent, CustomID: "old:v1"},
			[]string{"respond"}, "This command or button is no longer available. Run /help to see what I can do.", true, "unknown:unknown"},
		{"autocomplete too slow offers nothing", Definition{Name: "t"}, untilDeadline(true), true, 0, Request{Kind: KindAutocomplete, Command: "t"},
			[]string{"respond"}, "", false, "t:timeout"},
		{"forbidden", Definition{Name: "t", DefaultMemberPermissions: PermissionManageGuild}, now(hello), false, 0,
			Request{Kind: KindCommand, Command: "t", GuildID: "g", Permissions: 1 << 3},
			[]string{"respond"}, "⚠️ You need the permission to manage this server to use this command.", true, "t:forbidden"},
		{"permitted", Definition{Name: "t", DefaultMemberPermissions: PermissionManageGuild}, now(hello), false, 0,
			Request{Kind: KindCommand, Command: "t", GuildID: "g", Permissions: PermissionManageGuild | 1},
			[]string{"respond"}, "hello", false, "t:ok"},
		{"guild only in DM", Definition{Name: "t", GuildOnly: true}, now(hello), false, 0, Request{Kind: KindCommand, Command: "t"},
			[]string{"respond"}, "⚠️ This command only works in a server.", true, "t:forbidden"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs testlog.Buffer
			obs := &observations{}
			rec := &deferRecorder{deferred: make(chan struct{})}
			cfg := RouterConfig{Logger: slog.New(slog.NewTextHandler(&logs, nil)), Observer: obs,
				DeferAfter: time.Minute, Timeout: time.Minute}
			if tt.timeout > 0 {
				cfg.Timeout = tt.timeout
			}
			if tt.slow {
				cfg.DeferAfter = 10 * time.Millisecond
			}
			r, err := NewRouter(cfg, &testCommand{def: tt.def, handle: tt.handle(rec.deferred)})
			if err != nil {
				t.Fatal(err)
			}
			r.Dispatch(context.Background(), tt.req, rec)
			if diff := cmp.Diff(tt.wantMethods, rec.methods()); diff != "" {
				t.Errorf("calls (-want +got):\n%s", diff)
			}
			last := rec.last(t)
			if last.Content != tt.wantContent || last.Ephemeral != tt.wantEph {
				t.Errorf("reply = %q (ephemeral %v), want %q (ephemeral %v)", last.Content, last.Ephemeral, tt.wantContent, tt.wantEph)
			}
			if diff := cmp.Diff([]string{tt.wantOutcome}, obs.got); diff != "" {
				t.Errorf("observed (-want +got):\n%s", diff)
			}
			if n := strings.Count(logs.String(), "msg=interaction"); n != 1 {
				t.Errorf("%d log lines, want 1:\n%s", n, logs.String())
			}
		})
	}
}

func TestRouterLogLine(t *testing.T) {
	var logs testlog.Buffer
	r, _ := NewRouter(RouterConfig{Logger: slog.New(slog.NewTextHandler(&logs, nil))},
		&testCommand{def: Definition{Name: "t"}, handle: func(context.Context, Request) (Response, error) { panic("boom") }})
	r.Dispatch(context.Background(), Request{Kind: KindCommand, Command: "t", UserID: "u1", ID: "i1"}, &recorder{})
	line := logs.String()
	for _, w := range []string{"level=ERROR", "command=t", "user=u1", "outcome=panic", "duration=", "interaction=i1", "panic in t: boom"} {
		if !strings.Contains(line, w) {
			t.Errorf("log = %q, want %q", line, w)
		}
	}
}

func TestRouterRateLimit(t *testing.T) {
	now := time.Date(2024, 3, 26, 8, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	obs := &observations{}
	r, _ := NewRouter(RouterConfig{Now: clock, RateLimit: rate.Every(10 * time.Second), RateBurst: 2, Observer: obs},
		&testCommand{def: Definition{Name: "t"}, handle: sleepThen(0, Response{Content: "ok"})})
	send := func(user string, kind Kind) Response {
		rec := &recorder{}
		r.Dispatch(context.Background(), Request{Kind: kind, Command: "t", UserID: user}, rec)
		return rec.last(t)
	}
	for i, want := range []string{"ok", "ok", slowDown} {
		if got := send("alice", KindCommand); got.Content != want {
			t.Errorf("call %d = %q, want %q", i, got.Content, want)
		} else if want == slowDown && !got.Ephemeral {
			t.Error("slow down reply is not ephemeral")
		}
	}
	if got := send("bob", KindCommand); got.Content != "ok" {
		t.Errorf("another user limited: %q", got.Content)
	}
	if got := send("alice", KindAutocomplete); got.Content == slowDown {
		t.Error("autocomplete is rate limited")
	}
	mu.Lock()
	now = now.Add(10 * time.Second)
	mu.Unlock()
	if got := send("alice", KindCommand); got.Content != "ok" {
		t.Errorf("after refill = %q", got.Content)
	}
	if obs.got[2] != "t:rate_limited" {
		t.Errorf("observed %v", obs.got)
	}
}

func TestRouterFitsLimits(t *testing.T) {
	r, _ := NewRouter(RouterConfig{}, &testCommand{def: Definition{Name: "t"}, handle: sleepThen(0, Response{Content: strings.Repeat("word ", 1000)})})
	rec := &recorder{}
	r.Dispatch(context.Background(), Request{Kind: KindCommand, Command: "t"}, rec)
	if n := len([]rune(rec.last(t).Content)); n > MaxContent {
		t.Errorf("content has %d characters", n)
	}
}

func TestRouterSendFailure(t *testing.T) {
	obs := &observations{}
	r, _ := NewRouter(RouterConfig{Observer: obs}, &testCommand{def: Definition{Name: "t"}, handle: sleepThen(0, Response{Content: "x"})})
	r.Dispatch(context.Background(), Request{Kind: KindCommand, Command: "t"}, &recorder{err: errors.New("network down")})
	if obs.got[0] != "t:send_failed" {
		t.Errorf("observed %v", obs.got)
	}
}

func TestNewRouterErrors(t *testing.T) {
	a := &testCommand{def: Definition{Name: "t"}}
	if _, err := NewRouter(RouterConfig{}, a, a); err == nil {
		t.Error("duplicate names accepted")
	}
	defs := func() []string {
		r, _ := NewRouter(RouterConfig{}, &Ask{}, &Search{}, &Article{}, &Sources{}, &Check{}, &Help{})
		var names []string
		for _, d := range r.Definitions() {
			names = append(names, d.Name)
		}
		return names
	}()
	if diff := cmp.Diff([]string{"ask", "search", "article", "sources", "Check in sources", "help"}, defs); diff != "" {
		t.Errorf("Definitions (-want +got):\n%s", diff)
	}
}

// TestRouterMaxHandlers: no more than MaxHandlers handlers run at once; the
// others wait for a turn, are deferred like a slow handler meanwhile, and
// are answered when a turn comes. A burst of 200 commands from as many
// users ran every handler at once, and the deferrals reached Discord up to
// 7.8 s late (helper 82).
func TestRouterMaxHandlers(t *testing.T) {
	const maxHandlers, burst = 3, 10
	var mu sync.Mutex
	running, most := 0, 0
	started := make(chan struct{}, burst)
	release := make(chan struct{})
	cmd := &testCommand{def: Definition{Name: "t"}, handle: func(ctx context.Context, req Request) (Response, error) {
		mu.Lock()
		running++
		most = max(most, running)
		mu.Unlock()
		started <- struct{}{}
		<-release
		mu.Lock()
		running--
		mu.Unlock()
		return Response{Content: "done " + req.UserID}, nil
	}}
	r, err := NewRouter(RouterConfig{DeferAfter: time.Millisecond, Timeout: time.Minute, MaxHandlers: maxHandlers,
		RateLimit: rate.Inf}, cmd)
	if err != nil {
		t.Fatal(err)
	}
	recs := make([]*deferRecorder, burst)
	var wg sync.WaitGroup
	for i := range recs {
		recs[i] = &deferRecorder{deferred: make(chan struct{})}
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.Dispatch(context.Background(), Request{Kind: KindCommand, Command: "t", UserID: string(rune('a' + i))}, recs[i])
		}()
	}
	// Every interaction is deferred, those waiting for a turn included.
	for i, rec := range recs {
		select {
		case <-rec.deferred:
		case <-time.After(time.Minute):
			t.Fatalf("interaction %d was never deferred", i)
		}
	}
	for range maxHandlers {
		<-started
	}
	mu.Lock()
	got := most
	mu.Unlock()
	if got != maxHandlers {
		t.Errorf("%d handlers ran at once, want %d", got, maxHandlers)
	}
	close(release)
	wg.Wait()
	if most != maxHandlers {
		t.Errorf("%d handlers ran at once, want at most %d", most, maxHandlers)
	}
	for i, rec := range recs {
		if diff := cmp.Diff([]string{"defer", "edit"}, rec.methods()); diff != "" {
			t.Errorf("interaction %d calls (-want +got):\n%s", i, diff)
		}
		if want := "done " + string(rune('a'+i)); rec.last(t).Content != want {
			t.Errorf("interaction %d answered %q, want %q", i, rec.last(t).Content, want)
		}
	}
}

// TestRouterPanicStack: a handler's panic keeps its stack for the log line
// and out of the error, which the CLI prints to its user ("error: panic in
// ask: … goroutine 1 [running]: …", helper 83).
func TestRouterPanicStack(t *testing.T) {
	var logs testlog.Buffer
	cmd := &testCommand{def: Definition{Name: "t"}, handle: func(context.Context, Request) (Response, error) {
		panic("boom")
	}}
	r, err := NewRouter(RouterConfig{Logger: slog.New(slog.NewTextHandler(&logs, nil)), DeferAfter: time.Minute}, cmd)
	if err != nil {
		t.Fatal(err)
	}
	_, err = r.Handle(context.Background(), Request{Kind: KindCommand, Command: "t"})
	if err == nil || err.Error() != "panic in t: boom" {
		t.Errorf("Handle error = %q, want %q without the stack", err, "panic in t: boom")
	}
	r.Dispatch(context.Background(), Request{Kind: KindCommand, Command: "t"}, &recorder{})
	if line := logs.String(); !strings.Contains(line, "stack=") || !strings.Contains(line, "goroutine") {
		t.Errorf("log line %q, want the stack in it", line)
	}
}

// TestRouterSlotFreedAtTimeout: a handler that runs on past its Timeout
// (it does not watch its context) gives its slot back when its time is up,
// so that the next command is answered (review rev40: four of them made
// even /help time out), and autocomplete takes no slot at all.
func TestRouterSlotFreedAtTimeout(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	stuck := &testCommand{def: Definition{Name: "stuck"}, handle: func(context.Context, Request) (Response, error) {
		<-release // ignores its context
		return Response{Content: "late"}, nil
	}}
	quick := &testCommand{def: Definition{Name: "quick"}, handle: func(context.Context, Request) (Response, error) {
		return Response{Content: "quick", Choices: []Choice{{Name: "a", Value: "a"}}}, nil
	}}
	r, err := NewRouter(RouterConfig{MaxHandlers: 1, Timeout: 50 * time.Millisecond, DeferAfter: time.Minute,
		RateLimit: rate.Inf}, stuck, quick)
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	r.Dispatch(context.Background(), Request{Kind: KindCommand, Command: "stuck", UserID: "u1"}, rec)
	if got := rec.last(t).Content; !strings.Contains(got, "took too long") {
		t.Fatalf("stuck handler answered %q, want a timeout", got)
	}
	// The stuck handler still runs: the slot is free all the same.
	rec = &recorder{}
	r.Dispatch(context.Background(), Request{Kind: KindCommand, Command: "quick", UserID: "u2"}, rec)
	if got := rec.last(t).Content; got != "quick" {
		t.Errorf("the next command answered %q, want %q", got, "quick")
	}
	rec = &recorder{}
	r.Dispatch(context.Background(), Request{Kind: KindAutocomplete, Command: "quick", UserID: "u3"}, rec)
	if got := rec.last(t).Choices; len(got) != 1 {
		t.Errorf("autocomplete offered %v, want one choice", got)
	}
}
