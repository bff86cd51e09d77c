package discord

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

func TestLibraryLoggerLevels(t *testing.T) {
	tests := []struct {
		level int
		want  string
	}{
		{discordgo.LogError, "level=ERROR"},
		{discordgo.LogWarning, "level=WARN"},
		{discordgo.LogInformational, "level=INFO"},
		{discordgo.LogDebug, "level=DEBUG"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			var buf bytes.Buffer
			log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
			libraryLogger(log.With("component", "discordgo"))(tt.level, 2, "websocket closed: %d", 1006)
			got := buf.String()
			if !strings.Contains(got, tt.want) || !strings.Contains(got, `msg="websocket closed: 1006"`) ||
				!strings.Contains(got, "component=discordgo") {
				t.Errorf("log line %q, want %s, the message and the component", got, tt.want)
			}
		})
	}
}
