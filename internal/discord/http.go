package discord

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/chronicle-bot/chronicle/internal/commands"
)

const (
	// maxSkew is how old (or how far in the future) a signed timestamp may be.
	maxSkew = 5 * time.Minute
	// maxBody bounds an interaction payload.
	maxBody = 1 << 20
	// safetyDefer is when the endpoint acknowledges on its own if the
	// router has not answered (it defers after 2s; Discord allows 3s).
	safetyDefer = 2500 * time.Millisecond
)

// InteractionsHandler serves Discord's HTTP interactions endpoint; mount it
// at /interactions. Requests must carry a valid Ed25519 signature of
// timestamp+body under Config.PublicKey and a timestamp within five minutes
// (401 otherwise; every request is rejected when no key is configured).
// PING is answered with PONG; other interactions go through the router,
// whose first reply (or deferral) becomes the HTTP response, and later
// edits and followups go through the webhook endpoints.
func (b *Bot) InteractionsHandler() http.Handler {
	return http.HandlerFunc(b.serveInteraction)
}

func (b *Bot) serveInteraction(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil || len(body) > maxBody {
		http.Error(w, "bad request body", http.StatusBadRequest)
		return
	}
	if err := b.verify(r.Header, body); err != nil {
		b.log.Warn("rejected interaction request", "remote", r.RemoteAddr, "reason", err)
		http.Error(w, "invalid request signature", http.StatusUnauthorized)
		return
	}
	var i discordgo.Interaction
	if err := json.Unmarshal(body, &i); err != nil {
		http.Error(w, "bad interaction", http.StatusBadRequest)
		return
	}
	if i.Type == discordgo.InteractionPing {
		writeJSON(w, &discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong})
		return
	}
	req, err := toRequest(&i)
	if err != nil {
		b.log.Warn("unsupported interaction", "error", err)
		http.Error(w, "unsupported interaction", http.StatusBadRequest)
		return
	}
	hr := &httpResponder{
		restResponder: restResponder{s: b.session, i: &i, kind: req.Kind},
		initial:       make(chan *discordgo.InteractionResponse, 1),
		written:       make(chan struct{}),
	}
	// The reply outlives the HTTP request (deferred edits), so the
	// dispatch gets a context that is not cancelled with it.
	go b.router.Dispatch(context.WithoutCancel(r.Context()), req, hr)
	timer := time.NewTimer(safetyDefer)
	defer timer.Stop()
	var first *discordgo.InteractionResponse
	select {
	case first = <-hr.initial:
	case <-timer.C:
		first = hr.takeOver()
		b.log.Warn("router did not answer in time; deferred by the endpoint", "interaction", i.ID)
	}
	writeJSON(w, first)
	close(hr.written)
}

// verify checks the Ed25519 signature and the timestamp's age.
func (b *Bot) verify(h http.Header, body []byte) error {
	if b.pub == nil {
		return errors.New("no public key configured")
	}
	sig, err := hex.DecodeString(h.Get("X-Signature-Ed25519"))
	if err != nil || len(sig) != ed25519.SignatureSize {
		return errors.New("missing or malformed signature")
	}
	ts := h.Get("X-Signature-Timestamp")
	secs, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return errors.New("missing or malformed timestamp")
	}
	if d := b.now().Sub(time.Unix(secs, 0)); d > maxSkew || d < -maxSkew {
		return errors.New("timestamp too old or in the future")
	}
	msg := make([]byte, 0, len(ts)+len(body))
	msg = append(append(msg, ts...), body...)
	if !ed25519.Verify(b.pub, msg, sig) {
		return errors.New("bad signature")
	}
	return nil
}

func writeJSON(w http.ResponseWriter, v any) {
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(v); err != nil {
		http.Error(w, "encode response", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(buf.Bytes())
}

// httpResponder delivers the first reply as the HTTP response and the rest
// through REST. Respond and Defer return once the HTTP response is written,
// so a following Edit cannot reach Discord before the acknowledgement.
type httpResponder struct {
	restResponder
	initial chan *discordgo.InteractionResponse
	written chan struct{}

	mu sync.Mutex
	// sent is set once the initial reply is taken; byEndpoint when the
	// endpoint deferred on its own, so a late Respond becomes an Edit.
	sent, byEndpoint bool
}

var _ commands.Responder = (*httpResponder)(nil)

// takeOver claims the initial reply for the endpoint's own deferral.
func (h *httpResponder) takeOver() *discordgo.InteractionResponse {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.sent {
		h.sent, h.byEndpoint = true, true
		return toDeferred(h.kind, false)
	}
	return <-h.initial // the router won the race: its reply is in the channel
}

// first hands r over as the HTTP response; it reports false when the
// endpoint has already deferred.
func (h *httpResponder) first(ctx context.Context, r *discordgo.InteractionResponse) (bool, error) {
	h.mu.Lock()
	if h.sent {
		h.mu.Unlock()
		return false, nil
	}
	h.sent = true
	h.initial <- r
	h.mu.Unlock()
	select {
	case <-h.written:
		return true, nil
	case <-ctx.Done():
		return true, ctx.Err()
	}
}

// Respond sends the initial reply as the HTTP response.
func (h *httpResponder) Respond(ctx context.Context, resp commands.Response) error {
	if ok, err := h.first(ctx, toInteractionResponse(h.kind, resp)); ok || err != nil {
		return err
	}
	if h.kind == commands.KindComponent && !resp.Update {
		return h.Followup(ctx, resp)
	}
	return h.Edit(ctx, resp)
}

// Defer acknowledges in the HTTP response.
func (h *httpResponder) Defer(ctx context.Context, ephemeral bool) error {
	_, err := h.first(ctx, toDeferred(h.kind, ephemeral))
	return err
}
