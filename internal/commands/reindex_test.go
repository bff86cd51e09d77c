package commands

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/chronicle-bot/chronicle"
)

// fakePoster records the posts to each channel.
type fakePoster struct {
	mu    sync.Mutex
	posts map[string]string
	n     int // posts made
}

func (f *fakePoster) Post(_ context.Context, ch string, r Response) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.n++
	f.posts[ch] = r.Content
	return nil
}

func (f *fakePoster) post(ch string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.posts[ch]
}

func TestReindex(t *testing.T) {
	tests := []struct {
		name       string
		options    map[string]string
		rebuildErr error
		wantPrune  bool
		wantPost   string
	}{
		{"rebuild posts the summary", nil, nil, false, "Index rebuilt: 3 articles"},
		{"failed rebuild", nil, errors.New("disk full"), false, "Rebuilding the index failed; the bot's log says why."},
		// The index's message names host paths (bot index --rebuild prints
		// it); the channel is told what is wrong without them (helper h48a).
		{"refused rebuild says why, without the host's paths", nil,
			chronicle.Errorf(chronicle.ECONFLICT, "The index folder also holds %q, which a rebuild would delete; move it out of %s and rebuild again.", "notes.txt", "/srv/chronicle/index"),
			false, "the index folder holds a file that is not the index's, or a folder beside it is left from elsewhere. The bot's log names it"},
		{"a failure's message is not shown either", nil, fmt.Errorf("rebuild index: %w", chronicle.Errorf(chronicle.EINTERNAL, "open %s: disk full", "/srv/chronicle/index")),
			false, "Rebuilding the index failed; the bot's log says why."},
		{"prune reaches the rebuild", map[string]string{"prune": "true"}, nil, true, "Index rebuilt: 3 articles"},
		{"prune false", map[string]string{"prune": "false"}, nil, false, "Index rebuilt: 3 articles"},
		{"refused by the removal limits says what to check, and prune for files gone for good", nil,
			fmt.Errorf("rebuild index: %w: corpus path %q holds no files now", ErrRebuildRemovesTooMuch, "/srv/news"), false,
			"check the corpus folders on the bot's host"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			poster := &fakePoster{posts: map[string]string{}}
			var bg sync.WaitGroup
			release := make(chan struct{})
			var pruned []bool
			r := &Reindex{
				Rebuilder: RebuildFunc(func(ctx context.Context, prune bool) (string, error) {
					<-release
					pruned = append(pruned, prune)
					return "3 articles (0 kept from feeds)", tt.rebuildErr
				}),
				Go:     func(fn func(context.Context)) { bg.Go(func() { fn(context.Background()) }) },
				Poster: poster,
				Guild:  "42",
			}
			if d := r.Definition(); d.DefaultMemberPermissions != PermissionManageGuild || !d.GuildOnly {
				t.Errorf("Definition() = %+v, want Manage Server only, in servers", d)
			}
			if d := r.Definition(); len(d.Options) != 1 || d.Options[0].Name != "prune" || d.Options[0].Type != OptionBoolean || d.Options[0].Required {
				t.Errorf("Definition().Options = %+v, want one optional boolean “prune”", d.Options)
			}
			req := Request{Command: "reindex", GuildID: "42", ChannelID: "7", Options: tt.options}
			resp, err := r.Handle(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			if want := "Rebuilding the index in the background"; !strings.Contains(Plain(resp.Content), want) || !resp.Ephemeral {
				t.Errorf("reply = %q (ephemeral %v), want an ephemeral %q", resp.Content, resp.Ephemeral, want)
			}
			// The rebuild is still running: a second /reindex is refused.
			resp, err = r.Handle(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			if want := "A rebuild is already running"; !strings.Contains(Plain(resp.Content), want) || !resp.Ephemeral {
				t.Errorf("second reply = %q (ephemeral %v), want an ephemeral %q", resp.Content, resp.Ephemeral, want)
			}
			close(release)
			bg.Wait()
			if got := Plain(poster.post("7")); !strings.Contains(got, tt.wantPost) || strings.Contains(got, "/srv/") {
				t.Errorf("posted %q, want %q and no host path", got, tt.wantPost)
			}
			if len(pruned) != 1 || pruned[0] != tt.wantPrune {
				t.Errorf("the rebuild was asked with prune %v, want [%v]", pruned, tt.wantPrune)
			}
			// Once it is done, /reindex works again (no channel: nothing posted).
			if resp, _ := r.Handle(context.Background(), Request{Command: "reindex"}); strings.Contains(resp.Content, "already running") {
				t.Errorf("reply after the rebuild = %q, want a new rebuild", resp.Content)
			}
			bg.Wait()
		})
	}
}

// TestReindexStoppedByShutdown: a rebuild cut short by the shutdown posts
// nothing (the old index stays and the bot is going away).
func TestReindexStoppedByShutdown(t *testing.T) {
	poster := &fakePoster{posts: map[string]string{}}
	ctx, cancel := context.WithCancel(context.Background())
	var bg sync.WaitGroup
	r := &Reindex{
		Rebuilder: RebuildFunc(func(ctx context.Context, _ bool) (string, error) {
			cancel()
			<-ctx.Done()
			return "", ctx.Err()
		}),
		Go:     func(fn func(context.Context)) { bg.Go(func() { fn(ctx) }) },
		Poster: poster,
		Guild:  "42",
	}
	if _, err := r.Handle(context.Background(), Request{Command: "reindex", GuildID: "42", ChannelID: "7"}); err != nil {
		t.Fatal(err)
	}
	bg.Wait()
	if got := poster.post("7"); got != "" {
		t.Errorf("posted %q after a shutdown, want nothing", got)
	}
}

// TestReindexWhileRunningPostsInEachChannel: a /reindex refused while a
// rebuild runs is told the summary will be posted in its channel too, and it
// is, once per channel (helper h48a: it went only to the first /reindex's
// channel).
func TestReindexWhileRunningPostsInEachChannel(t *testing.T) {
	poster := &fakePoster{posts: map[string]string{}}
	var bg sync.WaitGroup
	release := make(chan struct{})
	rebuilds := 0
	r := &Reindex{
		Rebuilder: RebuildFunc(func(context.Context, bool) (string, error) {
			<-release
			rebuilds++
			return "3 articles (0 kept from feeds)", nil
		}),
		Go:     func(fn func(context.Context)) { bg.Go(func() { fn(context.Background()) }) },
		Poster: poster,
		Guild:  "42",
	}
	// The first starts the rebuild; the others come while it runs (one
	// from the command line, with no channel).
	for i, ch := range []string{"7", "8", "8", "7", "", "9"} {
		req := Request{Command: "reindex", GuildID: "42", ChannelID: ch}
		if ch == "" {
			req = Request{Command: "reindex", CLI: true}
		}
		resp, err := r.Handle(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		if want := "its summary will be posted in this channel too"; i > 0 && !strings.Contains(resp.Content, want) {
			t.Errorf("reply while a rebuild runs = %q, want %q", resp.Content, want)
		}
	}
	close(release)
	bg.Wait()
	if rebuilds != 1 {
		t.Errorf("%d rebuilds ran, want 1", rebuilds)
	}
	for _, ch := range []string{"7", "8", "9"} {
		if got := poster.post(ch); !strings.Contains(got, "Index rebuilt: 3 articles") {
			t.Errorf("posted %q in channel %s, want the summary", got, ch)
		}
	}
	if len(poster.posts) != 3 || poster.n != 3 {
		t.Errorf("%d posts in %d channels, want one in each of 3", poster.n, len(poster.posts))
	}
}

// TestReindexOnlyInTheOperatorsServer: the index is shared by every server
// the bot is in, so /reindex rebuilds it (and, with prune, lets go what it
// keeps) only from the bot operator's server (Reindex.Guild); the Manage
// Server permission of any other server's members allowed it before, so
// the admin of any server could prune the index of all of them.
func TestReindexOnlyInTheOperatorsServer(t *testing.T) {
	tests := []struct {
		name, guild, from string
		rebuilds          bool
		want              string
	}{
		{"the operator's server", "42", "42", true, "Rebuilding the index in the background"},
		{"another server", "42", "43", false, "only in the bot operator's server"},
		{"no server named", "", "43", false, "discord.admin_guild_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var bg sync.WaitGroup
			rebuilt := 0
			r := &Reindex{
				Rebuilder: RebuildFunc(func(context.Context, bool) (string, error) { rebuilt++; return "1 article", nil }),
				Go:        func(fn func(context.Context)) { bg.Go(func() { fn(context.Background()) }) },
				Poster:    &fakePoster{posts: map[string]string{}},
				Guild:     tt.guild,
			}
			resp, err := r.Handle(context.Background(), Request{Command: "reindex", GuildID: tt.from, ChannelID: "7",
				Options: map[string]string{"prune": "true"}})
			bg.Wait()
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(Plain(resp.Content), tt.want) || !resp.Ephemeral {
				t.Errorf("reply = %q (ephemeral %v), want an ephemeral %q", resp.Content, resp.Ephemeral, tt.want)
			}
			if (rebuilt == 1) != tt.rebuilds {
				t.Errorf("rebuilt %d times, want a rebuild %v", rebuilt, tt.rebuilds)
			}
		})
	}
}
