package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/chronicle-bot/chronicle"

	"github.com/chronicle-bot/chronicle/internal/commands"
	"github.com/chronicle-bot/chronicle/internal/digest"
	"github.com/chronicle-bot/chronicle/internal/index"
	"github.com/chronicle-bot/chronicle/internal/jsonout"
)

func newTimelineCmd(a *app) *cobra.Command {
	var w windowFlags
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "timeline [flags] QUERY",
		Short: "Print the dated developments of one event, oldest first, each quoted and cited",
		Long: "Searches the window for the query, groups the articles into events as the digest does, follows the\n" +
			"event that best matches the query and prints one line per development, repeated reports merged and\n" +
			"counted. --since and --until are whole days (UTC), both inclusive; without them the last 24 hours.",
		Example: `  bot timeline --since 2024-03-22 --until 2024-03-26 "Moscow concert hall attack"
  bot timeline --since 2024-03-22 --until 2024-03-26 --json "Moscow attack"`,
		RunE: func(cmd *cobra.Command, args []string) error {
			query := strings.TrimSpace(chronicle.Printable(strings.Join(args, " ")))
			if query == "" {
				return fmt.Errorf("timeline needs a query, for example: bot timeline \"Moscow concert hall attack\"")
			}
			// Shortened as /timeline shortens it, for the JSON too.
			if short, cut := commands.ShortenQuery(query); cut {
				fmt.Fprintf(a.stderr, "(query shortened to its first %d characters, as /timeline takes)\n", commands.MaxSearchQuery)
				query = short
			}
			req, from, to, err := w.request(map[string]string{"query": query}, time.Now())
			if err != nil {
				return err
			}
			return a.withIndex(cmd.Context(), func(ix *index.Index) error {
				if err := refusedWords(cmd.Context(), ix, query); err != nil {
					return err
				}
				b := &listedTimeline{TimelineBuilder: digest.TimelineBuilder{Source: ix}}
				if asJSON {
					opts := digest.TimelineOptions{Query: query, From: from, To: to}
					err = printJSON(a, jsonout.FromTimeline)(b.Build(cmd.Context(), opts))
				} else {
					err = a.printText(cmd, &commands.Timeline{Builder: b, Buttons: commands.NewButtons(nil)}, req)
				}
				// Said once the timeline is known.
				w.hintAfter(a.stderr, ix, "timeline "+shellWord(query), from, to, b.listed, err)
				return err
			})
		},
	}
	addIndexFlags(cmd)
	w.add(cmd)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the timeline as one JSON object")
	return cmd
}
