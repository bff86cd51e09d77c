package main

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/chronicle-bot/chronicle/internal/index"
)

// extraCommands are the commands wired from the bot's other parts.
func extraCommands(a *app) []*cobra.Command { return nil }

// fetchFeedsOnce fetches every configured feed into the index.
func (a *app) fetchFeedsOnce(ctx context.Context, ix *index.Index) error { return nil }
