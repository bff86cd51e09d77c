package discord

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle/internal/commands"
	"github.com/chronicle-bot/chronicle/internal/discord/discordtest"
	"golang.org/x/time/rate"
)

// counted is a command that counts its runs.
type counted struct{ runs atomic.Int32 }

func (c *counted) Definition() commands.Definition {
	return commands.Definition{Name: "count", Description: "Counts its runs."}
}

func (c *counted) Handle(context.Context, commands.Request) (commands.Response, error) {
	n := c.runs.Add(1)
	return commands.Response{Content: fmt.Sprintf("run %d", n)}, nil
}

func newCountingBot(tb testing.TB) (*httpBot, *counted) {
	tb.Helper()
	c := &counted{}
	r, err := commands.NewRouter(commands.RouterConfig{RateLimit: rate.Inf}, c)
	if err != nil {
		tb.Fatal(err)
	}
	return newHTTPBotWith(tb, r), c
}

// TestIssue12_Item11_ReplayRefused: the same signed interaction posted five
// times runs its handler once; the repeats get 409. Before, each ran (five
// schedules from one /schedule add).
func TestIssue12_Item11_ReplayRefused(t *testing.T) {
	t.Run("sequential", func(t *testing.T) {
		h, c := newCountingBot(t)
		body := interactionJSON(t, discordtest.SlashCommand("count", nil))
		var statuses []int
		for range 5 {
			status, _ := h.post(t, http.DefaultClient, body, h.now, true)
			statuses = append(statuses, status)
		}
		want := []int{200, 409, 409, 409, 409}
		if fmt.Sprint(statuses) != fmt.Sprint(want) {
			t.Errorf("statuses = %v, want %v", statuses, want)
		}
		if n := c.runs.Load(); n != 1 {
			t.Errorf("handler ran %d times, want 1", n)
		}
		// A new interaction (another ID) still runs.
		if status, out := h.post(t, http.DefaultClient, interactionJSON(t, discordtest.SlashCommand("count", nil)), h.now, true); status != 200 {
			t.Errorf("a new interaction: status %d (%s), want 200", status, out)
		}
		if n := c.runs.Load(); n != 2 {
			t.Errorf("handler ran %d times after a new interaction, want 2", n)
		}
	})
	t.Run("concurrent", func(t *testing.T) {
		h, c := newCountingBot(t)
		body := interactionJSON(t, discordtest.SlashCommand("count", nil))
		statuses := make(chan int, 5)
		var wg sync.WaitGroup
		for range 5 {
			wg.Go(func() {
				status, _, err := h.do(http.DefaultClient, body, h.now, true)
				if err != nil {
					t.Error(err)
				}
				statuses <- status
			})
		}
		wg.Wait()
		close(statuses)
		count := map[int]int{}
		for s := range statuses {
			count[s]++
		}
		if count[200] != 1 || count[409] != 4 {
			t.Errorf("statuses = %v, want one 200 and four 409", count)
		}
		if n := c.runs.Load(); n != 1 {
			t.Errorf("handler ran %d times, want 1", n)
		}
	})
	t.Run("unsigned copy does not block the real one", func(t *testing.T) {
		h, c := newCountingBot(t)
		body := interactionJSON(t, discordtest.SlashCommand("count", nil))
		if status, _ := h.post(t, http.DefaultClient, body, h.now, false); status != http.StatusUnauthorized {
			t.Errorf("unsigned: status %d, want 401", status)
		}
		if status, _ := h.post(t, http.DefaultClient, body, h.now, true); status != http.StatusOK {
			t.Errorf("signed after an unsigned copy: status %d, want 200", status)
		}
		if n := c.runs.Load(); n != 1 {
			t.Errorf("handler ran %d times, want 1", n)
		}
	})
	t.Run("remembered until the signature expires", func(t *testing.T) {
		h, _ := newCountingBot(t)
		body := interactionJSON(t, discordtest.SlashCommand("count", nil))
		// Signed 4m59s ago: still valid for one more second, so it is
		// remembered, and refused when replayed.
		old := h.now.Add(-maxSkew + time.Second)
		if status, _ := h.post(t, http.DefaultClient, body, old, true); status != http.StatusOK {
			t.Fatalf("first: status %d, want 200", status)
		}
		if status, _ := h.post(t, http.DefaultClient, body, old, true); status != http.StatusConflict {
			t.Errorf("replay: status %d, want 409", status)
		}
	})
}

