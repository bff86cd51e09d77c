package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/commands"
	"github.com/chronicle-bot/chronicle/internal/index"
	"github.com/chronicle-bot/chronicle/internal/jsonout"
)

// maxSearchPage is the most results one /search page (and so the text
// output) shows.
const maxSearchPage = 10

func newSearchCmd(a *app) *cobra.Command {
	var since, until string
	var limit int
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "search [flags] QUERY",
		Short: "Find articles, best first, with highlighted snippets",
		Example: `  bot search "Moscow attack"
  bot search --since 2024-03-01 --until 2024-03-31 --limit 5 --json "alert level"`,
		RunE: func(cmd *cobra.Command, args []string) error {
			// Control characters become spaces, as /search's options carry
			// none: the query is echoed in the header and the JSON.
			text := strings.TrimSpace(chronicle.Printable(strings.Join(args, " ")))
			if text == "" {
				return fmt.Errorf("search needs a query, for example: bot search \"Moscow attack\"")
			}
			if limit < 1 || limit > index.MaxLimit {
				return fmt.Errorf("--limit must be from 1 to %d, not %d", index.MaxLimit, limit)
			}
			// A query is bounded as Discord bounds /search's: its first
			// words, up to the option's length.
			if short, cut := commands.ShortenQuery(text); cut {
				fmt.Fprintf(a.stderr, "(query shortened to its first %d characters, as /search takes)\n", commands.MaxSearchQuery)
				text = short
			}
			f, err := givenDay(cmd, since, "since", "from")
			if err != nil {
				return err
			}
			// From a day to come nothing is found (a --until to come is
			// harmless).
			if err := notToCome("since", since, f); err != nil {
				return err
			}
			t, err := givenDay(cmd, until, "until", "to")
			if err != nil {
				return err
			}
			if !f.IsZero() && !t.IsZero() && t.Before(f) {
				return fmt.Errorf("--until (%s) is before --since (%s)", until, since)
			}
			q := chronicle.SearchQuery{Text: text, From: f, To: t, Limit: limit}
			err = a.withIndex(cmd.Context(), func(ix *index.Index) error {
				if asJSON {
					res, err := ix.Search(cmd.Context(), q)
					return printJSON(a, func(res chronicle.SearchResult) jsonout.Search { return jsonout.FromSearch(q, res) })(res, err)
				}
				// The same handler and reply as /search, rendered as text:
				// one page, as the command line cannot page.
				return a.printText(cmd, &commands.Search{Searcher: ix, PageSize: limit, OnePage: true},
					commands.Request{Options: map[string]string{"query": q.Text, "from": since, "to": until}})
			})
			if err != nil || asJSON {
				return err
			}
			if limit > maxSearchPage {
				fmt.Fprintf(a.stderr, "(text output shows at most %d results; use --json for up to %d)\n", maxSearchPage, limit)
			}
			return nil
		},
	}
	addIndexFlags(cmd)
	cmd.Flags().StringVar(&since, "since", "", "only articles published on or after this day (YYYY-MM-DD)")
	cmd.Flags().StringVar(&until, "until", "", "only articles published on or before this day (YYYY-MM-DD)")
	// --from and --to are the old names, kept so that scripts still work.
	cmd.Flags().StringVar(&since, "from", "", "old name of --since")
	cmd.Flags().StringVar(&until, "to", "", "old name of --until")
	_ = cmd.Flags().MarkHidden("from")
	_ = cmd.Flags().MarkHidden("to")
	cmd.Flags().IntVar(&limit, "limit", 10, "how many results")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object")
	return cmd
}
