package health

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	tests := []struct {
		name    string
		status  int
		body    string
		want    string
		wantErr string
	}{
		{"ready", http.StatusOK, "ok\n", "ok", ""},
		{"building", http.StatusServiceUnavailable, "index is being built\n", "",
			"unhealthy: 503 Service Unavailable from URL: index is being built"},
		{"not found", http.StatusNotFound, "404 page not found\n", "", "unhealthy: 404 Not Found from URL: 404 page not found"},
		{"syncing", http.StatusOK, SyncingReason + "\n", SyncingReason, ""},
		// nu44: a web server's page at the URL passed.
		{"another server's page", http.StatusOK, "<html><body><ul><li>bin/</li></ul></body></html>", "",
			`unhealthy: URL answered 200 but not as bot serve's /healthz does ("ok"): "<html><body><ul><li>bin/</li></ul></body></html>"`},
		{"a word that starts with ok", http.StatusOK, "okay", "", `unhealthy: URL answered 200 but not as bot serve's /healthz does ("ok"): "okay"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != "/healthz" {
					http.NotFound(w, r)
					return
				}
				w.WriteHeader(tt.status)
				w.Write([]byte(tt.body))
			}))
			defer srv.Close()
			u := srv.URL + "/healthz"
			got, err := Check(context.Background(), u)
			if tt.wantErr == "" {
				if err != nil || got != tt.want {
					t.Errorf("Check = %q, %v; want %q, nil", got, err, tt.want)
				}
				return
			}
			if want := strings.ReplaceAll(tt.wantErr, "URL", u); err == nil || err.Error() != want {
				t.Errorf("Check: %v, want %q", err, want)
			}
		})
	}
	srv := httptest.NewServer(http.NotFoundHandler())
	u := srv.URL + "/healthz"
	srv.Close()
	if _, err := Check(context.Background(), u); err == nil || !strings.Contains(err.Error(), "unhealthy: cannot reach "+u) {
		t.Errorf("Check of a stopped bot: %v, want it to say it cannot be reached", err)
	}
}

func TestURL(t *testing.T) {
	for addr, want := range map[string]string{
		":8080":          "http://127.0.0.1:8080/healthz",
		"0.0.0.0:80":     "http://127.0.0.1:80/healthz",
		"[::]:8080":      "http://[::1]:8080/healthz",
		"10.0.0.5:9000":  "http://10.0.0.5:9000/healthz",
		"localhost:8080": "http://localhost:8080/healthz",
	} {
		if got, err := URL(addr); err != nil || got != want {
			t.Errorf("URL(%q) = %q, %v; want %q", addr, got, err, want)
		}
	}
	if _, err := URL("8080"); err == nil {
		t.Error("URL(8080) gave no error, want one saying it is not host:port")
	}
}

// TestCheckBadURL: a --url that is no http(s) URL with a host is refused as
// such, naming it and an example, not reported as an unhealthy bot with
// net/http's words ("unsupported protocol scheme", "no Host in request URL")
// (helper 148: --url localhost:8080 said `unsupported protocol scheme
// "localhost"`).
func TestCheckBadURL(t *testing.T) {
	for _, u := range []string{
		"nonsense",
		"localhost:8080",
		"127.0.0.1:8080/healthz",
		"http://",
		"http:/127.0.0.1:8080",
		"ftp://x/healthz",
		"http://127.0.0.1:99999/healthz",
		"http://127.0.0.1:0/healthz",
	} {
		_, err := Check(context.Background(), u)
		if err == nil {
			t.Errorf("Check(%q): no error, want the URL refused", u)
			continue
		}
		msg := err.Error()
		if strings.HasPrefix(msg, "unhealthy") || !strings.Contains(msg, "--url "+`"`+u+`"`) ||
			!strings.Contains(msg, "http://127.0.0.1:8080/healthz") ||
			strings.Contains(msg, "protocol scheme") || strings.Contains(msg, "no Host") ||
			strings.Contains(msg, "parse ") || strings.Contains(msg, "invalid port") {
			t.Errorf("Check(%q): %v; want the URL refused by name with an example, in plain words", u, err)
		}
	}
}

// TestCheckURLSpaces: a --url with spaces around it (a quoted value in a
// compose file, a pasted line) is the URL within them: the trailing space
// was sent as part of the path ("/healthz%20"), so a healthy bot was
// reported as "unhealthy: 404 Not Found", and a leading one was refused as
// not starting with http:// (helper 152).
func TestCheckURLSpaces(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte("ok\n"))
	}))
	defer srv.Close()
	for _, u := range []string{srv.URL + "/healthz ", " " + srv.URL + "/healthz", "\t" + srv.URL + "/healthz\n"} {
		if got, err := Check(context.Background(), u); err != nil || got != "ok" {
			t.Errorf("Check(%q) = %q, %v; want ok", u, got, err)
		}
	}
}
