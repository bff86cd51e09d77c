package discordtest

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// session is a gateway session that can be resumed.
type session struct {
	id  string
	seq int64
	// sent holds the session's last maxReplay events, which a RESUME
	// replays from the sequence number the client last saw.
	sent []frame
}

// maxReplay bounds the events a session keeps for replay.
const maxReplay = 256

// gatewayConn is one websocket client.
type gatewayConn struct {
	ws      *websocket.Conn
	writeMu sync.Mutex
	// sess is set after IDENTIFY or RESUME.
	sess *session
}

func (c *gatewayConn) send(v any) error {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	_ = c.ws.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return c.ws.WriteJSON(v)
}

type frame struct {
	Op int             `json:"op"`
	D  json.RawMessage `json:"d"`
	S  *int64          `json:"s,omitempty"`
	T  string          `json:"t,omitempty"`
}

// serveGateway speaks the gateway protocol: HELLO, then IDENTIFY -> READY
// or RESUME -> RESUMED, heartbeats -> ACK.
func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.dials++
	refuse := s.refuse > 0
	if refuse {
		s.refuse--
		s.refused++
		s.notifyLocked()
	}
	s.mu.Unlock()
	if refuse {
		http.Error(w, "gateway unavailable", http.StatusServiceUnavailable)
		return
	}
	ws, err := s.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &gatewayConn{ws: ws}
	s.mu.Lock()
	s.conns[c] = 0
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.conns, c)
		s.notifyLocked()
		s.mu.Unlock()
		_ = ws.Close()
	}()
	hello, _ := json.Marshal(map[string]any{"heartbeat_interval": s.HeartbeatInterval.Milliseconds()})
	if c.send(frame{Op: 10, D: hello}) != nil {
		return
	}
	for {
		var f frame
		if err := ws.ReadJSON(&f); err != nil {
			return
		}
		if err := s.handleFrame(c, f); err != nil {
			return
		}
	}
}

func (s *Server) handleFrame(c *gatewayConn, f frame) error {
	switch f.Op {
	case 1: // heartbeat
		return c.send(frame{Op: 11})
	case 2: // identify
		var id struct {
			Token   string `json:"token"`
			Intents int    `json:"intents"`
		}
		_ = json.Unmarshal(f.D, &id)
		if id.Token != "Bot "+s.Token {
			c.writeMu.Lock()
			_ = c.ws.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(4004, "Authentication failed."))
			c.writeMu.Unlock()
			return errors.New("authentication failed")
		}
		sess := &session{id: s.newID()}
		s.mu.Lock()
		s.identifies++
		s.intents = id.Intents
		s.sessions[sess.id] = sess
		s.mu.Unlock()
		ready := map[string]any{
			"v": 9, "session_id": sess.id, "resume_gateway_url": "ws" + s.URL[len("http"):] + "/gateway",
			"user":        map[string]any{"id": s.AppID, "username": "chronicle", "bot": true},
			"application": map[string]any{"id": s.AppID}, "guilds": []any{}, "private_channels": []any{},
		}
		return s.dispatch(c, sess, "READY", ready)
	case 6: // resume
		var res struct {
			SessionID string `json:"session_id"`
			Seq       int64  `json:"seq"`
		}
		_ = json.Unmarshal(f.D, &res)
		s.mu.Lock()
		sess := s.sessions[res.SessionID]
		var missed []frame
		if sess != nil {
			s.resumes++
			for _, f := range sess.sent {
				if *f.S > res.Seq {
					missed = append(missed, f)
				}
			}
		}
		s.mu.Unlock()
		if sess == nil {
			return c.send(frame{Op: 9, D: json.RawMessage("false")})
		}
		// As Discord does, replay the events the client missed, then RESUMED.
		for _, f := range missed {
			if err := c.send(f); err != nil {
				return err
			}
		}
		return s.dispatch(c, sess, "RESUMED", map[string]any{})
	}
	return nil
}

// dispatch sends an op 0 event with the session's next sequence number,
// keeps it for a RESUME to replay, and marks the connection ready.
func (s *Server) dispatch(c *gatewayConn, sess *session, typ string, d any) error {
	raw, err := json.Marshal(d)
	if err != nil {
		return err
	}
	s.mu.Lock()
	sess.seq++
	seq := sess.seq
	f := frame{Op: 0, T: typ, S: &seq, D: raw}
	if len(sess.sent) == maxReplay {
		sess.sent = sess.sent[1:]
	}
	sess.sent = append(sess.sent, f)
	c.sess = sess
	if order, ok := s.conns[c]; ok && order == 0 {
		s.readySeq++
		s.conns[c] = s.readySeq
	}
	s.notifyLocked()
	s.mu.Unlock()
	return c.send(f)
}

