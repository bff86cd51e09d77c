package discord

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/bwmarrin/discordgo"
)

// LibraryLogs sends discordgo's own log lines (gateway errors, reconnect
// notices) to logger at the matching level, instead of the standard log
// package. It sets a discordgo package variable, so the binary calls it once
// before any Bot starts; tests leave it alone.
func LibraryLogs(logger *slog.Logger) {
	discordgo.Logger = libraryLogger(logger)
}

// libraryLogger adapts logger to discordgo's logging function.
func libraryLogger(logger *slog.Logger) func(level, caller int, format string, a ...any) {
	return func(level, _ int, format string, a ...any) {
		lv := slog.LevelDebug
		switch level {
		case discordgo.LogError:
			lv = slog.LevelError
		case discordgo.LogWarning:
			lv = slog.LevelWarn
		case discordgo.LogInformational:
			lv = slog.LevelInfo
		}
		logger.Log(context.Background(), lv, fmt.Sprintf(format, a...))
	}
}