// TestIssue12_Item11_ReplayGuardBounded: the guard forgets entries once
// their signature has expired and never holds more than its cap.
func TestIssue12_Item11_ReplayGuardBounded(t *testing.T) {
	t0 := time.Date(2024, 3, 26, 9, 0, 0, 0, time.UTC)
	t.Run("expiry", func(t *testing.T) {
		g := newReplayGuard(100)
		for n := range 10 {
			if !g.first(fmt.Sprint(n), t0.Add(maxSkew), t0) {
				t.Fatalf("first(%d) = false on a new key", n)
			}
		}
		if g.first("3", t0.Add(maxSkew), t0.Add(maxSkew)) {
			t.Error("a key was forgotten before it expired")
		}
		// One second after expiry every entry is dropped on the next call.
		if !g.first("new", t0.Add(2*maxSkew), t0.Add(maxSkew+time.Second)) {
			t.Error("first(new) = false")
		}
		if n := g.size(); n != 1 {
			t.Errorf("size after expiry = %d, want 1", n)
		}
		if !g.first("3", t0.Add(3*maxSkew), t0.Add(maxSkew+2*time.Second)) {
			t.Error("an expired key is still refused")
		}
	})
	t.Run("cap", func(t *testing.T) {
		const cap = 50
		g := newReplayGuard(cap)
		for n := range 1000 {
			g.first(fmt.Sprint(n), t0.Add(maxSkew+time.Duration(n)*time.Millisecond), t0)
			if s := g.size(); s > cap {
				t.Fatalf("size %d after %d keys, cap %d", s, n+1, cap)
			}
		}
		// The newest are kept (the soonest to expire went first).
		if g.first("999", t0.Add(maxSkew), t0) {
			t.Error("the newest key was evicted")
		}
	})
	t.Run("concurrent", func(t *testing.T) {
		g := newReplayGuard(1000)
		var wins atomic.Int32
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				for n := range 100 {
					if g.first(fmt.Sprint(n), t0.Add(maxSkew), t0) {
						wins.Add(1)
					}
				}
			})
		}
		wg.Wait()
		if n := wins.Load(); n != 100 {
			t.Errorf("%d keys accepted by 8 racing goroutines, want 100", n)
		}
	})
}

// TestIssue12_Item7_BodyReadTimeout: clients that send their headers and
// then dribble the body a byte every 100ms are cut off by the server's
// ReadTimeout. Before, only the header timeout existed and such clients
// held their connections for as long as they liked.
func TestIssue12_Item7_BodyReadTimeout(t *testing.T) {
	h := newHTTPBot(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := NewHTTPServer(h.bot.InteractionsHandler(), ServerTimeouts{Read: 300 * time.Millisecond})
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })

	const conns, bodyLen = 5, 100 // a whole body would take 10s
	var wg sync.WaitGroup
	for n := range conns {
		wg.Go(func() {
			sent, reply, err := dribble(ln.Addr().String(), bodyLen)
			switch {
			case errors.Is(err, os.ErrDeadlineExceeded):
				t.Errorf("conn %d: still open after the 4s hang guard (%d body bytes sent)", n, sent)
			case sent >= bodyLen:
				t.Errorf("conn %d: the whole %d-byte body was accepted at a byte per 100ms", n, bodyLen)
			case len(reply) > 0 && !bytes.HasPrefix(reply, []byte("HTTP/1.1 400")):
				t.Errorf("conn %d: reply %.60q, want a 400 or none", n, reply)
			}
		})
	}
	wg.Wait()
}

// dribble sends a POST's headers, then its body a byte every 100ms until
// the server closes the connection; it returns the body bytes sent, what
// the server wrote back, and the read error other than EOF (a 4s deadline
// on the client side guards against hanging).
func dribble(addr string, bodyLen int) (int, []byte, error) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return 0, nil, err
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(4 * time.Second))
	head := fmt.Sprintf("POST /interactions HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", bodyLen)
	if _, err := io.WriteString(conn, head); err != nil {
		return 0, nil, err
	}
	type readResult struct {
		data []byte
		err  error
	}
	done := make(chan readResult, 1)
	go func() {
		data, err := io.ReadAll(conn)
		done <- readResult{data, err}
	}()
	sent := 0
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case r := <-done:
			return sent, r.data, r.err
		case <-tick.C:
			if sent < bodyLen {
				if _, err := conn.Write([]byte{'x'}); err == nil {
					sent++
				}
			}
		}
	}
}

// TestIssue12_Item7_ServerTimeouts: every timeout is set, and the write
// timeout leaves room for the body read plus the endpoint's 2.5s answer.
func TestIssue12_Item7_ServerTimeouts(t *testing.T) {
	tests := []struct {
		name                      string
		in                        ServerTimeouts
		header, read, write, idle time.Duration
	}{
		{"defaults", ServerTimeouts{}, 5 * time.Second, 10 * time.Second, 20 * time.Second, 60 * time.Second},
		{"write raised above read", ServerTimeouts{Read: 30 * time.Second, Write: time.Second}, 5 * time.Second, 30 * time.Second, 35 * time.Second, 60 * time.Second},
		{"header within read", ServerTimeouts{ReadHeader: time.Minute, Read: 2 * time.Second, Idle: time.Second}, 2 * time.Second, 2 * time.Second, 20 * time.Second, time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewHTTPServer(http.NotFoundHandler(), tt.in)
			got := []time.Duration{s.ReadHeaderTimeout, s.ReadTimeout, s.WriteTimeout, s.IdleTimeout}
			want := []time.Duration{tt.header, tt.read, tt.write, tt.idle}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("NewHTTPServer(%+v) timeouts (header, read, write, idle) = %v, want %v", tt.in, got, want)
			}
			if s.MaxHeaderBytes <= 0 || s.MaxHeaderBytes > 1<<20 {
				t.Errorf("MaxHeaderBytes = %d", s.MaxHeaderBytes)
			}
		})
	}
}

// TestIssue12_Item7_BodyTooLarge: the MaxBytesReader limit stays: a body
// over 1 MiB is refused with 413 before any signature check.
func TestIssue12_Item7_BodyTooLarge(t *testing.T) {
	h := newHTTPBot(t)
	status, _ := h.post(t, http.DefaultClient, bytes.Repeat([]byte("x"), maxBody+1), h.now, true)
	if status != http.StatusRequestEntityTooLarge {
		t.Errorf("status = %d, want 413", status)
	}
}
