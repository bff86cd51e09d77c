package schedule

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// tooCommon is the refusal the index gives a topic of stop words alone, as
// Build passes it on.
var tooCommon = fmt.Errorf("digest window 2024-03-01..2024-03-02: %w", chronicle.Errorf(chronicle.EINVALID,
	"Those words are all too common to search by (the, of, and, ...); add a name or a rarer word."))

// TestAddChecksTopic: a topic the digest refuses whatever the window (a
// topic of stop words alone) is refused when the schedule is added, with
// the digest's own message, instead of failing at every run; a topic that
// could not be checked (the index is not ready) is accepted, and a
// schedule without a topic is not checked.
func TestAddChecksTopic(t *testing.T) {
	tests := []struct {
		name     string
		topic    string
		topicErr error
		wantErr  string // "" for added
		checked  bool
	}{
		{"stop words alone", "the of and", tooCommon, "Those words are all too common", true},
		{"a name", "moscow", nil, "", true},
		{"index not ready", "moscow", errors.New("index: not open yet"), "", true},
		{"no topic", "  ", tooCommon, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, "2024-03-01T09:00:00Z")
			e.builder.topicErr = tt.topicErr
			_, err := e.sched.Add(context.Background(), Schedule{GuildID: "g1", ChannelID: "c1", Spec: "daily 08:00", Topic: tt.topic})
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("Add(topic %q) = %v, want it added", tt.topic, err)
			case tt.wantErr != "" && (chronicle.ErrorCode(err) != chronicle.EINVALID || !strings.Contains(chronicle.ErrorMessage(err), tt.wantErr)):
				t.Fatalf("Add(topic %q) = %v, want an EINVALID error saying %q", tt.topic, err, tt.wantErr)
			}
			all, lerr := e.store.List(context.Background(), "g1")
			if lerr != nil {
				t.Fatal(lerr)
			}
			if added := len(all) == 1; added != (tt.wantErr == "") {
				t.Errorf("%d schedules stored after Add(topic %q) = %v", len(all), tt.topic, err)
			}
			if checked := len(e.builder.topics) > 0; checked != tt.checked {
				t.Errorf("topics checked: %q, want checked %v", e.builder.topics, tt.checked)
			}
		})
	}
}

// TestRunRefusedInputSkipsTheRun: a run whose digest is refused for the
// schedule's own input (a stored topic of stop words, from before Add
// checked topics) cannot succeed by retrying: the run is passed over, with
// the refusal's message alone as its problem, and the next run is tried
// at its time; before, it was retried every hour for ever, and each pass
// walked the schedule's times from the last one served.
func TestRunRefusedInputSkipsTheRun(t *testing.T) {
	e := newEnv(t, "2024-03-01T09:00:00Z")
	s := e.add(t, Schedule{Spec: "daily 08:00", Topic: "the of and"})
	e.builder.err = tooCommon
	due := mustTime(t, "2024-03-02T08:00:00Z")
	for _, after := range []time.Duration{0, time.Minute, 5 * time.Minute, time.Hour, 12 * time.Hour} {
		e.tick(t, due.Add(after))
	}
	if n := len(e.builder.calls); n != 1 {
		t.Errorf("%d digests built for one due time, want 1 (no retry of a refused topic)", n)
	}
	got := e.get(t, s.ID)
	if !got.LastDue.Equal(due) || got.Failures != 0 || !got.RetryAt.IsZero() {
		t.Errorf("after the refused run: LastDue %s, Failures %d, RetryAt %s; want LastDue %s and no retry", got.LastDue, got.Failures, got.RetryAt, due)
	}
	want := "Those words are all too common to search by (the, of, and, ...); add a name or a rarer word."
	if !strings.Contains(got.LastError, want) || strings.Contains(got.LastError, "chronicle error") || strings.Contains(got.LastError, "digest window") {
		t.Errorf("LastError = %q, want the refusal's message %q and nothing of the error chain", got.LastError, want)
	}
	e.tick(t, due.AddDate(0, 0, 1))
	if n := len(e.builder.calls); n != 2 {
		t.Errorf("%d digests built after the next due time, want 2", n)
	}
}

