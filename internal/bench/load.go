package bench

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/chronicle-bot/chronicle/internal/commands"
	"github.com/chronicle-bot/chronicle/internal/discord"
	"github.com/chronicle-bot/chronicle/internal/discord/discordtest"
	"github.com/chronicle-bot/chronicle/internal/eval"
)

// LoadResult is what a load run measured.
type LoadResult struct {
	// Total interactions sent, Concurrency of them at a time.
	Total, Concurrency int
	// Answered in the HTTP response itself; Deferred (the router's 2 s
	// deferral fired) and finished by an edit of the reply; Failed: any
	// other status or response, or a deferred reply never finished.
	Answered, Deferred, Failed int
	// P50, P99 and Max are the first-response latencies (the HTTP
	// response, answer or deferral), as Discord's 3 s limit counts them.
	P50, P99, Max time.Duration
	// Elapsed is the time from the first request to the last answer
	// (deferred ones included); AnswersPerSecond is Answered+Deferred
	// over it.
	Elapsed          time.Duration
	AnswersPerSecond float64
}

// runLoad serves ask as `bot serve` does in HTTP-interactions mode (the
// production router, signature check and HTTP server, on 127.0.0.1, with a
// fake Discord on 127.0.0.1 for the webhook edits of deferred replies) and
// sends total signed /ask interactions, concurrency at a time, each from
// its own user, the questions taken in turn.
func runLoad(ctx context.Context, ask *commands.Ask, qs []eval.Question, total, concurrency int) (LoadResult, error) {
	res := LoadResult{Total: total, Concurrency: concurrency}
	if total <= 0 || concurrency <= 0 || len(qs) == 0 {
		return res, fmt.Errorf("load: want interactions, concurrency and questions, got %d, %d, %d", total, concurrency, len(qs))
	}
	fake, err := discordtest.Start()
	if err != nil {
		return res, err
	}
	defer fake.Close()
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		return res, err
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	router, err := commands.NewRouter(commands.RouterConfig{Logger: quiet}, ask)
	if err != nil {
		return res, fmt.Errorf("load: router: %w", err)
	}
	bot, err := discord.New(discord.Config{Token: fake.Token, APIURL: fake.URL, PublicKey: hex.EncodeToString(pub)}, router, quiet)
	if err != nil {
		return res, fmt.Errorf("load: bot: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return res, fmt.Errorf("load: listen: %w", err)
	}
	srv := discord.NewHTTPServer(bot.InteractionsHandler(), discord.ServerTimeouts{})
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	url := "http://" + ln.Addr().String() + "/interactions"

	bodies, tokens := make([][]byte, total), make([]string, total)
	for n := range bodies {
		i := discordtest.SlashCommand("ask", map[string]any{"question": qs[n%len(qs)].Question})
		i.Member.User.ID = strconv.Itoa(900000000000000000 + n)
		fake.Prepare(i)
		if bodies[n], err = json.Marshal(i); err != nil {
			return res, err
		}
		tokens[n] = i.Token
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: concurrency}, Timeout: 30 * time.Second}
	defer client.CloseIdleConnections()
	lat := make([]time.Duration, total)
	kind := make([]int, total) // 4 answered, 5 deferred, 0 failed
	work := make(chan int)
	var wg sync.WaitGroup
	start := time.Now()
	for range concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range work {
				t0 := time.Now()
				kind[n] = post(ctx, client, url, priv, bodies[n])
				lat[n] = time.Since(t0)
			}
		}()
	}
	for n := range total {
		select {
		case work <- n:
		case <-ctx.Done():
		}
	}
	close(work)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return res, err
	}
	var waiting []string
	for n, k := range kind {
		switch k {
		case 4:
			res.Answered++
		case 5:
			waiting = append(waiting, tokens[n])
		default:
			res.Failed++
		}
	}
	done := waitEdits(ctx, fake, waiting, 60*time.Second)
	res.Deferred = done
	res.Failed += len(waiting) - done
	res.Elapsed = time.Since(start)
	res.AnswersPerSecond = float64(res.Answered+res.Deferred) / res.Elapsed.Seconds()
	slices.Sort(lat)
	res.P50, res.P99, res.Max = lat[(total-1)/2], lat[(total-1)*99/100], lat[total-1]
	return res, nil
}

// post sends one signed interaction and returns the response's callback
// type (4: the answer, 5: deferred), or 0 on any failure.
func post(ctx context.Context, client *http.Client, url string, priv ed25519.PrivateKey, body []byte) int {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0
	}
	stamp := strconv.FormatInt(time.Now().Unix(), 10)
	req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(priv, append([]byte(stamp), body...))))
	req.Header.Set("X-Signature-Timestamp", stamp)
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	var cb discordtest.Callback
	if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&cb) != nil {
		return 0
	}
	if cb.Type == 4 || cb.Type == 5 {
		return cb.Type
	}
	return 0
}

// waitEdits waits until the fake Discord has received a successful edit of
// the original reply of every token, or until timeout, and returns how
// many arrived.
func waitEdits(ctx context.Context, fake *discordtest.Server, tokens []string, timeout time.Duration) int {
	want := make(map[string]bool, len(tokens))
	for _, t := range tokens {
		want[t] = true
	}
	deadline := time.Now().Add(timeout)
	for {
		edited := map[string]bool{}
		for _, r := range fake.Requests() {
			if r.Method != http.MethodPatch || r.Status >= 300 || !strings.HasSuffix(r.Path, "/messages/@original") {
				continue
			}
			parts := strings.Split(r.Path, "/")
			if len(parts) >= 3 && want[parts[len(parts)-3]] {
				edited[parts[len(parts)-3]] = true
			}
		}
		if len(edited) == len(tokens) || time.Now().After(deadline) || ctx.Err() != nil {
			return len(edited)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// String is the one-line account of a load run.
func (r LoadResult) String() string {
	return fmt.Sprintf("%d signed /ask over HTTP (127.0.0.1), %d concurrent: first response p50 %s, p99 %s, max %s; "+
		"%d answered at once, %d deferred, %d failed; %.1f answers/s (%s in all)",
		r.Total, r.Concurrency, millis(r.P50), millis(r.P99), millis(r.Max),
		r.Answered, r.Deferred, r.Failed, r.AnswersPerSecond, r.Elapsed.Round(time.Millisecond))
}
