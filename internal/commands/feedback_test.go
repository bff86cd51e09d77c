package commands

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/feedback"
)

// fakeFeedback keeps answers and votes in maps, a vote per user and key.
type fakeFeedback struct {
	putErr, voteErr error

	mu      sync.Mutex
	answers map[string]feedback.Answer
	votes   map[[2]string]feedback.Vote
}

func newFakeFeedback() *fakeFeedback {
	return &fakeFeedback{answers: map[string]feedback.Answer{}, votes: map[[2]string]feedback.Vote{}}
}

func (f *fakeFeedback) PutAnswer(ctx context.Context, a feedback.Answer) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.putErr != nil {
		return "", f.putErr
	}
	f.answers[a.Key()] = a
	return a.Key(), nil
}

func (f *fakeFeedback) Vote(ctx context.Context, key, user string, kind feedback.Kind, at time.Time) (feedback.Vote, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.voteErr != nil {
		return feedback.Vote{}, f.voteErr
	}
	a, ok := f.answers[key]
	if !ok {
		return feedback.Vote{}, feedback.ErrUnknownAnswer
	}
	if v, ok := f.votes[[2]string{key, user}]; ok {
		return v, feedback.ErrAlreadyVoted
	}
	v := feedback.Vote{Key: key, Answer: a, Kind: kind, At: at}
	f.votes[[2]string{key, user}] = v
	return v, nil
}

var askedAt = time.Date(2024, 3, 26, 9, 30, 0, 0, time.UTC)

