package commands

import (
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// TestWindowOnTheCommandLine: run by the command line (bot digest, bot
// timeline), the window's refusals name the flags and quote as a terminal
// does, and accept what /digest accepts.
func TestWindowOnTheCommandLine(t *testing.T) {
	now := time.Date(2026, 12, 1, 21, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		opts    map[string]string
		wantErr string
	}{
		{"good window", map[string]string{"since": "2024-03-22", "until": "2024-03-26"}, ""},
		{"bad format", map[string]string{"since": "22/03/2024"}, `--since must be a date like 2024-03-26 (year-month-day), not "22/03/2024".`},
		{"until before since", map[string]string{"since": "2024-03-26", "until": "2024-03-22"}, "--until (2024-03-22) is before --since (2024-03-26)."},
		{"future since", map[string]string{"since": "2027-01-01"}, "--since (2027-01-01) is in the future; today is 2026-12-01 (UTC)."},
		{"too long", map[string]string{"since": "2024-01-01", "until": "2024-03-26"}, "That window is 86 days; at most 31 are read at once. Narrow --since/--until."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Window(Request{Options: tt.opts, CLI: true}, now)
			if tt.wantErr == "" {
				if err != nil {
					t.Errorf("Window(%v) = %v, want no error", tt.opts, err)
				}
				return
			}
			msg := chronicle.ErrorMessage(err)
			if chronicle.ErrorCode(err) != chronicle.EINVALID || msg != tt.wantErr {
				t.Errorf("Window(%v) error = %v, want EINVALID %q", tt.opts, err, tt.wantErr)
			}
			if strings.ContainsAny(msg, "“”") {
				t.Errorf("Window(%v) error %q quotes as Discord does", tt.opts, msg)
			}
		})
	}
}
