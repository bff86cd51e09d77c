package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/chronicle-bot/chronicle/internal/health"
)

func newHealthcheckCmd(a *app) *cobra.Command {
	var target string
	var timeout time.Duration
	cmd := &cobra.Command{
		Use:   "healthcheck [--url URL]",
		Short: "Ask a running `bot serve` whether it is ready: exit 0 on 200 from /healthz, 1 otherwise",
		Long: "Asks GET /healthz of a running `bot serve` (by default on this machine at the port of http.addr)\n" +
			"and exits 0 when it answers 200, or 1 with the reason (the status and the bot's own reason, or why it\n" +
			"could not be reached). The Dockerfile's HEALTHCHECK runs it.",
		Args: noArgs("for the address, give --url"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if timeout <= 0 {
				// 0s and -5s failed later as "context deadline
				// exceeded", as if the bot were down (helper 107).
				return fmt.Errorf("--timeout must be more than 0, not %v", timeout)
			}
			if target == "" {
				var err error
				if target, err = health.URL(a.cfg.HTTP.Addr); err != nil {
					return err
				}
			}
			ctx, cancel := context.WithTimeout(cmd.Context(), timeout)
			defer cancel()
			reason, err := health.Check(ctx, target)
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
