package main

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle/internal/commands"
	"github.com/chronicle-bot/chronicle/internal/digest"
	"github.com/chronicle-bot/chronicle/internal/discord"
	"github.com/chronicle-bot/chronicle/internal/schedule"
)

func TestDigestPoster(t *testing.T) {
	other := errors.New("connection reset")
	tests := []struct {
		name      string
		postErr   error
		permanent bool
		status    int
	}{
		{"posted", nil, false, 0},
		{"forbidden", &discord.APIError{Op: "post", Status: 403}, true, 403},
		{"not found", &discord.APIError{Op: "post", Status: 404}, true, 404},
		{"other error is retried", other, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got commands.Response
			p := digestPoster{post: func(_ context.Context, ch string, r commands.Response) error {
				got = r
				return tt.postErr
			}}
			d := digest.Digest{From: time.Date(2024, 3, 25, 0, 0, 0, 0, time.UTC), To: time.Date(2024, 3, 26, 0, 0, 0, 0, time.UTC)}
			err := p.PostDigest(context.Background(), "42", d)
			if got.Content != d.Markdown() {
				t.Errorf("posted %q, want the digest's Markdown %q", got.Content, d.Markdown())
			}
			if schedule.Permanent(err) != tt.permanent {
				t.Errorf("PostDigest error %v: Permanent = %v, want %v", err, schedule.Permanent(err), tt.permanent)
			}
			var ce *schedule.ChannelError
			if errors.As(err, &ce) && (ce.Status != tt.status || ce.ChannelID != "42") {
				t.Errorf("ChannelError = %+v, want status %d for channel 42", ce, tt.status)
			}
			if tt.postErr != nil && !errors.Is(err, tt.postErr) {
				t.Errorf("error %v does not wrap %v", err, tt.postErr)
			}
		})
	}
}

// fakePoster records posts to channels.
type fakePoster struct {
	mu    sync.Mutex
	posts map[string]string
	sent  chan struct{}
}

func (f *fakePoster) Post(_ context.Context, ch string, r commands.Response) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.posts[ch] = r.Content
	close(f.sent)
	return nil
}

func TestReindex(t *testing.T) {
	tests := []struct {
		name       string
		rebuildErr error
		wantPost   string
	}{
		{"rebuild posts the summary", nil, "Index rebuilt: 3 articles"},
		{"failed rebuild", errors.New("disk full"), "Rebuilding the index failed: Something went wrong"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			poster := &fakePoster{posts: map[string]string{}, sent: make(chan struct{})}
			var bg sync.WaitGroup
			release := make(chan struct{})
			r := &Reindex{
				Rebuild: func(ctx context.Context) (string, error) {
					<-release
					return "3 articles (0 kept from feeds)", tt.rebuildErr
				},
				Go:   func(fn func(context.Context)) { bg.Go(func() { fn(context.Background()) }) },
				Post: poster.Post,
			}
			if d := r.Definition(); d.DefaultMemberPermissions != commands.PermissionManageGuild || !d.GuildOnly {
				t.Errorf("Definition() = %+v, want Manage Server only, in servers", d)
			}
			req := commands.Request{Command: "reindex", ChannelID: "7"}
			resp, err := r.Handle(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			if want := "Rebuilding the index in the background"; !strings.Contains(commands.Plain(resp.Content), want) || !resp.Ephemeral {
				t.Errorf("reply = %q (ephemeral %v), want an ephemeral %q", resp.Content, resp.Ephemeral, want)
			}
			// The rebuild is still running: a second /reindex is refused.
			resp, err = r.Handle(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			if want := "A rebuild is already running"; !strings.Contains(commands.Plain(resp.Content), want) || !resp.Ephemeral {
				t.Errorf("second reply = %q (ephemeral %v), want an ephemeral %q", resp.Content, resp.Ephemeral, want)
			}
			close(release)
			bg.Wait()
			if got := commands.Plain(poster.posts["7"]); !strings.Contains(got, tt.wantPost) {
				t.Errorf("posted %q, want %q", got, tt.wantPost)
			}
			// Once it is done, /reindex works again (no channel: nothing posted).
			if resp, _ := r.Handle(context.Background(), commands.Request{Command: "reindex"}); strings.Contains(resp.Content, "already running") {
				t.Errorf("reply after the rebuild = %q, want a new rebuild", resp.Content)
			}
			bg.Wait()
		})
	}
}
