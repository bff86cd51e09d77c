package discord

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"mime"
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
// (401 otherwise; every request is rejected when no key is configured),
// and a signed request must be application/json (415 otherwise).
// A signed interaction is run once: a replay of it while its signature is
// still valid is refused with 409 (the IDs are remembered in memory, per
// process). Bodies over 1 MiB get 413.
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
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		// Also a body that did not arrive within the server's ReadTimeout.
		http.Error(w, "bad request body", http.StatusBadRequest)
		return
	}
	signed, err := b.verify(r.Header, body)
	if err != nil {
		// Anyone who can reach the port can send these: at most a line a
		// minute, counting those left out since the last.
		if ok, leftOut := b.rejects.allow(b.now()); ok {
			b.log.Warn("rejected interaction request", "remote", r.RemoteAddr, "reason", err, "left_out", leftOut)
		}
		http.Error(w, "invalid request signature", http.StatusUnauthorized)
		return
	}
	// After the signature: a request that is not Discord's gets 401
	// whatever its type, as the portal's endpoint validation expects, and
	// says nothing about what the endpoint accepts.
	if ct := r.Header.Get("Content-Type"); !isJSON(ct) {
		b.log.Warn("refused an interaction that is not JSON", "remote", r.RemoteAddr, "content_type", ct)
		http.Error(w, "unsupported media type: want application/json", http.StatusUnsupportedMediaType)
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
	// The signature stays valid for maxSkew after its timestamp: remember
	// the interaction that long, so a replay of it is refused.
	if !b.seen.first(replayKey(&i, r.Header, body), signed.Add(maxSkew+time.Second), b.now()) {
		b.log.Warn("refused a replayed interaction", "remote", r.RemoteAddr, "interaction", i.ID)
		http.Error(w, "interaction already received", http.StatusConflict)
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
		ephemeral:     b.router.Ephemeral(req),
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

// isJSON reports whether contentType is application/json, in any case,
// with or without parameters (a charset).
func isJSON(contentType string) bool {
	mediaType, _, err := mime.ParseMediaType(contentType)
	return err == nil && mediaType == "application/json"
}

// verify checks the Ed25519 signature and the timestamp's age, and returns
// the signed timestamp.
func (b *Bot) verify(h http.Header, body []byte) (time.Time, error) {
	if b.pub == nil {
		return time.Time{}, errors.New("no public key configured")
	}
	sig, err := hex.DecodeString(h.Get("X-Signature-Ed25519"))
	if err != nil || len(sig) != ed25519.SignatureSize {
		return time.Time{}, errors.New("missing or malformed signature")
	}
	ts := h.Get("X-Signature-Timestamp")
	secs, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return time.Time{}, errors.New("missing or malformed timestamp")
	}
	signed := time.Unix(secs, 0)
	if d := b.now().Sub(signed); d > maxSkew || d < -maxSkew {
		return time.Time{}, errors.New("timestamp too old or in the future")
	}
	msg := make([]byte, 0, len(ts)+len(body))
	msg = append(append(msg, ts...), body...)
	if !ed25519.Verify(b.pub, msg, sig) {
		return time.Time{}, errors.New("bad signature")
	}
	return signed, nil
}

// replayKey identifies a signed interaction: its ID (Discord's snowflakes are
// unique), or a hash of the signed bytes when it has none.
func replayKey(i *discordgo.Interaction, h http.Header, body []byte) string {
	if i.ID != "" {
		return "id:" + i.ID
	}
	sum := sha256.New()
	sum.Write([]byte(h.Get("X-Signature-Timestamp")))
	sum.Write(body)
	return "sha256:" + hex.EncodeToString(sum.Sum(nil))
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
	// ephemeral makes the endpoint's own deferral private, as the router's
	// would be (Router.Ephemeral): the reply then edits that placeholder,
	// and an edit cannot make a public message private. A private reply
	// that is not foreseen (a rate-limit refusal, an error) replaces a
	// public placeholder with an ephemeral followup (restResponder.Edit).
	ephemeral bool
	initial   chan *discordgo.InteractionResponse
	written   chan struct{}

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
		h.deferred(h.ephemeral) // read by the router's goroutine after it takes mu in first
		return toDeferred(h.kind, h.ephemeral)
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
	if h.kind == commands.KindAutocomplete {
		// The endpoint answered with no suggestions while these were
		// made; an autocomplete has no message to edit, so they go.
		return nil
	}
	if h.kind == commands.KindComponent && !resp.Update {
		return h.Followup(ctx, resp)
	}
	return h.Edit(ctx, resp)
}

// Defer acknowledges in the HTTP response.
func (h *httpResponder) Defer(ctx context.Context, ephemeral bool) error {
	ok, err := h.first(ctx, toDeferred(h.kind, ephemeral))
	if ok {
		h.deferred(ephemeral)
	}
	return err
}

// ServerTimeouts bound each connection of the HTTP server; a zero field
// takes its default.
type ServerTimeouts struct {
	// ReadHeader bounds reading a request's headers (default 5s).
	ReadHeader time.Duration
	// Read bounds reading a whole request, headers and body (default 10s):
	// a client that sends its body a byte at a time is cut off.
	Read time.Duration
	// Write bounds the time from the end of the headers to the end of the
	// response (default 20s). It is raised to at least Read plus 5s: the
	// interactions endpoint answers within 2.5s of the body (deferred
	// replies are finished later through webhooks, not this response).
	Write time.Duration
	// Idle bounds how long a keep-alive connection waits for its next
	// request (default 60s).
	Idle time.Duration
}

// maxHeaderBytes bounds a request's headers; Discord's are well under 4 KiB.
const maxHeaderBytes = 64 << 10

// NewHTTPServer returns the server for the interactions endpoint (and
// /healthz and /metrics beside it) with every timeout set, so that slow or
// stalled clients cannot hold connections open.
func NewHTTPServer(handler http.Handler, t ServerTimeouts) *http.Server {
	def := func(d, fallback time.Duration) time.Duration {
		if d > 0 {
			return d
		}
		return fallback
	}
	read := def(t.Read, 10*time.Second)
	return &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: min(def(t.ReadHeader, 5*time.Second), read),
		ReadTimeout:       read,
		WriteTimeout:      max(def(t.Write, 20*time.Second), read+2*safetyDefer),
		IdleTimeout:       def(t.Idle, 60*time.Second),
		MaxHeaderBytes:    maxHeaderBytes,
	}
}

// rejectLog lets a log line about rejected requests through at most once
// every rejectLogEvery, and counts those it holds back.
type rejectLog struct {
	mu      sync.Mutex
	next    time.Time
	leftOut int
}

// rejectLogEvery is the least time between two lines about rejected requests.
const rejectLogEvery = time.Minute

// allow reports whether a rejection at now is logged, and how many were
// left out since the last one logged.
func (l *rejectLog) allow(now time.Time) (ok bool, leftOut int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Before(l.next) {
		l.leftOut++
		return false, 0
	}
	leftOut, l.leftOut, l.next = l.leftOut, 0, now.Add(rejectLogEvery)
	return true, leftOut
}
