package watch

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// TestSteadyChangesStillSync: a file written more often than the debounce
// delay (a log appended to every 300 ms) does not hold back every sync: a
// sync starts at most MaxWait after the first change it covers, and again
// after the next MaxWait while the writes go on. Each change reset the
// quiet timer with no limit (helper 115: no sync in 6 s, a new file beside
// the busy one indexed only after the writes stopped). The debounce delay
// here is an hour, so only the maximum wait can start a sync.
func TestSteadyChangesStillSync(t *testing.T) {
	dir := t.TempDir()
	s := &fakeSyncer{}
	start(t, []string{dir}, s, Options{Debounce: time.Hour, MaxWait: 100 * time.Millisecond})
	ctx, stop := context.WithCancel(context.Background())
	writing := make(chan struct{})
	go func() { // the busy file, written every 10 ms until the test ends
		defer close(writing)
		f, err := os.Create(filepath.Join(dir, "busy.jsonl"))
		if err != nil {
			t.Error(err)
			return
		}
		defer f.Close()
		for ctx.Err() == nil {
			if _, err := f.WriteString(`{"id":"b","text":"y"}` + "\n"); err != nil {
				t.Error(err)
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
	}()
	defer func() { stop(); <-writing }()
	write(t, filepath.Join(dir, "new.jsonl"), `{"id":"a","text":"x"}`+"\n")
	waitFor(t, "a sync while the busy file keeps changing", func() bool { return s.count() >= 2 })
	waitFor(t, "another sync while it still changes", func() bool { return s.count() >= 3 })
}

// TestWaitBeforeSync follows the loop's rule for when a sync starts, on a
// clock the test sets: a change waits for the quiet period, but no longer
// than MaxWait (5 s here) after the first change not yet covered by a
// sync; a failed sync's back-off (20 s here) is not cut short by steady
// changes, only by a change followed by the quiet period.
func TestWaitBeforeSync(t *testing.T) {
	const ms = time.Millisecond
	type step struct {
		at time.Duration
		do string // "change", "sync" or "failed sync"
	}
	tests := []struct {
		name  string
		steps []step
		want  []time.Duration // what each change waits, in order
	}{
		{name: "a lone change waits the debounce delay",
			steps: []step{{0, "change"}}, want: []time.Duration{500 * ms}},
		{name: "changes every 300 ms wait 5 s after the first at most",
			steps: []step{{0, "change"}, {300 * ms, "change"}, {4800 * ms, "change"}, {5200 * ms, "change"}},
			want:  []time.Duration{500 * ms, 500 * ms, 200 * ms, 0}},
		{name: "a started sync covers the changes before it",
			steps: []step{{0, "change"}, {4800 * ms, "change"}, {5 * time.Second, "sync"}, {5300 * ms, "change"}, {10 * time.Second, "change"}},
			want:  []time.Duration{500 * ms, 200 * ms, 500 * ms, 300 * ms}},
		{name: "steady changes keep to a failed sync's back-off",
			steps: []step{{0, "failed sync"}, {time.Second, "change"}, {7 * time.Second, "change"}, {19800 * ms, "change"}},
			want:  []time.Duration{500 * ms, 500 * ms, 200 * ms}},
		{name: "after a sync that succeeds the maximum wait is back",
			steps: []step{{0, "failed sync"}, {20 * time.Second, "sync"}, {21 * time.Second, "change"}, {26 * time.Second, "change"}},
			want:  []time.Duration{500 * ms, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &fakeSyncer{}
			base := time.Date(2024, 3, 25, 12, 0, 0, 0, time.UTC)
			now := base
			l := loop{w: New(nil, s, Options{Debounce: 500 * ms, MaxWait: 5 * time.Second, RetryDelay: 20 * time.Second}),
				now: func() time.Time { return now }, timer: time.NewTimer(time.Hour), done: make(chan error, 1)}
			defer l.timer.Stop()
			var got []time.Duration
			for _, st := range tt.steps {
				now = base.Add(st.at)
				switch st.do {
				case "change":
					got = append(got, l.wait())
				case "sync", "failed sync":
					if st.do == "failed sync" {
						s.mu.Lock()
						s.failFirst = 1
						s.mu.Unlock()
					}
					l.start(context.Background())
					l.finished(context.Background(), <-l.done)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("waits = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestMaxWaitDefault(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		want time.Duration
	}{
		{name: "unset", opts: Options{}, want: DefaultMaxWait},
		{name: "unset with a longer debounce delay", opts: Options{Debounce: 8 * time.Second}, want: 8 * time.Second},
		{name: "set", opts: Options{Debounce: 8 * time.Second, MaxWait: time.Second}, want: time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := New(nil, &fakeSyncer{}, tt.opts).opts.MaxWait; got != tt.want {
				t.Errorf("New(%+v): MaxWait = %v, want %v", tt.opts, got, tt.want)
			}
		})
	}
}
