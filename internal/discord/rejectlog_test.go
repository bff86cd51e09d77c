package discord

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestRejectedRequestsLogSparingly: every unsigned request to the
// interactions endpoint wrote a WARN line, so anyone who could reach the
// port could fill the log (helper 160). A rejection is logged at most once
// a minute, the next line counting those left out meanwhile; each still
// gets its 401.
func TestRejectedRequestsLogSparingly(t *testing.T) {
	pub, _, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2024, 3, 26, 9, 0, 0, 0, time.UTC)
	var logs bytes.Buffer
	b, err := New(Config{Token: fake.Token, APIURL: fake.URL, PublicKey: hex.EncodeToString(pub), Now: func() time.Time { return now }},
		newRouter(t, nil), slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	reject := func(n int) {
		t.Helper()
		for range n {
			rec := httptest.NewRecorder()
			req := httptest.NewRequest(http.MethodPost, "/interactions", strings.NewReader(`{"type":1}`))
			req.Header.Set("X-Signature-Ed25519", strings.Repeat("00", 64))
			req.Header.Set("X-Signature-Timestamp", "1711443600")
			b.InteractionsHandler().ServeHTTP(rec, req)
			if rec.Code != http.StatusUnauthorized {
				t.Fatalf("status = %d, want 401", rec.Code)
			}
		}
	}
	lines := func() []string {
		var out []string
		for _, l := range strings.Split(logs.String(), "\n") {
			if strings.Contains(l, "rejected interaction request") {
				out = append(out, l)
			}
		}
		return out
	}
	reject(500)
	if got := lines(); len(got) != 1 {
		t.Fatalf("%d log lines for 500 rejected requests within a second, want 1:\n%s", len(got), strings.Join(got, "\n"))
	}
	now = now.Add(61 * time.Second)
	reject(1)
	got := lines()
	if len(got) != 2 || !strings.Contains(got[1], "left_out=499") {
		t.Errorf("after a minute, lines:\n%s\nwant a second one counting the 499 left out", strings.Join(got, "\n"))
	}
}
