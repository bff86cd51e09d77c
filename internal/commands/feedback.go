package commands

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/feedback"
)

// FeedbackStore keeps the answers people can vote on and their votes
// (feedback.Store).
type FeedbackStore interface {
	PutAnswer(ctx context.Context, a feedback.Answer) (key string, err error)
	Vote(ctx context.Context, key, userID string, kind feedback.Kind, at time.Time) (feedback.Vote, error)
}

var _ FeedbackStore = (*feedback.Store)(nil)

// Feedback adds Helpful and Wrong buttons to the answers of /ask and
// records the clicks, once per user and answer. The answer is stored when
// it is shown and the buttons carry its key:
//
//	ask:vote:<helpful|wrong>:<key>
//
// A click on a button whose answer the store does not know says the button
// has expired.
type Feedback struct {
	Store FeedbackStore
	// Now is the clock (default time.Now): the as-of day of an answer to
	// a question asked without one, and the time of a vote.
	Now func() time.Time
	// Log, when set, is told when an answer cannot be stored (the reply
	// then goes without the buttons).
	Log *slog.Logger
}

// votePrefix starts the custom ID of the vote buttons.
const votePrefix = askPrefix + ":vote:"

func (f *Feedback) now() time.Time {
	if f.Now != nil {
		return f.Now()
	}
	return time.Now()
}

// addButtons stores the answer to q and adds the vote buttons to resp,
// beside "More sources". An answer without a quote gets none; neither does
// one that cannot be stored.
func (f *Feedback) addButtons(ctx context.Context, q string, asOf time.Time, ans chronicle.Answer, resp Response) Response {
	if f == nil || f.Store == nil || ans.Best == nil {
		return resp
	}
	now := f.now().UTC()
	if asOf.IsZero() {
		asOf = now
	}
	key, err := f.Store.PutAnswer(ctx, feedback.Answer{
		Question: q, AsOf: asOf.Format(DateLayout), ArticleID: ans.Best.ArticleID,
		Quote: ans.Best.Text, Value: ans.Value, Answered: now,
	})
	if err != nil {
		if f.Log != nil {
			f.Log.Warn("the answer is shown without vote buttons: storing it failed", "error", err)
		}
		return resp
	}
	buttons := []Button{
		{Label: "Helpful", Style: ButtonSuccess, CustomID: votePrefix + string(feedback.Helpful) + ":" + key},
		{Label: "Wrong", Style: ButtonDanger, CustomID: votePrefix + string(feedback.Wrong) + ":" + key},
	}
	if len(resp.Components) == 0 {
		resp.Components = []ActionRow{{}}
	}
	row := &resp.Components[len(resp.Components)-1]
	row.Buttons = append(row.Buttons, buttons...)
	return resp
}

// vote answers a click on Helpful or Wrong, privately.
func (f *Feedback) vote(ctx context.Context, req Request) (Response, error) {
	if f == nil || f.Store == nil {
		return ephemeral("Feedback on answers is turned off here."), nil
	}
	rest, _ := strings.CutPrefix(req.CustomID, votePrefix)
	kind, key, _ := strings.Cut(rest, ":")
	if !feedback.Kind(kind).Valid() || len(key) != feedback.KeyLen {
		return expired("/ask"), nil
	}
	if req.UserID == "" {
		return Response{}, chronicle.Errorf(chronicle.EINVALID, "I cannot tell who clicked, so the vote is not recorded.")
	}
	v, err := f.Store.Vote(ctx, key, req.UserID, feedback.Kind(kind), f.now())
	switch {
	case errors.Is(err, feedback.ErrUnknownAnswer):
		return expired("/ask"), nil
	case errors.Is(err, feedback.ErrAlreadyVoted):
		return ephemeral(fmt.Sprintf("You already voted on this answer (%s); your vote stays as it was.", v.Kind)), nil
	case err != nil:
		return Response{}, fmt.Errorf("vote %s on %s: %w", kind, key, err)
	}
	if v.Kind == feedback.Wrong {
		return ephemeral("Thanks: your vote is recorded (wrong). Wrong answers become test questions for the next version."), nil
	}
	return ephemeral("Thanks: your vote is recorded (helpful)."), nil
}
