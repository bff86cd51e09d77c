// Command bench compares Chronicle with SQLite FTS5 and bare Bleve on one
// corpus and question set: indexing time, index size, peak memory, answer
// accuracy and ask latency. It is its own binary so that the bot neither
// builds nor ships SQLite.
//
//	go run ./cmd/bench [--corpus PATH]... [--question-file FILE] [--questions N] [--systems LIST] [--json]
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/chronicle-bot/chronicle/internal/bench"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := newRootCmd(os.Stdout, os.Stderr).ExecuteContext(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

// newRootCmd is `bench`. Its hidden subcommand `bench worker` is the child
// process that builds one system's index, so that each system's peak
// memory is measured on its own.
func newRootCmd(stdout, stderr io.Writer) *cobra.Command {
	var corpusPaths, systems []string
	var questionFile, dir string
	var limit int
	var asJSON bool
	var scale []int
	var load, loadConc int
	var plotFile string
	log := slog.New(slog.NewTextHandler(stderr, nil))
	cmd := &cobra.Command{
		Use:   "bench",
		Short: "Compare indexing and ask against SQLite FTS5 and bare Bleve on the same corpus",
		Long: "Builds a Chronicle index, an SQLite FTS5 index and a bare Bleve index of the same corpus, each in a\n" +
			"child process (for its peak memory), then asks every question of each with its as-of day and prints\n" +
			"indexing time, index size, peak RSS, accuracy@1/@3 and median/p99 ask latency, with ratios to Chronicle.\n" +
			"The default data is the RealTimeQA set beside the repository (run from the repository root).",
		Example: `  go run ./cmd/bench
  go run ./cmd/bench --scale 1,4,16 --questions 200 --plot docs/scale.png   # the scale curve
  go run ./cmd/bench --questions 50 --corpus ../shared/data/realtimeqa/articles-2026.jsonl.gz
  go run ./cmd/bench --systems chronicle,fts5 --json > bench.json`,
		Args:          cobra.NoArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if limit < 0 {
				return fmt.Errorf("--questions must be 0 (all) or more, not %d", limit)
			}
			if err := bench.CheckCorpus(corpusPaths); err != nil {
				return fmt.Errorf("%w (the RealTimeQA data is expected at %s; pass --corpus)", err, bench.DefaultCorpus)
			}
			qs, err := bench.ReadQuestionFile(cmd.Context(), questionFile, limit)
			if err != nil {
				return fmt.Errorf("%w (pass --question-file)", err)
			}
			self, err := os.Executable()
			if err != nil {
				return fmt.Errorf("find the bench binary to run its workers: %w", err)
			}
			work := dir
			if work == "" {
				if work, err = os.MkdirTemp("", "chronicle-bench-"); err != nil {
					return fmt.Errorf("create work directory: %w", err)
				}
				defer os.RemoveAll(work)
			}
			if len(scale) > 0 {
				log.Info("bench scale", "corpus", corpusPaths, "multiples", scale, "questions", len(qs), "dir", work)
				rep, err := bench.RunScale(cmd.Context(), bench.ScaleConfig{
					Corpus: corpusPaths, QuestionFile: questionFile, Questions: limit, Multiples: scale,
					Dir: work, Worker: []string{self, "worker"}, Log: stderr,
				})
				if err != nil {
					return err
				}
				if plotFile != "" {
					if err := writePlot(plotFile, rep); err != nil {
						return err
					}
					log.Info("bench scale: plot written", "file", plotFile)
				}
				if asJSON {
					return rep.WriteJSON(stdout)
				}
				return rep.WriteTable(stdout)
			}
			log.Info("bench", "corpus", corpusPaths, "questions", len(qs), "dir", work)
			rep, err := bench.Run(cmd.Context(), bench.Config{
				Corpus: corpusPaths, Questions: qs, Systems: systems, Dir: work,
				Worker: []string{self, "worker"}, Log: stderr, Load: load, LoadConcurrency: loadConc,
			})
			if err != nil {
				return err
			}
			if asJSON {
				return rep.WriteJSON(stdout)
			}
			return rep.WriteTable(stdout)
		},
	}
	cmd.SetOut(stdout)
	cmd.SetErr(stderr)
	cmd.Flags().StringArrayVar(&corpusPaths, "corpus", []string{bench.DefaultCorpus}, "corpus file, folder or glob; repeatable")
	cmd.Flags().StringVar(&questionFile, "question-file", bench.DefaultQuestions, "JSON Lines questions with answers and as_of")
	cmd.Flags().IntVar(&limit, "questions", 0, "ask only the first N questions (0: all)")
	cmd.Flags().StringSliceVar(&systems, "systems", nil, "systems to run, comma-separated (default chronicle,fts5,bleve)")
	cmd.Flags().StringVar(&dir, "dir", "", "build the indexes here and keep them (default a temporary directory, removed)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the report as JSON")
	cmd.Flags().IntSliceVar(&scale, "scale", nil, "measure Chronicle alone at these multiples of the corpus instead (1,4,16: the corpus, then with 3 and 15 copies\n"+
		"whose IDs and dates are shifted): build time, index size, peak and idle memory, ask median and p99")
	cmd.Flags().IntVar(&load, "load", 500, "then send this many signed /ask over HTTP to Chronicle, as bot serve answers them (0: none)")
	cmd.Flags().IntVar(&loadConc, "concurrency", 50, "with --load: interactions at a time")
	cmd.Flags().StringVar(&plotFile, "plot", "scale.png", "with --scale: write the curve as a PNG here (empty: none)")
	cmd.AddCommand(&cobra.Command{
		Use:                "worker",
		Short:              "Build one system's benchmark index (run by bench)",
		Hidden:             true,
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return bench.WorkerMain(cmd.Context(), args, stdout)
		},
	})
	return cmd
}

// writePlot writes the scale curve's PNG to path.
func writePlot(path string, rep bench.ScaleReport) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write plot: %w", err)
	}
	if err := rep.WritePNG(f); err != nil {
		f.Close()
		return fmt.Errorf("write plot %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write plot %s: %w", path, err)
	}
	return nil
}
