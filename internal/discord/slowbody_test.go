package discord

import (
	"errors"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestIssue12_Item7_ManySlowBodies: 300 clients dribbling their bodies at
// once are all cut off by the read timeout; none holds its connection.
func TestIssue12_Item7_ManySlowBodies(t *testing.T) {
	h := newHTTPBot(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := NewHTTPServer(h.bot.InteractionsHandler(), ServerTimeouts{Read: 500 * time.Millisecond})
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })

	const conns, bodyLen = 300, 100
	var held, whole atomic.Int32
	var wg sync.WaitGroup
	for range conns {
		wg.Go(func() {
			sent, _, err := dribble(ln.Addr().String(), bodyLen)
			if errors.Is(err, os.ErrDeadlineExceeded) {
				held.Add(1)
			}
			if sent >= bodyLen {
				whole.Add(1)
			}
		})
	}
	wg.Wait()
	if held.Load() > 0 || whole.Load() > 0 {
		t.Errorf("of %d slow clients, %d still held their connection after 4s and %d sent a whole body", conns, held.Load(), whole.Load())
	}
}