// TestLastErrorIsForUsers: /schedule list shows LastError to the server's
// managers, so it says what failed and when it is tried again, never the
// error itself (a Go error chain with the index's path, the API's URL); the
// log has that.
func TestLastErrorIsForUsers(t *testing.T) {
	tests := []struct {
		name       string
		buildErr   error
		postErr    error
		want       string
		mustNotSay []string
	}{
		{"build", fmt.Errorf("digest window 2024-03-01..2024-03-02: %w",
			errors.New("read articles: open /var/lib/chronicle/index/store: permission denied")),
			nil, "building the digest failed once; next try 2 Mar 08:01 UTC", []string{"/var/lib", "digest window", "permission denied"}},
		{"post", nil, errors.New(`discord: post message to channel c1: Post "https://proxy.internal:8443/api/v9/channels/c1/messages": dial tcp 10.1.2.3:8443: connect: connection refused`),
			"posting the digest to Discord failed once; next try 2 Mar 08:01 UTC", []string{"https://", "proxy.internal", "dial tcp", "discord:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, "2024-03-01T09:00:00Z")
			s := e.add(t, Schedule{Spec: "daily 08:00"})
			e.builder.err = tt.buildErr
			e.poster.fail = func(int) error { return tt.postErr }
			e.tick(t, mustTime(t, "2024-03-02T08:00:00Z"))
			got := e.get(t, s.ID)
			line := got.Describe(e.clock.Now())
			if got.Failures != 1 || !strings.Contains(got.LastError, tt.want) || !strings.Contains(line, tt.want) {
				t.Errorf("after a failed run: Failures %d, LastError %q, Describe %q; want one failure, saying %q", got.Failures, got.LastError, line, tt.want)
			}
			for _, bad := range tt.mustNotSay {
				if strings.Contains(line, bad) {
					t.Errorf("Describe = %q, says %q of the error itself", line, bad)
				}
			}
			e.tick(t, mustTime(t, "2024-03-02T08:01:00Z"))
			if got := e.get(t, s.ID).LastError; !strings.Contains(got, "failed 2 times in a row; next try 2 Mar 08:03 UTC") {
				t.Errorf("after a second failure LastError = %q, want it counted with the next try", got)
			}
		})
	}
}

// TestWatchLastErrorIsForUsers: /watch list shows a watch's LastError as
// /schedule list shows a schedule's: what failed and what happens next,
// not the error (with the API's URL) that the log has.
func TestWatchLastErrorIsForUsers(t *testing.T) {
	e := newWatchEnv(t)
	e.w.GroupWindow = -1
	postErr := errors.New(`discord: post message to channel c1: Post "https://proxy.internal:8443/api/v9/channels/c1/messages": dial tcp 10.1.2.3:8443: connect: connection refused`)
	e.poster.fail = func(int) (error, bool) { return postErr, false }
	e.add(t, "Moscow attack")
	e.ingest(t, hit1)
	e.after(t, time.Second)
	steps := []string{"posting to Discord failed once; next try"}
	for n := 2; n < maxWatchFailures; n++ {
		steps = append(steps, fmt.Sprintf("posting to Discord failed %d times in a row; next try", n))
	}
	steps = append(steps, fmt.Sprintf("1 article(s) dropped after %d failed posts", maxWatchFailures))
	for i, want := range steps {
		if i > 0 {
			e.after(t, 2*time.Hour)
		}
		line := e.watch(t, "1").Describe(e.clock.Now())
		if !strings.Contains(line, want) || strings.Contains(line, "proxy.internal") || strings.Contains(line, "dial tcp") {
			t.Errorf("after %d failed posts Describe = %q, want it to say %q and nothing of the error", i+1, line, want)
		}
	}
}

// refusedErr is a permanent error of another package that says why in
// words for users, as discord.APIError does.
type refusedErr struct{}

func (refusedErr) Error() string {
	return `discord: post message to channel c1: HTTP 403: Missing Permissions (code 50013)`
}
func (refusedErr) Permanent() bool { return true }
func (refusedErr) Refusal() string { return "I may not post in the channel" }

