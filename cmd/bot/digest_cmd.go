package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/chronicle-bot/chronicle/internal/commands"
	"github.com/chronicle-bot/chronicle/internal/digest"
	"github.com/chronicle-bot/chronicle/internal/index"
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
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 0 {
				return fmt.Errorf("digest takes no words; for a topic, give --topic %q", strings.Join(args, " "))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			if maxPoints < 1 || maxPoints > digest.MostPoints {
				return fmt.Errorf("--points must be between 1 and %d, not %d", digest.MostPoints, maxPoints)
			}
			// A topic is bounded as Discord bounds /digest's.
			if short, cut := commands.ShortenTopic(topic); cut {
				fmt.Fprintf(a.stderr, "(topic shortened to its first %d characters, as /digest takes)\n", commands.MaxDigestTopic)
				topic = short
			}
			req, from, to, err := w.request(map[string]string{"topic": topic}, time.Now())
			if err != nil {
				return err
			}
			return a.withIndex(cmd.Context(), func(ix *index.Index) error {
				if err := refusedWords(cmd.Context(), ix, topic); err != nil {
					return err
				}
				command := "digest"
				if topic != "" {
					command += " --topic " + shellWord(topic)
				}
				b := &listedDigest{Builder: digest.Builder{Source: ix}}
				if asJSON {
					opts := digest.Options{Topic: topic, From: from, To: to, MaxPoints: maxPoints}
					// The points the message shows, and how many did not fit.
					fitted := func(d digest.Digest) jsonout.Digest { return jsonout.FromDigest(commands.FitDigest(d)) }
					err = printJSON(a, fitted)(b.Build(cmd.Context(), opts))
				} else {
					err = a.printText(cmd, &commands.Digest{Builder: b, MaxPoints: maxPoints}, req)
				}
				// Said once the digest is known, as /digest says it.
				w.hintAfter(a.stderr, ix, command, from, to, b.listed, err)
				return err
			})
		},
	}
	addIndexFlags(cmd)
	w.add(cmd)
	cmd.Flags().StringVar(&topic, "topic", "", "only stories matching this text")
	cmd.Flags().IntVar(&maxPoints, "points", digest.DefaultMaxPoints,
		fmt.Sprintf("most points in the digest (at most %d); as in a post, those past one Discord message are left out with a note", digest.MostPoints))
	cmd.Flags().BoolVar(&asJSON, "json", false, `print the digest as one JSON object: the points that fit one Discord message, and "dropped", how many did not`)
	return cmd
}
