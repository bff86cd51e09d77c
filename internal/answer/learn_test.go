package answer

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

// stopAfter is a context that reports itself cancelled once Err has been
// asked n times: Learn asks before each epoch, so it stops after n epochs.
type stopAfter struct {
	context.Context
	n    int
	done chan struct{}
}

func newStopAfter(n int) *stopAfter {
	return &stopAfter{Context: context.Background(), n: n, done: make(chan struct{})}
}

func (c *stopAfter) Err() error {
	if c.n <= 0 {
		return context.Canceled
	}
	c.n--
	if c.n == 0 {
		close(c.done)
	}
	return nil
}

func (c *stopAfter) Done() <-chan struct{}       { return c.done }
func (c *stopAfter) Deadline() (time.Time, bool) { return time.Time{}, false }

// learnExamples are two questions whose gold sentence is the one with the
// larger first feature.
func learnExamples() []Example {
	var a, b Features
	a[0], b[1] = 1, 1
	return []Example{{F: []Features{a, b}, Pos: []bool{true, false}}, {F: []Features{b, a}, Pos: []bool{false, true}}}
}

// TestLearnStopsWhenCancelled: a cancelled ctx stops Learn and
// CrossValidate between epochs with an error saying they were interrupted;
// bot tune and bot eval --cv went on to their last epoch after Ctrl-C,
// holding the index, until killed.
func TestLearnStopsWhenCancelled(t *testing.T) {
	exs := learnExamples()
	three, err := Learn(context.Background(), exs, Model{}, 3, 0.001)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		ctx    context.Context
		want   string
		epochs int // that ran, when the model is compared
	}{
		{"cancelled before", newStopAfter(0), "interrupted after 0 of 500 epochs", 0},
		{"cancelled after three epochs", newStopAfter(3), "interrupted after 3 of 500 epochs", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Learn(tt.ctx, exs, Model{}, 500, 0.001)
			if err == nil || !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Learn with a cancelled ctx = %v, want an error saying %q", err, tt.want)
			}
			if want := map[int]Model{0: {}, 3: three}[tt.epochs]; m != want {
				t.Errorf("Learn stopped with %v, want the model of %d epochs %v", m[:2], tt.epochs, want[:2])
			}
		})
	}
	t.Run("cross-validation", func(t *testing.T) {
		_, _, err := CrossValidate(newStopAfter(700), exs, Model{}, 2, 500, 0.001)
		if err == nil || !strings.Contains(err.Error(), "fold 2 of 2: learning interrupted after 200 of 500 epochs") {
			t.Errorf("CrossValidate with a ctx cancelled in its second fold = %v, want it interrupted there", err)
		}
	})
}

// TestLearnRefusesTooManyEpochs: more than MaxEpochs is refused.
func TestLearnRefusesTooManyEpochs(t *testing.T) {
	if _, err := Learn(context.Background(), learnExamples(), Model{}, MaxEpochs+1, 0.001); err == nil {
		t.Errorf("Learn(%d epochs) = nil error, want it refused", MaxEpochs+1)
	}
}

// TestCrossValidateFolds: more folds than questions is refused (an empty
// fold was averaged in as 0), and the held-out figure is over questions,
// so that folds of unequal size weigh what they hold.
func TestCrossValidateFolds(t *testing.T) {
	exs := learnExamples()
	tests := []struct {
		name    string
		exs     []Example
		k       int
		held    float64
		wantErr bool
	}{
		{"more folds than questions", exs, 3, 0, true},
		{"one fold", exs, 1, 0, true},
		// Three questions in two folds (questions 1 and 3, and 2): the
		// third is never right (its gold sentence has the same features as
		// the wrong one), the others are: 2 of 3 right when held out, where
		// the mean of the folds is (1/2 + 1) / 2.
		{"unequal folds", append(exs, Example{F: []Features{{}, {}}, Pos: []bool{false, true}}), 2, 2.0 / 3, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			held, _, err := CrossValidate(context.Background(), tt.exs, Model{}, tt.k, 100, 0.001)
			if (err != nil) != tt.wantErr {
				t.Fatalf("CrossValidate(%d questions, %d folds) error %v, want error: %v", len(tt.exs), tt.k, err, tt.wantErr)
			}
			if !tt.wantErr && math.Abs(held-tt.held) > 1e-9 {
				t.Errorf("CrossValidate(%d questions, %d folds) held-out %.3f, want %.3f", len(tt.exs), tt.k, held, tt.held)
			}
		})
	}
}