// TestDisabledReasonIsForUsers: a schedule or watch disabled because its
// channel refuses posts says why in words for users (the error's Refusal,
// or what its HTTP status means), when, and how to resume it: /schedule
// resume (/watch resume) once the channel takes posts again, where it
// said to remove it and add it again when there was no resuming. The
// error itself is logged. A reason an older version stored (with the
// error in it) is shown without the error. A schedule disabled for a
// timing that does not parse, which resuming would not mend, still says
// to remove it and add it again.
func TestDisabledReasonIsForUsers(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"refusal", fmt.Errorf("post: %w", refusedErr{}), "Discord refused posts in the channel on 2 Mar 2024 08:00 UTC: I may not post in the channel"},
		{"404 ChannelError", &ChannelError{ChannelID: "c1", Status: 404, Err: errors.New("Unknown Channel")}, "Discord refused posts in the channel on 2 Mar 2024 08:00 UTC: the channel no longer exists"},
		{"403 ChannelError", &ChannelError{ChannelID: "c1", Status: 403, Err: errors.New("Missing Access")}, "Discord refused posts in the channel on 2 Mar 2024 08:00 UTC: I may not see the channel or post there"},
	}
	for _, tt := range tests {
		t.Run("schedule "+tt.name, func(t *testing.T) {
			e := newEnv(t, "2024-03-01T09:00:00Z")
			s := e.add(t, Schedule{Spec: "daily 08:00"})
			e.poster.fail = func(int) error { return tt.err }
			e.tick(t, mustTime(t, "2024-03-02T08:00:00Z"))
			line := e.get(t, s.ID).Describe(e.clock.Now())
			resume := "Once I can post in the channel again, resume it with /schedule resume id:1 (or remove it with /schedule remove id:1)."
			if !strings.Contains(line, "DISABLED: "+tt.want) || !strings.Contains(line, resume) || strings.Contains(line, "discord:") || strings.Contains(line, "HTTP") {
				t.Errorf("Describe = %q, want DISABLED: %q and %q, nothing of the error", line, tt.want, resume)
			}
		})
		t.Run("watch "+tt.name, func(t *testing.T) {
			e := newWatchEnv(t)
			e.clock.Set(mustTime(t, "2024-03-02T08:00:00Z"))
			e.w.GroupWindow = -1
			e.poster.fail = func(int) (error, bool) { return tt.err, false }
			e.add(t, "Moscow attack")
			e.ingest(t, hit1)
			e.after(t, 0)
			line := e.watch(t, "1").Describe(e.clock.Now())
			resume := "Once I can post in the channel again, resume it with /watch resume id:1 (or remove it with /watch remove id:1)."
			if !strings.Contains(line, "DISABLED: "+tt.want) || !strings.Contains(line, resume) || strings.Contains(line, "discord:") || strings.Contains(line, "HTTP") {
				t.Errorf("Describe = %q, want DISABLED: %q and %q, nothing of the error", line, tt.want, resume)
			}
		})
	}
	invalid := Schedule{ID: "1", Spec: "daily 25:00", Days: 1, Disabled: true, DisabledReason: invalidReason + "bad hour"}.Describe(time.Now())
	if want := "DISABLED: invalid schedule: bad hour. To fix it, remove it (/schedule remove id:1) and add it again."; !strings.Contains(invalid, want) || strings.Contains(invalid, "resume") {
		t.Errorf("a schedule disabled for its timing: Describe = %q, want %q", invalid, want)
	}
	legacy := "cannot post in the channel (discord: post message to channel 3: HTTP 403: Missing Access (code 50001)); disabled on 2024-03-02 08:00:00"
	for name, line := range map[string]string{
		"schedule": Schedule{ID: "1", Spec: "daily 08:00", Days: 1, Disabled: true, DisabledReason: legacy}.Describe(time.Now()),
		"watch":    Watch{ID: "1", Query: "moscow", Disabled: true, DisabledReason: legacy}.Describe(time.Now()),
	} {
		if want := "DISABLED: Discord refused posts in the channel on 2024-03-02 08:00:00 UTC."; !strings.Contains(line, want) || strings.Contains(line, "discord:") {
			t.Errorf("%s with an older version's reason: Describe = %q, want %q without the error", name, line, want)
		}
	}
}
