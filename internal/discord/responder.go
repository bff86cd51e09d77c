package discord

import (
	"context"
	"fmt"

	"github.com/bwmarrin/discordgo"
	"github.com/chronicle-bot/chronicle/internal/commands"
)

// restResponder answers an interaction through Discord's REST endpoints:
// the callback for the initial reply, webhooks for edits and followups.
type restResponder struct {
	s    *discordgo.Session
	i    *discordgo.Interaction
	kind commands.Kind
}

var _ commands.Responder = (*restResponder)(nil)

// Respond posts the initial reply to the interaction callback.
func (r *restResponder) Respond(ctx context.Context, resp commands.Response) error {
	if err := r.s.InteractionRespond(r.i, toInteractionResponse(r.kind, resp), discordgo.WithContext(ctx)); err != nil {
		return apiError("interaction callback", err)
	}
	return nil
}

// Defer acknowledges the interaction through the callback.
func (r *restResponder) Defer(ctx context.Context, ephemeral bool) error {
	if err := r.s.InteractionRespond(r.i, toDeferred(r.kind, ephemeral), discordgo.WithContext(ctx)); err != nil {
		return apiError("defer interaction", err)
	}
	return nil
}

// Edit replaces the original reply: PATCH /webhooks/{app}/{token}/messages/@original.
func (r *restResponder) Edit(ctx context.Context, resp commands.Response) error {
	if _, err := r.s.InteractionResponseEdit(r.i, toWebhookEdit(resp), discordgo.WithContext(ctx)); err != nil {
		return apiError("edit reply", err)
	}
	return nil
}

// Followup sends another message: POST /webhooks/{app}/{token}.
func (r *restResponder) Followup(ctx context.Context, resp commands.Response) error {
	if _, err := r.s.FollowupMessageCreate(r.i, true, toWebhookParams(resp), discordgo.WithContext(ctx)); err != nil {
		return apiError("followup", err)
	}
	return nil
}

// String identifies the interaction in errors.
func (r *restResponder) String() string { return fmt.Sprintf("interaction %s", r.i.ID) }
