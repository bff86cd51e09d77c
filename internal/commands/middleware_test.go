package commands

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"
)

// slowResponder holds the edit after a deferral until released, as a slow
// webhook would.
type slowResponder struct {
	recorder
	release chan struct{}
}

func (s *slowResponder) Edit(ctx context.Context, resp Response) error {
	<-s.release
	return s.recorder.Edit(ctx, resp)
}

func TestRouterMiddlewareOrder(t *testing.T) {
	var mu sync.Mutex
	var got []string
	note := func(s string) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, s)
	}
	mw := func(name string) Middleware {
		return func(next Handler) Handler {
			return func(ctx context.Context, req Request, rs Responder) {
				note(name + " before " + req.Command)
				next(ctx, req, rs)
				note(name + " after")
			}
		}
	}
	cmd := &testCommand{def: Definition{Name: "t"}, handle: func(context.Context, Request) (Response, error) {
		note("handler")
		return Response{Content: "hi"}, nil
	}}
	r, err := NewRouter(RouterConfig{Middleware: []Middleware{mw("outer"), mw("inner")}}, cmd)
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	r.Dispatch(context.Background(), Request{Kind: KindCommand, Command: "t", UserID: "1"}, rec)
	want := []string{"outer before t", "inner before t", "handler", "inner after", "outer after"}
	if !slices.Equal(got, want) {
		t.Errorf("calls = %q, want %q", got, want)
	}
	if m := rec.methods(); !slices.Equal(m, []string{"respond"}) {
		t.Errorf("replies = %q, want one respond", m)
	}
}

// TestRouterWait: Wait returns only once the last reply of every
// interaction is sent, including the edit after a deferral that the
// handler finished long before.
func TestRouterWait(t *testing.T) {
	cmd := &testCommand{def: Definition{Name: "t", Defer: true}, handle: sleepThen(0, Response{Content: "done"})}
	r, err := NewRouter(RouterConfig{}, cmd)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Wait(context.Background()); err != nil || r.Pending() != 0 {
		t.Fatalf("idle router: Wait = %v, Pending = %d; want nil, 0", err, r.Pending())
	}
	rs := &slowResponder{release: make(chan struct{})}
	var wg sync.WaitGroup
	for i := range 2 {
		wg.Go(func() {
			r.Dispatch(context.Background(), Request{Kind: KindCommand, Command: "t", UserID: string(rune('a' + i))}, rs)
		})
	}
	deadline := time.Now().Add(5 * time.Second)
	for r.Pending() != 2 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if n := r.Pending(); n != 2 {
		t.Fatalf("Pending = %d while two edits are held, want 2", n)
	}
	short, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	if err := r.Wait(short); err == nil {
		t.Fatal("Wait returned while two edits were still held")
	}
	close(rs.release)
	if err := r.Wait(context.Background()); err != nil {
		t.Fatalf("Wait after the edits: %v", err)
	}
	wg.Wait()
	if m := rs.methods(); len(m) != 4 {
		t.Errorf("replies = %q, want a defer and an edit for each", m)
	}
	// Idle again: a later Wait returns at once, and counting starts anew.
	if err := r.Wait(context.Background()); err != nil || r.Pending() != 0 {
		t.Errorf("after all: Wait = %v, Pending = %d", err, r.Pending())
	}
}
