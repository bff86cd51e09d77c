package commands

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/testlog"
	"github.com/google/go-cmp/cmp"
	"golang.org/x/time/rate"
)

// TestIssue12_UserErrorOutcome: a user's bad input (/schedule add at
// 25:00) is reported as outcome user_error, not error; a failure of the bot
// still is an error.
func TestIssue12_UserErrorOutcome(t *testing.T) {
	const manage = PermissionManageGuild | 1<<11
	failing := &testCommand{def: Definition{Name: "broken"}, handle: func(context.Context, Request) (Response, error) {
		return Response{}, fmt.Errorf("read store: %w", errors.New("disk on fire"))
	}}
	missing := &testCommand{def: Definition{Name: "lookup"}, handle: func(context.Context, Request) (Response, error) {
		return Response{}, chronicle.Errorf(chronicle.ENOTFOUND, "No article with that ID.")
	}}
	tests := []struct {
		name        string
		req         Request
		wantOutcome string
		wantReply   string
	}{
		{"schedule at 25:00", scheduleReq("add", manage, map[string]string{"channel": "c1", "when": "daily 25:00"}),
			"schedule:user_error", "is not a time of day"},
		{"schedule with bad days", scheduleReq("add", manage, map[string]string{"channel": "c1", "when": "daily 08:00", "days": "x"}),
			"schedule:user_error", "Days must be"},
		{"not found", Request{Kind: KindCommand, Command: "lookup"}, "lookup:user_error", "No article with that ID."},
		{"internal failure", Request{Kind: KindCommand, Command: "broken"}, "broken:error", "Something went wrong"},
		{"schedule added", scheduleReq("add", manage, map[string]string{"channel": "c1", "when": "daily 08:00"}),
			"schedule:ok", "added"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs testlog.Buffer
			obs := &observations{}
			r, err := NewRouter(RouterConfig{Logger: slog.New(slog.NewTextHandler(&logs, nil)), Observer: obs, RateLimit: rate.Inf},
				newScheduleCommand(t), failing, missing)
			if err != nil {
				t.Fatal(err)
			}
			rec := &recorder{}
			r.Dispatch(context.Background(), tt.req, rec)
			if diff := cmp.Diff([]string{tt.wantOutcome}, obs.got); diff != "" {
				t.Errorf("observed (-want +got):\n%s", diff)
			}
			if got := rec.last(t).Content; !strings.Contains(got, tt.wantReply) {
				t.Errorf("reply = %q, want it to contain %q", got, tt.wantReply)
			}
			// A user's mistake is not something for the operator to act on.
			if strings.Contains(tt.wantOutcome, "user_error") && !strings.Contains(logs.String(), "level=INFO") {
				t.Errorf("log line for a user error is not INFO:\n%s", logs.String())
			}
		})
	}
}

// TestIssue12_Item12_UnknownCommandOneLabel: the Observer (which feeds the
// metric labels) sees one name, "unknown", for every command or button
// nobody registered, whatever bytes the client sent; the log line keeps a
// quoted, shortened copy of what was asked for.
func TestIssue12_Item12_UnknownCommandOneLabel(t *testing.T) {
	var logs testlog.Buffer
	obs := &observations{}
	r, err := NewRouter(RouterConfig{Logger: slog.New(slog.NewTextHandler(&logs, nil)), Observer: obs, RateLimit: rate.Inf},
		&testCommand{def: Definition{Name: "t"}, handle: sleepThen(0, Response{Content: "hi"})})
	if err != nil {
		t.Fatal(err)
	}
	var reqs []Request
	for n := range 50 {
		reqs = append(reqs, Request{Kind: KindCommand, Command: fmt.Sprintf("made-up-%d", n)})
	}
	reqs = append(reqs,
		Request{Kind: KindCommand, Command: "nul\x00name"},
		Request{Kind: KindAutocomplete, Command: "auto-made-up"},
		Request{Kind: KindComponent, CustomID: "bogus\x00prefix:v1:2"},
		Request{Kind: KindCommand, Command: strings.Repeat("long", 1000)},
		Request{Kind: KindCommand, Command: "t"},
	)
	for _, req := range reqs {
		r.Dispatch(context.Background(), req, &recorder{})
	}
	seen := map[string]int{}
	for _, o := range obs.got {
		seen[o]++
	}
	want := map[string]int{"unknown:unknown": len(reqs) - 1, "t:ok": 1}
	if diff := cmp.Diff(want, seen); diff != "" {
		t.Errorf("observed names (-want +got):\n%s", diff)
	}
	out := logs.String()
	if strings.ContainsRune(out, 0) {
		t.Error("a raw NUL reached the log")
	}
	if !strings.Contains(out, `requested=made-up-7`) || !strings.Contains(out, `requested="nul\x00name"`) {
		t.Errorf("log lines do not name what was requested:\n%.2000s", out)
	}
	if strings.Contains(out, strings.Repeat("long", 30)) {
		t.Error("a 4000-byte command name was logged whole")
	}
}
