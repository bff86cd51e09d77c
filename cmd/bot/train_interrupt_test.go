package main

import (
	"context"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// cancelOn is an output stream that cancels a context when a line holding
// mark is written to it.
type cancelOn struct {
	mu     sync.Mutex
	b      strings.Builder
	mark   string
	cancel context.CancelFunc
}

func (c *cancelOn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.b.Write(p)
	if strings.Contains(c.b.String(), c.mark) {
		c.cancel()
	}
	return len(p), nil
}

// TestTrainingStopsWhenInterrupted: a context cancelled while bot tune or
// bot eval --cv trains (Ctrl-C, SIGTERM) stops the training with an error
// saying it was interrupted, and the index is free at once for the next
// command. The training loops never looked at the context: only kill -9
// stopped them, and the index was held all that time.
func TestTrainingStopsWhenInterrupted(t *testing.T) {
	clearEnv(t)
	corpus, idx := cliCorpus(t), filepath.Join(t.TempDir(), "index")
	questions, _ := cvQuestions(t)
	tests := []struct {
		name     string
		args     []string
		stderr   bool   // the mark is written to stderr, else stdout
		mark     string // cancel when this is written
		want     string
		lastFold int // the last fold that may train (eval --cv)
	}{
		// tune prints the current model's figure, then cross-validates.
		{"tune", []string{"tune", "--epochs", "10000", "--folds", "2"}, false, "current model:", "interrupted after 0 of 10000 epochs", 0},
		// eval --cv logs each fold when it is done: cancelled after the
		// first, the second is not trained.
		{"eval --cv", []string{"eval", "--cv", "2", "--epochs", "10000"}, true, "fold 1:", "cross-validation interrupted before fold 2 of 2", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			trained := -1
			ctx = context.WithValue(ctx, cvTrainedKey{}, func(fold int, _, _ []string) { trained = fold })
			marked := &cancelOn{mark: tt.mark, cancel: cancel}
			var other strings.Builder
			var stdout, stderr io.Writer = &other, marked
			if !tt.stderr {
				stdout, stderr = marked, &other
			}
			root := newRootCmd(stdout, stderr)
			root.SetArgs(cliArgs(corpus, idx, append(tt.args, questions)...))
			err := root.ExecuteContext(ctx)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("%v cancelled after %q: error %v, want one saying %q", tt.args, tt.mark, err, tt.want)
			}
			if trained > tt.lastFold {
				t.Errorf("%v trained fold %d after it was cancelled", tt.args, trained+1)
			}
			if out, _, err := runCLI(t, "", "search", "--index", idx, "Moscow"); err != nil {
				t.Errorf("the index is not free after the interrupted %v: %v\n%s", tt.args, err, out)
			}
		})
	}
}
