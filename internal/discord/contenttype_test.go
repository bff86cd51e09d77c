package discord

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chronicle-bot/chronicle/internal/discord/discordtest"
)

// TestHTTPContentType: Discord POSTs interactions as application/json
// (with or without a charset); a signed POST of another media type, or of
// none, gets 415 and runs nothing. The signature is checked first, so a
// request that is not signed, or badly, gets 401 whatever its type (the
// endpoint validation of the developer portal expects 401 there).
func TestHTTPContentType(t *testing.T) {
	h := newHTTPBot(t)
	read := func(name string) []byte {
		t.Helper()
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	ping, ask := read("ping.json"), read("slash_ask.json")
	const (
		signed = iota
		unsigned
		badSignature
	)
	const none = "" // no Content-Type header
	tests := []struct {
		name        string
		body        []byte
		contentType string
		signature   int
		wantStatus  int
		wantType    int // of the interaction response; 0 when none
	}{
		{"ping, application/json", ping, "application/json", signed, http.StatusOK, 1},
		{"ping, with a charset", ping, "application/json; charset=utf-8", signed, http.StatusOK, 1},
		{"ping, in capitals", ping, "Application/JSON; Charset=UTF-8", signed, http.StatusOK, 1},
		{"ping, text/plain", ping, "text/plain", signed, http.StatusUnsupportedMediaType, 0},
		{"ping, a form", ping, "application/x-www-form-urlencoded", signed, http.StatusUnsupportedMediaType, 0},
		{"ping, no type", ping, none, signed, http.StatusUnsupportedMediaType, 0},
		{"ping, a type that starts like json", ping, "application/jsonp", signed, http.StatusUnsupportedMediaType, 0},
		{"ping, another json type", ping, "application/merge-patch+json", signed, http.StatusUnsupportedMediaType, 0},
		{"ping, malformed", ping, "application/json; charset", signed, http.StatusUnsupportedMediaType, 0},
		{"ask, text/plain", ask, "text/plain; charset=utf-8", signed, http.StatusUnsupportedMediaType, 0},
		{"ask, multipart", ask, "multipart/form-data; boundary=x", signed, http.StatusUnsupportedMediaType, 0},
		// The refused ones ran nothing and left the interaction to be received.
		{"ask, with a charset", ask, "application/json; charset=UTF-8", signed, http.StatusOK, 4},
		{"unsigned ping, text/plain", ping, "text/plain", unsigned, http.StatusUnauthorized, 0},
		{"unsigned ping, no type", ping, none, unsigned, http.StatusUnauthorized, 0},
		{"bad signature, text/plain", ping, "text/plain", badSignature, http.StatusUnauthorized, 0},
		{"bad signature, application/json", ask, "application/json", badSignature, http.StatusUnauthorized, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodPost, h.url, bytes.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			stamp := strconv.FormatInt(h.now.Unix(), 10)
			switch tt.signature {
			case signed:
				req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(h.priv, append([]byte(stamp), tt.body...))))
			case badSignature: // a signature of other bytes
				req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(h.priv, append([]byte(stamp), "{}"...))))
			}
			req.Header.Set("X-Signature-Timestamp", stamp)
			if tt.contentType != none {
				req.Header.Set("Content-Type", tt.contentType)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			out, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("POST with Content-Type %q: status = %d, want %d (%s)", tt.contentType, resp.StatusCode, tt.wantStatus, out)
			}
			if tt.wantStatus == http.StatusUnsupportedMediaType && !strings.Contains(string(out), "application/json") {
				t.Errorf("415 body = %q; want it to name application/json", out)
			}
			if tt.wantType == 0 {
				return
			}
			var cb discordtest.Callback
			if err := json.Unmarshal(out, &cb); err != nil {
				t.Fatalf("response %s: %v", out, err)
			}
			if cb.Type != tt.wantType {
				t.Errorf("type = %d, want %d", cb.Type, tt.wantType)
			}
		})
	}
}
