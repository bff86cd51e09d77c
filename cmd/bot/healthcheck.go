package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

// newHealthcheckCmd is `bot healthcheck`: the container's HEALTHCHECK (the
// distroless image has no shell or curl, so the binary asks /healthz
// itself).
func newHealthcheckCmd(a *app) *cobra.Command {
	var target string
	var timeout time.Duration
	cmd := &cobra.Command{
		Use:   "healthcheck [--url URL]",
		Short: "Ask a running `bot serve` whether it is ready: exit 0 on 200 from /healthz, 1 otherwise",
		Long: "Asks GET /healthz of a running `bot serve` (by default on this machine at the port of http.addr)\n" +
			"and exits 0 when it answers 200, or 1 with the reason (the status and the bot's own reason, or why it\n" +
			"could not be reached). The Dockerfile's HEALTHCHECK runs it.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if target == "" {
				var err error
				if target, err = healthURL(a.cfg.HTTP.Addr); err != nil {
					return err
				}
			}
			ctx, cancel := context.WithTimeout(cmd.Context(), timeout)
			defer cancel()
			reason, err := checkHealth(ctx, target)
			if err != nil {
				return &exitError{code: 1, err: err}
			}
			fmt.Fprintln(a.stdout, reason)
			return nil
		},
	}
	cmd.Flags().StringVar(&target, "url", "", "the /healthz URL (default http://127.0.0.1:PORT/healthz, PORT from http.addr)")
	cmd.Flags().DurationVar(&timeout, "timeout", 5*time.Second, "how long to wait for the answer")
	return cmd
}

// healthURL is the /healthz URL of a bot listening on addr, asked from the
// same machine: a wildcard or empty host becomes loopback.
func healthURL(addr string) (string, error) {
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

// checkHealth asks target and returns the bot's answer when it is 200, or
// an error that says in one line why not.
func checkHealth(ctx context.Context, target string) (string, error) {
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
	return reason, nil
}
