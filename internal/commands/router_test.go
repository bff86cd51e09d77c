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

func TestRouterDispatch(t *testing.T) {
	hello := Response{Content: "hello"}
	tests := []struct {
		name        string
		def         Definition
		handle      func(context.Context, Request) (Response, error)
		req         Request
		wantMethods []string
		wantContent string
		wantEph     bool
		wantOutcome string
	}{
		{"ok", Definition{Name: "t"}, sleepThen(0, hello), Request{Kind: KindCommand, Command: "t"},
			[]string{"respond"}, "hello", false, "t:ok"},
		{"auto defer then edit", Definition{Name: "t"}, sleepThen(80*time.Millisecond, hello), Request{Kind: KindCommand, Command: "t"},
			[]string{"defer", "edit"}, "hello", false, "t:ok"},
		{"always defer", Definition{Name: "t", Defer: true}, sleepThen(0, hello), Request{Kind: KindCommand, Command: "t"},
			[]string{"defer", "edit"}, "hello", false, "t:ok"},
		{"deadline", Definition{Name: "t"}, sleepThen(time.Hour, hello), Request{Kind: KindCommand, Command: "t"},
			[]string{"defer", "edit"}, "⚠️ That took too long. Please try again in a moment.", true, "t:timeout"},
		{"panic", Definition{Name: "t"}, func(context.Context, Request) (Response, error) { panic("boom") }, Request{Kind: KindCommand, Command: "t"},
			[]string{"respond"}, "⚠️ Something went wrong. Please try again later.", true, "t:panic"},
		{"user error", Definition{Name: "t"}, func(context.Context, Request) (Response, error) {
			return Response{}, chronicle.Errorf(chronicle.EINVALID, "Bad date.")
		}, Request{Kind: KindCommand, Command: "t"}, []string{"respond"}, "⚠️ Bad date.", true, "t:user_error"},
		{"internal error hidden", Definition{Name: "t"}, func(context.Context, Request) (Response, error) {
			return Response{}, errors.New("disk on fire at /secret/path")
		}, Request{Kind: KindCommand, Command: "t"}, []string{"respond"}, "⚠️ Something went wrong. Please try again later.", true, "t:error"},
		{"unknown command", Definition{Name: "t"}, sleepThen(0, hello), Request{Kind: KindCommand, Command: "gone"},
			[]string{"respond"}, "This command or button is no longer available. Run /help to see what I can do.", true, "unknown:unknown"},
		{"component update deferred", Definition{Name: "t"}, sleepThen(80*time.Millisecond, Response{Content: "p2", Update: true}),
			Request{Kind: KindComponent, CustomID: "t:v1:2"}, []string{"defer", "edit"}, "p2", false, "component:t:ok"},
		{"component new message deferred", Definition{Name: "t"}, sleepThen(80*time.Millisecond, Response{Content: "more", Ephemeral: true}),
			Request{Kind: KindComponent, CustomID: "t:x"}, []string{"defer", "followup"}, "more", true, "component:t:ok"},
		{"unknown component", Definition{Name: "t"}, sleepThen(0, hello), Request{Kind: KindComponent, CustomID: "old:v1"},
			[]string{"respond"}, "This command or button is no longer available. Run /help to see what I can do.", true, "unknown:unknown"},
		{"autocomplete too slow offers nothing", Definition{Name: "t"}, sleepThen(time.Hour, hello), Request{Kind: KindAutocomplete, Command: "t"},
			[]string{"respond"}, "", false, "t:timeout"},
		{"forbidden", Definition{Name: "t", DefaultMemberPermissions: PermissionManageGuild}, sleepThen(0, hello),
			Request{Kind: KindCommand, Command: "t", GuildID: "g", Permissions: 1 << 3},
			[]string{"respond"}, "⚠️ You need the permission to manage this server to use this command.", true, "t:forbidden"},
		{"permitted", Definition{Name: "t", DefaultMemberPermissions: PermissionManageGuild}, sleepThen(0, hello),
			Request{Kind: KindCommand, Command: "t", GuildID: "g", Permissions: PermissionManageGuild | 1},
			[]string{"respond"}, "hello", false, "t:ok"},
		{"guild only in DM", Definition{Name: "t", GuildOnly: true}, sleepThen(0, hello), Request{Kind: KindCommand, Command: "t"},
			[]string{"respond"}, "⚠️ This command only works in a server.", true, "t:forbidden"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs testlog.Buffer
			obs := &observations{}
			r, err := NewRouter(RouterConfig{
				Logger: slog.New(slog.NewTextHandler(&logs, nil)), Observer: obs,
				DeferAfter: 20 * time.Millisecond, Timeout: 150 * time.Millisecond,
			}, &testCommand{def: tt.def, handle: tt.handle})
			if err != nil {
				t.Fatal(err)
			}
			rec := &recorder{}
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
