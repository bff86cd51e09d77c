package main

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/chronicle-bot/chronicle/internal/digest"
)

func newDigestCmd(a *app) *cobra.Command {
	var since, until, topic string
	var asJSON bool
	var maxPoints int
	cmd := &cobra.Command{
		Use:   "digest [flags]",
		Short: "Print the digest a scheduled post would send: the main stories of a time window, quoted and cited",
		Long: "Groups the window's articles into stories and quotes the most central sentence of each, with its\n" +
			"citation and how many outlets carried it. Without --since/--until the window is the last 24 hours;\n" +
			"--since and --until are whole days (UTC), both inclusive.",
		Example: `  bot digest
  bot digest --since 2024-03-22 --until 2024-03-26
  bot digest --topic "Moscow attack" --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if maxPoints < 1 {
				return fmt.Errorf("--points must be at least 1, not %d", maxPoints)
			}
			if err := a.cfg.Validate(false); err != nil {
				return err
			}
			from, to, err := digestWindow(since, until, time.Now())
			if err != nil {
				return err
			}
			ix, err := a.readyIndex(cmd.Context())
			if err != nil {
				return err
			}
			defer ix.Close()
			d, err := digest.Builder{Source: ix}.Build(cmd.Context(), digest.Options{
				Topic: topic, From: from, To: to, MaxPoints: maxPoints,
			})
			if err != nil {
				return userError(err)
			}
			if asJSON {
				return json.NewEncoder(a.stdout).Encode(toDigestJSON(d))
			}
			fmt.Fprint(a.stdout, d.Text())
			return nil
		},
	}
	addIndexFlags(cmd)
	cmd.Flags().StringVar(&since, "since", "", "first day of the window (YYYY-MM-DD, inclusive)")
	cmd.Flags().StringVar(&until, "until", "", "last day of the window (YYYY-MM-DD, inclusive; default today)")
	cmd.Flags().StringVar(&topic, "topic", "", "only stories matching this text")
	cmd.Flags().IntVar(&maxPoints, "points", digest.DefaultMaxPoints, "most points in the digest")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the digest as one JSON object")
	return cmd
}

// digestWindow turns the --since/--until flags into a window: the last 24
// hours before now when neither is given, otherwise whole UTC days from
// since (default: until's day) to until (default: today).
func digestWindow(since, until string, now time.Time) (from, to time.Time, err error) {
	if since == "" && until == "" {
		return now.Add(-24 * time.Hour), now, nil
	}
	s, err := parseDay("--since", since)
	if err != nil {
		return from, to, err
	}
	u, err := parseDay("--until", until)
	if err != nil {
		return from, to, err
	}
	if u.IsZero() {
		u = now.UTC()
		if s.After(u) {
			return from, to, fmt.Errorf("--since %s is after today (%s), the default --until",
				since, u.Format(time.DateOnly))
		}
	}
	if s.IsZero() {
		s = u
	}
	if u.Before(s) {
		return from, to, fmt.Errorf("--until %s is before --since %s", until, since)
	}
	from, to = digest.DayWindow(s, u, time.UTC)
	return from, to, nil
}

// digestJSON is the digest object of `digest --json`: digest.Digest with
// citations shaped like those of ask and search (with their "date"); its
// Points hide the embedded ones.
type digestJSON struct {
	digest.Digest
	Points []pointJSON `json:"points"`
}

type pointJSON struct {
	Citation citationJSON `json:"citation"`
	Date     string       `json:"date"`
	Articles int          `json:"articles"`
	Outlets  []string     `json:"outlets,omitempty"`
}

func toDigestJSON(d digest.Digest) digestJSON {
	out := digestJSON{Digest: d, Points: []pointJSON{}}
	for _, p := range d.Points {
		out.Points = append(out.Points, pointJSON{Citation: toCitationJSON(p.Citation), Date: p.Date,
			Articles: p.Articles, Outlets: p.Outlets})
	}
	return out
}
