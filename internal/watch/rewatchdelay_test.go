package watch

import (
	"testing"
	"time"
)

// TestRewatchDelayStartsAgainForANewFailure: the tries to watch again the
// folders that could not be watched back off (5 s, 10 s, ... 5 min). While
// a configured path stayed missing, that back-off reached 5 minutes and
// stayed there, so a folder that failed to be watched later (a permission
// set wrong, the system's limit on watches reached) waited up to 5 minutes
// for its first retry. A new failure starts the back-off again; tries that
// fail again for the same folders keep backing off. A new failure counts
// even when another folder was watched again meanwhile (helper 161: the
// count of pending folders alone stayed the same).
func TestRewatchDelayStartsAgainForANewFailure(t *testing.T) {
	l := loop{w: &Watcher{opts: Options{RetryDelay: 5 * time.Second}}, rewatch: time.NewTimer(time.Hour)}
	l.rewatch.Stop()
	defer l.rewatch.Stop()
	steps := []struct {
		name           string
		pending, fresh int // folders pending; failures first seen, ever
		fired          bool
		want           time.Duration
	}{
		{"a path missing", 1, 0, false, 5 * time.Second},
		{"still missing", 1, 0, true, 10 * time.Second},
		{"still missing", 1, 0, true, 20 * time.Second},
		{"still missing", 1, 0, true, 40 * time.Second},
		{"still missing", 1, 0, true, 80 * time.Second},
		{"still missing", 1, 0, true, 160 * time.Second},
		{"still missing", 1, 0, true, 5 * time.Minute},
		{"a folder fails to be watched", 2, 1, false, 5 * time.Second},
		{"both still fail", 2, 1, true, 10 * time.Second},
		{"one watched again", 1, 1, true, 20 * time.Second},
		{"all watched", 0, 1, true, 0},
		{"a failure after all were watched", 1, 2, false, 5 * time.Second},
		{"it still fails", 1, 2, true, 10 * time.Second},
		{"it still fails", 1, 2, true, 20 * time.Second},
		// Between two counts one folder was watched again and another
		// failed: as many pending, but a new failure.
		{"one recovers as another fails", 1, 3, false, 5 * time.Second},
	}
	for i, s := range steps {
		if s.fired {
			l.rewatching = false // the timer went off and the folders were tried
		}
		l.rewatchLater(s.pending, s.fresh)
		if s.pending == 0 {
			if l.rewatchFailures != 0 {
				t.Errorf("step %d (%s): %d failures counted, want none", i, s.name, l.rewatchFailures)
			}
			continue
		}
		if got := backoff(l.w.opts.RetryDelay, l.rewatchFailures); got != s.want || !l.rewatching {
			t.Errorf("step %d (%s): next try in %v (timer set %v), want %v", i, s.name, got, l.rewatching, s.want)
		}
	}
}
