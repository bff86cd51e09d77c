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
	// public is set while the original reply is a public "thinking…"
	// placeholder of a command (a deferral that is not ephemeral): a
	// private reply must then not edit it (see Edit).
	public bool
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
	r.deferred(ephemeral)
	return nil
}

// deferred records that the interaction was acknowledged with a deferral.
func (r *restResponder) deferred(ephemeral bool) {
	r.public = r.kind == commands.KindCommand && !ephemeral
}

// Edit replaces the original reply: PATCH /webhooks/{app}/{token}/messages/@original.
//
// A private reply (resp.Ephemeral) to a public placeholder cannot be an
// edit: Discord keeps the deferral's visibility, so the whole channel would
// see it (a rate-limit refusal, an error). The placeholder is deleted
// instead and the reply sent as an ephemeral followup. The deletion comes
// first: while the placeholder is there, Discord turns the first followup
// after a deferral into an edit of it, keeping its visibility. When the
// deletion fails, nothing is sent: the reply never goes public.
func (r *restResponder) Edit(ctx context.Context, resp commands.Response) error {
	if resp.Ephemeral && r.public {
		if err := r.s.InteractionResponseDelete(r.i, discordgo.WithContext(ctx)); err != nil {
			return apiError("delete the public placeholder of a private reply", err)
		}
		r.public = false
		return r.Followup(ctx, resp)
	}
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
