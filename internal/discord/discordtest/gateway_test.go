package discordtest

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// rawClient is a bare gateway client: it sends what the test tells it and
// reads frames one by one, so a test can leave events unread.
type rawClient struct {
	t  *testing.T
	ws *websocket.Conn
}

func dialGateway(t *testing.T, s *Server) *rawClient {
	t.Helper()
	ws, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(s.URL, "http")+"/gateway", nil)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { _ = ws.Close() })
	c := &rawClient{t: t, ws: ws}
	if f := c.read(); f.Op != 10 {
		t.Fatalf("first frame op %d, want 10 (HELLO)", f.Op)
	}
	return c
}

func (c *rawClient) send(op int, d any) {
	c.t.Helper()
	raw, _ := json.Marshal(d)
	if err := c.ws.WriteJSON(frame{Op: op, D: raw}); err != nil {
		c.t.Fatalf("send op %d: %v", op, err)
	}
}

func (c *rawClient) read() frame {
	c.t.Helper()
	_ = c.ws.SetReadDeadline(time.Now().Add(WaitTimeout))
	var f frame
	if err := c.ws.ReadJSON(&f); err != nil {
		c.t.Fatalf("read: %v", err)
	}
	return f
}

// TestResumeReplaysMissedEvents: Discord replays the events a client missed
// when it resumes its session, then sends RESUMED. An interaction sent on a
// connection the client was closing reaches it on the next one.
func TestResumeReplaysMissedEvents(t *testing.T) {
	s := New(t)
	c := dialGateway(t, s)
	c.send(2, map[string]any{"token": "Bot " + s.Token, "intents": 1})
	ready := c.read()
	var r struct {
		SessionID string `json:"session_id"`
	}
	if err := json.Unmarshal(ready.D, &r); err != nil || ready.T != "READY" || ready.S == nil {
		t.Fatalf("after IDENTIFY got %+v (%v), want READY", ready, err)
	}
	id, _ := s.Interact(t, SlashCommand("help", nil)) // sent, never read
	_ = c.ws.Close()
	s.WaitDisconnected(t)

	c = dialGateway(t, s)
	c.send(6, map[string]any{"token": "Bot " + s.Token, "session_id": r.SessionID, "seq": *ready.S})
	var got []string
	for len(got) == 0 || got[len(got)-1] != "RESUMED" {
		f := c.read()
		got = append(got, f.T)
		if f.T == "INTERACTION_CREATE" {
			var i discordgo.Interaction
			if err := json.Unmarshal(f.D, &i); err != nil || i.ID != id {
				t.Errorf("replayed interaction %s (%v), want %s", f.D, err, id)
			}
			if *f.S != *ready.S+1 {
				t.Errorf("replayed with seq %d, want %d", *f.S, *ready.S+1)
			}
		}
	}
	if strings.Join(got, " ") != "INTERACTION_CREATE RESUMED" {
		t.Errorf("after RESUME got %v, want the missed INTERACTION_CREATE, then RESUMED", got)
	}

	// Resuming from the newest sequence replays nothing.
	resumed := *ready.S + 2
	_ = c.ws.Close()
	s.WaitDisconnected(t)
	c = dialGateway(t, s)
	c.send(6, map[string]any{"token": "Bot " + s.Token, "session_id": r.SessionID, "seq": resumed})
	if f := c.read(); f.T != "RESUMED" {
		t.Errorf("resuming at the newest event got %s first, want RESUMED", f.T)
	}
}
