package discordtest

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

// WaitTimeout bounds every Wait helper.
const WaitTimeout = 10 * time.Second

// WaitFor waits until find, called with every recorded request so far,
// reports a match, and returns that request.
func (s *Server) WaitFor(tb testing.TB, what string, find func(Request) bool) Request {
	tb.Helper()
	deadline := time.After(WaitTimeout)
	for {
		s.mu.Lock()
		for _, r := range s.requests {
			if find(r) {
				s.mu.Unlock()
				return r
			}
		}
		ch := s.changed
		s.mu.Unlock()
		select {
		case <-ch:
		case <-deadline:
			tb.Fatalf("discordtest: timed out after %v waiting for %s", WaitTimeout, what)
		}
	}
}

func ok(r Request) bool { return r.Status < 300 }

// WaitCallback waits for the first successful interaction callback of
// interaction id.
func (s *Server) WaitCallback(tb testing.TB, id string) (Callback, Request) {
	tb.Helper()
	r := s.WaitFor(tb, "callback of interaction "+id, func(r Request) bool {
		return ok(r) && r.Method == http.MethodPost && strings.Contains(r.Path, "/interactions/"+id+"/") && strings.HasSuffix(r.Path, "/callback")
	})
	var cb Callback
	if err := json.Unmarshal(r.Body, &cb); err != nil {
		tb.Fatalf("discordtest: callback body %s: %v", r.Body, err)
	}
	return cb, r
}

// WaitEdit waits for the first successful edit of the original reply of
// the interaction with this token.
func (s *Server) WaitEdit(tb testing.TB, token string) Message {
	tb.Helper()
	return s.waitMessage(tb, "edit of @original for "+token, func(r Request) bool {
		return r.Method == http.MethodPatch && strings.HasSuffix(r.Path, "/"+token+"/messages/@original")
	})
}

// WaitFollowup waits for the first successful followup of the interaction
// with this token.
func (s *Server) WaitFollowup(tb testing.TB, token string) Message {
	tb.Helper()
	return s.waitMessage(tb, "followup for "+token, func(r Request) bool {
		return r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/webhooks/"+s.AppID+"/"+token)
	})
}

// WaitChannelMessage waits for the first successful post to a channel.
func (s *Server) WaitChannelMessage(tb testing.TB, channelID string) Message {
	tb.Helper()
	return s.waitMessage(tb, "message in channel "+channelID, func(r Request) bool {
		return r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/channels/"+channelID+"/messages")
	})
}

func (s *Server) waitMessage(tb testing.TB, what string, match func(Request) bool) Message {
	tb.Helper()
	r := s.WaitFor(tb, what, func(r Request) bool { return ok(r) && match(r) })
	var m Message
	if err := json.Unmarshal(r.Body, &m); err != nil {
		tb.Fatalf("discordtest: %s body %s: %v", what, r.Body, err)
	}
	return m
}

// WaitReply waits for the reply a user finally sees for an interaction: the
// callback's message for an immediate reply (types 4, 7, 8); after a
// deferral (type 5) the edit of the original, or the followup sent once the
// original is deleted (a private reply to a public placeholder); after a
// deferred update (type 6) the edit or, when the reply is a new message, the
// followup.
func (s *Server) WaitReply(tb testing.TB, id, token string) (Callback, Message) {
	tb.Helper()
	cb, _ := s.WaitCallback(tb, id)
	switch cb.Type {
	case 5:
		original := "/webhooks/" + s.AppID + "/" + token + "/messages/@original"
		deleted := false
		return cb, s.waitMessage(tb, "reply after deferral for "+token, func(r Request) bool {
			deleted = deleted || (r.Method == http.MethodDelete && strings.HasSuffix(r.Path, original))
			return (r.Method == http.MethodPatch && strings.HasSuffix(r.Path, original)) ||
				(deleted && r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/webhooks/"+s.AppID+"/"+token))
		})
	case 6:
		r := s.WaitFor(tb, "reply after deferred update for "+token, func(r Request) bool {
			return ok(r) && strings.Contains(r.Path, "/webhooks/"+s.AppID+"/"+token)
		})
		var m Message
		_ = json.Unmarshal(r.Body, &m)
		return cb, m
	}
	return cb, cb.Data
}
