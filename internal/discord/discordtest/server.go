// Package discordtest is a fake Discord on 127.0.0.1 for end-to-end tests:
// the real discordgo client connects to its gateway websocket and calls its
// REST endpoints, and tests inject interactions, drop connections, inject
// 429s, 403s and 404s, and assert on the recorded requests.
//
// Point discordgo at it with discord.SetAPIURL(server.URL) (or
// discord.Config.APIURL). Because discordgo's endpoints are process
// globals, a test binary should use one Server at a time, typically one
// for the whole package started in TestMain.
package discordtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// Defaults for a new Server.
const (
	DefaultToken = "test-bot-token"
	DefaultAppID = "100000000000000001"
)

// Request is one recorded REST request.
type Request struct {
	Method string
	Path   string
	Query  string
	Header http.Header
	Body   []byte
	// Status is the status the fake answered with.
	Status int
	Time   time.Time
}

// failure is an injected error response.
type failure struct {
	method, pathPart string
	status           int
	retryAfter       time.Duration
	left             int
}

// Server is the fake Discord.
type Server struct {
	// URL is the base URL to use as discord.api_url.
	URL string
	// Token is the bot token the fake accepts (without "Bot ").
	Token string
	// AppID is the application's (and bot user's) ID.
	AppID string
	// HeartbeatInterval is sent in HELLO (default 500ms, so heartbeats and
	// ACKs happen during tests).
	HeartbeatInterval time.Duration

	srv      *http.Server
	ln       net.Listener
	upgrader websocket.Upgrader

	mu       sync.Mutex
	changed  chan struct{}
	requests []Request
	failures []*failure
	channels map[string]int
	commands map[string]json.RawMessage
	// conns maps each gateway connection to the order in which it became
	// ready (0 until IDENTIFY or RESUME).
	conns      map[*gatewayConn]int64
	readySeq   int64
	sessions   map[string]*session
	identifies int
	resumes    int
	// refuse is how many more gateway upgrades to answer 503; refused
	// counts those answered so.
	refuse, refused int
	// dials counts gateway connections tried since Reset.
	dials   int
	intents int
	nextID  int64

	// What GET /channels/{id}, /guilds/{id}/roles and
	// /guilds/{id}/members/{user} answer (see guild.go).
	guildChannels map[string]*discordgo.Channel
	roles         map[string][]*discordgo.Role
	members       map[string][]string
}

// Start starts a fake Discord on a random port of 127.0.0.1.
func Start() (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("discordtest: listen: %w", err)
	}
	s := &Server{
		URL: "http://" + ln.Addr().String(), Token: DefaultToken, AppID: DefaultAppID,
		HeartbeatInterval: 500 * time.Millisecond,
		ln:                ln, changed: make(chan struct{}),
		channels: map[string]int{}, commands: map[string]json.RawMessage{},
		guildChannels: map[string]*discordgo.Channel{}, roles: map[string][]*discordgo.Role{}, members: map[string][]string{},
		conns: map[*gatewayConn]int64{}, sessions: map[string]*session{},
		nextID: 200000000000000000,
	}
	s.srv = &http.Server{Handler: s.routes(), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = s.srv.Serve(ln) }()
	return s, nil
}

// New starts a fake Discord that is closed when the test ends.
func New(tb testing.TB) *Server {
	tb.Helper()
	s, err := Start()
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(s.Close)
	return s
}

// Close stops the server and drops every gateway connection.
func (s *Server) Close() {
	s.Drop()
	_ = s.srv.Close()
}

// Reset forgets recorded requests, injected failures (gateway refusals
// too), the count of gateway connections tried, channel statuses and the
// channels, roles and members set.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests, s.failures = nil, nil
	s.refuse, s.refused, s.dials = 0, 0, 0
	s.channels = map[string]int{}
	s.guildChannels, s.roles, s.members = map[string]*discordgo.Channel{}, map[string][]*discordgo.Role{}, map[string][]string{}
	s.notifyLocked()
}

// notifyLocked wakes every waiter; s.mu must be held.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// newID returns a fresh snowflake-like ID.
func (s *Server) newID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextID++
	return fmt.Sprint(s.nextID)
}

// FailNext makes the next n REST requests with this method whose path
// contains pathPart fail with status. For 429 the body and headers carry
// retryAfter, as Discord's do.
func (s *Server) FailNext(method, pathPart string, status int, retryAfter time.Duration, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures = append(s.failures, &failure{method: method, pathPart: pathPart, status: status, retryAfter: retryAfter, left: n})
}

// SetChannelStatus makes posts to a channel, and fetching it, fail with
// status (403 or 404); 0 restores success.
func (s *Server) SetChannelStatus(channelID string, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.channels[channelID] = status
}

// Requests returns every recorded REST request, oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Commands returns the last bulk-overwritten commands for scope: "" for
// global, otherwise the guild ID.
func (s *Server) Commands(scope string) json.RawMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.commands[scope]
}

// record runs every REST request: it reads the body, applies injected
// failures and records the request with its final status.
func (s *Server) record(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/gateway" || strings.HasPrefix(r.URL.Path, "/gateway/") {
			next.ServeHTTP(w, r) // websocket
			return
		}
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(strings.NewReader(string(body)))
		rec := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		if f := s.takeFailure(r.Method, r.URL.Path); f != nil {
			writeFailure(rec, f)
		} else {
			next.ServeHTTP(rec, r)
		}
		s.mu.Lock()
		s.requests = append(s.requests, Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery,
			Header: r.Header.Clone(), Body: body, Status: rec.status, Time: time.Now()})
		s.notifyLocked()
		s.mu.Unlock()
	})
}

func (s *Server) takeFailure(method, path string) *failure {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range s.failures {
		if f.left > 0 && f.method == method && strings.Contains(path, f.pathPart) {
			f.left--
			return f
		}
	}
	return nil
}

func writeFailure(w http.ResponseWriter, f *failure) {
	if f.status == http.StatusTooManyRequests {
		secs := f.retryAfter.Seconds()
		w.Header().Set("Retry-After", fmt.Sprintf("%.3f", secs))
		w.Header().Set("X-RateLimit-Scope", "user")
		writeJSON(w, f.status, map[string]any{"message": "You are being rate limited.", "retry_after": secs, "global": false})
		return
	}
	writeJSON(w, f.status, map[string]any{"message": http.StatusText(f.status), "code": 0})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
