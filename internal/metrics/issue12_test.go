package metrics_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/commands"
	"github.com/chronicle-bot/chronicle/internal/metrics"
	"golang.org/x/time/rate"
)

// discard is a commands.Responder that drops every reply.
type discard struct{}

func (discard) Respond(context.Context, commands.Response) error  { return nil }
func (discard) Defer(context.Context, bool) error                 { return nil }
func (discard) Edit(context.Context, commands.Response) error     { return nil }
func (discard) Followup(context.Context, commands.Response) error { return nil }

// stub is a command answering with handle.
type stub struct {
	name   string
	handle func() (commands.Response, error)
}

func (s stub) Definition() commands.Definition { return commands.Definition{Name: s.name} }
func (s stub) Handle(context.Context, commands.Request) (commands.Response, error) {
	return s.handle()
}

// routed returns Metrics fed by a router over an "ok" command and an "add"
// command that refuses its input.
func routed(tb testing.TB) (*metrics.Metrics, *commands.Router) {
	tb.Helper()
	m := metrics.New()
	r, err := commands.NewRouter(commands.RouterConfig{Observer: m, RateLimit: rate.Inf},
		stub{"ok", func() (commands.Response, error) { return commands.Response{Content: "fine"}, nil }},
		stub{"add", func() (commands.Response, error) {
			return commands.Response{}, chronicle.Errorf(chronicle.EINVALID, "%q is not a time of day.", "25:00")
		}})
	if err != nil {
		tb.Fatal(err)
	}
	return m, r
}

// series counts the chronicle_ sample lines of a scrape.
func series(scrape string) int {
	n := 0
	for _, line := range strings.Split(scrape, "\n") {
		if strings.HasPrefix(line, "chronicle_") {
			n++
		}
	}
	return n
}

// TestIssue12_Item12_UnknownCommandsBoundedSeries: 50 distinct unknown
// command names (and one with a NUL) add no series beyond the one "unknown"
// label; before, each name added 18 lines and the NUL reached /metrics.
func TestIssue12_Item12_UnknownCommandsBoundedSeries(t *testing.T) {
	m, r := routed(t)
	ctx := context.Background()
	r.Dispatch(ctx, commands.Request{Kind: commands.KindCommand, Command: "ok"}, discard{})
	r.Dispatch(ctx, commands.Request{Kind: commands.KindCommand, Command: "first-unknown"}, discard{})
	before := scrape(t, m)

	for n := range 50 {
		r.Dispatch(ctx, commands.Request{Kind: commands.KindCommand, Command: fmt.Sprintf("made-up-%d", n)}, discard{})
	}
	r.Dispatch(ctx, commands.Request{Kind: commands.KindCommand, Command: "nul\x00name"}, discard{})
	r.Dispatch(ctx, commands.Request{Kind: commands.KindComponent, CustomID: "bogus\x00:v1"}, discard{})
	r.Dispatch(ctx, commands.Request{Kind: commands.KindAutocomplete, Command: "auto\x00"}, discard{})
	after := scrape(t, m)

	if grew := series(after) - series(before); grew != 0 {
		t.Errorf("53 unknown names added %d series, want 0 (all share the unknown label)", grew)
	}
	if strings.ContainsRune(after, 0) || strings.Contains(after, "made-up") || strings.Contains(after, "nul") {
		t.Errorf("a client's command name reached /metrics:\n%s", after)
	}
	if want := `chronicle_interactions_total{command="unknown",outcome="unknown"} 54`; !strings.Contains(after, want) {
		t.Errorf("/metrics lacks %q", want)
	}
}

// TestIssue12_LabelsArePlainNames: even called directly, Metrics never
// writes a label value that is not a plain name.
func TestIssue12_LabelsArePlainNames(t *testing.T) {
	tests := []struct {
		name, command, outcome, want string
	}{
		{"plain", "ask", "ok", `command="ask",outcome="ok"`},
		{"component", "component:search", "ok", `command="component:search",outcome="ok"`},
		{"nul", "a\x00b", "ok", `command="invalid",outcome="ok"`},
		{"quote and newline", "a\"\nb", "error", `command="invalid",outcome="error"`},
		{"too long", strings.Repeat("x", 65), "ok", `command="invalid",outcome="ok"`},
		{"bad outcome", "ask", "o\x00k", `command="ask",outcome="invalid"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := metrics.New()
			m.ObserveInteraction(tt.command, tt.outcome, time.Millisecond)
			got := scrape(t, m)
			if !strings.Contains(got, "chronicle_interactions_total{"+tt.want+"} 1") {
				t.Errorf("ObserveInteraction(%q, %q): /metrics lacks %s", tt.command, tt.outcome, tt.want)
			}
		})
	}
}

// TestIssue12_UserErrorOutcome: a refused input (/schedule add at 25:00)
// is counted as outcome user_error and not as an error of the bot.
func TestIssue12_UserErrorOutcome(t *testing.T) {
	m, r := routed(t)
	r.Dispatch(context.Background(), commands.Request{Kind: commands.KindCommand, Command: "add"}, discard{})
	got := scrape(t, m)
	if want := `chronicle_interactions_total{command="add",outcome="user_error"} 1`; !strings.Contains(got, want) {
		t.Errorf("/metrics lacks %q", want)
	}
	for _, bad := range []string{`outcome="error"`, `chronicle_errors_total{component="commands"}`} {
		if strings.Contains(got, bad) {
			t.Errorf("/metrics has %s for a user's bad input", bad)
		}
	}
}
