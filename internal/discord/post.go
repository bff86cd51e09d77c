package discord

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

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

// Discord's JSON error codes that mean a channel will not take the bot's
// posts until someone changes something (discordgo.ErrCode...).
const (
	codeUnknownChannel     = discordgo.ErrCodeUnknownChannel     // 10003, with 404
	codeMissingAccess      = discordgo.ErrCodeMissingAccess      // 50001, with 403
	codeMissingPermissions = discordgo.ErrCodeMissingPermissions // 50013, with 403
)

// Permanent reports whether the error means the channel will not accept
// posts, so that schedule.Permanent disables the schedule or watch instead
// of retrying: a 403 or 404 whose Discord code says the channel is gone
// (Unknown Channel) or the bot may not see it or post there (Missing
// Access, Missing Permissions). Any other 403 or 404 is retried: a route a
// REST proxy does not know answers 404 with code 0, and a 403 of another
// code is about the bot or the request, not the channel.
func (e *APIError) Permanent() bool {
	return e.Refusal() != ""
}

// Refusal says, for users, why the channel will not take posts when
// Permanent reports true, and is "" otherwise.
func (e *APIError) Refusal() string {
	switch {
	case e.Status == http.StatusNotFound && e.Code == codeUnknownChannel:
		return "the channel no longer exists"
	case e.Status == http.StatusForbidden && e.Code == codeMissingAccess:
		return "I can't see the channel (I need the View Channel permission there, and to be in the server)"
	case e.Status == http.StatusForbidden && e.Code == codeMissingPermissions:
		return "I may not post in the channel (I need the Send Messages permission there)"
	}
	return ""
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
	if status, ok := retriesStatus(err); ok {
		return &APIError{Op: op, Status: status, Err: err, Message: http.StatusText(status) + " (after retries)"}
	}
	return fmt.Errorf("discord: %s: %w", op, err)
}

// retriesStatus reads the HTTP status of discordgo's error after its last
// retry of a 502 ("Exceeded Max retries HTTP 502 Bad Gateway, " and the
// whole response body, a proxy's HTML page), which is no RESTError.
func retriesStatus(err error) (int, bool) {
	const prefix = "Exceeded Max retries HTTP "
	rest, ok := strings.CutPrefix(err.Error(), prefix)
	if !ok || len(rest) < 3 {
		return 0, false
	}
	status, err2 := strconv.Atoi(rest[:3])
	if err2 != nil || status < 100 || status > 599 {
		return 0, false
	}
	return status, true
}

// Post sends resp as a message to a channel, for scheduled digests. The
// response is fitted to Discord's limits and mentions are disabled. A
// failure is an *APIError when Discord (or a proxy) answered: one whose
// Permanent reports true (the channel is gone, or the bot may not see it
// or post there) lets callers disable the schedule.
func (b *Bot) Post(ctx context.Context, channelID string, resp commands.Response) error {
	resp = commands.Fit(resp)
	if _, err := b.session.ChannelMessageSendComplex(channelID, toMessageSend(resp), discordgo.WithContext(ctx)); err != nil {
		return apiError("post message to channel "+channelID, err)
	}
	return nil
}
