package main

import (
	"github.com/spf13/cobra"

	"github.com/chronicle-bot/chronicle/internal/discord"
)

func newServeCmd(a *app) *cobra.Command {
	var prune bool
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the Discord bot (gateway, and the HTTP interactions endpoint when a public key is set)",
		Long: "Connects to Discord and answers slash commands until SIGTERM or SIGINT. Also serves /healthz and\n" +
			"/metrics at http.addr (and /interactions when discord.public_key is set), watches the corpus folders,\n" +
			"fetches the configured feeds and posts scheduled digests. The index is opened at once; building or\n" +
			"updating it from the corpus happens in the background. At start-up no article is removed, even when its\n" +
			"file is gone (an unmounted folder must not empty the index), unless --prune is given.",
		Args: noArgsEach("for a corpus path, give --corpus"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			m, err := NewMain(ctx, a.cfg, a.log, MainOptions{Prune: prune})
			if err != nil {
				return err
			}
			discord.LibraryLogs(a.log.With("component", "discordgo"))
			runErr := m.Run(ctx)
			if err := m.Close(); err != nil && runErr == nil {
				runErr = err
			}
			if runErr == nil {
				a.log.Info("stopped", "component", "serve")
			}
			return runErr
		},
	}
	addIndexFlags(cmd) // as the other commands take them (nu44)
	cmd.Flags().BoolVar(&prune, "prune", false, "let the start-up sync remove articles whose files are gone")
	return cmd
}
