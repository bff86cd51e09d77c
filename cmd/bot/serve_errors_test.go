package main

import (
	"context"
	"io"
	"log/slog"
	"os"
	"strings"
	"testing"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/index"
)

// TestServeOpenErrorsNamedOnce: an index or a feed state that bot serve
// cannot open is named once, by the package that opens it, as the other
// commands show it: serve prefixed its own "open index %q:" or "open feed
// state:" to an error that already began so ("open index "x": open index
// "x": ... is in the way").
func TestServeOpenErrorsNamedOnce(t *testing.T) {
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	tests := []struct {
		name   string
		open   func(t *testing.T, cfg Config) error
		prefix string // the error starts with it, and has it once
	}{
		{
			name: "index",
			open: func(t *testing.T, cfg Config) error {
				// Not a rebuild's swap intent: the index refuses to open.
				if err := os.MkdirAll(cfg.Index.Path+".swap", 0o755); err != nil {
					t.Fatal(err)
				}
				m, err := NewMain(context.Background(), cfg, quiet, MainOptions{})
				if err == nil {
					m.Close()
				}
				return err
			},
			prefix: "open index ",
		},
		{
			name: "feed state",
			open: func(t *testing.T, cfg Config) error {
				// A folder where the feed state file goes (config
				// validation refuses it before serve gets this far).
				if err := os.MkdirAll(feedStatePath(cfg.Index.Path), 0o755); err != nil {
					t.Fatal(err)
				}
				cfg.Feeds = []FeedConfig{{URL: "http://127.0.0.1:9/rss.xml"}}
				f, err := newFetcher(cfg, noPutter{}, quiet, nil)
				if err == nil {
					f.Close()
				}
				return err
			},
			prefix: "open feed state ",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.open(t, testConfig(t, ""))
			if err == nil {
				t.Fatalf("opening the %s succeeded, want an error", tt.name)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, tt.prefix) || strings.Count(msg, tt.prefix) != 1 {
				t.Errorf("error = %q, want it to start with %q, once", msg, tt.prefix)
			}
		})
	}
}

// noPutter is an articlePutter that takes nothing.
type noPutter struct{}

func (noPutter) Put(context.Context, string, []chronicle.Article) (index.SyncReport, error) {
	return index.SyncReport{}, nil
}

func (noPutter) Generation(context.Context) (string, error) { return "", nil }
