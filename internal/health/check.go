package health

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// URL is the /healthz address of a bot listening on addr (http.addr), as
// seen from the same machine: a wildcard host becomes the loopback address.
func URL(addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("http.addr: %q is not a host:port address; give --url", addr)
	}
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::":
		host = "::1"
	}
	return "http://" + net.JoinHostPort(host, port) + "/healthz", nil
}

// Check asks target (a /healthz URL) whether the bot is ready and returns
// its reason ("ok", or "ok, " and more); an error says why not: the status and the bot's
// reason, or why it could not be reached. No proxy from the environment is
// used. Spaces around target are not part of it (helper 152: a trailing
// one was sent in the path, and a healthy bot reported as "unhealthy: 404").
func Check(ctx context.Context, target string) (string, error) {
	target = strings.TrimSpace(target)
	if err := checkURL(target); err != nil {
		return "", err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return "", fmt.Errorf("--url %q: %w", target, err)
	}
	client := &http.Client{Transport: &http.Transport{Proxy: nil}}
	resp, err := client.Do(req)
	if err != nil {
		if ue, ok := errors.AsType[*url.Error](err); ok {
			err = ue.Err
		}
		return "", fmt.Errorf("unhealthy: cannot reach %s: %w", target, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	reason := strings.Join(strings.Fields(string(body)), " ")
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("unhealthy: %s from %s: %s", resp.Status, target, reason)
	}
	// The bot's own answer starts "ok": any other 200 (a web server's
	// page at the URL) is not the bot (nu44: a directory listing passed).
	if reason != "ok" && !strings.HasPrefix(reason, "ok,") {
		if len(reason) > 80 {
			reason = reason[:80] + "…"
		}
		return "", fmt.Errorf("unhealthy: %s answered 200 but not as bot serve's /healthz does (\"ok\"): %q", target, reason)
	}
	return reason, nil
}

// checkURL refuses a target that is no http:// or https:// URL with a host
// and, when one is given, a port from 1 to 65535: such a --url
// ("localhost:8080", without the scheme) was reported as an unhealthy bot
// in net/http's words ("unsupported protocol scheme", "no Host in request
// URL") (helper 148).
func checkURL(target string) error {
	bad := func(why string) error {
		return fmt.Errorf("--url %q %s; give the whole address, like http://127.0.0.1:8080/healthz", target, why)
	}
	lower := strings.ToLower(target)
	if !strings.HasPrefix(lower, "http://") && !strings.HasPrefix(lower, "https://") {
		return bad("does not start with http:// or https://")
	}
	u, err := url.Parse(target)
	if err != nil {
		return bad("is not a URL")
	}
	if u.Hostname() == "" {
		return bad("names no host")
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return bad(fmt.Sprintf("has port %s, which is out of range (1 to 65535)", p))
		}
	}
	return nil
}
