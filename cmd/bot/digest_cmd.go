package main

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/chronicle-bot/chronicle/internal/commands"
	"github.com/chronicle-bot/chronicle/internal/digest"
	"github.com/chronicle-bot/chronicle/internal/jsonout"
)

func newDigestCmd(a *app) *cobra.Command {
	var w windowFlags
	var topic string
	var asJSON bool
	var maxPoints int
	cmd := &cobra.Command{
		Use:   "digest [flags]",
		Short: "Print the digest a scheduled post would send: the main stories of a time window, quoted and cited",
		Long: "Groups the window's articles into stories and quotes the most central sentence of each, with its\n" +
			"citation and how many outlets carried it. Without --since/--until the window is the last 24 hours;\n" +
			"--since and --until are whole days (UTC), both inclusive, as /digest reads them.",
		Example: `  bot digest
  bot digest --since 2024-03-22 --until 2024-03-26
  bot digest --topic "Moscow attack" --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if maxPoints < 1 {
				return fmt.Errorf("--points must be at least 1, not %d", maxPoints)
			}
			req := w.request(map[string]string{"topic": topic})
			from, to, err := commands.Window(req, time.Now())
			if err != nil {
				return userError(err)
			}
			ix, err := a.readyIndex(cmd.Context())
			if err != nil {
				return err
			}
			defer ix.Close()
			b := digest.Builder{Source: ix}
			if asJSON {
				d, err := b.Build(cmd.Context(), digest.Options{Topic: topic, From: from, To: to, MaxPoints: maxPoints})
				if err != nil {
					return userError(err)
				}
				return json.NewEncoder(a.stdout).Encode(jsonout.FromDigest(d))
			}
			return a.printText(cmd, &commands.Digest{Builder: b, MaxPoints: maxPoints}, req)
		},
	}
	addIndexFlags(cmd)
	w.add(cmd)
	cmd.Flags().StringVar(&topic, "topic", "", "only stories matching this text")
	cmd.Flags().IntVar(&maxPoints, "points", digest.DefaultMaxPoints, "most points in the digest")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the digest as one JSON object")
	return cmd
}

// windowFlags are the --since and --until days of digest and timeline,
// read as /digest and /timeline read their since and until options.
type windowFlags struct{ since, until string }

func (w *windowFlags) add(cmd *cobra.Command) {
	cmd.Flags().StringVar(&w.since, "since", "", "first day of the window (YYYY-MM-DD, inclusive)")
	cmd.Flags().StringVar(&w.until, "until", "", "last day of the window (YYYY-MM-DD, inclusive; default today)")
}

// request is the command's request with the window and the other options.
func (w *windowFlags) request(opts map[string]string) commands.Request {
	opts["since"], opts["until"] = w.since, w.until
	return commands.Request{Options: opts, CLI: true}
}

// printText runs the command's handler as /name runs it and prints its
// reply as text.
func (a *app) printText(cmd *cobra.Command, c commands.Command, req commands.Request) error {
	text, err := commands.RunText(cmd.Context(), c, req)
	if err != nil {
		return userError(err)
	}
	fmt.Fprint(a.stdout, text)
	return nil
}
