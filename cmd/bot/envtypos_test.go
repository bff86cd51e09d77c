package main

import (
	"slices"
	"testing"
)

// TestEnvTypos: a CHRONICLE_ variable that is a near miss of a key's was
// ignored without a word (CHRONICLE_SCHEDULE_ENABLE=false left schedules
// on; helper 75). It is now warned about with the name meant; the keys'
// own variables and the tests' switches are not.
func TestEnvTypos(t *testing.T) {
	for _, tt := range []struct {
		name    string
		environ []string
		want    []string
	}{
		{"a key's own", []string{"CHRONICLE_SCHEDULE_ENABLED=false", "CHRONICLE_INDEX_PATH=/x", "CHRONICLE_FEEDS=a"}, nil},
		{"a letter short", []string{"CHRONICLE_SCHEDULE_ENABLE=false"},
			[]string{"environment variable CHRONICLE_SCHEDULE_ENABLE sets nothing and is ignored; did you mean CHRONICLE_SCHEDULE_ENABLED?"}},
		{"a plural", []string{"CHRONICLE_SCHEDULES_ENABLED=false", "PATH=/bin"},
			[]string{"environment variable CHRONICLE_SCHEDULES_ENABLED sets nothing and is ignored; did you mean CHRONICLE_SCHEDULE_ENABLED?"}},
		{"a letter out", []string{"CHRONICLE_DISCORD_GATWAY=false"},
			[]string{"environment variable CHRONICLE_DISCORD_GATWAY sets nothing and is ignored; did you mean CHRONICLE_DISCORD_GATEWAY?"}},
		{"the tests' switches", []string{"CHRONICLE_BENCH_INDEX=/i", "CHRONICLE_TIMING=1", "CHRONICLE_OPEN_INDEX=1", "CHRONICLE_SCALEOUT_TEST=1"}, nil},
		{"not ours", []string{"SCHEDULE_ENABLE=false", "DISCORD_TOKEN=x"}, nil},
		// nu43: which of two different tokens is used was said nowhere.
		{"two tokens", []string{"CHRONICLE_DISCORD_TOKEN=a", "DISCORD_TOKEN=b"},
			[]string{"environment variables CHRONICLE_DISCORD_TOKEN and DISCORD_TOKEN are both set, to different tokens: CHRONICLE_DISCORD_TOKEN is used"}},
		{"the same token twice", []string{"CHRONICLE_DISCORD_TOKEN=a", "DISCORD_TOKEN=a"}, nil},
		// An empty value sets nothing (helper 83: CHRONICLE_SCHEDULE_ENABLED=
		// on a replica left schedules on without a word).
		{"a key's own, empty", []string{"CHRONICLE_SCHEDULE_ENABLED=", "CHRONICLE_INDEX_PATH=/x", "DISCORD_TOKEN="},
			[]string{"environment variable CHRONICLE_SCHEDULE_ENABLED is empty and is ignored: the config file's value or the default stands"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := envTypos(tt.environ); !slices.Equal(got, tt.want) {
				t.Errorf("envTypos(%q) = %q, want %q", tt.environ, got, tt.want)
			}
		})
	}
}
