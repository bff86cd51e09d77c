package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/chronicle-bot/chronicle/internal/bench"
)

// newBenchCmd is `bot bench`: Chronicle against SQLite FTS5 and bare Bleve
// on one corpus and question set. Its hidden subcommand `bot bench worker`
// is the child process that builds one system's index, so that each
// system's peak memory is measured on its own.
func newBenchCmd(a *app) *cobra.Command {
	var corpusPaths, systems []string
	var questionFile, dir string
	var limit int
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "bench",
		Short: "Compare indexing and ask against SQLite FTS5 and bare Bleve on the same corpus",
		Long: "Builds a Chronicle index, an SQLite FTS5 index and a bare Bleve index of the same corpus, each in a\n" +
			"child process (for its peak memory), then asks every question of each with its as-of day and prints\n" +
			"indexing time, index size, peak RSS, accuracy@1/@3 and median/p99 ask latency, with ratios to Chronicle.\n" +
			"The default data is the RealTimeQA set beside the repository (run from the repository root).",
		Example: `  bot bench
  bot bench --questions 50 --corpus ../shared/data/realtimeqa/articles-2026.jsonl.gz
  bot bench --systems chronicle,fts5 --json > bench.json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if limit < 0 {
				return fmt.Errorf("--questions must be 0 (all) or more, not %d", limit)
			}
			if err := bench.CheckCorpus(corpusPaths); err != nil {
				return fmt.Errorf("%w (the RealTimeQA data is expected at %s; pass --corpus)", err, bench.DefaultCorpus)
			}
			qs, err := bench.ReadQuestionFile(questionFile, limit)
			if err != nil {
				return fmt.Errorf("%w (pass --question-file)", err)
			}
			self, err := os.Executable()
			if err != nil {
				return fmt.Errorf("find the bot binary to run bench workers: %w", err)
			}
			work := dir
			if work == "" {
				if work, err = os.MkdirTemp("", "chronicle-bench-"); err != nil {
					return fmt.Errorf("create work directory: %w", err)
				}
				defer os.RemoveAll(work)
			}
			a.log.Info("bench", "corpus", corpusPaths, "questions", len(qs), "dir", work)
			rep, err := bench.Run(cmd.Context(), bench.Config{
				Corpus: corpusPaths, Questions: qs, Systems: systems, Dir: work,
				Worker: []string{self, "bench", "worker"}, Log: a.stderr,
			})
			if err != nil {
				return err
			}
			if asJSON {
				return rep.WriteJSON(a.stdout)
			}
			return rep.WriteTable(a.stdout)
		},
	}
	cmd.Flags().StringArrayVar(&corpusPaths, "corpus", []string{bench.DefaultCorpus}, "corpus file, folder or glob; repeatable")
	cmd.Flags().StringVar(&questionFile, "question-file", bench.DefaultQuestions, "JSON Lines questions with answers and as_of")
	cmd.Flags().IntVar(&limit, "questions", 0, "ask only the first N questions (0: all)")
	cmd.Flags().StringSliceVar(&systems, "systems", nil, "systems to run, comma-separated (default chronicle,fts5,bleve)")
	cmd.Flags().StringVar(&dir, "dir", "", "build the indexes here and keep them (default a temporary directory, removed)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the report as JSON")
	cmd.AddCommand(newBenchWorkerCmd(a))
	return cmd
}

// newBenchWorkerCmd is `bot bench worker --system NAME --dir DIR --corpus
// PATH...`, run by `bot bench` in a child process.
func newBenchWorkerCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:                "worker",
		Short:              "Build one system's benchmark index (run by bot bench)",
		Hidden:             true,
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return bench.WorkerMain(cmd.Context(), args, a.stdout)
		},
	}
}