func TestAskFeedbackButtons(t *testing.T) {
	ctx := context.Background()
	valued := isisAnswer
	valued.Value = "Islamic State"
	tests := []struct {
		name     string
		question string
		ans      chronicle.Answer
		noStore  bool
		putErr   error
		// labels are the buttons of the reply.
		labels []string
		stored []feedback.Answer
	}{
		{name: "answer", question: "Who claimed the Moscow attack?", ans: valued,
			labels: []string{"More sources", "Helpful", "Wrong"},
			stored: []feedback.Answer{{Question: "Who claimed the Moscow attack?", AsOf: "2024-03-26", ArticleID: isisCitation.ArticleID,
				Quote: isisCitation.Text, Value: "Islamic State", Answered: askedAt}}},
		{name: "long question", question: strings.Repeat("Who claimed the attack on the concert hall ", 6) + "?", ans: isisAnswer,
			labels: []string{"More sources", "Helpful", "Wrong"},
			stored: []feedback.Answer{{Question: strings.Repeat("Who claimed the attack on the concert hall ", 6) + "?", AsOf: "2024-03-26",
				ArticleID: isisCitation.ArticleID, Quote: isisCitation.Text, Answered: askedAt}}},
		{name: "no answer", question: "Who won?", ans: chronicle.Answer{Sources: isisAnswer.Sources}, labels: []string{"More sources"}},
		{name: "feedback off", question: "Who claimed the Moscow attack?", ans: isisAnswer, noStore: true, labels: []string{"More sources"}},
		{name: "store fails", question: "Who claimed the Moscow attack?", ans: isisAnswer, putErr: errors.New("disk full"),
			labels: []string{"More sources"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := newFakeFeedback()
			store.putErr = tt.putErr
			ask := &Ask{Answerer: &fakeAnswerer{answer: tt.ans}, Buttons: NewButtons(nil)}
			if !tt.noStore {
				ask.Feedback = &Feedback{Store: store, Now: func() time.Time { return askedAt }}
			}
			resp, err := ask.Handle(ctx, Request{Kind: KindCommand, Command: "ask", Options: map[string]string{"question": tt.question}})
			if err != nil {
				t.Fatalf("Handle: %v", err)
			}
			if len(resp.Components) != 1 {
				t.Fatalf("reply has %d rows of buttons, want 1", len(resp.Components))
			}
			var labels []string
			for _, b := range resp.Components[0].Buttons {
				labels = append(labels, b.Label)
				if len(b.CustomID) > MaxCustomID {
					t.Errorf("button %s: custom ID of %d characters, over %d", b.Label, len(b.CustomID), MaxCustomID)
				}
			}
			if diff := cmp.Diff(tt.labels, labels); diff != "" {
				t.Errorf("buttons (-want +got):\n%s", diff)
			}
			var stored []feedback.Answer
			for _, a := range store.answers {
				stored = append(stored, a)
			}
			if diff := cmp.Diff(tt.stored, stored); diff != "" {
				t.Errorf("stored answers (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAskFeedbackVote(t *testing.T) {
	ctx := context.Background()
	store := newFakeFeedback()
	ask := &Ask{Answerer: &fakeAnswerer{answer: isisAnswer}, Feedback: &Feedback{Store: store, Now: func() time.Time { return askedAt }}}
	resp, err := ask.Handle(ctx, Request{Kind: KindCommand, Command: "ask", Options: map[string]string{"question": "Who claimed the Moscow attack?"}})
	if err != nil {
		t.Fatal(err)
	}
	helpful, wrong := resp.Components[0].Buttons[1].CustomID, resp.Components[0].Buttons[2].CustomID
	key := strings.TrimPrefix(helpful, "ask:vote:helpful:")

	tests := []struct {
		name     string
		customID string
		user     string
		// want is in the reply, which is always private.
		want string
	}{
		{"helpful", helpful, "u1", "Thanks: your vote is recorded (helpful)."},
		{"helpful again", helpful, "u1", "You already voted on this answer (helpful); your vote stays as it was."},
		{"wrong after helpful", wrong, "u1", "You already voted on this answer (helpful)"},
		{"another user", wrong, "u2", "Thanks: your vote is recorded (wrong)."},
		{"unknown answer", "ask:vote:helpful:" + strings.Repeat("a", feedback.KeyLen), "u1", "This button has expired. Run /ask again."},
		{"unknown vote", "ask:vote:maybe:" + key, "u1", "This button has expired"},
		{"short key", "ask:vote:helpful:abc", "u1", "This button has expired"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := ask.HandleComponent(ctx, Request{Kind: KindComponent, CustomID: tt.customID, UserID: tt.user})
			if err != nil {
				t.Fatalf("HandleComponent(%q): %v", tt.customID, err)
			}
			if !resp.Ephemeral || resp.Update || !strings.Contains(resp.Content, tt.want) {
				t.Errorf("HandleComponent(%q) = %+v, want a private reply with %q", tt.customID, resp, tt.want)
			}
		})
	}
	if len(store.votes) != 2 {
		t.Errorf("%d votes recorded, want 2 (u1 helpful, u2 wrong)", len(store.votes))
	}

	t.Run("feedback turned off since", func(t *testing.T) {
		off := &Ask{Answerer: &fakeAnswerer{answer: isisAnswer}}
		resp, err := off.HandleComponent(ctx, Request{Kind: KindComponent, CustomID: helpful, UserID: "u3"})
		if err != nil || !resp.Ephemeral || !strings.Contains(resp.Content, "turned off") {
			t.Errorf("click with feedback off = %+v, %v; want a private note that it is off", resp, err)
		}
	})
	t.Run("store fails", func(t *testing.T) {
		store.voteErr = errors.New("disk full")
		defer func() { store.voteErr = nil }()
		if _, err := ask.HandleComponent(ctx, Request{Kind: KindComponent, CustomID: helpful, UserID: "u3"}); err == nil {
			t.Error("click with a failing store: no error")
		}
	})
	t.Run("through the router", func(t *testing.T) {
		r, err := NewRouter(RouterConfig{}, ask)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := r.Handle(ctx, Request{Kind: KindComponent, CustomID: helpful, UserID: "u4"})
		if err != nil || !strings.Contains(resp.Content, "Thanks") {
			t.Errorf("router click = %+v, %v; want thanks", resp, err)
		}
	})
}
