package discord

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/bwmarrin/discordgo"
	"github.com/chronicle-bot/chronicle/internal/commands"
)

// Sentinel errors matched by errors.Is on an *APIError.
var (
	// ErrForbidden: the bot may not post there (HTTP 403).
	ErrForbidden = errors.New("discord: forbidden")
	// ErrNotFound: the channel or interaction does not exist (HTTP 404).
	ErrNotFound = errors.New("discord: not found")
)

// APIError is an error response from Discord's REST API.
type APIError struct {
	// Op is what was attempted ("post message").
	Op string
	// Status is the HTTP status; Code and Message are Discord's JSON error.
	Status  int
	Code    int
	Message string
	Err     error
}

// Error describes the failure.
func (e *APIError) Error() string {
	return fmt.Sprintf("discord: %s: HTTP %d: %s (code %d)", e.Op, e.Status, e.Message, e.Code)
}

// Unwrap returns the discordgo error.
func (e *APIError) Unwrap() error { return e.Err }

// Is matches ErrForbidden for 403 and ErrNotFound for 404.
func (e *APIError) Is(target error) bool {
	return (target == ErrForbidden && e.Status == http.StatusForbidden) ||
		(target == ErrNotFound && e.Status == http.StatusNotFound)
}

// Permanent reports whether the error means the channel will not accept
// posts (403: the bot may not post there; 404: it is gone), so that
// schedule.Permanent disables the schedule or watch instead of retrying.
func (e *APIError) Permanent() bool {
	return e.Status == http.StatusForbidden || e.Status == http.StatusNotFound
}

// apiError wraps a discordgo REST error as *APIError; other errors are
// wrapped with op.
func apiError(op string, err error) error {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil {
		e := &APIError{Op: op, Status: re.Response.StatusCode, Err: err, Message: http.StatusText(re.Response.StatusCode)}
		if re.Message != nil {
			e.Code, e.Message = re.Message.Code, re.Message.Message
		}
		return e
	}
	return fmt.Errorf("discord: %s: %w", op, err)
}

// Post sends resp as a message to a channel, for scheduled digests. The
// response is fitted to Discord's limits and mentions are disabled. A
// channel the bot cannot post in gives an error matching ErrForbidden or
// ErrNotFound (errors.Is), so callers can disable the schedule.
func (b *Bot) Post(ctx context.Context, channelID string, resp commands.Response) error {
	resp = commands.Fit(resp)
	if _, err := b.session.ChannelMessageSendComplex(channelID, toMessageSend(resp), discordgo.WithContext(ctx)); err != nil {
		return apiError("post message to channel "+channelID, err)
	}
	return nil
}
