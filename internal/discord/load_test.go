package discord

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle/internal/discord/discordtest"
)

// TestHTTPLoad sends 500 signed /ask interactions to the HTTP endpoint over
// loopback, 50 at a time, each from its own user, and checks that every one
// is answered: with the answer itself, or (if the machine is so loaded that
// the router's 2-second defer fires) with a deferral whose edit must then
// arrive. With CHRONICLE_TIMING=1 it also requires every first response
// within Discord's 3-second limit.
func TestHTTPLoad(t *testing.T) {
	const total, concurrency = 500, 50
	h := newHTTPBotWith(t, newRouterDeferAfter(t, nil, 0)) // production default: defer after 2s
	bodies, tokens := make([][]byte, total), make([]string, total)
	for n := range bodies {
		i := discordtest.SlashCommand("ask", map[string]any{"question": fmt.Sprintf("Who claimed the Moscow attack? #%d", n)})
		i.Member.User.ID = fmt.Sprint(900000000000000000 + n)
		bodies[n] = interactionJSON(t, i)
		tokens[n] = i.Token
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: concurrency}, Timeout: 10 * time.Second}
	latencies := make([]time.Duration, total)
	failures := make(chan string, total)
	deferred := make(chan int, total)
	work := make(chan int)
	var wg sync.WaitGroup
	start := time.Now()
	for range concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range work {
				t0 := time.Now()
				status, out, err := h.do(client, bodies[n], h.now, true)
				latencies[n] = time.Since(t0)
				var cb discordtest.Callback
				if err == nil {
					err = json.Unmarshal(out, &cb)
				}
				if cb.Type == 5 {
					deferred <- n
					continue
				}
				if status != http.StatusOK || err != nil || cb.Type != 4 || !strings.Contains(cb.Data.Text(), "Islamic State") {
					failures <- fmt.Sprintf("#%d: status %d type %d err %v: %.100s", n, status, cb.Type, err, out)
				}
			}
		}()
	}
	for n := range total {
		work <- n
	}
	close(work)
	wg.Wait()
	elapsed := time.Since(start)
	close(failures)
	for f := range failures {
		t.Error(f)
	}
	close(deferred)
	nDeferred := 0
	for n := range deferred {
		nDeferred++
		if msg := fake.WaitEdit(t, tokens[n]); !strings.Contains(msg.Text(), "Islamic State") {
			t.Errorf("#%d: deferred edit =\n%s", n, msg.Text())
		}
	}
	slices.Sort(latencies)
	p := func(q float64) time.Duration { return latencies[int(q*float64(total-1))] }
	t.Logf("%d interactions, %d concurrent, in %v (%.0f/s), %d deferred: first response p50 %v, p99 %v, max %v",
		total, concurrency, elapsed.Round(time.Millisecond), float64(total)/elapsed.Seconds(), nDeferred,
		p(0.50).Round(time.Microsecond), p(0.99).Round(time.Microsecond), latencies[total-1].Round(time.Microsecond))
	// Discord's 3-second limit is a wall-clock figure, and this machine is
	// shared: it is enforced only when asked for (CHRONICLE_TIMING=1), as in
	// the closing notes' measurements; otherwise it is logged above.
	if max := latencies[total-1]; max >= 3*time.Second && os.Getenv("CHRONICLE_TIMING") != "" {
		t.Errorf("slowest first response %v, want under 3s", max)
	}
}
