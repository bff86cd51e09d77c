package main

import (
	"context"
	"errors"
	"net/http"

	"github.com/chronicle-bot/chronicle/internal/commands"
	"github.com/chronicle-bot/chronicle/internal/digest"
	"github.com/chronicle-bot/chronicle/internal/discord"
	"github.com/chronicle-bot/chronicle/internal/schedule"
)

// digestPoster posts scheduled digests through the Discord bot. A channel
// that answers 403 or 404 becomes a *schedule.ChannelError, so the
// scheduler disables that schedule instead of retrying.
type digestPoster struct {
	post func(ctx context.Context, channelID string, resp commands.Response) error
}

// PostDigest implements schedule.Poster.
func (p digestPoster) PostDigest(ctx context.Context, channelID string, d digest.Digest) error {
	err := p.post(ctx, channelID, commands.Response{Content: d.Markdown()})
	switch {
	case err == nil:
		return nil
	case errors.Is(err, discord.ErrForbidden):
		return &schedule.ChannelError{ChannelID: channelID, Status: http.StatusForbidden, Err: err}
	case errors.Is(err, discord.ErrNotFound):
		return &schedule.ChannelError{ChannelID: channelID, Status: http.StatusNotFound, Err: err}
	}
	return err
}
