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
	"github.com/chronicle-bot/chronicle/internal/index"
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
		name      string
		syncTime  time.Duration
		syncErr   error
		wantReply string
		wantPost  string
	}{
		{"quick sync replies with the summary", 0, nil, "Reindex done: 3 files", ""},
		{"failed sync", 0, errors.New("disk full"), "Reindexing failed", ""},
		{"slow sync posts the summary later", 300 * time.Millisecond, nil, "I'll post the summary", "Reindex done: 3 files"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			poster := &fakePoster{posts: map[string]string{}, sent: make(chan struct{})}
			var bg sync.WaitGroup
			r := &Reindex{
				Sync: func(ctx context.Context) (index.SyncReport, error) {
					time.Sleep(tt.syncTime)
					return index.SyncReport{Files: 3, FilesRead: 1, Added: 2}, tt.syncErr
				},
				Go:   func(fn func(context.Context)) { bg.Go(func() { fn(context.Background()) }) },
				Post: poster.Post,
				Wait: 50 * time.Millisecond,
			}
			if d := r.Definition(); d.DefaultMemberPermissions != commands.PermissionManageGuild || !d.GuildOnly {
				t.Errorf("Definition() = %+v, want Manage Server only, in servers", d)
			}
			resp, err := r.Handle(context.Background(), commands.Request{Command: "reindex", ChannelID: "7"})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(commands.Plain(resp.Content), tt.wantReply) || !resp.Ephemeral {
				t.Errorf("reply = %q (ephemeral %v), want an ephemeral %q", resp.Content, resp.Ephemeral, tt.wantReply)
			}
			bg.Wait()
			if got := commands.Plain(poster.posts["7"]); !strings.Contains(got, tt.wantPost) || (tt.wantPost == "") != (got == "") {
				t.Errorf("posted %q, want %q", got, tt.wantPost)
			}
		})
	}
}
