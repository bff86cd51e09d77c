package discordtest

import (
	"encoding/json"
	"net/http"
	"strings"
)

// routes is the REST API (under /api/v9) and the gateway websocket.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	api := "/api/v9"
	mux.HandleFunc("GET /gateway", s.serveGateway)
	mux.HandleFunc("GET /gateway/", s.serveGateway)
	mux.HandleFunc("GET "+api+"/gateway", s.bot(s.gatewayURL))
	mux.HandleFunc("GET "+api+"/gateway/bot", s.bot(s.gatewayURL))
	mux.HandleFunc("GET "+api+"/users/@me", s.bot(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"id": s.AppID, "username": "chronicle", "bot": true, "discriminator": "0"})
	}))
	mux.HandleFunc("PUT "+api+"/applications/{app}/commands", s.bot(s.overwrite))
	mux.HandleFunc("PUT "+api+"/applications/{app}/guilds/{guild}/commands", s.bot(s.overwrite))
	mux.HandleFunc("POST "+api+"/interactions/{id}/{token}/callback", s.callback)
	mux.HandleFunc("PATCH "+api+"/webhooks/{app}/{token}/messages/{msg}", s.webhookMessage)
	mux.HandleFunc("POST "+api+"/webhooks/{app}/{token}", s.webhookMessage)
	mux.HandleFunc("DELETE "+api+"/webhooks/{app}/{token}/messages/{msg}", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("POST "+api+"/channels/{channel}/messages", s.bot(s.channelMessage))
	mux.HandleFunc("GET "+api+"/channels/{channel}", s.bot(s.getChannel))
	mux.HandleFunc("GET "+api+"/guilds/{guild}/roles", s.bot(s.guildRoles))
	mux.HandleFunc("GET "+api+"/guilds/{guild}/members/{user}", s.bot(s.guildMember))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "404: Not Found", "code": 0})
	})
	return s.record(mux)
}

// bot requires the bot token, as Discord does.
func (s *Server) bot(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bot "+s.Token {
			writeJSON(w, http.StatusUnauthorized, map[string]any{"message": "401: Unauthorized", "code": 0})
			return
		}
		h(w, r)
	}
}

func (s *Server) gatewayURL(w http.ResponseWriter, r *http.Request) {
	ws := "ws" + strings.TrimPrefix(s.URL, "http") + "/gateway"
	writeJSON(w, http.StatusOK, map[string]any{"url": ws, "shards": 1,
		"session_start_limit": map[string]int{"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}})
}

func (s *Server) overwrite(w http.ResponseWriter, r *http.Request) {
	if r.PathValue("app") != s.AppID {
		writeJSON(w, http.StatusForbidden, map[string]any{"message": "Missing Access", "code": 50001})
		return
	}
	var cmds []map[string]any
	if err := json.NewDecoder(r.Body).Decode(&cmds); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"message": "Invalid Form Body", "code": 50035})
		return
	}
	for _, c := range cmds {
		c["id"], c["application_id"], c["version"] = s.newID(), s.AppID, "1"
	}
	raw, _ := json.Marshal(cmds)
	s.mu.Lock()
	s.commands[r.PathValue("guild")] = raw
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, cmds)
}

func (s *Server) callback(w http.ResponseWriter, r *http.Request) {
	var cb Callback
	if err := json.NewDecoder(r.Body).Decode(&cb); err != nil || cb.Type == 0 {
		writeJSON(w, http.StatusBadRequest, map[string]any{"message": "Invalid Form Body", "code": 50035})
		return
	}
	if problem := cb.Data.validate(); problem != "" {
		writeJSON(w, http.StatusBadRequest, map[string]any{"message": "Invalid Form Body: " + problem, "code": 50035})
		return
	}
	if s.callbackCount(r.PathValue("id")) > 1 {
		writeJSON(w, http.StatusBadRequest, map[string]any{"message": "Interaction has already been acknowledged.", "code": 40060})
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// callbackCount counts callbacks for interaction id, this one included
// (successful earlier ones only).
func (s *Server) callbackCount(id string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 1
	for _, r := range s.requests {
		if r.Method == http.MethodPost && r.Status < 300 && strings.HasSuffix(r.Path, "/callback") && strings.Contains(r.Path, "/interactions/"+id+"/") {
			n++
		}
	}
	return n
}

func (s *Server) webhookMessage(w http.ResponseWriter, r *http.Request) {
	var m Message
	if err := json.NewDecoder(r.Body).Decode(&m); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"message": "Invalid Form Body", "code": 50035})
		return
	}
	if problem := m.validate(); problem != "" {
		writeJSON(w, http.StatusBadRequest, map[string]any{"message": "Invalid Form Body: " + problem, "code": 50035})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": s.newID(), "content": m.Content, "channel_id": "1"})
}

func (s *Server) channelMessage(w http.ResponseWriter, r *http.Request) {
	ch := r.PathValue("channel")
	s.mu.Lock()
	status := s.channels[ch]
	s.mu.Unlock()
	if writeChannelStatus(w, status) {
		return
	}
	var m Message
	if err := json.NewDecoder(r.Body).Decode(&m); err != nil || m.validate() != "" {
		writeJSON(w, http.StatusBadRequest, map[string]any{"message": "Invalid Form Body: " + m.validate(), "code": 50035})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": s.newID(), "channel_id": ch, "content": m.Content})
}

// writeChannelStatus answers with the injected 403 or 404 of a channel and
// reports whether it did.
func writeChannelStatus(w http.ResponseWriter, status int) bool {
	switch status {
	case http.StatusForbidden:
		writeJSON(w, status, map[string]any{"message": "Missing Access", "code": 50001})
	case http.StatusNotFound:
		writeJSON(w, status, map[string]any{"message": "Unknown Channel", "code": 10003})
	default:
		return false
	}
	return true
}