// readyConn waits up to timeout for an identified or resumed connection,
// and returns the one that became ready last.
func (s *Server) readyConn(timeout time.Duration) (*gatewayConn, error) {
	deadline := time.Now().Add(timeout)
	for {
		s.mu.Lock()
		var newest *gatewayConn
		for c, order := range s.conns {
			if order > 0 && (newest == nil || order > s.conns[newest]) {
				newest = c
			}
		}
		if newest != nil {
			s.mu.Unlock()
			return newest, nil
		}
		ch := s.changed
		s.mu.Unlock()
		select {
		case <-ch:
		case <-time.After(time.Until(deadline)):
			return nil, errors.New("discordtest: no gateway connection is ready")
		}
	}
}

// Handshakes returns how many IDENTIFYs and RESUMEs the fake has answered.
func (s *Server) Handshakes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.identifies + s.resumes
}

// WaitConnected waits until a client has identified or resumed.
func (s *Server) WaitConnected(tb testing.TB) {
	tb.Helper()
	if _, err := s.readyConn(10 * time.Second); err != nil {
		tb.Fatal(err)
	}
}

// Interact sends i as an INTERACTION_CREATE over the gateway, after filling
// its ID, token and application ID; it returns the ID and token. It waits
// for a connected client (e.g. after a dropped connection); an interaction
// the client does not read before that connection closes reaches it when
// it resumes the session.
func (s *Server) Interact(tb testing.TB, i *discordgo.Interaction) (id, token string) {
	tb.Helper()
	c, err := s.readyConn(10 * time.Second)
	if err != nil {
		tb.Fatal(err)
	}
	s.Prepare(i)
	s.mu.Lock()
	sess := c.sess
	s.mu.Unlock()
	if err := s.dispatch(c, sess, "INTERACTION_CREATE", i); err != nil {
		// The client is closing this connection: the session keeps the
		// event and replays it when the client resumes, as Discord does.
		// A client that identifies afresh never gets it, and the test's
		// wait for the reply says so.
		tb.Logf("discordtest: interaction %s not sent on its connection (%v); a RESUME replays it", i.ID, err)
	}
	return i.ID, i.Token
}

// Prepare fills an interaction's ID, token, application ID and version.
func (s *Server) Prepare(i *discordgo.Interaction) {
	i.ID = s.newID()
	i.Token = "itoken-" + i.ID
	i.AppID = s.AppID
	i.Version = 1
}

// SendReconnect sends op 7 RECONNECT to every client.
func (s *Server) SendReconnect() {
	for _, c := range s.connections() {
		_ = c.send(frame{Op: 7})
	}
}

// Drop closes every gateway connection abruptly, without a close frame,
// and forgets them at once, so that Interact waits for a new one.
func (s *Server) Drop() {
	conns := s.connections()
	s.mu.Lock()
	for _, c := range conns {
		delete(s.conns, c)
	}
	s.notifyLocked()
	s.mu.Unlock()
	for _, c := range conns {
		_ = c.ws.NetConn().Close()
	}
}

func (s *Server) connections() []*gatewayConn {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*gatewayConn
	for c := range s.conns {
		out = append(out, c)
	}
	return out
}

// RefuseGateway answers the next n gateway connections 503, as a gateway
// that is down does.
func (s *Server) RefuseGateway(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refuse = n
}

// WaitGateway waits until the fake has refused at least refused gateway
// connections and seen at least handshakes IDENTIFYs and RESUMEs together.
func (s *Server) WaitGateway(tb testing.TB, refused, handshakes int) {
	tb.Helper()
	deadline := time.After(WaitTimeout)
	for {
		s.mu.Lock()
		r, h, ch := s.refused, s.identifies+s.resumes, s.changed
		s.mu.Unlock()
		if r >= refused && h >= handshakes {
			return
		}
		select {
		case <-ch:
		case <-deadline:
			tb.Fatalf("discordtest: %d gateway connections refused and %d handshakes, want %d and %d", r, h, refused, handshakes)
		}
	}
}

// GatewayStats reports how many IDENTIFYs and RESUMEs the fake has seen.
func (s *Server) GatewayStats() (identifies, resumes int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.identifies, s.resumes
}

// GatewayDials reports how many gateway connections clients have tried
// since the last Reset, those refused (RefuseGateway) included.
func (s *Server) GatewayDials() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dials
}

// Intents returns the intents of the last IDENTIFY.
func (s *Server) Intents() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.intents
}

// WaitDisconnected waits until no gateway client is connected.
func (s *Server) WaitDisconnected(tb testing.TB) {
	tb.Helper()
	deadline := time.After(WaitTimeout)
	for {
		s.mu.Lock()
		n, ch := len(s.conns), s.changed
		s.mu.Unlock()
		if n == 0 {
			return
		}
		select {
		case <-ch:
		case <-deadline:
			tb.Fatalf("discordtest: %d gateway connections still open", n)
		}
	}
}

// String describes the server.
func (s *Server) String() string { return fmt.Sprintf("fake Discord at %s", s.URL) }
