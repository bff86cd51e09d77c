package commands

import (
	"context"
	"sync"
	"testing"

	"github.com/chronicle-bot/chronicle"
)

// TestReindexPruneValues: only the boolean true Discord sends ("true")
// prunes; any other value of the option, or none, rebuilds without
// pruning, since pruning lets records go for good.
func TestReindexPruneValues(t *testing.T) {
	tests := []struct {
		name    string
		options map[string]string
		want    bool
	}{
		{"no option", nil, false},
		{"empty value", map[string]string{"prune": ""}, false},
		{"a string yes", map[string]string{"prune": "yes"}, false},
		{"a capitalised True", map[string]string{"prune": "True"}, false},
		{"one", map[string]string{"prune": "1"}, false},
		{"false", map[string]string{"prune": "false"}, false},
		{"true with spaces", map[string]string{"prune": " true "}, true},
		{"true", map[string]string{"prune": "true"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var bg sync.WaitGroup
			var got []bool
			r := &Reindex{
				Rebuilder: RebuildFunc(func(_ context.Context, prune bool) (string, error) {
					got = append(got, prune)
					return "1 article", nil
				}),
				Go:    func(fn func(context.Context)) { bg.Go(func() { fn(context.Background()) }) },
				Guild: "g1",
			}
			if _, err := r.Handle(context.Background(), Request{Command: "reindex", GuildID: "g1", Options: tt.options}); err != nil {
				t.Fatal(err)
			}
			bg.Wait()
			if len(got) != 1 || got[0] != tt.want {
				t.Errorf("rebuilt with prune %v; want [%v]", got, tt.want)
			}
		})
	}
}

// TestReindexPruneNeedsManageServer: through the router, a member without
// Manage Server, or a DM, cannot start a rebuild, with prune or without.
func TestReindexPruneNeedsManageServer(t *testing.T) {
	calls := 0
	var bg sync.WaitGroup
	r := &Reindex{
		Rebuilder: RebuildFunc(func(context.Context, bool) (string, error) { calls++; return "", nil }),
		Go:        func(fn func(context.Context)) { bg.Go(func() { fn(context.Background()) }) },
		Guild:     "g1",
	}
	router, err := NewRouter(RouterConfig{}, r)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		guild string
		perms int64
	}{
		{"a member with Send Messages only", "g1", 1 << 11},
		{"no permissions", "g1", 0},
		{"a DM", "", PermissionManageGuild},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := Request{Kind: KindCommand, Command: "reindex", GuildID: tt.guild, UserID: "u1", ChannelID: "c1",
				Permissions: tt.perms, Options: map[string]string{"prune": "true"}}
			if _, err := router.Handle(context.Background(), req); chronicle.ErrorCode(err) != chronicle.EFORBIDDEN {
				t.Errorf("Handle = %v; want EFORBIDDEN", err)
			}
		})
	}
	bg.Wait()
	if calls != 0 {
		t.Errorf("%d rebuilds started; want none", calls)
	}
	// The same request from a member with Manage Server starts one.
	admin := Request{Kind: KindCommand, Command: "reindex", GuildID: "g1", UserID: "u1", ChannelID: "",
		Permissions: PermissionManageGuild, Options: map[string]string{"prune": "true"}}
	if _, err := router.Handle(context.Background(), admin); err != nil {
		t.Fatal(err)
	}
	bg.Wait()
	if calls != 1 {
		t.Errorf("%d rebuilds started for a member with Manage Server; want 1", calls)
	}
}
