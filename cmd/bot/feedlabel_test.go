package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFeedErrorsNameTheEntryWritten: after an entry of feeds that is not a
// map (a bare URL), the errors of the entries after it named the entry
// before them ("feeds[0].interval" for the second entry; helper 75).
func TestFeedErrorsNameTheEntryWritten(t *testing.T) {
	path := writeConfig(t, `feeds:
  - "http://127.0.0.1:1/a"
  - url: http://127.0.0.1:1/b
    interval: 30s
  - url: "javascript:alert(1)"
  - url: "http://127.0.0.1:1/`+strings.Repeat("x", 1100)+`"
`)
	cfg, _, err := LoadConfig(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	err = cfg.Validate(false)
	if err == nil {
		t.Fatal("Validate: nil error, want the three bad entries")
	}
	msg := err.Error()
	for _, want := range []string{`feeds[0]: "http://127.0.0.1:1/a" is not an entry`, "feeds[1].interval: 30s is shorter than 1m", "feeds[2].url:", "feeds[3].url: 1119 bytes, more than the 1017 a feed URL may have"} {
		if !strings.Contains(msg, want) {
			t.Errorf("Validate error lacks %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "feeds[0].interval") || strings.Contains(msg, "feeds[1].url") {
		t.Errorf("Validate error names an entry before the one written:\n%s", msg)
	}
}

// TestStatePathsOfTheirOwn: two state files on one path passed the check,
// and serve then failed with "in use by another process" (helper 75).
func TestStatePathsOfTheirOwn(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct{ name, config, want string }{
		{"votes in the schedules file", "schedule: {path: DIR/s.db}\nfeedback: {path: DIR/s.db}\n", "feedback.path: DIR/s.db is also schedule.path"},
		{"schedules in the feed state", "index: {path: DIR/ix}\nschedule: {path: DIR/ix-feeds.db}\n", "schedule.path: DIR/ix-feeds.db is also the index's feed state file"},
		{"votes in the index's store", "index: {path: DIR/ix}\nfeedback: {path: DIR/ix/store.db}\n", "feedback.path: DIR/ix/store.db is inside the index folder"},
		{"schedules in the index folder", "index: {path: DIR/ix}\nschedule: {path: DIR/ix/s.db}\n", "schedule.path: DIR/ix/s.db is inside the index folder"},
		{"votes beside the schedules, by default", "schedule: {path: DIR/feedback.db}\n", "feedback.path (unset: feedback.db beside schedule.path): DIR/feedback.db is also schedule.path"},
		{"all apart", "index: {path: DIR/ix}\nschedule: {path: DIR/s.db}\nfeedback: {path: DIR/f.db}\n", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg, _, err := LoadConfig(context.Background(), writeConfig(t, strings.ReplaceAll(tt.config, "DIR", dir)))
			if err != nil {
				t.Fatal(err)
			}
			err = cfg.Validate(false)
			want := strings.ReplaceAll(tt.want, "DIR", dir)
			switch {
			case want == "" && err != nil:
				t.Errorf("Validate: %v, want no error", err)
			case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
				t.Errorf("Validate: %v, want an error with %q", err, want)
			}
		})
	}
}

// TestStatePathsOfTheirOwnThroughLinks: two state paths naming one file
// through a link, or through ".." after a link (which leads up from where
// the link points, not from the link), passed the check, compared as
// spelled (filepath.Abs); one that only looks like another is no clash.
func TestStatePathsOfTheirOwnThroughLinks(t *testing.T) {
	tests := []struct{ name, config, want string }{
		{"votes through a link to the schedules' folder",
			"schedule: {path: DIR/a/b/s.db}\nfeedback: {path: DIR/link/s.db}\n", "feedback.path: DIR/link/s.db is also schedule.path"},
		{"votes through a linked file",
			"schedule: {path: DIR/s.db}\nfeedback: {path: DIR/file-link.db}\n", "feedback.path: DIR/file-link.db is also schedule.path"},
		{"votes up from a link's target",
			"schedule: {path: DIR/a/s.db}\nfeedback: {path: DIR/link/../s.db}\n", "feedback.path: DIR/link/../s.db is also schedule.path"},
		{"schedules in the feed state through a link",
			"index: {path: DIR/ix}\nschedule: {path: DIR/up/ix-feeds.db}\n", "schedule.path: DIR/up/ix-feeds.db is also the index's feed state file"},
		{"schedules in the index folder through a link",
			"index: {path: DIR/ix}\nschedule: {path: DIR/ix-link/s.db}\n", "schedule.path: DIR/ix-link/s.db is inside the index folder"},
		{"up from a link's target is elsewhere",
			"schedule: {path: DIR/s.db}\nfeedback: {path: DIR/link/../s.db}\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, d := range []string{"a/b", "ix"} {
				if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.WriteFile(filepath.Join(dir, "s.db"), nil, 0o600); err != nil {
				t.Fatal(err)
			}
			for link, to := range map[string]string{"link": "a/b", "up": ".", "ix-link": "ix", "file-link.db": "s.db"} {
				if err := os.Symlink(to, filepath.Join(dir, link)); err != nil {
					t.Fatal(err)
				}
			}
			cfg, _, err := LoadConfig(context.Background(), writeConfig(t, strings.ReplaceAll(tt.config, "DIR", dir)))
			if err != nil {
				t.Fatal(err)
			}
			err = cfg.Validate(false)
			want := strings.ReplaceAll(tt.want, "DIR", dir)
			switch {
			case want == "" && err != nil:
				t.Errorf("Validate: %v, want no error", err)
			case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
				t.Errorf("Validate: %v, want an error with %q", err, want)
			}
		})
	}
}
